//! Crash durability: every save the server acknowledged survives `kill -9`.
//!
//! Starts the real binary on a temporary SQLite file, runs concurrent creates and updates
//! through the JSON API while recording every 2xx answer (id, revision, content), kills the
//! server with SIGKILL in the middle of that load, restarts it on the same file, and reads every
//! acknowledged revision back. Several kill/restart cycles run on the same file; later cycles
//! also update assessments created before earlier kills.
//!
//! `DURABILITY_CYCLES` (default 3) and `DURABILITY_WORKERS` (default 6) scale it;
//! `scripts/crash-durability.sh` runs it repeatedly.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_connect-advisor");

/// A save the server answered with 2xx: this revision must be readable after any crash.
#[derive(Debug, Clone)]
struct Ack {
    id: String,
    revision: u64,
    name: String,
    write_mb_per_s: u64,
}

/// An assessment a worker may update: its key and the revision it last saw.
#[derive(Debug, Clone)]
struct Owned {
    id: String,
    key: String,
}

#[derive(Default)]
struct Tally {
    acks: Vec<Ack>,
    /// Requests that got no answer because the server died: their outcome is unknown.
    in_doubt: usize,
    /// Answers other than 2xx before the kill: `503` (the database stayed locked past the busy
    /// timeout) is an availability matter and only reported; anything else fails the test.
    refused: Vec<String>,
}

struct Server {
    child: Child,
    addr: SocketAddr,
}

/// The operator's token the checks read every assessment with (`--admin-token-file`).
const ADMIN_TOKEN: &str = "durability-admin-token-0123456789abcdef";

