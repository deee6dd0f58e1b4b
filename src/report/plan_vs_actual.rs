//! The "Plan vs actual" charts: estimate and actual side by side, one pair of horizontal bars
//! per category or per line (plotters SVG, in the style of [`super::charts`]).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::actuals::OptionComparison;
use crate::cost::Category;
use crate::domain::Labelled;

const WIDTH: u32 = 760;
const FONT: &str = "sans-serif";
const INK: RGBColor = RGBColor(33, 33, 33);
const MUTED: RGBColor = RGBColor(110, 110, 110);
const ESTIMATE: RGBColor = RGBColor(158, 158, 158);
const ACTUAL: RGBColor = RGBColor(31, 119, 180);
const LABEL_W: i32 = 250;
const ROW_H: i32 = 34;
const TOP: i32 = 58;

fn category_label(c: Category) -> &'static str {
    c.label()
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// `1234.5` → `1,234.50` with the currency code.
fn amount(x: f64, currency: &str) -> String {
    let g = crate::number::group(&format!("{:.2}", x.abs()));
    format!("{}{g} {currency}", if x < 0.0 { "−" } else { "" })
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// Estimate against actual per category of one option.
pub fn by_category_svg(o: &OptionComparison, currency: &str, period: &str) -> String {
    let rows: Vec<(String, f64, f64)> = o
        .by_category
        .iter()
        .map(|c| {
            (
                category_label(c.category).to_owned(),
                f(c.estimate),
                f(c.actual),
            )
        })
        .chain(
            (!o.unmatched_actual.is_zero())
                .then(|| ("Not in the estimate".to_owned(), 0.0, f(o.unmatched_actual))),
        )
        .collect();
    bars(
        &format!("{}: estimate vs actual by category, {period}", o.label),
        &rows,
        currency,
    )
}

/// Estimate against actual per line of one option (lines with neither are left out).
pub fn by_line_svg(o: &OptionComparison, currency: &str, period: &str) -> String {
    let rows: Vec<(String, f64, f64)> = o
        .by_line
        .iter()
        .filter(|l| !(l.estimate.is_zero() && l.actual.is_zero()))
        .map(|l| (l.component.clone(), f(l.estimate), f(l.actual)))
        .collect();
    bars(
        &format!("{}: estimate vs actual by line, {period}", o.label),
        &rows,
        currency,
    )
}

/// Horizontal bar pairs: grey the estimate, blue the actual, each labelled with its amount.
fn bars(title: &str, rows: &[(String, f64, f64)], currency: &str) -> String {
    let height = (TOP + ROW_H * rows.len().max(1) as i32 + 24) as u32;
    let max = rows
        .iter()
        .flat_map(|(_, e, a)| [*e, *a])
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let mut buf = String::with_capacity(16 * 1024);
    {
        let root = SVGBackend::with_string(&mut buf, (WIDTH, height)).into_drawing_area();
        let draw = || -> Result<(), Box<dyn std::error::Error>> {
            root.fill(&WHITE)?;
            let bold = TextStyle::from((FONT, 15).into_font()).color(&INK);
            let small = TextStyle::from((FONT, 12).into_font()).color(&INK);
            let muted = TextStyle::from((FONT, 11).into_font()).color(&MUTED);
            root.draw(&Text::new(shorten(title, 84), (14, 10), bold))?;
            // Legend.
            root.draw(&Rectangle::new([(14, 34), (26, 44)], ESTIMATE.filled()))?;
            root.draw(&Text::new("Estimate", (30, 33), muted.clone()))?;
            root.draw(&Rectangle::new([(100, 34), (112, 44)], ACTUAL.filled()))?;
            root.draw(&Text::new(
                "Actual (EffectiveCost)",
                (116, 33),
                muted.clone(),
            ))?;
            let plot_w = f64::from(WIDTH as i32 - LABEL_W - 130);
            let x = |v: f64| LABEL_W + (v / max * plot_w).round() as i32;
            for (i, (label, est, act)) in rows.iter().enumerate() {
                let y = TOP + ROW_H * i as i32;
                let right = small.pos(Pos::new(HPos::Right, VPos::Center));
                root.draw(&Text::new(shorten(label, 36), (LABEL_W - 8, y + 12), right))?;
                root.draw(&Rectangle::new(
                    [(LABEL_W, y), (x(*est).max(LABEL_W + 1), y + 11)],
                    ESTIMATE.filled(),
                ))?;
                root.draw(&Rectangle::new(
                    [(LABEL_W, y + 13), (x(*act).max(LABEL_W + 1), y + 24)],
                    ACTUAL.filled(),
                ))?;
                root.draw(&Text::new(
                    amount(*est, currency),
                    (x(*est) + 6, y),
                    muted.clone(),
                ))?;
                root.draw(&Text::new(
                    amount(*act, currency),
                    (x(*act) + 6, y + 13),
                    muted.clone(),
                ))?;
            }
            if rows.is_empty() {
                root.draw(&Text::new(
                    "No line has an estimate or an actual.",
                    (LABEL_W, TOP),
                    small,
                ))?;
            }
            root.present()?;
            Ok(())
        };
        if draw().is_err() {
            drop(root);
        }
    }
    // The title and an accessible label on the root element, as the other charts do.
    match buf
        .find("<svg")
        .and_then(|o| buf[o..].find('>').map(|e| o + e))
    {
        Some(end) => {
            let t = escape(title);
            format!(
                "{} role=\"img\" aria-label=\"{t}\"><title>{t}</title>{}",
                &buf[..end],
                &buf[end + 1..]
            )
        }
        None => buf,
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_carry_both_amounts_and_escape_labels() {
        let svg = bars(
            "A <b> & c",
            &[
                ("Storage".into(), 6.71, 39.33),
                ("<script>".into(), 0.0, 38.5),
            ],
            "USD",
        );
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("6.71 USD") && svg.contains("39.33 USD") && svg.contains("38.50 USD"));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("aria-label=\"A &lt;b&gt; &amp; c\""));
        assert!(bars("empty", &[], "USD").contains("No line has"));
    }
}
