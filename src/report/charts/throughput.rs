//! Monthly cost per option against write throughput (log scale), break-evens marked.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor;

use super::WIDTH;
use super::axis::{
    frame, house_style, log_ticks, nice_max, per_month, rate, scenario_name, tick_amount,
};
use super::canvas::{GRID, INK, MUTED, Swatch, font, legend, render, text_width};
use super::looks::{alpha, is_disqualified, look, marker, option_entries, polyline};
use crate::analysis::Analysis;
use crate::report::Report;

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
        let mut chart = frame(&body, 24, 72)
            .build_cartesian_2d((from..to).log_scale(), 0.0..nice_max(max * 1.05))?;
        let y_fmt = |y: &f64| tick_amount(report, *y);
        house_style(&mut chart.configure_mesh())
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
