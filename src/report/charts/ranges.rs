//! P10–P90 cost range per option with the P50 marked, and each option's odds of being cheapest.

use plotters::prelude::*;
use plotters::style::text_anchor;

use super::WIDTH;
use super::axis::{amount, grouped, nice_max, option_rows, per_month, percent, scenario_name};
use super::canvas::{INK, MUTED, Swatch, font, legend, render, row_label, text_width};
use super::looks::{alpha, look};
use crate::analysis::Analysis;
use crate::report::Report;

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
        let x_desc = format!(
            "{} (infrastructure; {} Monte Carlo samples, {} inputs)",
            per_month(report),
            grouped(f64::from(mc.samples)),
            mc.distribution
        );
        let mut chart = option_rows(&body, report, nice_max(max * 1.1), n, x_desc)?;
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
