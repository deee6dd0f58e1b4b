//! Server-side SVG charts of the decision report, drawn with plotters' SVG backend.
//!
//! Four charts, each 760 × 400 (an A4 page width at 96 dpi, less margins):
//! - [`cost_by_category`]: monthly cost per option as stacked horizontal bars by category;
//!   people (operations FTE) is its own **hatched** segment after the infrastructure, so the
//!   infrastructure total stays readable and the people cost is still visible;
//! - [`projection`]: monthly cost per option over the planning horizon, under the growth rate;
//! - [`throughput`]: monthly cost per option against write throughput (log scale), with the
//!   break-even points of the options still in the running marked and labelled;
//! - [`ranges`]: P10–P90 range bars per option with the P50 marked.
//!
//! Printing: every option has a colour *and* a dash pattern *and* a marker shape, and the
//! category colours step evenly in lightness, so charts survive greyscale printing.
//! Disqualified options are drawn faded and labelled "(disqualified)".
//!
//! Text: with `default-features = false` plotters has no font engine (no `ttf`/`ab_glyph`) and
//! falls back to its built-in size estimate; the SVG backend writes `<text>` elements that the
//! browser renders with its own fonts, so nothing else is needed. All text goes through the
//! backend's XML escaping (scenario names included), and each SVG carries a `<title>` and
//! `aria-label` for screen readers.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor;
use rust_decimal::prelude::ToPrimitive;

use super::Report;
use crate::analysis::{self, Analysis};
use crate::cost::Category;
use crate::decision::Verdict;
use crate::domain::{Platform, PlatformOption, Variant};
use crate::pricing::PriceBook;

/// Chart width, px.
pub const WIDTH: u32 = 760;
/// Chart height, px.
pub const HEIGHT: u32 = 400;

/// All four charts of a report, as standalone SVG documents (no XML declaration, so each
/// can be inlined in HTML as is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charts {
    pub by_category: String,
    pub projection: String,
    pub throughput: String,
    pub ranges: String,
}

/// The options the report disqualified (to pass to [`analysis::analyse`] as `excluded`).
pub fn disqualified(report: &Report) -> Vec<PlatformOption> {
    report
        .decision
        .options
        .iter()
        .filter(|v| v.verdict == Verdict::Disqualified)
        .map(|v| v.option)
        .collect()
}

/// Run the scenario analysis of a report, excluding its disqualified options from the
/// "cheapest among eligible" odds.
pub fn analyse_report(report: &Report, book: &PriceBook) -> Analysis {
    analysis::analyse(
        &report.assessment,
        &report.facts,
        book,
        &disqualified(report),
    )
}

/// Render every chart.
pub fn render_all(report: &Report, analysis: &Analysis) -> Charts {
    Charts {
        by_category: cost_by_category(report),
        projection: projection(report, analysis),
        throughput: throughput(report, analysis),
        ranges: ranges(report, analysis),
    }
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type DrawResult = Result<(), Box<dyn std::error::Error>>;

const FONT: &str = "sans-serif";
const INK: RGBColor = RGBColor(33, 33, 33);
const GRID: RGBColor = RGBColor(221, 221, 221);
const LIGHT_GRID: RGBColor = RGBColor(240, 240, 240);
const MUTED: RGBColor = RGBColor(110, 110, 110);
/// Opacity of disqualified options.
const FADED: f64 = 0.3;

/// A text style of `px` CSS pixels (plotters writes `size ÷ 1.24` into the SVG).
fn font(px: f64) -> TextStyle<'static> {
    (FONT, px * 1.24).into_font().color(&INK)
}

fn bold(px: f64) -> TextStyle<'static> {
    (FONT, px * 1.24, FontStyle::Bold).into_font().color(&INK)
}

/// Rough width of `s` at `px` (the SVG backend cannot measure text; used for layout only).
fn text_width(s: &str, px: f64) -> i32 {
    (s.chars().count() as f64 * px * 0.56).round() as i32
}

// ---------------------------------------------------------------- option looks

/// Marker shapes, one per option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Circle,
    Triangle,
    Square,
    Cross,
    Diamond,
}

/// How an option is drawn: colour (Okabe–Ito, colour-blind safe), dash and marker.
#[derive(Debug, Clone, Copy)]
struct Look {
    color: RGBColor,
    /// (dash, gap) in px; `None` = solid.
    dash: Option<(u32, u32)>,
    marker: Marker,
}

fn look(o: PlatformOption) -> Look {
    let (color, dash, marker) = match (o.platform, o.variant) {
        (Platform::EventHubs, Variant::Standard) => (RGBColor(0, 114, 178), None, Marker::Circle),
        (Platform::EventHubs, Variant::Premium) => {
            (RGBColor(230, 159, 0), Some((9, 4)), Marker::Triangle)
        }
        (Platform::EventHubs, _) => (RGBColor(0, 158, 115), Some((2, 3)), Marker::Square),
        (Platform::SelfManagedKafka, v) if v.is_tiered() => {
            (RGBColor(204, 121, 167), Some((3, 6)), Marker::Square)
        }
        (Platform::SelfManagedKafka, _) => (RGBColor(213, 94, 0), Some((14, 4)), Marker::Cross),
        (Platform::KafkaCompatible, _) => (RGBColor(0, 0, 0), Some((5, 5)), Marker::Diamond),
    };
    Look {
        color,
        dash,
        marker,
    }
}

