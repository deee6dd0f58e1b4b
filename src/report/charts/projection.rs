//! Monthly cost per option over the planning horizon, under the growth rate.

use plotters::prelude::*;

use super::axis::{frame, house_style, nice_max, per_month, scenario_name, tick_amount};
use super::canvas::{legend, render};
use super::looks::{alpha, look, marker, option_entries, polyline};
use crate::analysis::Analysis;
use crate::report::Report;

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
        let last = f64::from(p.months.last().copied().unwrap_or(0).max(1));
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
        let mut chart =
            frame(&body, 24, 72).build_cartesian_2d(0.0..last, 0.0..nice_max(max * 1.05))?;
        let y_fmt = |y: &f64| tick_amount(report, *y);
        let x_fmt = |x: &f64| format!("{x:.0}");
        house_style(&mut chart.configure_mesh())
            .x_labels(12)
            .y_labels(6)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_desc(format!(
                "Month (0 = as stated; write throughput {:+}% per month, compounded)",
                p.growth_percent_per_month
            ))
            .y_desc(format!("{} (infrastructure)", per_month(report)))
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
