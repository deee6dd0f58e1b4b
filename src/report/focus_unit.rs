//! FOCUS Unit Format for `PricingUnit` and `ConsumedUnit`.
//!
//! The report writes units for people ("TU-hours", "10K operations"); FOCUS 1.2's Unit Format
//! attribute wants one of `<plural-units>` ("GB", "Hours"), `<singular-unit>-<plural-time-units>`
//! ("GB-Months"), `<plural-units>/<singular-time-unit>`, `<quantity> <plural-units>`
//! ("1000000 Events") or `<plural-units>/<interval> <plural-time-units>`, built from the
//! spec's data-size and time unit names and count units
//! (<https://github.com/FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec/blob/v1.2/specification/attributes/unit_format.md>,
//! read 2026-11-30). The human unit stays on the page and in `x_PricingUnitDescription`.

/// The FOCUS unit of a report unit. Hour-metered resources are counted in `Hours` (the
/// resource is what the SKU names; Azure's own `FocusCost` writes `Hours` for them too), block
/// sizes become a leading quantity, and people are counted in FTE-months (a quantity of FTE
/// priced per month). A unit the table does not know is rewritten to the format when it can
/// be, else written as `Units`.
pub(crate) fn focus_unit(unit: &str) -> String {
    let known = match unit {
        "TU-hours" | "PU-hours" | "CU-hours" | "VM-hours" | "namespace-hours"
        | "endpoint-hours" | "cluster-hours" | "hours" | "environment-hours" => "Hours",
        "vCPU-hours" => "vCPU-Hours",
        "vCPU-seconds" => "vCPU-Seconds",
        "GiB-seconds" => "GiB-Seconds",
        "GB-hours" => "GB-Hours",
        "registry-days" => "Days",
        "task-hours" => "Task-Hours",
        "million events" => "1000000 Events",
        "GB-months" => "GB-Months",
        "GB" => "GB",
        "GiB-hours" => "GiB-Hours",
        "IOPS-hours" => "IOPS-Hours",
        "MBps-hours" => "MBps-Hours",
        "10K operations" => "10000 Requests",
        "months" => "Months",
        "FTE" => "FTE-Months",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_owned();
    }
    if is_focus_unit(unit) {
        return unit.to_owned();
    }
    // `x-hours` → `x-Hours`, `x-months` → `x-Months`, …: the common near miss.
    if let Some((head, tail)) = unit.rsplit_once('-') {
        let time = capitalise(tail);
        let candidate = format!("{head}-{time}");
        if is_focus_unit(&candidate) {
            return candidate;
        }
    }
    "Units".to_owned()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|first| first.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

const DATA_SIZES: [&str; 26] = [
    "b", "Kb", "Mb", "Gb", "Tb", "Pb", "Eb", "B", "KB", "MB", "GB", "TB", "PB", "EB", "Kib", "Mib",
    "Gib", "Tib", "Pib", "Eib", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB",
];
const TIME_SINGULAR: [&str; 6] = ["Year", "Month", "Day", "Hour", "Minute", "Second"];
const TIME_PLURAL: [&str; 6] = ["Years", "Months", "Days", "Hours", "Minutes", "Seconds"];

/// A count unit: words of letters and digits, each starting with a letter ("Requests",
/// "API Requests", "vCPU").
fn is_count_unit(s: &str) -> bool {
    !s.is_empty()
        && s.split(' ').all(|w| {
            w.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && w.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

fn is_unit(s: &str) -> bool {
    DATA_SIZES.contains(&s)
        || TIME_SINGULAR.contains(&s)
        || TIME_PLURAL.contains(&s)
        || is_count_unit(s)
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `s` follows the FOCUS Unit Format (the five forms above).
pub(crate) fn is_focus_unit(s: &str) -> bool {
    if is_unit(s) {
        return true;
    }
    // <unit>-<plural time>
    if let Some((u, t)) = s.rsplit_once('-')
        && TIME_PLURAL.contains(&t)
        && (DATA_SIZES.contains(&u) || is_count_unit(u))
    {
        return true;
    }
    // <unit>/<singular time> and <unit>/<interval> <plural time>
    if let Some((u, per)) = s.split_once('/')
        && (DATA_SIZES.contains(&u) || TIME_PLURAL.contains(&u) || is_count_unit(u))
    {
        if TIME_SINGULAR.contains(&per) {
            return true;
        }
        if let Some((n, t)) = per.split_once(' ')
            && is_number(n)
            && TIME_PLURAL.contains(&t)
        {
            return true;
        }
    }
    // <quantity> <unit>
    if let Some((n, u)) = s.split_once(' ')
        && is_number(n)
        && is_unit(u)
    {
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_examples_are_units_and_the_report_units_are_not() {
        for ok in [
            "GB",
            "Seconds",
            "GB-Hours",
            "MB-Days",
            "GB/Hour",
            "PB/Day",
            "1000 Tokens",
            "1000 Characters",
            "Units/3 Months",
            "Hours",
            "1000000 Events",
            "10000 Requests",
            "API Request-Months",
        ] {
            assert!(is_focus_unit(ok), "{ok}");
        }
        for bad in [
            "TU-hours",
            "GB-months",
            "10K operations",
            "million-events",
            "",
            "GB-Hour",
            "1.5 Hours",
            "GB/Hours",
        ] {
            assert!(!is_focus_unit(bad), "{bad}");
        }
    }

    #[test]
    fn every_report_unit_maps_to_a_focus_unit() {
        let cases = [
            ("TU-hours", "Hours"),
            ("VM-hours", "Hours"),
            ("million events", "1000000 Events"),
            ("GB-months", "GB-Months"),
            ("GiB-hours", "GiB-Hours"),
            ("10K operations", "10000 Requests"),
            ("months", "Months"),
            ("FTE", "FTE-Months"),
            ("GB", "GB"),
            // Unknown units: the near miss is repaired, anything else is `Units`.
            ("node-hours", "node-Hours"),
            ("½ things", "Units"),
        ];
        for (report, focus) in cases {
            assert_eq!(focus_unit(report), focus, "{report}");
            assert!(is_focus_unit(&focus_unit(report)));
        }
    }
}
