//! Validation of the `analysis` section.

use super::*;

impl Validator {
    /// The `analysis` section: sizes within what a report can afford to compute, and every
    /// range ordered around the workload's likely value (defaults fill an absent side).
    pub(super) fn analysis(&mut self, s: &Scenario) {
        let x = &s.analysis;
        self.integer(
            "analysis.horizon_months",
            x.horizon_months,
            1..=120,
            " months",
        );
        self.integer("analysis.samples", x.samples, 100..=100_000, " samples");
        let w = &s.workload;
        // Only check bounds against a likely value that is itself valid; otherwise the
        // workload error already says what is wrong.
        if w.write_mb_per_s.is_finite() && w.write_mb_per_s > 0.0 {
            self.bounds(
                "analysis.write_mb_per_s",
                x.write_range(w.write_mb_per_s),
                &x.write_mb_per_s,
                (f64::MIN_POSITIVE, 1_000_000.0),
                " MB/s",
            );
        }
        if w.read_fanout.is_finite() && w.read_fanout >= 0.0 {
            self.bounds(
                "analysis.read_fanout",
                x.fanout_range(w.read_fanout),
                &x.read_fanout,
                (0.0, 1_000.0),
                " consumer groups",
            );
        }
        if w.retention_hours >= 1 {
            self.bounds(
                "analysis.retention_hours",
                x.retention_range(f64::from(w.retention_hours)),
                &x.retention_hours,
                (1.0, 876_000.0),
                " hours",
            );
        }
        let a = &s.options.assumptions;
        if a.premium_pu_ingress_mb_per_s.is_finite() && a.premium_pu_ingress_mb_per_s > 0.0 {
            self.bounds(
                "analysis.premium_pu_ingress_mb_per_s",
                x.pu_ingress_range(a.premium_pu_ingress_mb_per_s),
                &x.premium_pu_ingress_mb_per_s,
                (f64::MIN_POSITIVE, 1_000.0),
                " MB/s",
            );
        }
        if a.dedicated_cu_ingress_mb_per_s.is_finite() && a.dedicated_cu_ingress_mb_per_s > 0.0 {
            self.bounds(
                "analysis.dedicated_cu_ingress_mb_per_s",
                x.cu_ingress_range(a.dedicated_cu_ingress_mb_per_s),
                &x.dedicated_cu_ingress_mb_per_s,
                (f64::MIN_POSITIVE, 10_000.0),
                " MB/s",
            );
        }
    }

    /// `low ≤ likely ≤ high`, each finite and within `(min, max)`; errors name the side given.
    fn bounds(
        &mut self,
        field: &str,
        t: crate::domain::Triple,
        given: &crate::domain::Bounds,
        (min, max): (f64, f64),
        unit: &str,
    ) {
        for (side, value) in [("low", given.low), ("high", given.high)] {
            let Some(v) = value else { continue };
            let path = format!("{field}.{side}");
            if !v.is_finite() {
                self.fail(path, "must be a finite number");
            } else if v < min || v > max {
                let min_text = if min == f64::MIN_POSITIVE {
                    "greater than 0".to_owned()
                } else {
                    format!("at least {}", num(min))
                };
                self.fail(
                    path,
                    format!(
                        "must be {min_text} and at most {}{unit} (got {})",
                        num(max),
                        num(v)
                    ),
                );
            } else if side == "low" && v > t.likely {
                self.fail(
                    path,
                    format!(
                        "must not exceed the likely value {}{unit} (got {v})",
                        t.likely
                    ),
                );
            } else if side == "high" && v < t.likely {
                self.fail(
                    path,
                    format!(
                        "must be at least the likely value {}{unit} (got {v})",
                        t.likely
                    ),
                );
            }
        }
    }
}