/// A disqualified option as the charts name it.
fn option_label(report: &Report, o: PlatformOption) -> String {
    if is_disqualified(report, o) {
        format!("{} (disqualified)", o.label())
    } else {
        o.label().to_owned()
    }
}

fn is_disqualified(report: &Report, o: PlatformOption) -> bool {
    report.verdict(o) == Some(Verdict::Disqualified)
}

fn alpha(report: &Report, o: PlatformOption) -> f64 {
    if is_disqualified(report, o) {
        FADED
    } else {
        1.0
    }
}

/// Draw a marker centred on a pixel.
fn marker(root: &Area, m: Marker, (x, y): (i32, i32), color: RGBAColor) -> DrawResult {
    let fill = ShapeStyle::from(&color).filled();
    match m {
        Marker::Circle => root.draw(&Circle::new((x, y), 4, fill))?,
        Marker::Triangle => root.draw(&TriangleMarker::new((x, y), 5, fill))?,
        Marker::Square => root.draw(&Rectangle::new([(x - 4, y - 4), (x + 4, y + 4)], fill))?,
        Marker::Cross => root.draw(&Cross::new((x, y), 4, color.stroke_width(2)))?,
        Marker::Diamond => root.draw(&Polygon::new(
            vec![(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)],
            fill,
        ))?,
    }
    Ok(())
}

/// A polyline in pixels, solid or dashed.
fn polyline(root: &Area, pts: Vec<(i32, i32)>, l: &Look, color: RGBAColor) -> DrawResult {
    let style = color.stroke_width(2);
    match l.dash {
        None => root.draw(&PathElement::new(pts, style))?,
        Some((dash, gap)) => root.draw(&DashedPathElement::new(pts, dash, gap, style))?,
    }
    Ok(())
}

/// Diagonal hatching inside a pixel rectangle (the people segment).
fn hatch(root: &Area, (x0, y0): (i32, i32), (x1, y1): (i32, i32)) -> DrawResult {
    let (x0, x1) = (x0.min(x1), x0.max(x1));
    let (y0, y1) = (y0.min(y1), y0.max(y1));
    root.draw(&Rectangle::new(
        [(x0, y0), (x1, y1)],
        ShapeStyle::from(&WHITE).filled(),
    ))?;
    let h = y1 - y0;
    let mut k = x0 - h;
    while k < x1 {
        // The 45° line from (k, y1) to (k + h, y0), clipped to [x0, x1].
        let (sx, sy) = if k < x0 { (x0, y1 - (x0 - k)) } else { (k, y1) };
        let (ex, ey) = if k + h > x1 {
            (x1, y0 + (k + h - x1))
        } else {
            (k + h, y0)
        };
        if sx < ex {
            root.draw(&PathElement::new(
                vec![(sx, sy), (ex, ey)],
                INK.stroke_width(1),
            ))?;
        }
        k += 6;
    }
    root.draw(&Rectangle::new([(x0, y0), (x1, y1)], INK.stroke_width(1)))?;
    Ok(())
}

// ---------------------------------------------------------------- legend and frame

/// What a legend entry shows before its text.
enum Swatch {
    /// An option's line and marker.
    Line(Look, f64),
    /// A filled box.
    Fill(RGBColor),
    /// A hatched box (people).
    Hatched,
    /// A range bar with its median tick.
    Range,
    /// The median tick alone.
    Median,
    /// The break-even ring.
    Ring,
}

/// Draw the legend in rows under the title; returns the y below it.
fn legend(
    root: &Area,
    entries: &[(Swatch, String)],
    top: i32,
) -> Result<i32, Box<dyn std::error::Error>> {
    let (mut x, mut y) = (14, top);
    let row = 18;
    for (swatch, text) in entries {
        let w = 30 + text_width(text, 12.0) + 18;
        if x + w > WIDTH as i32 - 10 && x > 14 {
            x = 14;
            y += row;
        }
        let cy = y + 6;
        match swatch {
            Swatch::Line(l, a) => {
                let c = l.color.mix(*a);
                polyline(root, vec![(x, cy), (x + 24, cy)], l, c)?;
                marker(root, l.marker, (x + 12, cy), c)?;
            }
            Swatch::Fill(c) => {
                root.draw(&Rectangle::new(
                    [(x + 4, cy - 6), (x + 20, cy + 6)],
                    ShapeStyle::from(c).filled(),
                ))?;
                root.draw(&Rectangle::new(
                    [(x + 4, cy - 6), (x + 20, cy + 6)],
                    INK.stroke_width(1),
                ))?;
            }
            Swatch::Hatched => hatch(root, (x + 4, cy - 6), (x + 20, cy + 6))?,
            Swatch::Range => {
                root.draw(&Rectangle::new(
                    [(x, cy - 5), (x + 24, cy + 5)],
                    ShapeStyle::from(&MUTED.mix(0.5)).filled(),
                ))?;
            }
            Swatch::Ring => {
                root.draw(&Circle::new((x + 12, cy), 5, INK.stroke_width(2)))?;
            }
            Swatch::Median => {
                root.draw(&Rectangle::new(
                    [(x + 11, cy - 8), (x + 14, cy + 8)],
                    ShapeStyle::from(&INK).filled(),
                ))?;
            }
        }
        root.draw(&Text::new(
            text.clone(),
            (x + 30, cy),
            font(12.0).pos(text_anchor::Pos::new(
                text_anchor::HPos::Left,
                text_anchor::VPos::Center,
            )),
        ))?;
        x += w;
    }
    Ok(y + row + 4)
}

