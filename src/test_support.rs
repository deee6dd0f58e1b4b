//! Test support shared by the unit tests: the fixture price book and the example scenarios.
//!
//! Goldens (cost lines, analysis, charts, CSV/FOCUS/MADR exports, recommendations) price on
//! the fixture book in `tests/fixtures/price-book/`, not on the embedded `pricing/` catalogs, so
//! refreshing `pricing/` changes no golden. The fixture holds the rows of the East US and
//! West Europe catalogs that the tests look up, copied with their sources and dates; a test
//! whose hand-worked arithmetic quotes a price quotes one of these rows.

use std::sync::OnceLock;

use crate::domain::Assessment;
use crate::pricing::PriceBook;

/// The fixture catalogs, named like the embedded ones they were cut from (a cost line's price
/// row names its catalog file).
const FIXTURE_CATALOGS: [(&str, &str); 2] = [
    (
        "eastus.csv",
        include_str!("../tests/fixtures/price-book/eastus.csv"),
    ),
    (
        "westeurope.csv",
        include_str!("../tests/fixtures/price-book/westeurope.csv"),
    ),
];

/// The fixture price book, built once.
pub(crate) fn price_book() -> &'static PriceBook {
    static BOOK: OnceLock<PriceBook> = OnceLock::new();
    BOOK.get_or_init(|| {
        PriceBook::from_sources(
            FIXTURE_CATALOGS
                .iter()
                .map(|(name, text)| ((*name).to_owned(), (*text).to_owned())),
        )
        .expect("the fixture price book loads")
    })
}

/// The example scenarios in `examples/`, by file name.
pub(crate) const EXAMPLE_FILES: [&str; 3] = [
    "small-azure-ingestion.json",
    "debezium-sqlserver-cdc.json",
    "large-multi-team-estate.json",
];

/// The JSON text of an example scenario (`name` with or without `.json`).
pub(crate) fn example_text(name: &str) -> &'static str {
    match name.trim_end_matches(".json") {
        "small-azure-ingestion" => include_str!("../examples/small-azure-ingestion.json"),
        "debezium-sqlserver-cdc" => include_str!("../examples/debezium-sqlserver-cdc.json"),
        "large-multi-team-estate" => include_str!("../examples/large-multi-team-estate.json"),
        other => panic!("no example scenario {other}"),
    }
}

/// An example scenario, parsed and validated.
pub(crate) fn example_assessment(name: &str) -> Assessment {
    Assessment::parse_json(example_text(name).as_bytes())
        .unwrap_or_else(|e| panic!("example {name} is invalid: {e:?}"))
}

#[test]
fn the_fixture_book_is_not_the_embedded_one() {
    // The point of the fixture: goldens do not move with `pricing/`.
    let book = price_book();
    assert_eq!(book.pricing_ref().catalog, "eastus.csv+westeurope.csv");
    assert!(book.catalogs().iter().all(|c| !c.rows.is_empty()));
    for name in EXAMPLE_FILES {
        example_assessment(name);
    }
}
