//! The canvas every chart draws on: colours and fonts, the legend and title, the rendering of
//! a chart into a labelled SVG document, and the drawing primitives the charts share.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor;

use super::looks::{Look, hatch, is_disqualified, marker, polyline};
use super::{HEIGHT, WIDTH};
use crate::domain::PlatformOption;
use crate::report::Report;

pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
pub(super) type DrawResult = Result<(), Box<dyn std::error::Error>>;

pub(super) const FONT: &str = "sans-serif";
pub(super) const INK: RGBColor = RGBColor(33, 33, 33);
pub(super) const GRID: RGBColor = RGBColor(221, 221, 221);
pub(super) const LIGHT_GRID: RGBColor = RGBColor(240, 240, 240);
pub(super) const MUTED: RGBColor = RGBColor(110, 110, 110);
/// Opacity of disqualified options.
pub(super) const FADED: f64 = 0.3;

/// A text style of `px` CSS pixels (plotters writes `size ÷ 1.24` into the SVG).
pub(super) fn font(px: f64) -> TextStyle<'static> {
    (FONT, px * 1.24).into_font().color(&INK)
}

pub(super) fn bold(px: f64) -> TextStyle<'static> {
    (FONT, px * 1.24, FontStyle::Bold).into_font().color(&INK)
}

/// Rough width of `s` at `px` (the SVG backend cannot measure text; used for layout only).
pub(super) fn text_width(s: &str, px: f64) -> i32 {
    (s.chars().count() as f64 * px * 0.56).round() as i32
}

/// What a legend entry shows before its text.
pub(super) enum Swatch {
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
pub(super) fn legend(
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
pub(super) fn fit_title(title: &str) -> String {
    const MAX: usize = 84;
    if title.chars().count() <= MAX {
        title.to_owned()
    } else {
        let mut t: String = title.chars().take(MAX - 1).collect();
        t.push('…');
        t
    }
}

pub(super) fn draw_title(root: &Area, title: &str) -> DrawResult {
    root.draw(&Text::new(fit_title(title), (14, 10), bold(15.0)))?;
    Ok(())
}

/// Run `draw` on a fresh white canvas; on any drawing error, a plain SVG that says so.
pub(super) fn render(title: &str, draw: impl FnOnce(&Area) -> DrawResult) -> String {
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
pub(super) fn label_svg(svg: String, title: &str) -> String {
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
pub(super) fn escape(s: &str) -> String {
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

/// Left labels of a horizontal bar chart: the option name, and "(disqualified)" under it.
pub(super) fn row_label(
    root: &Area,
    report: &Report,
    o: PlatformOption,
    (x, y): (i32, i32),
) -> DrawResult {
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
