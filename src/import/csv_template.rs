//! The CSV template: one row per connector, the scenario's connector fields as columns.
//!
//! `name`, `class` and `direction` are required; every other column may be left out of the
//! file or left blank, and then takes the scenario's default (`tasks` 1, `format` json, …),
//! except `mb_per_s`, which a blank fills from typical figures and flags for confirming.
//!
//! Tolerated: a UTF-8 byte-order mark, CRLF line ends, quoted cells with commas, a `;`
//! separator (spreadsheets in many locales save that way, with decimal commas), blank rows.
//! Every problem is reported with its row (as a spreadsheet numbers it, header = row 1) and
//! column, all at once, so a file is fixed in one pass.

use std::collections::HashMap;

use super::{
    CellError, ConnectorReport, Import, ImportError, ImportFormat, MAX_IMPORT_CONNECTORS,
    ThroughputOrigin, TypicalThroughput, is_java_class_name, name_problem, strip_bom,
    typical_throughput,
};
use crate::domain::{Connector, DataFormat, Direction, Named, SystemLocation};
use crate::number;
use rust_decimal::prelude::ToPrimitive;

/// The template's columns, in the template's order.
pub const COLUMNS: &[&str] = &[
    "name",
    "class",
    "direction",
    "tasks",
    "mb_per_s",
    "system_location",
    "exactly_once",
    "format",
    "dead_letter_queue",
    "isolated",
    "topics_created",
];

/// Columns a file must have.
pub const REQUIRED: &[&str] = &["name", "class", "direction"];

/// The downloadable template: the header and two example rows.
pub const TEMPLATE: &str = include_str!("../../static/connectors-template.csv");

/// Stop listing cell errors after this many; a file this broken is probably not the template.
const MAX_ERRORS: usize = 200;

/// Parse a CSV file in the template's shape.
pub fn parse(bytes: &[u8], typical: TypicalThroughput<'_>) -> Result<Import, ImportError> {
    let bytes = strip_bom(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty);
    }
    let delimiter = sniff_delimiter(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);

    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            return Err(ImportError::Cells(vec![CellError {
                row: 1,
                column: None,
                message: csv_error(&e),
            }]));
        }
        None => return Err(ImportError::Empty),
    };
    let columns = read_header(&header)?;

    let mut import = Import::new(ImportFormat::Csv);
    let mut errors = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut row: u64 = 1;
    for record in records {
        row += 1;
        if errors.len() >= MAX_ERRORS {
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(CellError {
                    row,
                    column: None,
                    message: csv_error(&e),
                });
                continue;
            }
        };
        if record.iter().all(<[u8]>::is_empty) {
            continue; // blank line, or a spreadsheet's trailing ",,,,"
        }
        if import.connectors.len() >= MAX_IMPORT_CONNECTORS {
            return Err(ImportError::TooMany {
                found: import.connectors.len() + 1,
                max: MAX_IMPORT_CONNECTORS,
            });
        }
        if record.len() > columns.len() {
            errors.push(CellError {
                row,
                column: None,
                message: format!(
                    "has {} values but the header has {} columns (a value with a comma needs quotes)",
                    record.len(),
                    columns.len()
                ),
            });
            continue;
        }
        let mut cells: HashMap<&str, &str> = HashMap::new();
        let mut row_ok = true;
        for (i, raw) in record.iter().enumerate() {
            if let Ok(s) = std::str::from_utf8(raw) {
                cells.insert(columns[i], s);
            } else {
                errors.push(CellError {
                    row,
                    column: Some(columns[i].to_owned()),
                    message: "is not UTF-8 text; save the file as CSV UTF-8".into(),
                });
                row_ok = false;
            }
        }
        if !row_ok {
            continue;
        }
        let mut cell_errors = Vec::new();
        let parsed = read_row(&cells, delimiter, typical, &mut |column, message| {
            cell_errors.push(CellError {
                row,
                column: Some(column.to_owned()),
                message,
            });
        });
        if let Some((connector, report)) = parsed
            && cell_errors.is_empty()
        {
            if let Some(first) = seen.get(&connector.name) {
                cell_errors.push(CellError {
                    row,
                    column: Some("name".into()),
                    message: format!(
                        "\"{}\" is also on row {first}; names must be unique",
                        connector.name
                    ),
                });
            } else {
                seen.insert(connector.name.clone(), row);
                import.push(connector, report);
            }
        }
        errors.extend(cell_errors);
    }
    if !errors.is_empty() {
        return Err(ImportError::Cells(errors));
    }
    if import.connectors.is_empty() {
        return Err(ImportError::Nothing(
            "the file has a header but no connector rows".into(),
        ));
    }
    let absent: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| !columns.contains(c))
        .collect();
    if !absent.is_empty() {
        import.report.notes.push(super::Note::new(
            super::Level::Info,
            format!(
                "columns not in the file take their defaults in new rows (an overwritten row keeps its own): {}",
                absent.join(", ")
            ),
        ));
    }
    let to_confirm = import.report.throughput_to_confirm();
    if to_confirm > 0 {
        import.report.notes.push(super::Note::new(
            super::Level::Warning,
            format!(
                "{to_confirm} row{} had no mb_per_s: pre-filled from typical figures per task. Confirm or correct them.",
                if to_confirm == 1 { "" } else { "s" }
            ),
        ));
    }
    Ok(import)
}