/// Shorten a title to what fits on one line at 15 px bold.
fn fit_title(title: &str) -> String {
    const MAX: usize = 84;
    if title.chars().count() <= MAX {
        title.to_owned()
    } else {
        let mut t: String = title.chars().take(MAX - 1).collect();
        t.push('…');
        t
    }
}

fn draw_title(root: &Area, title: &str) -> DrawResult {
    root.draw(&Text::new(fit_title(title), (14, 10), bold(15.0)))?;
    Ok(())
}

/// Run `draw` on a fresh white canvas; on any drawing error, a plain SVG that says so.
fn render(title: &str, draw: impl FnOnce(&Area) -> DrawResult) -> String {
    let mut buf = String::with_capacity(32 * 1024);
    let ok = {
        let root = SVGBackend::with_string(&mut buf, (WIDTH, HEIGHT)).into_drawing_area();
        let result = root
            .fill(&WHITE)
            .map_err(Into::into)
            .and_then(|()| draw_title(&root, title))
            .and_then(|()| draw(&root))
            .and_then(|()| root.present().map_err(Into::into));
        result.is_ok()
    };
    if !ok {
        buf = format!(
            r#"<svg width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg"><text x="14" y="24" font-family="{FONT}" font-size="13">{}: chart unavailable</text></svg>"#,
            escape(title)
        );
    }
    label_svg(buf, title)
}

/// Add `role`, `aria-label` and a `<title>` to the root element.
fn label_svg(svg: String, title: &str) -> String {
    let Some(open) = svg.find("<svg") else {
        return svg;
    };
    let Some(end) = svg[open..].find('>').map(|i| open + i) else {
        return svg;
    };
    let t = escape(title);
    let mut out = String::with_capacity(svg.len() + 2 * t.len() + 64);
    out.push_str(&svg[..end]);
    out.push_str(&format!(
        r#" role="img" aria-label="{t}"><title>{t}</title>"#
    ));
    out.push_str(&svg[end + 1..]);
    out
}

/// XML-escape text for content and attribute values.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------- numbers

/// `1234567.8` → `1,234,568` (whole units; the charts never need cents).
fn grouped(x: f64) -> String {
    let v = if x.is_finite() { x.round() } else { 0.0 };
    let digits = crate::number::int(v.abs() as u64);
    if v < 0.0 {
        format!("-{digits}")
    } else {
        digits
    }
}

/// An amount with the currency, e.g. `$1,234` or `EUR 1,234`.
fn amount(report: &Report, x: f64) -> String {
    let c = &report.estimate.currency;
    if c == "USD" {
        format!("${}", grouped(x))
    } else {
        format!("{c} {}", grouped(x))
    }
}

/// An axis tick amount, compact above 10,000 (e.g. `$12k`).
fn tick_amount(report: &Report, x: f64) -> String {
    let c = &report.estimate.currency;
    let n = if x.abs() >= 10_000.0 {
        format!("{}k", grouped(x / 1_000.0))
    } else {
        grouped(x)
    };
    if c == "USD" { format!("${n}") } else { n }
}