impl Server {
    fn start(db: &Path) -> Self {
        let token_file = db.with_extension("admin-token");
        std::fs::write(&token_file, format!("{ADMIN_TOKEN}\n")).expect("write the admin token");
        let mut child = Command::new(BIN)
            .args(["serve", "--addr", "127.0.0.1:0", "--log-format", "json"])
            .arg("--database-url")
            .arg(format!("sqlite://{}", db.display()))
            .arg("--admin-token-file")
            .arg(&token_file)
            // Every save comes from one address, far faster than the anonymous limit allows.
            .args(["--create-rate-per-minute", "0"])
            .env("RUST_LOG", "connect_advisor=info,tower_http=warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the server binary");
        let stdout = child.stdout.take().expect("server stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sent {
                    continue; // keep draining so the server never blocks on logging
                }
                let Ok(v) = serde_json::from_str::<Value>(&line) else {
                    continue;
                };
                if let Some(addr) = v["addr"].as_str().and_then(|a| a.parse().ok())
                    && v["message"]
                        .as_str()
                        .is_some_and(|m| m.contains("listening"))
                {
                    let _ = tx.send(addr);
                    sent = true;
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("the server did not report its address");
        Self { child, addr }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// SIGKILL: no graceful shutdown, no pool close, no WAL checkpoint.
    fn kill9(mut self) {
        self.child.kill().expect("kill -9 the server");
        self.child.wait().expect("reap the server");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

fn scenario(template: &Value, name: &str, mb: u64) -> String {
    let mut s = template.clone();
    s["name"] = Value::from(name);
    s["workload"]["write_mb_per_s"] = Value::from(mb);
    s.to_string()
}

/// What a worker's request came to.
enum Outcome {
    Ok(Value),
    Refused(String),
    NoAnswer,
}

fn send(req: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Outcome {
    match req {
        Ok(mut resp) => {
            let status = resp.status().as_u16();
            match resp.body_mut().read_to_string() {
                Ok(body) if (200..300).contains(&status) => {
                    Outcome::Ok(serde_json::from_str(&body).expect("a 2xx answer is JSON"))
                }
                Ok(body) => Outcome::Refused(format!("{status}: {body}")),
                // The server died while sending the body: not acknowledged.
                Err(_) => Outcome::NoAnswer,
            }
        }
        Err(_) => Outcome::NoAnswer,
    }
}

/// One client: creates an assessment now and then, otherwise saves new revisions of its own.
fn worker(
    server: &str,
    template: &Value,
    label: &str,
    mut mine: Vec<Owned>,
    stop: &AtomicBool,
    acked: &AtomicUsize,
    tally: &Mutex<Tally>,
) -> Vec<Owned> {
    let agent = agent();
    let mut revision_of: Vec<Option<u64>> = vec![None; mine.len()];
    let mut n: u64 = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let name = format!("{label}-{n}");
        let mb = 1 + n % 97;
        let body = scenario(template, &name, mb);
        let creating = mine.is_empty() || n.is_multiple_of(5);
        let pick = (n as usize) % mine.len().max(1);
        let outcome = if creating {
            send(
                agent
                    .post(format!("{server}/api/assessments"))
                    .header("content-type", "application/json")
                    .send(body.as_bytes()),
            )
        } else {
            // An assessment from an earlier cycle: learn its latest revision first.
            if revision_of[pick].is_none() {
                match send(
                    agent
                        .get(format!("{server}/api/assessments/{}", mine[pick].id))
                        .header("authorization", format!("Bearer {}", mine[pick].key))
                        .call(),
                ) {
                    Outcome::Ok(v) => revision_of[pick] = v["latest_revision"].as_u64(),
                    Outcome::Refused(e) => {
                        tally.lock().unwrap().refused.push(e);
                        break;
                    }
                    Outcome::NoAnswer => break,
                }
            }
            send(
                agent
                    .put(format!("{server}/api/assessments/{}", mine[pick].id))
                    .header("content-type", "application/json")
                    .header("authorization", format!("Bearer {}", mine[pick].key))
                    .header("if-match", revision_of[pick].unwrap_or(0).to_string())
                    .send(body.as_bytes()),
            )
        };
        match outcome {
            Outcome::Ok(v) => {
                let id = v["id"].as_str().expect("id").to_owned();
                let revision = v["revision"].as_u64().expect("revision");
                if creating {
                    mine.push(Owned {
                        id: id.clone(),
                        key: v["edit_key"].as_str().expect("edit_key").to_owned(),
                    });
                    revision_of.push(Some(revision));
                } else {
                    revision_of[pick] = Some(revision);
                }
                tally.lock().unwrap().acks.push(Ack {
                    id,
                    revision,
                    name,
                    write_mb_per_s: mb,
                });
                acked.fetch_add(1, Ordering::Relaxed);
            }
            Outcome::Refused(e) => {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                tally.lock().unwrap().refused.push(e);
            }
            Outcome::NoAnswer => {
                tally.lock().unwrap().in_doubt += 1;
                break;
            }
        }
    }
    mine
}

/// Every acknowledged revision is there with the content that was sent.
fn verify(server: &Server, acks: &[Ack]) -> Vec<String> {
    let agent = agent();
    let mut problems = Vec::new();
    for a in acks {
        let url = server.url(&format!(
            "/api/assessments/{}?revision={}",
            a.id, a.revision
        ));
        let read = agent
            .get(&url)
            .header("authorization", format!("Bearer {ADMIN_TOKEN}"))
            .call();
        match send(read) {
            Outcome::Ok(v) => {
                let s = &v["scenario"];
                if v["revision"].as_u64() != Some(a.revision)
                    || s["name"].as_str() != Some(a.name.as_str())
                    || s["workload"]["write_mb_per_s"].as_f64() != Some(a.write_mb_per_s as f64)
                    || v["latest_revision"].as_u64() < Some(a.revision)
                {
                    problems.push(format!(
                        "{a:?} read back as revision {} (latest {}) named {} with {} MB/s",
                        v["revision"],
                        v["latest_revision"],
                        s["name"],
                        s["workload"]["write_mb_per_s"]
                    ));
                }
            }
            Outcome::Refused(e) => problems.push(format!("{a:?} is gone: {e}")),
            Outcome::NoAnswer => problems.push(format!("{a:?}: no answer")),
        }
    }
    problems
}

#[test]
fn acknowledged_saves_survive_kill_9() {
    let cycles: usize = env_or("DURABILITY_CYCLES", 3);
    let workers: usize = env_or("DURABILITY_WORKERS", 6);
    let template: Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/examples/small-azure-ingestion.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("durability.db");
    let started = Instant::now();

    let mut all: Vec<Ack> = Vec::new();
    let mut owned: Vec<Vec<Owned>> = vec![Vec::new(); workers];
    let mut in_doubt = 0;
    for cycle in 0..cycles {
        let server = Server::start(&db);
        let problems = verify(&server, &all);
        assert!(
            problems.is_empty(),
            "after restart {cycle}, {} of {} acknowledged saves are missing or wrong:\n{}",
            problems.len(),
            all.len(),
            problems.join("\n")
        );

        let stop = Arc::new(AtomicBool::new(false));
        let acked = Arc::new(AtomicUsize::new(0));
        let tally = Arc::new(Mutex::new(Tally::default()));
        let base = server.url("");
        let handles: Vec<_> = owned
            .drain(..)
            .enumerate()
            .map(|(w, mine)| {
                let (stop, acked, tally) = (stop.clone(), acked.clone(), tally.clone());
                let (base, template) = (base.clone(), template.clone());
                std::thread::spawn(move || {
                    let label = format!("c{cycle}-w{w}");
                    worker(&base, &template, &label, mine, &stop, &acked, &tally)
                })
            })
            .collect();

        // Kill in the middle of the load: once saves are flowing, after a cycle-dependent delay.
        let deadline = Instant::now() + Duration::from_secs(5);
        while acked.load(Ordering::Relaxed) < 30 * workers && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(3 + (cycle as u64 * 17) % 40));
        let at_kill = acked.load(Ordering::Relaxed);
        server.kill9();
        stop.store(true, Ordering::Relaxed);
        for h in handles {
            owned.push(h.join().expect("worker"));
        }
        let tally = std::mem::take(&mut *tally.lock().unwrap());
        assert!(at_kill > 0, "no save was acknowledged before the kill");
        let (busy, wrong): (Vec<_>, Vec<_>) =
            tally.refused.iter().partition(|e| e.starts_with("503"));
        assert!(wrong.is_empty(), "saves refused under load: {wrong:?}");
        eprintln!(
            "cycle {cycle}: {} saves acknowledged ({at_kill} when kill -9 was sent), {} requests in flight lost their answer, {} answered 503",
            tally.acks.len(),
            tally.in_doubt,
            busy.len()
        );
        in_doubt += tally.in_doubt;
        all.extend(tally.acks);
    }

    let server = Server::start(&db);
    let problems = verify(&server, &all);
    assert!(
        problems.is_empty(),
        "after the last restart, {} of {} acknowledged saves are missing or wrong:\n{}",
        problems.len(),
        all.len(),
        problems.join("\n")
    );
    // The check is not vacuous: a revision that was never saved is reported.
    if let Some(a) = all.last() {
        let phantom = Ack {
            revision: a.revision + 1_000,
            ..a.clone()
        };
        assert_eq!(verify(&server, &[phantom]).len(), 1);
    }
    let ready = agent().get(server.url("/readyz")).call().unwrap();
    assert_eq!(ready.status().as_u16(), 200);
    eprintln!(
        "durability: {} acknowledged saves over {cycles} kill -9 cycles all read back ({in_doubt} unanswered requests); {:.1} s",
        all.len(),
        started.elapsed().as_secs_f64()
    );
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
