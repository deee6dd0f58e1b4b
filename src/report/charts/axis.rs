//! The shared axis helper: the frame and mesh style every chart's axes use, and the numbers
//! on them (ticks, amounts, rates, odds).

use plotters::chart::MeshStyle;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use rust_decimal::prelude::ToPrimitive;

use super::canvas::{Area, GRID, LIGHT_GRID, font};
use crate::report::Report;

/// The frame of every chart under its legend: 42 px below for the x-axis labels and
/// description, `y_label_width` px left for the y-axis labels (or a bar chart's option
/// names), `margin_right` px so the last tick label fits.
pub(super) fn frame<'a, 'b, 'c>(
    body: &'a Area<'c>,
    margin_right: u32,
    y_label_width: u32,
) -> ChartBuilder<'a, 'b, SVGBackend<'c>> {
    let mut builder = ChartBuilder::on(body);
    builder
        .margin_right(margin_right)
        .margin_bottom(6)
        .x_label_area_size(42)
        .y_label_area_size(y_label_width);
    builder
}

/// The house style of every chart's axes and grid: light grid lines, one light line between
/// labelled ones, 12 px axis descriptions and 11 px tick labels.
pub(super) fn house_style<'m, 'a, 'b, 'c, X: Ranged, Y: Ranged>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, SVGBackend<'c>>,
) -> &'m mut MeshStyle<'a, 'b, X, Y, SVGBackend<'c>> {
    mesh.light_line_style(LIGHT_GRID)
        .bold_line_style(GRID)
        .max_light_lines(1)
        .axis_desc_style(font(12.0))
        .label_style(font(11.0))
}

/// The axes of a chart with one horizontal row per option: money across, from 0 to `x_max`,
/// with `x_desc` under the ticks; `rows` rows down, row `i` centred on `y = i` (0 at the
/// bottom), named by the caller in the 220 px left of the frame, without a y grid.
pub(super) fn option_rows<'a, 'c>(
    body: &'a Area<'c>,
    report: &Report,
    x_max: f64,
    rows: usize,
    x_desc: String,
) -> Result<
    ChartContext<'a, SVGBackend<'c>, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    Box<dyn std::error::Error>,
> {
    let mut chart =
        frame(body, 20, 220).build_cartesian_2d(0.0..x_max, -0.5..(rows as f64 - 0.5))?;
    let x_fmt = |x: &f64| tick_amount(report, *x);
    house_style(&mut chart.configure_mesh())
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(6)
        .x_label_formatter(&x_fmt)
        .x_desc(x_desc)
        .draw()?;
    Ok(chart)
}

/// `1234567.8` → `1,234,568` (whole units; the charts never need cents).
pub(super) fn grouped(x: f64) -> String {
    let v = if x.is_finite() { x.round() } else { 0.0 };
    let digits = crate::number::int(v.abs() as u64);
    if v < 0.0 {
        format!("-{digits}")
    } else {
        digits
    }
}

/// An amount with the currency, e.g. `$1,234` or `EUR 1,234`.
pub(super) fn amount(report: &Report, x: f64) -> String {
    let c = &report.estimate.currency;
    if c == "USD" {
        format!("${}", grouped(x))
    } else {
        format!("{c} {}", grouped(x))
    }
}

/// An axis tick amount, compact above 10,000 (e.g. `$12k`).
pub(super) fn tick_amount(report: &Report, x: f64) -> String {
    let c = &report.estimate.currency;
    let n = if x.abs() >= 10_000.0 {
        format!("{}k", grouped(x / 1_000.0))
    } else {
        grouped(x)
    };
    if c == "USD" { format!("${n}") } else { n }
}

/// A throughput for labels: two significant decimals under 10 MB/s.
pub(super) fn rate(x: f64) -> String {
    let s = if x < 1.0 {
        format!("{x:.2}")
    } else if x < 10.0 {
        format!("{x:.1}")
    } else {
        return grouped(x);
    };
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// The 1-2-5 steps of each decade within `from..=to`.
pub(super) fn log_ticks(from: f64, to: f64) -> Vec<f64> {
    let mut out = Vec::new();
    if !(from > 0.0 && to > from && to.is_finite()) {
        return out;
    }
    let mut decade = 10f64.powf(from.log10().floor());
    while decade <= to && out.len() < 64 {
        for m in [1.0, 2.0, 5.0] {
            let t = decade * m;
            // Compare with a relative margin: 0.1 × 2 is not exactly 0.2.
            if t >= from * (1.0 - 1e-9) && t <= to * (1.0 + 1e-9) {
                out.push(t);
            }
        }
        decade *= 10.0;
    }
    out
}

/// A probability as the reader wants it: never "0%" or "100%" unless it is exactly that.
pub(super) fn percent(p: f64) -> String {
    if p <= 0.0 {
        "0%".to_owned()
    } else if p < 0.01 {
        "<1%".to_owned()
    } else if p >= 1.0 {
        "100%".to_owned()
    } else if p > 0.99 {
        ">99%".to_owned()
    } else {
        format!("{:.0}%", p * 100.0)
    }
}

pub(super) fn per_month(report: &Report) -> String {
    format!("{} per month", report.estimate.currency)
}

/// A round upper bound for an axis (1, 2, 2.5 or 5 × 10ⁿ above `x`).
pub(super) fn nice_max(x: f64) -> f64 {
    if !x.is_finite() || x <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    for m in [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if m * p >= x {
            return m * p;
        }
    }
    10.0 * p
}

pub(super) fn scenario_name(report: &Report) -> &str {
    report.assessment.name.trim()
}

pub(super) fn f(d: rust_decimal::Decimal) -> f64 {
    d.to_f64().filter(|x| x.is_finite()).unwrap_or(0.0)
}
