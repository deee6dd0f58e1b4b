//! Evaluated reports, kept per (assessment, revision, price catalog). Revisions are immutable
//! and the catalog is fixed for the life of the process, so an entry never goes stale; the
//! cache only bounds memory.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use uuid::Uuid;

use crate::report::FullReport;

/// Entries kept; the oldest is dropped first. A full report of a large estate is well under
/// a megabyte, so this bounds the cache to tens of megabytes.
const CAPACITY: usize = 64;

type Key = (Uuid, u32);

#[derive(Default)]
struct Inner {
    entries: HashMap<Key, Arc<FullReport>>,
    order: VecDeque<Key>,
}

/// A small FIFO cache of evaluated reports.
#[derive(Clone, Default)]
pub struct ReportCache {
    inner: Arc<Mutex<Inner>>,
}

impl ReportCache {
    pub fn get(&self, id: Uuid, revision: u32) -> Option<Arc<FullReport>> {
        self.inner
            .lock()
            .ok()?
            .entries
            .get(&(id, revision))
            .cloned()
    }

    pub fn insert(&self, id: Uuid, revision: u32, report: Arc<FullReport>) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        let key = (id, revision);
        if inner.entries.insert(key, report).is_none() {
            inner.order.push_back(key);
        }
        while inner.order.len() > CAPACITY {
            if let Some(old) = inner.order.pop_front() {
                inner.entries.remove(&old);
            }
        }
    }
}