/// `;` when the header line has semicolons and no commas, else `,`.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    if first_line.contains(&b';') && !first_line.contains(&b',') {
        b';'
    } else {
        b','
    }
}

/// A CSV syntax error without quoting the data.
fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "is not UTF-8 text; save the file as CSV UTF-8".into(),
        csv::ErrorKind::Io(_) => "could not be read".into(),
        _ => "is not valid CSV".into(),
    }
}

/// Header cells → template column names, or which are missing / unknown / repeated.
fn read_header(header: &csv::ByteRecord) -> Result<Vec<&'static str>, ImportError> {
    let mut columns = Vec::new();
    let mut unknown = Vec::new();
    let mut duplicate = Vec::new();
    for raw in header {
        let text = String::from_utf8_lossy(raw);
        // "MB/s", "Dead letter queue" and "topics-created" are what people type.
        let normal = text
            .trim()
            .to_ascii_lowercase()
            .replace("mb/s", "mb_per_s")
            .replace([' ', '-'], "_");
        match COLUMNS.iter().find(|c| **c == normal) {
            Some(c) if columns.contains(c) => duplicate.push((*c).to_owned()),
            Some(c) => columns.push(*c),
            None if normal.is_empty() => unknown.push("(a column without a name)".to_owned()),
            // Echo only what looks like a column title: a header line that is really data
            // (a pasted listing, say) is not repeated back.
            None if text.len() <= 40
                && text.chars().all(|c| {
                    c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '-' | '/' | '.')
                }) =>
            {
                unknown.push(text.trim().to_owned());
            }
            None => unknown.push("(a column that is not a column title)".to_owned()),
        }
    }
    let missing: Vec<String> = REQUIRED
        .iter()
        .filter(|c| !columns.contains(c))
        .map(|c| (*c).to_owned())
        .collect();
    if missing.is_empty() && unknown.is_empty() && duplicate.is_empty() {
        Ok(columns)
    } else {
        Err(ImportError::Header {
            missing,
            unknown,
            duplicate,
        })
    }
}

