//! How each option is drawn: colour, dash, marker, and faded when disqualified.

use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::canvas::{Area, DrawResult, FADED, INK, Swatch};
use crate::decision::Verdict;
use crate::domain::{ObjectStorageProfile, Platform, PlatformOption, Variant};
use crate::report::Report;

/// Marker shapes, one per option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    Circle,
    Triangle,
    Square,
    Cross,
    Diamond,
}

/// How an option is drawn: colour (Okabe–Ito, colour-blind safe), dash and marker.
#[derive(Debug, Clone, Copy)]
pub(super) struct Look {
    pub(super) color: RGBColor,
    /// (dash, gap) in px; `None` = solid.
    pub(super) dash: Option<(u32, u32)>,
    pub(super) marker: Marker,
}

pub(super) fn look(o: PlatformOption) -> Look {
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
        // One colour per object-storage vendor profile, all with the diamond marker.
        (Platform::KafkaCompatible, _) => match o.object_storage_profile() {
            Some(ObjectStorageProfile::AutoMq) => {
                (RGBColor(86, 180, 233), Some((5, 5)), Marker::Diamond)
            }
            Some(ObjectStorageProfile::AutoMqOpenSource) => {
                (RGBColor(128, 128, 128), Some((1, 4)), Marker::Diamond)
            }
            Some(ObjectStorageProfile::Redpanda) => {
                (RGBColor(117, 112, 179), Some((10, 3)), Marker::Diamond)
            }
            _ => (RGBColor(0, 0, 0), Some((5, 5)), Marker::Diamond),
        },
    };
    Look {
        color,
        dash,
        marker,
    }
}

/// A disqualified option as the charts name it.
pub(super) fn option_label(report: &Report, o: PlatformOption) -> String {
    if is_disqualified(report, o) {
        format!("{} (disqualified)", o.label())
    } else {
        o.label().to_owned()
    }
}

pub(super) fn is_disqualified(report: &Report, o: PlatformOption) -> bool {
    report.verdict(o) == Some(Verdict::Disqualified)
}

pub(super) fn alpha(report: &Report, o: PlatformOption) -> f64 {
    if is_disqualified(report, o) {
        FADED
    } else {
        1.0
    }
}

/// Draw a marker centred on a pixel.
pub(super) fn marker(root: &Area, m: Marker, (x, y): (i32, i32), color: RGBAColor) -> DrawResult {
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
pub(super) fn polyline(
    root: &Area,
    pts: Vec<(i32, i32)>,
    l: &Look,
    color: RGBAColor,
) -> DrawResult {
    let style = color.stroke_width(2);
    match l.dash {
        None => root.draw(&PathElement::new(pts, style))?,
        Some((dash, gap)) => root.draw(&DashedPathElement::new(pts, dash, gap, style))?,
    }
    Ok(())
}

/// Diagonal hatching inside a pixel rectangle (the people segment).
pub(super) fn hatch(root: &Area, (x0, y0): (i32, i32), (x1, y1): (i32, i32)) -> DrawResult {
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

/// One legend entry per option, faded and labelled when disqualified.
pub(super) fn option_entries(
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
