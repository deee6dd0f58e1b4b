//! Line items as CSV for spreadsheets: one row per cost line, a stable header, totals that
//! reconcile with the report.

use std::borrow::Cow;

use serde::Serialize;

use super::Report;
use crate::cost::PriceRef;
use crate::domain::Named;

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
pub fn neutralise_cell(value: &str) -> Cow<'_, str> {
    let risky = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && value.parse::<f64>().is_err() {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// A text cell of an exported CSV row: serialised through [`neutralise_cell`], so no row
/// struct can forget it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Cell<'a>(Cow<'a, str>);

impl Serialize for Cell<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&neutralise_cell(&self.0))
    }
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(v: &'a str) -> Self {
        Self(Cow::Borrowed(v))
    }
}

impl From<String> for Cell<'_> {
    fn from(v: String) -> Self {
        Self(Cow::Owned(v))
    }
}

/// A text cell from anything that converts into one.
pub(crate) fn cell<'a>(v: impl Into<Cell<'a>>) -> Cell<'a> {
    v.into()
}

/// Writes rows of one export as CSV text with CRLF line ends. The header comes from the row
/// struct's serde names; an export without rows still gets `header`, so it names its columns.
pub(crate) struct RowWriter {
    w: ::csv::Writer<Vec<u8>>,
    written: bool,
    header: &'static [&'static str],
}

impl RowWriter {
    pub(crate) fn new(header: &'static [&'static str]) -> Self {
        Self {
            w: ::csv::WriterBuilder::new()
                .terminator(::csv::Terminator::CRLF)
                .from_writer(Vec::new()),
            written: false,
            header,
        }
    }

    /// Append one row. Writing into a `Vec` cannot fail, and every row is a flat struct.
    pub(crate) fn write<R: Serialize>(&mut self, row: &R) {
        let _ = self.w.serialize(row);
        self.written = true;
    }

    pub(crate) fn finish(mut self) -> String {
        if !self.written {
            let _ = self.w.write_record(self.header);
        }
        String::from_utf8(self.w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// One row of the line-item CSV; the field names are the header ([`LINE_ITEM_HEADER`]).
#[derive(Serialize)]
struct LineItemRow<'a> {
    scenario: Cell<'a>,
    region: Cell<'a>,
    currency: Cell<'a>,
    option_id: Cell<'a>,
    option: Cell<'a>,
    verdict: Cell<'a>,
    section: Cell<'a>,
    component: Cell<'a>,
    category: Cell<'a>,
    quantity: Cell<'a>,
    unit: Cell<'a>,
    unit_price: Cell<'a>,
    monthly_cost: Cell<'a>,
    formula: Cell<'a>,
    catalog: Cell<'a>,
    meter: Cell<'a>,
    meter_id: Cell<'a>,
    price_region: Cell<'a>,
    effective_date: Cell<'a>,
    flag: Cell<'a>,
    price_confidence: Cell<'a>,
    price_source: Cell<'a>,
    lower_bound: bool,
}

/// The line items of every option (infrastructure and people sections) as CSV text.
pub fn line_items_csv(report: &Report) -> String {
    let a = &report.assessment;
    let mut out = RowWriter::new(&LINE_ITEM_HEADER);
    for (estimate, verdict) in report.options() {
        let verdict = verdict
            .map(|v| v.verdict.key().to_owned())
            .unwrap_or_default();
        let sections = [
            ("infrastructure", &estimate.lines),
            ("people", &estimate.people),
        ];
        for (section, lines) in sections {
            for line in lines {
                let pr = line.price_ref.as_deref();
                let text = |f: fn(&PriceRef) -> &str| cell(pr.map(f).unwrap_or_default());
                out.write(&LineItemRow {
                    scenario: cell(a.name.trim()),
                    region: cell(a.region.as_str()),
                    currency: cell(report.estimate.currency.as_str()),
                    option_id: cell(estimate.option.id()),
                    option: cell(estimate.option.label()),
                    verdict: cell(verdict.clone()),
                    section: cell(section),
                    component: cell(line.component.as_str()),
                    category: cell(line.category.key().to_owned()),
                    quantity: cell(line.quantity.normalize().to_string()),
                    unit: cell(line.unit.to_string()),
                    unit_price: cell(
                        line.unit_price
                            .map(|p| p.normalize().to_string())
                            .unwrap_or_default(),
                    ),
                    monthly_cost: cell(line.monthly_cost.to_string()),
                    formula: cell(line.formula.to_string()),
                    catalog: text(|p| &p.catalog),
                    meter: text(|p| &p.meter),
                    meter_id: text(|p| &p.meter_id),
                    price_region: text(|p| &p.region),
                    effective_date: cell(pr.map(PriceRef::date).unwrap_or_default()),
                    flag: cell(line.flag.as_deref().unwrap_or_default()),
                    price_confidence: cell(
                        pr.and_then(|p| p.confidence)
                            .map(crate::pricing::Confidence::as_str)
                            .unwrap_or_default(),
                    ),
                    price_source: text(|p| &p.source),
                    lower_bound: estimate.lower_bound,
                });
            }
        }
    }
    out.finish()
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

    /// The row writer neutralises every text cell, quotes as CSV needs, and still names the
    /// columns of an export without rows.
    #[test]
    fn rows_are_written_with_neutralised_cells_and_an_empty_export_keeps_its_header() {
        #[derive(serde::Serialize)]
        struct Row<'a> {
            #[serde(rename = "Name")]
            name: super::Cell<'a>,
            amount: super::Cell<'a>,
        }
        let mut w = super::RowWriter::new(&["Name", "amount"]);
        w.write(&Row {
            name: super::cell("=1+1, \"x\""),
            amount: super::cell("-2.50"),
        });
        assert_eq!(w.finish(), "Name,amount\r\n\"'=1+1, \"\"x\"\"\",-2.50\r\n");
        assert_eq!(
            super::RowWriter::new(&["Name", "amount"]).finish(),
            "Name,amount\r\n"
        );
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