/// One row's cells → a connector, reporting each bad cell through `fail`.
fn read_row(
    cells: &HashMap<&str, &str>,
    delimiter: u8,
    typical: TypicalThroughput<'_>,
    fail: &mut dyn FnMut(&str, String),
) -> Option<(Connector, ConnectorReport)> {
    let cell = |c: &str| cells.get(c).copied().unwrap_or("").trim();

    let name = cell("name");
    if let Some(problem) = name_problem(name) {
        fail("name", problem.replace("the name ", ""));
    }
    let class = cell("class");
    if class.is_empty() {
        fail("class", "is empty; give the connector.class".into());
    } else if !is_java_class_name(class) {
        fail(
            "class",
            "must be a Java class name such as io.debezium.connector.mysql.MySqlConnector".into(),
        );
    }
    let directions = Direction::keys().collect::<Vec<_>>().join(" or ");
    let direction = match cell("direction").to_ascii_lowercase().as_str() {
        "" => {
            fail("direction", format!("is empty; write {directions}"));
            None
        }
        word => Direction::parse(word).or_else(|| {
            fail("direction", format!("must be {directions}"));
            None
        }),
    };
    let tasks = integer(cell("tasks"), 1, 1..=1_000, "tasks", fail);
    let mb_per_s = match cell("mb_per_s") {
        "" => None,
        raw => number(raw, delimiter, 0.0..=10_000.0, "mb_per_s", fail),
    };
    let system_location =
        choice::<SystemLocation>(cell("system_location"), "system_location", fail);
    let format = choice::<DataFormat>(cell("format"), "format", fail);
    let exactly_once = boolean(cell("exactly_once"), "exactly_once", fail);
    let dead_letter_queue = boolean(cell("dead_letter_queue"), "dead_letter_queue", fail);
    let isolated = boolean(cell("isolated"), "isolated", fail);
    let topics_created = integer(
        cell("topics_created"),
        0,
        0..=100_000,
        "topics_created",
        fail,
    );
    if dead_letter_queue == Some(true) && direction == Some(Direction::Source) {
        fail(
            "dead_letter_queue",
            "applies to sink connectors only (Kafka Connect's errors.deadletterqueue.* settings are sink settings)"
                .into(),
        );
    }

    let mut report = ConnectorReport::new(name.trim());
    // A column the file lacks, or a blank cell, states nothing: overwriting keeps that field.
    for column in COLUMNS {
        if !cell(column).is_empty() && *column != "mb_per_s" {
            report.carry(column);
        }
    }
    let tasks = tasks?;
    let (mb_per_s, origin) = match mb_per_s {
        Some(v) => (v, ThroughputOrigin::Given),
        None => typical_throughput(class, tasks, typical),
    };
    if origin == ThroughputOrigin::Given {
        report.carry("mb_per_s");
    }
    report.throughput = origin;
    Some((
        Connector {
            name: name.trim().to_owned(),
            class: class.to_owned(),
            direction: direction?,
            tasks,
            mb_per_s,
            system_location: system_location?,
            exactly_once: exactly_once?,
            format: format?,
            dead_letter_queue: dead_letter_queue?,
            isolated: isolated?,
            topics_created: topics_created?,
        },
        report,
    ))
}

/// A closed set by its wire names, case-insensitive, spaces and hyphens read as `_`; blank =
/// the default.
fn choice<T: Named + Default>(
    raw: &str,
    column: &str,
    fail: &mut dyn FnMut(&str, String),
) -> Option<T> {
    if raw.is_empty() {
        return Some(T::default());
    }
    let normal = raw.to_ascii_lowercase().replace([' ', '-'], "_");
    T::parse(&normal).or_else(|| {
        let names: Vec<&str> = T::keys().collect();
        fail(column, format!("must be one of {}", names.join(", ")));
        None
    })
}

/// true/false, yes/no, y/n, 1/0 in any case; blank = false.
fn boolean(raw: &str, column: &str, fail: &mut dyn FnMut(&str, String)) -> Option<bool> {
    match raw.to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "n" | "0" => Some(false),
        "true" | "yes" | "y" | "1" => Some(true),
        _ => {
            fail(
                column,
                "must be true or false (yes/no and 1/0 work too)".into(),
            );
            None
        }
    }
}

