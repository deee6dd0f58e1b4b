//! Monthly cost by category per option: stacked horizontal bars, people hatched at the end.

use plotters::prelude::*;
use plotters::style::text_anchor;

use super::axis::{amount, f, nice_max, option_rows, per_month, scenario_name};
use super::canvas::{INK, Swatch, font, legend, render, row_label};
use super::looks::{alpha, hatch};
use crate::cost::Category;
use crate::domain::{Labelled, PlatformOption};
use crate::report::Report;

/// Category fills, stepping evenly in lightness so greyscale prints keep them apart.
/// The legend names each category by its label.
pub(super) const CATEGORIES: [(Category, RGBColor); 6] = [
    (Category::Streaming, RGBColor(37, 52, 148)),
    (Category::Compute, RGBColor(26, 152, 80)),
    (Category::Storage, RGBColor(244, 109, 67)),
    (Category::Monitoring, RGBColor(116, 173, 209)),
    (Category::License, RGBColor(184, 161, 214)),
    (Category::Network, RGBColor(254, 224, 139)),
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
            .map(|(cat, c)| (Swatch::Fill(*c), cat.label().to_owned()))
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
        let x_desc = format!(
            "{}{}",
            per_month(report),
            if any_people {
                " (infrastructure by category, then people)"
            } else {
                " (infrastructure by category)"
            }
        );
        let mut chart = option_rows(&body, report, nice_max(max * 1.3), n, x_desc)?;
        for (i, (o, by, people)) in rows.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            let a = alpha(report, *o);
            let mut x0 = 0.0;
            for (k, v) in by.iter().enumerate() {
                if *v <= 0.0 {
                    continue;
                }
                let c = CATEGORIES[k].1.mix(a);
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
