//! Line items as CSV for spreadsheets: one row per cost line, a stable header, totals that
//! reconcile with the report.

use super::Report;
use crate::cost::PriceRef;

/// The header of the line-item CSV. Stable: columns may be added at the end, never renamed.
pub const LINE_ITEM_HEADER: [&str; 23] = [
    "scenario",
    "region",
    "currency",
    "option_id",
    "option",
    "verdict",
    "section",
    "component",
    "category",
    "quantity",
    "unit",
    "unit_price",
    "monthly_cost",
    "formula",
    "catalog",
    "meter",
    "meter_id",
    "price_region",
    "effective_date",
    "flag",
    "price_confidence",
    "price_source",
    "lower_bound",
];

/// Spreadsheet formula injection: a cell starting with `=`, `+`, `-`, `@`, tab or CR is
/// prefixed with `'` so spreadsheets show it as text. Plain numbers (`-1.5`) are left alone.
pub fn neutralise_cell(value: &str) -> std::borrow::Cow<'_, str> {
    let risky = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && value.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{value}"))
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

/// The line items of every option (infrastructure and people sections) as CSV text.
pub fn line_items_csv(report: &Report) -> String {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = w.write_record(LINE_ITEM_HEADER);
    let a = &report.assessment;
    for (estimate, verdict) in report.options() {
        let verdict = verdict
            .map(|v| {
                serde_json::to_value(v.verdict)
                    .ok()
                    .and_then(|j| j.as_str().map(str::to_owned))
                    .unwrap_or_default()
            })
            .unwrap_or_default();
        let sections = [
            ("infrastructure", &estimate.lines),
            ("people", &estimate.people),
        ];
        for (section, lines) in sections {
            for line in lines.iter() {
                let category = serde_json::to_value(line.category)
                    .ok()
                    .and_then(|j| j.as_str().map(str::to_owned))
                    .unwrap_or_default();
                let pr = line.price_ref.as_deref();
                let record = [
                    a.name.trim().to_owned(),
                    a.region.clone(),
                    report.estimate.currency.clone(),
                    estimate.option.id().to_owned(),
                    estimate.option.label().to_owned(),
                    verdict.clone(),
                    section.to_owned(),
                    line.component.clone(),
                    category,
                    line.quantity.normalize().to_string(),
                    line.unit.to_string(),
                    line.unit_price
                        .map(|p| p.normalize().to_string())
                        .unwrap_or_default(),
                    line.monthly_cost.to_string(),
                    line.formula.to_string(),
                    pr.map(|p| p.catalog.clone()).unwrap_or_default(),
                    pr.map(|p| p.meter.clone()).unwrap_or_default(),
                    pr.map(|p| p.meter_id.clone()).unwrap_or_default(),
                    pr.map(|p| p.region.clone()).unwrap_or_default(),
                    pr.map(PriceRef::date).unwrap_or_default(),
                    line.flag.clone().unwrap_or_default(),
                    pr.and_then(|p| p.confidence)
                        .map(|c| c.as_str().to_owned())
                        .unwrap_or_default(),
                    pr.map(|p| p.source.clone()).unwrap_or_default(),
                    estimate.lower_bound.to_string(),
                ];
                let _ = w.write_record(record.iter().map(|v| neutralise_cell(v).into_owned()));
            }
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{LINE_ITEM_HEADER, line_items_csv, neutralise_cell};
    use crate::report::{Provenance, Report};

    fn report(name: &str) -> Report {
        let a = crate::test_support::example_assessment(name);
        Report::build(a, Provenance::default(), crate::test_support::price_book())
    }

    /// Golden line items of every example: any change to a figure, formula or price row
    /// shows up here as a reviewable diff.
    #[test]
    fn line_item_csv_snapshots() {
        for name in [
            "small-azure-ingestion",
            "debezium-sqlserver-cdc",
            "large-multi-team-estate",
        ] {
            let csv = line_items_csv(&report(name));
            insta::assert_snapshot!(format!("line_items_{name}"), csv);
        }
    }

    #[test]
    fn every_row_has_the_header_width_and_totals_reconcile() {
        let r = report("debezium-sqlserver-cdc");
        let csv = line_items_csv(&r);
        let mut rdr = ::csv::Reader::from_reader(csv.as_bytes());
        assert_eq!(
            rdr.headers().unwrap().iter().collect::<Vec<_>>(),
            LINE_ITEM_HEADER
        );
        let mut totals = std::collections::BTreeMap::<String, rust_decimal::Decimal>::new();
        for rec in rdr.records() {
            let rec = rec.unwrap();
            assert_eq!(rec.len(), LINE_ITEM_HEADER.len());
            if &rec[6] == "infrastructure" {
                *totals.entry(rec[3].to_owned()).or_default() +=
                    rec[12].parse::<rust_decimal::Decimal>().unwrap();
            }
        }
        for o in &r.estimate.options {
            assert_eq!(totals[o.option.id()], o.total, "{}", o.option);
        }
    }

    #[test]
    fn formula_cells_are_neutralised_but_numbers_are_not() {
        assert_eq!(neutralise_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise_cell("+cmd"), "'+cmd");
        assert_eq!(neutralise_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise_cell("-2+3"), "'-2+3");
        assert_eq!(neutralise_cell("-1.5"), "-1.5");
        assert_eq!(neutralise_cell("Event Hubs"), "Event Hubs");
    }
}
