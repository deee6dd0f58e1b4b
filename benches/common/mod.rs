//! Fixtures shared by the benchmarks (a sub-directory, so cargo does not take it for a bench).

use connect_advisor::domain::Assessment;

/// The server's allocator and its tuning (`src/allocator.rs`), so every benchmark measures
/// what the server runs.
#[path = "../../src/allocator.rs"]
pub mod allocator;

/// An example scenario from `examples/`.
#[allow(dead_code, reason = "each bench uses the fixtures it needs")]
pub fn example(name: &str) -> Assessment {
    let path = format!("{}/examples/{name}.json", env!("CARGO_MANIFEST_DIR"));
    Assessment::parse_json(&std::fs::read(path).expect("example readable")).expect("valid example")
}

/// The large example with its connectors replicated (unique names) up to `n`.
#[allow(dead_code, reason = "each bench uses the fixtures it needs")]
pub fn large_estate(n: usize) -> Assessment {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/large-multi-team-estate.json"
    );
    let text = std::fs::read_to_string(path).expect("example readable");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("example is JSON");
    let base = v["connectors"].as_array().cloned().unwrap_or_default();
    let connectors: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let mut c = base[i % base.len()].clone();
            c["name"] = format!("{}-{}", c["name"].as_str().unwrap_or("c"), i).into();
            c
        })
        .collect();
    v["connectors"] = connectors.into();
    Assessment::from_value(v).expect("valid assessment")
}