/// A throughput for labels: two significant decimals under 10 MB/s.
fn rate(x: f64) -> String {
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
fn log_ticks(from: f64, to: f64) -> Vec<f64> {
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
fn percent(p: f64) -> String {
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

fn per_month(report: &Report) -> String {
    format!("{} per month", report.estimate.currency)
}

/// A round upper bound for an axis (1, 2, 2.5 or 5 × 10ⁿ above `x`).
fn nice_max(x: f64) -> f64 {
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

fn scenario_name(report: &Report) -> &str {
    report.assessment.name.trim()
}

fn f(d: rust_decimal::Decimal) -> f64 {
    d.to_f64().filter(|x| x.is_finite()).unwrap_or(0.0)
}

// ---------------------------------------------------------------- option rows (bars)

/// Left labels of a horizontal bar chart: the option name, and "(disqualified)" under it.
fn row_label(root: &Area, report: &Report, o: PlatformOption, (x, y): (i32, i32)) -> DrawResult {
    let right = text_anchor::Pos::new(text_anchor::HPos::Right, text_anchor::VPos::Center);
    if is_disqualified(report, o) {
        root.draw(&Text::new(o.label(), (x, y - 7), font(12.0).pos(right)))?;
        root.draw(&Text::new(
            "(disqualified)",
            (x, y + 8),
            font(11.0).color(&MUTED).pos(right),
        ))?;
    } else {
        root.draw(&Text::new(o.label(), (x, y), font(12.0).pos(right)))?;
    }
    Ok(())
}

/// Category fills, stepping evenly in lightness so greyscale prints keep them apart.
const CATEGORIES: [(Category, &str, RGBColor); 6] = [
    (Category::Streaming, "Streaming", RGBColor(37, 52, 148)),
    (Category::Compute, "Compute", RGBColor(26, 152, 80)),
    (Category::Storage, "Storage", RGBColor(244, 109, 67)),
    (Category::Monitoring, "Monitoring", RGBColor(116, 173, 209)),
    (Category::License, "License", RGBColor(184, 161, 214)),
    (Category::Network, "Network", RGBColor(254, 224, 139)),
];

/// Monthly cost by category per option: stacked horizontal bars, people hatched at the end.
pub fn cost_by_category(report: &Report) -> String {
    let title = format!("Monthly cost by category — {}", scenario_name(report));
    render(&title, |root| {
        let rows: Vec<(PlatformOption, [f64; CATEGORIES.len()], f64)> = report
            .estimate
            .options
            .iter()
            .map(|e| {
                let mut by = [0.0; CATEGORIES.len()];
                for l in &e.lines {
                    if let Some(i) = CATEGORIES.iter().position(|c| c.0 == l.category) {
                        by[i] += f(l.monthly_cost);
                    }
                }
                (e.option, by, f(e.total_with_people - e.total).max(0.0))
            })
            .collect();
        let any_people = rows.iter().any(|r| r.2 > 0.0);
        let mut entries: Vec<(Swatch, String)> = CATEGORIES
            .iter()
            .map(|(_, name, c)| (Swatch::Fill(*c), (*name).to_owned()))
            .collect();
        if any_people {
            entries.push((Swatch::Hatched, "People (operations FTE)".to_owned()));
        }
        let top = legend(root, &entries, 36)?;
        let max = rows
            .iter()
            .map(|r| r.1.iter().sum::<f64>() + r.2)
            .fold(0.0, f64::max);
        let n = rows.len().max(1);
        let (_, body) = root.split_vertically(top);
        let mut chart = ChartBuilder::on(&body)
            .margin_right(20)
            .margin_bottom(6)
            .x_label_area_size(42)
            .y_label_area_size(220)
            .build_cartesian_2d(0.0..nice_max(max * 1.3), -0.5..(n as f64 - 0.5))?;
        let x_fmt = |x: &f64| tick_amount(report, *x);
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .light_line_style(LIGHT_GRID)
            .bold_line_style(GRID)
            .max_light_lines(1)
            .x_labels(6)
            .x_label_formatter(&x_fmt)
            .x_desc(format!(
                "{}{}",
                per_month(report),
                if any_people {
                    " (infrastructure by category, then people)"
                } else {
                    " (infrastructure by category)"
                }
            ))
            .axis_desc_style(font(12.0))
            .label_style(font(11.0))
            .draw()?;
        for (i, (o, by, people)) in rows.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            let a = alpha(report, *o);
            let mut x0 = 0.0;
            for (k, v) in by.iter().enumerate() {
                if *v <= 0.0 {
                    continue;
                }
                let c = CATEGORIES[k].2.mix(a);
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x0, y - 0.32), (x0 + v, y + 0.32)],
                    ShapeStyle::from(&c).filled(),
                )))?;
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x0, y - 0.32), (x0 + v, y + 0.32)],
                    INK.mix(a).stroke_width(1),
                )))?;
                x0 += v;
            }
            let infra = x0;
            if *people > 0.0 {
                let p0 = chart.backend_coord(&(infra, y + 0.32));
                let p1 = chart.backend_coord(&(infra + people, y - 0.32));
                hatch(root, p0, p1)?;
            }
            let end = chart.backend_coord(&(infra + people, y));
            let mut text = amount(report, infra);
            if *people > 0.0 {
                text.push_str(&format!(" + {} people", amount(report, *people)));
            }
            root.draw(&Text::new(
                text,
                (end.0 + 6, end.1),
                font(11.0).pos(text_anchor::Pos::new(
                    text_anchor::HPos::Left,
                    text_anchor::VPos::Center,
                )),
            ))?;
            let left = chart.backend_coord(&(0.0, y));
            row_label(root, report, *o, (left.0 - 8, left.1))?;
        }
        Ok(())
    })
}

// ---------------------------------------------------------------- line charts

/// One legend entry per option, faded and labelled when disqualified.
fn option_entries(
    report: &Report,
    options: impl Iterator<Item = PlatformOption>,
) -> Vec<(Swatch, String)> {
    options
        .map(|o| {
            (
                Swatch::Line(look(o), alpha(report, o)),
                option_label(report, o),
            )
        })
        .collect()
}

