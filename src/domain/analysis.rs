//! The optional `analysis` section of a scenario: how far to project, how many Monte Carlo
//! samples to draw, and the low/high bounds around the workload's likely values.
//!
//! Every key is optional; a scenario without the section gets the documented defaults, and
//! the resolved bounds are what the report prints, so a reader can always see what was assumed.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Default planning horizon, months (three years: the usual reserved-instance term).
pub const DEFAULT_HORIZON_MONTHS: u32 = 36;
/// Default Monte Carlo sample count: P10/P90 move by well under 1% between seeds at this size.
pub const DEFAULT_SAMPLES: u32 = 10_000;
/// Default seed, fixed so that the same scenario always gives the same ranges.
pub const DEFAULT_SEED: u64 = 20_260_501;

/// Default low and high write throughput, as multiples of the likely value. Throughput
/// forecasts are more often short than long, so the range is skewed upwards.
pub const WRITE_LOW_FACTOR: f64 = 0.7;
/// See [`WRITE_LOW_FACTOR`].
pub const WRITE_HIGH_FACTOR: f64 = 1.5;
/// Default fan-out range: one consumer group fewer (never below 0) to one more.
pub const FANOUT_STEP: f64 = 1.0;
/// Default low and high retention, as multiples of the likely value (half to double).
pub const RETENTION_LOW_FACTOR: f64 = 0.5;
/// See [`RETENTION_LOW_FACTOR`].
pub const RETENTION_HIGH_FACTOR: f64 = 2.0;

/// Default low and high ingress per Premium processing unit, MB/s: Microsoft's range "~5–10
/// MB/s ingress" per PU (Learn, `event-hubs-scalability.md`, read 2026-11-30). A likely value
/// outside it widens the range to include it.
pub const PU_INGRESS_LOW_MB_PER_S: f64 = 5.0;
/// See [`PU_INGRESS_LOW_MB_PER_S`].
pub const PU_INGRESS_HIGH_MB_PER_S: f64 = 10.0;
/// Default high ingress per Dedicated capacity unit, as a multiple of the likely value:
/// Microsoft's benchmark reaches 1.05 GB/s on 4 CU with 32 KB batches (≈262 MB/s per CU),
/// 2.6× the 1 KB figure the likely value takes. Below the likely value nothing is measured,
/// so the default low is the likely value itself.
pub const CU_INGRESS_HIGH_FACTOR: f64 = 2.6;

/// Scenario-analysis settings (`analysis` in the scenario JSON). Keys may be added, never renamed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct AnalysisOptions {
    /// Months to project under `workload.growth_percent_per_month`. Default 36; 1–120.
    pub horizon_months: u32,
    /// Monte Carlo samples. Default 10,000; 100–100,000.
    pub samples: u32,
    /// Random seed; the same seed always gives the same ranges. Default 20260501.
    pub seed: u64,
    /// Bounds of the average write rate, MB/s. Default 0.7× and 1.5× the likely value.
    pub write_mb_per_s: Bounds,
    /// Bounds of the consumer-group fan-out. Default likely − 1 (at least 0) and likely + 1.
    pub read_fanout: Bounds,
    /// Bounds of data-topic retention, hours. Default 0.5× (at least 1 h) and 2× the likely value.
    pub retention_hours: Bounds,
    /// Bounds of ingress per Event Hubs Premium processing unit, MB/s. Default Microsoft's
    /// 5–10 MB/s (widened to include the likely value).
    pub premium_pu_ingress_mb_per_s: Bounds,
    /// Bounds of ingress per Event Hubs Dedicated capacity unit, MB/s. Default the likely value
    /// and 2.6× it (Microsoft's 32 KB benchmark).
    pub dedicated_cu_ingress_mb_per_s: Bounds,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        Self {
            horizon_months: DEFAULT_HORIZON_MONTHS,
            samples: DEFAULT_SAMPLES,
            seed: DEFAULT_SEED,
            write_mb_per_s: Bounds::default(),
            read_fanout: Bounds::default(),
            retention_hours: Bounds::default(),
            premium_pu_ingress_mb_per_s: Bounds::default(),
            dedicated_cu_ingress_mb_per_s: Bounds::default(),
        }
    }
}

impl AnalysisOptions {
    /// True when nothing differs from the defaults (the section is then left out when a
    /// scenario is written back, so older files round-trip unchanged).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// Low, likely, high write rate (MB/s) around `likely`.
    pub fn write_range(&self, likely: f64) -> Triple {
        self.write_mb_per_s.resolve(
            likely,
            likely * WRITE_LOW_FACTOR,
            likely * WRITE_HIGH_FACTOR,
        )
    }

    /// Low, likely, high fan-out around `likely`.
    pub fn fanout_range(&self, likely: f64) -> Triple {
        self.read_fanout.resolve(
            likely,
            (likely - FANOUT_STEP).max(0.0),
            likely + FANOUT_STEP,
        )
    }

    /// Low, likely, high ingress per Premium PU (MB/s) around `likely`.
    pub fn pu_ingress_range(&self, likely: f64) -> Triple {
        self.premium_pu_ingress_mb_per_s.resolve(
            likely,
            PU_INGRESS_LOW_MB_PER_S.min(likely),
            PU_INGRESS_HIGH_MB_PER_S.max(likely),
        )
    }

    /// Low, likely, high ingress per Dedicated CU (MB/s) around `likely`.
    pub fn cu_ingress_range(&self, likely: f64) -> Triple {
        self.dedicated_cu_ingress_mb_per_s
            .resolve(likely, likely, likely * CU_INGRESS_HIGH_FACTOR)
    }

    /// Low, likely, high retention (hours) around `likely`.
    pub fn retention_range(&self, likely: f64) -> Triple {
        self.retention_hours.resolve(
            likely,
            (likely * RETENTION_LOW_FACTOR).max(1.0).min(likely),
            likely * RETENTION_HIGH_FACTOR,
        )
    }
}

/// Optional low and high values around a likely value; an absent side takes its default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Bounds {
    pub low: Option<f64>,
    pub high: Option<f64>,
}

impl Bounds {
    fn resolve(&self, likely: f64, default_low: f64, default_high: f64) -> Triple {
        Triple {
            low: self.low.unwrap_or(default_low),
            likely,
            high: self.high.unwrap_or(default_high),
        }
    }
}

/// A resolved low ≤ likely ≤ high triple (guaranteed for a validated assessment).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Triple {
    pub low: f64,
    pub likely: f64,
    pub high: f64,
}