fn integer(
    raw: &str,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
    column: &str,
    fail: &mut dyn FnMut(&str, String),
) -> Option<u32> {
    if raw.is_empty() {
        return Some(default);
    }
    let bounds = format!(
        "between {} and {}",
        number::int(u64::from(*range.start())),
        number::int(u64::from(*range.end()))
    );
    match number::parse_whole(raw) {
        Ok(n) if u32::try_from(n).is_ok_and(|n| range.contains(&n)) => u32::try_from(n).ok(),
        Ok(_) => {
            fail(column, format!("must be {bounds}"));
            None
        }
        Err(e) => {
            fail(column, format!("{e}; must be a whole number {bounds}"));
            None
        }
    }
}

fn number(
    raw: &str,
    delimiter: u8,
    range: std::ops::RangeInclusive<f64>,
    column: &str,
    fail: &mut dyn FnMut(&str, String),
) -> Option<f64> {
    // One reading policy for every number people type (`crate::number`): a `;`-separated
    // file's `2,5` is 2.5, but `2,500` could be either and is refused, never scaled.
    let _ = delimiter;
    let bounds = format!(
        "between {} and {}",
        number::quantity_f64(*range.start(), 6),
        number::quantity_f64(*range.end(), 6)
    );
    match number::parse(raw).map(|d| d.to_f64().unwrap_or(f64::NAN)) {
        Ok(v) if v.is_finite() && range.contains(&v) => Some(v),
        Ok(_) => {
            fail(column, format!("must be {bounds} MB/s"));
            None
        }
        Err(e) => {
            fail(column, format!("{e}; must be a number {bounds} (MB/s)"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::no_typical_figures;

    fn parse_str(s: &str) -> Result<Import, ImportError> {
        parse(s.as_bytes(), &no_typical_figures)
    }

    #[test]
    fn the_template_itself_imports() {
        let i = parse_str(TEMPLATE).unwrap();
        assert!(!i.connectors.is_empty());
        assert!(i.is_consistent());
    }

    #[test]
    fn only_required_columns_and_defaults() {
        let i = parse_str("class,name,direction\na.BSinkConnector,x,SINK\n").unwrap();
        let c = &i.connectors[0];
        assert_eq!(
            (c.name.as_str(), c.direction, c.tasks),
            ("x", Direction::Sink, 1)
        );
        assert_eq!(c.mb_per_s, 1.0);
        assert!(i.report.connectors[0].throughput.needs_confirming());
        assert!(
            i.report
                .notes
                .iter()
                .any(|n| n.message.contains("defaults"))
        );
    }

    #[test]
    fn semicolons_and_decimal_commas() {
        let i = parse_str("name;class;direction;mb_per_s\nx;a.B;source;2,5\n").unwrap();
        assert_eq!(i.connectors[0].mb_per_s, 2.5);
    }

    #[test]
    fn booleans_in_every_spelling() {
        for (raw, want) in [
            ("yes", true),
            ("Y", true),
            ("1", true),
            ("TRUE", true),
            ("no", false),
            ("0", false),
            ("", false),
        ] {
            let i = parse_str(&format!(
                "name,class,direction,isolated\nx,a.B,source,{raw}\n"
            ))
            .unwrap();
            assert_eq!(i.connectors[0].isolated, want, "{raw}");
        }
        let e = parse_str("name,class,direction,isolated\nx,a.B,source,maybe\n").unwrap_err();
        assert!(e.to_string().contains("row 2, column isolated"), "{e}");
    }

    #[test]
    fn too_many_values_in_a_row() {
        let e = parse_str("name,class,direction\nx,a.B,source,extra\n").unwrap_err();
        assert!(e.to_string().contains("row 2: has 4 values"), "{e}");
    }

    #[test]
    fn a_header_that_is_really_data_is_not_echoed() {
        let e = parse_str("name,class,direction,password=hunter2!\nx,a.B,source,1\n").unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
        assert!(e.to_string().contains("not a column title"), "{e}");
    }

    #[test]
    fn friendly_header_spellings() {
        let i = parse_str("Name,Class,Direction,MB/s,Dead letter queue\nx,a.BSink,sink,3,yes\n")
            .unwrap();
        assert_eq!(i.connectors[0].mb_per_s, 3.0);
        assert!(i.connectors[0].dead_letter_queue);
    }
}