/// Monthly cost per option over the planning horizon, under the scenario's growth rate.
pub fn projection(report: &Report, analysis: &Analysis) -> String {
    let p = &analysis.projection;
    let title = format!(
        "Monthly cost over {} months — {}",
        p.horizon_months,
        scenario_name(report)
    );
    render(&title, |root| {
        let entries = option_entries(report, p.options.iter().map(|o| o.option));
        let top = legend(root, &entries, 36)?;
        let (_, body) = root.split_vertically(top);
        let last = p.months.last().copied().unwrap_or(0).max(1) as f64;
        let max = p
            .options
            .iter()
            .flat_map(|o| {
                o.monthly
                    .iter()
                    .zip(&p.months)
                    .filter(|(_, m)| o.cannot_deliver_from_month.is_none_or(|c| **m < c))
                    .map(|(v, _)| *v)
            })
            .fold(0.0, f64::max);
        let mut chart = ChartBuilder::on(&body)
            .margin_right(24)
            .margin_bottom(6)
            .x_label_area_size(42)
            .y_label_area_size(72)
            .build_cartesian_2d(0.0..last, 0.0..nice_max(max * 1.05))?;
        let y_fmt = |y: &f64| tick_amount(report, *y);
        let x_fmt = |x: &f64| format!("{x:.0}");
        chart
            .configure_mesh()
            .light_line_style(LIGHT_GRID)
            .bold_line_style(GRID)
            .max_light_lines(1)
            .x_labels(12)
            .y_labels(6)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_desc(format!(
                "Month (0 = as stated; write throughput {:+}% per month, compounded)",
                p.growth_percent_per_month
            ))
            .y_desc(format!("{} (infrastructure)", per_month(report)))
            .axis_desc_style(font(12.0))
            .label_style(font(11.0))
            .draw()?;
        let every = (p.months.len() / 8).max(1);
        for (k, o) in p.options.iter().enumerate() {
            let l = look(o.option);
            let c = l.color.mix(alpha(report, o.option));
            // The line ends where the option can no longer deliver the load.
            let pts: Vec<(i32, i32)> = p
                .months
                .iter()
                .zip(&o.monthly)
                .take_while(|(m, _)| o.cannot_deliver_from_month.is_none_or(|c| **m < c))
                .map(|(&m, &v)| chart.backend_coord(&(f64::from(m), v)))
                .collect();
            if pts.is_empty() {
                continue;
            }
            // Stagger the markers so coinciding lines still show every shape.
            for pt in pts
                .iter()
                .skip((k * every / 5).min(pts.len().saturating_sub(1)))
                .step_by(every)
            {
                marker(root, l.marker, *pt, c)?;
            }
            polyline(root, pts, &l, c)?;
        }
        Ok(())
    })
}

/// Monthly cost per option against write throughput, with break-even points marked.
///
/// Only crossings between options that are not disqualified are marked; those involving the
/// recommended option (or, with no recommendation, all of them) are labelled with their rate,
/// as far as labels fit without overlapping.
pub fn throughput(report: &Report, analysis: &Analysis) -> String {
    let be = &analysis.break_even;
    let title = format!(
        "Monthly cost vs write throughput, break-evens marked — {}",
        scenario_name(report)
    );
    render(&title, |root| {
        let curve = &be.curve;
        let mut entries = option_entries(report, curve.options.iter().map(|o| o.option));
        entries.push((Swatch::Ring, "Break-even".to_owned()));
        let top = legend(root, &entries, 36)?;
        let (_, body) = root.split_vertically(top);
        let (from, to) = (be.from_write_mb_per_s.max(1e-3), be.to_write_mb_per_s);
        let to = if to > from { to } else { from * 10.0 };
        let max = curve
            .options
            .iter()
            .flat_map(|o| o.monthly.iter().flatten().copied())
            .fold(0.0, f64::max);
        let mut chart = ChartBuilder::on(&body)
            .margin_right(24)
            .margin_bottom(6)
            .x_label_area_size(42)
            .y_label_area_size(72)
            .build_cartesian_2d((from..to).log_scale(), 0.0..nice_max(max * 1.05))?;
        let y_fmt = |y: &f64| tick_amount(report, *y);
        chart
            .configure_mesh()
            .light_line_style(LIGHT_GRID)
            .bold_line_style(GRID)
            .max_light_lines(1)
            // plotters' log axis labels every 1–9 step or only decades; the 1-2-5 steps are
            // drawn below instead.
            .x_labels(0)
            .x_label_formatter(&|_| String::new())
            .y_labels(6)
            .y_label_formatter(&y_fmt)
            .x_desc(format!(
                "MB/s average write (log scale; fan-out {} and retention {} h held)",
                be.read_fanout, be.retention_hours
            ))
            .y_desc(format!("{} (infrastructure)", per_month(report)))
            .axis_desc_style(font(12.0))
            .label_style(font(11.0))
            .draw()?;

        let (ymin, ymax) = (0.0, nice_max(max * 1.05));
        for t in log_ticks(from, to) {
            let top = chart.backend_coord(&(t, ymax));
            let bottom = chart.backend_coord(&(t, ymin));
            root.draw(&PathElement::new(vec![top, bottom], GRID.stroke_width(1)))?;
            root.draw(&PathElement::new(
                vec![bottom, (bottom.0, bottom.1 + 5)],
                INK.stroke_width(1),
            ))?;
            root.draw(&Text::new(
                rate(t),
                (bottom.0, bottom.1 + 8),
                font(11.0).pos(text_anchor::Pos::new(
                    text_anchor::HPos::Center,
                    text_anchor::VPos::Top,
                )),
            ))?;
        }
        // The stated rate, for orientation.
        let stated = report.assessment.workload.write_mb_per_s;
        if stated > from && stated < to {
            let a = chart.backend_coord(&(stated, ymax));
            let b = chart.backend_coord(&(stated, ymin));
            root.draw(&DashedPathElement::new(
                vec![a, b],
                3,
                3,
                MUTED.stroke_width(1),
            ))?;
            root.draw(&Text::new(
                format!("stated {} MB/s", rate(stated)),
                (a.0 + 4, a.1 + 2),
                font(11.0).color(&MUTED),
            ))?;
        }

        for (k, o) in curve.options.iter().enumerate() {
            let l = look(o.option);
            let c = l.color.mix(alpha(report, o.option));
            // Costs are step functions: hold each value to the next sample, then step. A curve
            // ends at the option's hard limit (no value past it).
            let mut pts = Vec::with_capacity(o.monthly.len() * 2);
            let mut last: Option<f64> = None;
            for (&x, &y) in curve.write_mb_per_s.iter().zip(&o.monthly) {
                let Some(y) = y else { break };
                if let Some(prev) = last {
                    pts.push(chart.backend_coord(&(x, prev)));
                }
                pts.push(chart.backend_coord(&(x, y)));
                last = Some(y);
            }
            let ends = pts.last().copied();
            polyline(root, pts, &l, c)?;
            if let (Some(end), true) = (ends, o.monthly.iter().any(Option::is_none)) {
                // Mark the limit with a bar across the line's end.
                root.draw(&PathElement::new(
                    vec![(end.0, end.1 - 7), (end.0, end.1 + 7)],
                    c.stroke_width(3),
                ))?;
            }
            let n = curve.write_mb_per_s.len();
            for i in (6 + k * 7..n).step_by(36) {
                let Some(y) = o.monthly[i] else { break };
                let pt = chart.backend_coord(&(curve.write_mb_per_s[i], y));
                marker(root, l.marker, pt, c)?;
            }
        }

        let recommended = report.decision.recommendation.option;
        let marks: Vec<(f64, (i32, i32), bool)> = be
            .crossings
            .iter()
            .filter(|c| !is_disqualified(report, c.a) && !is_disqualified(report, c.b))
            .map(|c| {
                // At a step one option jumps past the other; the mark sits on the one that
                // does not jump, which is where the eye sees the lines cross.
                let ja = (c.above.cost_a - c.below.cost_a).abs();
                let jb = (c.above.cost_b - c.below.cost_b).abs();
                let y = if ja <= jb {
                    c.above.cost_a
                } else {
                    c.above.cost_b
                };
                let labelled = recommended.is_none_or(|r| r == c.a || r == c.b);
                (
                    c.write_mb_per_s,
                    chart.backend_coord(&(c.write_mb_per_s, y)),
                    labelled,
                )
            })
            .collect();
        // Rings first, labels after, so no ring hides a label.
        for (_, pt, _) in &marks {
            root.draw(&Circle::new(*pt, 5, WHITE.filled()))?;
            root.draw(&Circle::new(*pt, 5, INK.stroke_width(2)))?;
        }
        let mut placed: Vec<(i32, i32, i32, i32)> = marks
            .iter()
            .map(|(_, p, _)| (p.0 - 6, p.1 - 6, p.0 + 6, p.1 + 6))
            .collect();
        for (w_mb, pt, labelled) in &marks {
            if !labelled {
                continue;
            }
            let text = format!("{} MB/s", rate(*w_mb));
            let w = text_width(&text, 11.0);
            for (dx, dy) in [
                (8, -18),
                (8, 6),
                (-8 - w, -18),
                (-8 - w, 6),
                (-w / 2, -24),
                (-w / 2, 10),
            ] {
                let b = (pt.0 + dx, pt.1 + dy, pt.0 + dx + w, pt.1 + dy + 13);
                let clash = placed
                    .iter()
                    .any(|p| b.0 < p.2 && p.0 < b.2 && b.1 < p.3 && p.1 < b.3);
                if !clash && b.0 > 80 && b.2 < WIDTH as i32 - 4 {
                    root.draw(&Rectangle::new(
                        [(b.0 - 2, b.1 - 1), (b.2 + 2, b.3)],
                        WHITE.mix(0.85).filled(),
                    ))?;
                    root.draw(&Text::new(text.clone(), (b.0, b.1), font(11.0)))?;
                    placed.push(b);
                    break;
                }
            }
        }
        Ok(())
    })
}

/// P10–P90 cost range per option with the P50 marked, and each option's chance of being cheapest.
pub fn ranges(report: &Report, analysis: &Analysis) -> String {
    let mc = &analysis.monte_carlo;
    let title = format!("Monthly cost range, P10–P90 — {}", scenario_name(report));
    render(&title, |root| {
        let entries = vec![
            (Swatch::Range, "P10–P90 range".to_owned()),
            (Swatch::Median, "P50 (median)".to_owned()),
        ];
        let top = legend(root, &entries, 36)?;
        let (_, body) = root.split_vertically(top);
        let max = mc.options.iter().map(|o| o.p90).fold(0.0, f64::max);
        let n = mc.options.len().max(1);
        let mut chart = ChartBuilder::on(&body)
            .margin_right(20)
            .margin_bottom(6)
            .x_label_area_size(42)
            .y_label_area_size(220)
            .build_cartesian_2d(0.0..nice_max(max * 1.1), -0.5..(n as f64 - 0.5))?;
        let x_fmt = |x: &f64| tick_amount(report, *x);
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .light_line_style(LIGHT_GRID)
            .bold_line_style(GRID)
            .max_light_lines(1)
            .x_labels(6)
            .x_label_formatter(&x_fmt)
            .x_desc(format!(
                "{} (infrastructure; {} Monte Carlo samples, {} inputs)",
                per_month(report),
                grouped(f64::from(mc.samples)),
                mc.distribution
            ))
            .axis_desc_style(font(12.0))
            .label_style(font(11.0))
            .draw()?;
        let eligible_known = mc
            .options
            .iter()
            .any(|o| o.probability_cheapest_eligible.is_some());
        for (i, o) in mc.options.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            let l = look(o.option);
            let a = alpha(report, o.option);
            let left = chart.backend_coord(&(0.0, y));
            row_label(root, report, o.option, (left.0 - 8, left.1))?;
            if o.deliverable_share <= 0.0 {
                // No sample is deliverable: no range to draw, only why.
                root.draw(&Text::new(
                    "cannot deliver the load in any sample (no price to draw)".to_owned(),
                    (left.0 + 6, left.1),
                    font(11.0).color(&MUTED).pos(text_anchor::Pos::new(
                        text_anchor::HPos::Left,
                        text_anchor::VPos::Center,
                    )),
                ))?;
                continue;
            }
            // The bar sits in the upper part of the row, its figures under it.
            let (b0, b1) = (y - 0.02, y + 0.3);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(o.p10, b0), (o.p90, b1)],
                ShapeStyle::from(&l.color.mix(0.55 * a)).filled(),
            )))?;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(o.p10, b0), (o.p90, b1)],
                l.color.mix(a).stroke_width(1),
            )))?;
            let m0 = chart.backend_coord(&(o.p50, b1 + 0.06));
            let m1 = chart.backend_coord(&(o.p50, b0 - 0.06));
            root.draw(&Rectangle::new(
                [(m0.0 - 1, m0.1), (m0.0 + 2, m1.1)],
                ShapeStyle::from(&INK.mix(a.max(0.5))).filled(),
            ))?;
            let p = if eligible_known {
                o.probability_cheapest_eligible
            } else {
                Some(o.probability_cheapest)
            };
            let mut odds = match p {
                Some(p) => format!(" · cheapest in {} of samples", percent(p)),
                None => String::new(),
            };
            if o.deliverable_share < 1.0 {
                odds.push_str(&format!(
                    " · delivers in {} of samples",
                    percent(o.deliverable_share)
                ));
            }
            let text = format!(
                "P10 {} · P50 {} · P90 {}{odds}",
                amount(report, o.p10),
                amount(report, o.p50),
                amount(report, o.p90)
            );
            let at = chart.backend_coord(&(o.p10, y - 0.2));
            let x = at.0.min(WIDTH as i32 - 8 - text_width(&text, 11.0));
            root.draw(&Text::new(
                text,
                (x, at.1),
                font(11.0).pos(text_anchor::Pos::new(
                    text_anchor::HPos::Left,
                    text_anchor::VPos::Center,
                )),
            ))?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;
    use crate::domain::Assessment;
    use crate::report::Provenance;

    const EXAMPLES: [&str; 3] = [
        "small-azure-ingestion.json",
        "debezium-sqlserver-cdc.json",
        "large-multi-team-estate.json",
    ];

    fn book() -> &'static PriceBook {
        static BOOK: OnceLock<PriceBook> = OnceLock::new();
        BOOK.get_or_init(|| PriceBook::embedded().unwrap())
    }

    fn report_from(mut v: serde_json::Value) -> (Report, Analysis) {
        v["analysis"] = serde_json::json!({ "samples": 500 });
        let a = Assessment::from_value(v).unwrap();
        let r = Report::build(a, Provenance::default(), book());
        let an = analyse_report(&r, book());
        (r, an)
    }

    fn example(name: &str) -> serde_json::Value {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name);
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    /// A minimal XML well-formedness check: balanced, properly nested tags, no raw `<` or
    /// `&` in text, quoted attributes.
    fn assert_well_formed(svg: &str) {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = svg;
        while let Some(lt) = rest.find('<') {
            let text = &rest[..lt];
            for (i, _) in text.match_indices('&') {
                let ent = &text[i..];
                assert!(
                    ["&lt;", "&gt;", "&amp;", "&quot;", "&apos;"]
                        .iter()
                        .any(|e| ent.starts_with(e)),
                    "bare & in text: {}",
                    &ent[..ent.len().min(20)]
                );
            }
            let gt = rest[lt..].find('>').expect("unclosed tag") + lt;
            let tag = &rest[lt + 1..gt];
            assert!(!tag.contains('<'), "< inside a tag: {tag}");
            assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(
                    stack.pop().as_deref(),
                    Some(name.trim()),
                    "mismatched </{name}>"
                );
            } else if !tag.ends_with('/') && !tag.starts_with('?') && !tag.starts_with('!') {
                let name = tag.split_whitespace().next().unwrap_or("").to_owned();
                stack.push(name);
            }
            rest = &rest[gt + 1..];
        }
        assert!(stack.is_empty(), "unclosed: {stack:?}");
    }

    #[test]
    fn charts_are_well_formed_and_carry_titles_axes_and_legends() {
        for name in EXAMPLES {
            let (r, an) = report_from(example(name));
            let c = render_all(&r, &an);
            for (svg, must) in [
                (
                    &c.by_category,
                    &[
                        "Monthly cost by category",
                        "USD per month",
                        "Streaming",
                        "Compute",
                        "Storage",
                        "Network",
                        "License",
                    ][..],
                ),
                (
                    &c.projection,
                    &[
                        "Monthly cost over 36 months",
                        "USD per month",
                        "Month (0 = as stated",
                        "Event Hubs Premium",
                    ][..],
                ),
                (
                    &c.throughput,
                    &[
                        "break-evens marked",
                        "MB/s average write",
                        "USD per month",
                        "Break-even",
                    ][..],
                ),
                (
                    &c.ranges,
                    &[
                        "P10–P90",
                        "USD per month",
                        "P50 (median)",
                        "Monte Carlo samples",
                    ][..],
                ),
            ] {
                assert_well_formed(svg);
                assert!(svg.starts_with("<svg"), "{name}");
                assert!(svg.contains("<title>"), "{name}");
                assert!(
                    !svg.contains("NaN") && !svg.contains("\"inf") && !svg.contains(">inf"),
                    "{name}"
                );
                for m in must {
                    assert!(svg.contains(m), "{name}: {m} missing");
                }
            }
        }
    }

    #[test]
    fn scenario_names_are_escaped() {
        let mut v = example(EXAMPLES[0]);
        v["name"] = "<script>alert('x')</script> & \"co\"".into();
        let (r, an) = report_from(v);
        let c = render_all(&r, &an);
        for svg in [&c.by_category, &c.projection, &c.throughput, &c.ranges] {
            assert_well_formed(svg);
            assert!(!svg.contains("<script>"));
            assert!(svg.contains("&lt;script&gt;"));
        }
    }

    #[test]
    fn disqualified_options_are_labelled() {
        // Ten topics is the Standard namespace limit; 40 topics disqualifies Standard.
        let (r, an) = report_from(example(EXAMPLES[2]));
        let out = disqualified(&r);
        assert!(
            !out.is_empty(),
            "the large estate should disqualify an option"
        );
        assert_eq!(an.excluded, out);
        let c = render_all(&r, &an);
        assert!(c.by_category.contains("(disqualified)"));
        assert!(c.projection.contains("(disqualified)"));
        assert!(c.ranges.contains("(disqualified)"));
    }

    #[test]
    fn numbers_are_grouped_and_axes_rounded() {
        assert_eq!(grouped(1_234_567.6), "1,234,568");
        assert_eq!(grouped(999.4), "999");
        assert_eq!(grouped(f64::NAN), "0");
        assert_eq!(nice_max(1_234.0), 1_500.0);
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(rate(0.25), "0.25");
        assert_eq!(rate(1.0), "1");
        assert_eq!(percent(0.9999), ">99%");
        assert_eq!(percent(0.0001), "<1%");
        assert_eq!(percent(0.5), "50%");
        assert_eq!(
            log_ticks(0.1, 40.0),
            [0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0]
        );
        assert_eq!(rate(0.1), "0.1");
        assert_eq!(rate(3.27), "3.3");
        assert_eq!(fit_title(&"x".repeat(200)).chars().count(), 84);
    }

    /// `CHARTS_OUT=/tmp cargo test --lib report::charts -- --ignored` writes the charts out.
    #[test]
    #[ignore = "writes SVG files for eyeballing"]
    fn write_charts() {
        let dir = std::env::var("CHARTS_OUT").unwrap_or_else(|_| "/tmp".to_owned());
        for name in EXAMPLES {
            let (r, an) = report_from(example(name));
            let c = render_all(&r, &an);
            let stem = name.trim_end_matches(".json");
            for (kind, svg) in [
                ("category", &c.by_category),
                ("projection", &c.projection),
                ("throughput", &c.throughput),
                ("ranges", &c.ranges),
            ] {
                std::fs::write(format!("{dir}/{stem}-{kind}.svg"), svg).unwrap();
            }
        }
    }
}
