//! Selecting an option's rows, matching them to the estimate's lines, and the variances.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use super::explain::{Explainer, GapExplanation};
use super::{ActualRow, ActualsError, BillingPeriod, EXPLAIN_THRESHOLD_PERCENT};
use crate::cost::{Category, CostLine, OptionEstimate, round_cents};
use crate::domain::{
    LEGACY_OBJECT_STORAGE_ID, LEGACY_OBJECT_STORAGE_NOTE, ObjectStorageProfile, PlatformOption,
};
use crate::pricing::PriceBook;
use crate::report::{OPTION_TAG, Report, focus_keys};

/// Untagged resources selected by where they live. Empty fields select nothing by themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Filter {
    /// A subscription GUID, `/subscriptions/<guid>`, or a subscription name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscription: Option<String>,
    /// A resource group name (without case, as Azure compares them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group: Option<String>,
}

impl Filter {
    /// A filter from optional user text (blank means unset).
    pub fn new(subscription: Option<&str>, resource_group: Option<&str>) -> Self {
        let clean = |s: Option<&str>| {
            s.map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        Self {
            subscription: clean(subscription),
            resource_group: clean(resource_group),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.subscription.is_none() && self.resource_group.is_none()
    }

    /// Whether a row is in the subscription and the resource group (each when given).
    pub fn matches(&self, row: &ActualRow) -> bool {
        if self.is_empty() {
            return false;
        }
        let sub_ok = self.subscription.as_deref().is_none_or(|s| {
            let guid = s.rsplit('/').next().unwrap_or(s);
            row.subscription_id.eq_ignore_ascii_case(s)
                || row
                    .subscription_id
                    .rsplit('/')
                    .next()
                    .is_some_and(|g| g.eq_ignore_ascii_case(guid))
                || row.subscription_name.eq_ignore_ascii_case(s)
        });
        let rg_ok = self
            .resource_group
            .as_deref()
            .is_none_or(|g| row.resource_group.eq_ignore_ascii_case(g));
        sub_ok && rg_ok
    }
}

/// Which rows are the estimate's, and which option they are compared with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Compare with this option only; `None`: the options the tags name, else the
    /// recommended one.
    pub option: Option<PlatformOption>,
    /// Rows selected by where they live (untagged resources), besides the tagged ones.
    pub filter: Filter,
}

/// The billing periods of a file, earliest first.
pub fn billing_periods(rows: &[ActualRow]) -> Vec<BillingPeriod> {
    rows.iter()
        .map(|r| r.billing_period.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Estimate against actuals for one billing period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub options: Vec<OptionComparison>,
    /// Rows selected for the estimate that match no line and no category of it (their cost
    /// is in the option's `actual` and `unmatched_actual`).
    pub unmatched_rows: Vec<UnmatchedRow>,
    pub billing_period: BillingPeriod,
    /// Every billing period of the file (each can be compared on its own).
    pub billing_periods_in_file: Vec<BillingPeriod>,
    pub currency: String,
    /// How rows were selected: `tag` (the `connect-advisor-option` tag) and/or the filter.
    pub selected_by: Vec<&'static str>,
    pub tag: &'static str,
    #[serde(skip_serializing_if = "Filter::is_empty")]
    pub filter: Filter,
    pub rows: RowCounts,
    /// What the reader must know to read the comparison: e.g. that a row tagged with the
    /// option id saved before vendor profiles (`kafka_compatible.object_storage`) was read as
    /// WarpStream BYOC. Empty when there is nothing to say.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// How the rows of the billing period were used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RowCounts {
    /// Rows of the billing period.
    pub in_period: usize,
    /// Rows selected for a compared option.
    pub selected: usize,
    /// Selected rows matched to an estimate line by meter.
    pub matched_to_line: usize,
    /// Selected rows matched only to a category (by `ServiceCategory`).
    pub matched_to_category: usize,
    /// Selected rows that match nothing.
    pub unmatched: usize,
    /// Rows not selected: other tags, untagged and outside the filter.
    pub not_selected: usize,
}

/// One option's estimate against its actual cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionComparison {
    /// The option id, e.g. `event_hubs.premium` (the tag value).
    pub option: &'static str,
    pub label: &'static str,
    /// Infrastructure estimate per month (people are never in a cloud bill).
    #[serde(with = "rust_decimal::serde::float")]
    pub estimate: Decimal,
    /// Sum of `EffectiveCost` of the option's rows, matched or not.
    #[serde(with = "rust_decimal::serde::float")]
    pub actual: Decimal,
    /// `actual − estimate`: positive means the bill is higher than planned.
    #[serde(with = "rust_decimal::serde::float")]
    pub variance: Decimal,
    /// `variance ÷ estimate × 100`, two decimals; `None` when the estimate is 0.
    pub variance_percent: Option<f64>,
    /// The part of `actual` from rows that match nothing in the estimate.
    #[serde(with = "rust_decimal::serde::float")]
    pub unmatched_actual: Decimal,
    /// The estimate's own categories (and any category an actual row was matched to).
    pub by_category: Vec<CategoryComparison>,
    pub by_line: Vec<LineComparison>,
}

/// One category of the estimate against the actual rows matched to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryComparison {
    pub category: Category,
    #[serde(with = "rust_decimal::serde::float")]
    pub estimate: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    pub actual: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    pub variance: Decimal,
    pub variance_percent: Option<f64>,
    /// The part of `actual` matched by `ServiceCategory` only, not to a line.
    #[serde(with = "rust_decimal::serde::float")]
    pub not_matched_to_a_line: Decimal,
    /// Present when the category is off by more than 10 %.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<GapExplanation>,
}

/// One estimate line against the actual rows matched to its meter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineComparison {
    pub component: String,
    pub category: Category,
    #[serde(with = "rust_decimal::serde::float")]
    pub estimate: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    pub actual: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    pub variance: Decimal,
    pub variance_percent: Option<f64>,
    /// Actual rows matched (a row shared by lines of the same meter counts for each).
    pub rows: usize,
}

/// A selected row that matches no line and no category of the estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnmatchedRow {
    pub line: u64,
    /// The option the row was selected for.
    pub option: &'static str,
    pub service_name: String,
    pub service_category: String,
    pub sku_meter: String,
    pub resource_name: String,
    #[serde(with = "rust_decimal::serde::float")]
    pub effective_cost: Decimal,
    pub reason: String,
}

/// What an estimate line is recognised by in actuals.
struct LineKeys<'a> {
    line: &'a CostLine,
    sku_price_id: String,
    sku_id: String,
    meter_id: &'a str,
    meter: &'a str,
    service: &'a str,
    /// FOCUS ServiceCategory the estimate's export gives the line.
    service_category: &'static str,
}

impl LineKeys<'_> {
    /// Matched by the exact price or meter: our export's `SkuPriceId`, or Azure's meter id.
    fn by_price_id(&self, r: &ActualRow) -> bool {
        (!r.sku_price_id.is_empty() && r.sku_price_id.eq_ignore_ascii_case(&self.sku_price_id))
            || (!self.meter_id.is_empty()
                && (r.meter_id.eq_ignore_ascii_case(self.meter_id)
                    || r.sku_price_id
                        .to_ascii_lowercase()
                        .starts_with(&self.meter_id.to_ascii_lowercase())))
    }

    /// Matched by SKU or meter name (within the same service, so a meter name that two
    /// services share cannot cross over).
    fn by_sku(&self, r: &ActualRow) -> bool {
        if !r.sku_id.is_empty() && r.sku_id.eq_ignore_ascii_case(&self.sku_id) {
            return true;
        }
        if self.meter.is_empty() || !r.sku_meter.eq_ignore_ascii_case(self.meter) {
            return false;
        }
        if r.meter_category.is_empty() {
            r.service_category
                .eq_ignore_ascii_case(self.service_category)
        } else {
            r.meter_category.eq_ignore_ascii_case(self.service)
        }
    }
}

fn percent(variance: Decimal, estimate: Decimal) -> Option<f64> {
    if estimate.is_zero() {
        return None;
    }
    let p = (variance / estimate * Decimal::ONE_HUNDRED).round_dp(2);
    p.to_f64()
}

/// Compare the estimate of `report` with the actual rows of `period`.
///
/// Row selection: a row belongs to option O when its `connect-advisor-option` tag is O's id,
/// or when it is inside the filter and tagged for no other option. Options compared: the one
/// `selection` names, else those the period's tags name (in report order), else the
/// recommended option (rows then come from the filter alone).
///
/// Matching, per row, the first that applies: (1) `SkuPriceId` equal to the estimate export's,
/// or Azure's meter id (`x_SkuMeterId`, or a `SkuPriceId` that starts with it) equal to the
/// line's catalog meter id; (2) `SkuId` equal to the export's, or the meter name (`SkuMeter`,
/// else `x_SkuMeterName`) within the same service; (3) `ServiceCategory`: Compute, Storage,
/// Networking, Integration/Analytics to the estimate's compute, storage, network, streaming
/// category when the option has lines of it, else to the category of the largest line the
/// export files under that ServiceCategory — the row then counts for the category, not a line. A row matching several lines at one step (workers and brokers on
/// the same VM size) is split between them in proportion to their estimates.
pub fn compare(
    report: &Report,
    book: &PriceBook,
    rows: &[ActualRow],
    selection: &Selection,
    period: &BillingPeriod,
) -> Result<Comparison, ActualsError> {
    let in_period: Vec<&ActualRow> = rows
        .iter()
        .filter(|r| &r.billing_period == period)
        .collect();
    if in_period.is_empty() {
        return Err(ActualsError::File(format!(
            "the file has no rows for the billing period {period}"
        )));
    }
    let currency = report.estimate.currency.clone();
    let tag_of = |r: &ActualRow| r.tags.get(OPTION_TAG).cloned();
    let option_by_id = |id: &str| report.estimate.options.iter().find(|o| o.option.has_id(id));

    let compared: Vec<&OptionEstimate> = if let Some(o) = selection.option {
        vec![report.estimate.option(o).ok_or_else(|| {
            ActualsError::File(format!(
                "the estimate has no option {}; its options are {}",
                o.id(),
                option_ids(report)
            ))
        })?]
    } else {
        let tagged: BTreeSet<String> = in_period.iter().filter_map(|r| tag_of(r)).collect();
        let named: Vec<&OptionEstimate> = report
            .estimate
            .options
            .iter()
            // `has_id`: a row tagged before vendor profiles names WarpStream BYOC.
            .filter(|o| tagged.iter().any(|t| o.option.has_id(t)))
            .collect();
        if !named.is_empty() {
            named
        } else if selection.filter.is_empty() {
            return Err(ActualsError::File(format!(
                "no row of the billing period {period} carries the tag {OPTION_TAG} with an option of this estimate ({}); \
                 tag the resources, or select them by subscription or resource group",
                option_ids(report)
            )));
        } else {
            let recommended = report
                .decision
                .recommendation
                .option
                .and_then(|o| report.estimate.option(o))
                .ok_or_else(|| {
                    ActualsError::File(
                        "the estimate recommends no option: name the option to compare with".into(),
                    )
                })?;
            vec![recommended]
        }
    };

    let selects = |o: &OptionEstimate, r: &ActualRow| match tag_of(r) {
        Some(t) if o.option.has_id(&t) => true,
        Some(t) if option_by_id(&t).is_some() => false,
        _ => selection.filter.matches(r),
    };

    let explainer = Explainer::new(report, book);
    let mut counts = RowCounts {
        in_period: in_period.len(),
        ..RowCounts::default()
    };
    let mut unmatched_rows = Vec::new();
    let mut selected_any = vec![false; in_period.len()];
    let mut options = Vec::with_capacity(compared.len());
    for o in compared {
        let keys: Vec<LineKeys<'_>> = o.lines.iter().map(line_keys).collect();
        let mut line_actual = vec![Decimal::ZERO; keys.len()];
        let mut line_rows = vec![0usize; keys.len()];
        let mut category_only: Vec<(Category, Decimal)> = Vec::new();
        let mut unmatched_actual = Decimal::ZERO;
        let mut actual = Decimal::ZERO;
        for (i, r) in in_period.iter().enumerate() {
            if !selects(o, r) {
                continue;
            }
            selected_any[i] = true;
            counts.selected += 1;
            actual += r.effective_cost;
            let mut hits: Vec<usize> = (0..keys.len())
                .filter(|&k| keys[k].by_price_id(r))
                .collect();
            if hits.is_empty() {
                hits = (0..keys.len()).filter(|&k| keys[k].by_sku(r)).collect();
            }
            if !hits.is_empty() {
                counts.matched_to_line += 1;
                split(r.effective_cost, &hits, &o.lines, &mut line_actual);
                for k in hits {
                    line_rows[k] += 1;
                }
                continue;
            }
            let by_category = category_of(&r.service_category, &o.lines, &keys);
            if let Some(c) = by_category {
                counts.matched_to_category += 1;
                category_only.push((c, r.effective_cost));
                continue;
            }
            counts.unmatched += 1;
            unmatched_actual += r.effective_cost;
            unmatched_rows.push(UnmatchedRow {
                line: r.line,
                option: o.option.id(),
                service_name: r.service_name.clone(),
                service_category: r.service_category.clone(),
                sku_meter: r.sku_meter.clone(),
                resource_name: r.resource_name.clone(),
                effective_cost: r.effective_cost,
                reason: format!(
                    "no line of the estimate has this meter, and no line is in the ServiceCategory {:?}",
                    r.service_category
                ),
            });
        }

        // Categories: the estimate's own, in the estimate's order, then any other a row hit.
        let mut categories: Vec<Category> = Vec::new();
        for l in &o.lines {
            if !categories.contains(&l.category) {
                categories.push(l.category);
            }
        }
        let mut by_category = Vec::with_capacity(categories.len());
        for c in categories {
            let estimate: Decimal = o
                .lines
                .iter()
                .filter(|l| l.category == c)
                .map(|l| l.monthly_cost)
                .sum();
            let from_lines: Decimal = o
                .lines
                .iter()
                .zip(&line_actual)
                .filter(|(l, _)| l.category == c)
                .map(|(_, a)| *a)
                .sum();
            let not_matched_to_a_line: Decimal = category_only
                .iter()
                .filter(|(k, _)| *k == c)
                .map(|(_, a)| *a)
                .sum();
            let actual = round_cents(from_lines + not_matched_to_a_line);
            let variance = actual - estimate;
            let variance_percent = percent(variance, estimate);
            let off =
                variance_percent.map_or(!actual.is_zero(), |p| p.abs() > EXPLAIN_THRESHOLD_PERCENT);
            let explanation = off.then(|| explainer.explain(o.option, c, estimate, actual));
            by_category.push(CategoryComparison {
                category: c,
                estimate,
                actual,
                variance,
                variance_percent,
                not_matched_to_a_line: round_cents(not_matched_to_a_line),
                explanation,
            });
        }
        let by_line = o
            .lines
            .iter()
            .zip(line_actual.iter().zip(&line_rows))
            .map(|(l, (a, n))| {
                let actual = round_cents(*a);
                let variance = actual - l.monthly_cost;
                LineComparison {
                    component: l.component.clone(),
                    category: l.category,
                    estimate: l.monthly_cost,
                    actual,
                    variance,
                    variance_percent: percent(variance, l.monthly_cost),
                    rows: *n,
                }
            })
            .collect();
        let actual = round_cents(actual);
        let variance = actual - o.total;
        options.push(OptionComparison {
            option: o.option.id(),
            label: o.option.label(),
            estimate: o.total,
            actual,
            variance,
            variance_percent: percent(variance, o.total),
            unmatched_actual: round_cents(unmatched_actual),
            by_category,
            by_line,
        });
    }
    counts.not_selected = selected_any.iter().filter(|s| !**s).count();
    let mut selected_by = Vec::new();
    if in_period
        .iter()
        .any(|r| tag_of(r).is_some_and(|t| option_by_id(&t).is_some()))
    {
        selected_by.push("tag");
    }
    if !selection.filter.is_empty() {
        selected_by.push("filter");
    }
    let legacy_tagged = in_period
        .iter()
        .filter(|r| tag_of(r).as_deref() == Some(LEGACY_OBJECT_STORAGE_ID))
        .count();
    Ok(Comparison {
        options,
        unmatched_rows,
        billing_period: period.clone(),
        billing_periods_in_file: billing_periods(rows),
        currency,
        selected_by,
        tag: OPTION_TAG,
        filter: selection.filter.clone(),
        rows: counts,
        notes: legacy_tag_notes(report, legacy_tagged),
    })
}

/// The note a comparison carries when the option to compare with was named by the id saved
/// before vendor profiles (a stored choice, `?option=`, `--option`); `None` for any other id.
pub fn legacy_choice_note(id: &str) -> Option<String> {
    (id.trim() == LEGACY_OBJECT_STORAGE_ID).then(|| {
        format!("The option to compare with was named {LEGACY_OBJECT_STORAGE_ID}: {LEGACY_OBJECT_STORAGE_NOTE}")
    })
}

/// The notes a comparison carries when `legacy_tagged` rows of the period carry the option
/// id saved before vendor profiles: how it is read, and, when this scenario does not compare
/// WarpStream BYOC, that those rows then name no option.
pub fn legacy_tag_notes(report: &Report, legacy_tagged: usize) -> Vec<String> {
    if legacy_tagged == 0 {
        return Vec::new();
    }
    let mut notes = vec![format!(
        "{legacy_tagged} row(s) are tagged {OPTION_TAG}={LEGACY_OBJECT_STORAGE_ID}: {LEGACY_OBJECT_STORAGE_NOTE}"
    )];
    let compared = report
        .estimate
        .options
        .iter()
        .any(|o| o.option.has_id(LEGACY_OBJECT_STORAGE_ID));
    if !compared {
        notes.push(format!(
            "This scenario does not compare {} (options.object_storage_profiles), so those rows name no option of the estimate and count only where the subscription or resource-group filter selects them.",
            ObjectStorageProfile::DEFAULT.label()
        ));
    }
    notes
}

/// The estimate category a row's `ServiceCategory` falls in: the natural one (Compute →
/// compute, Storage → storage, Networking → network, Integration or Analytics → streaming)
/// when the option has lines of it; else the category of the largest line the estimate's own
/// FOCUS export files under that ServiceCategory; else none.
fn category_of(
    service_category: &str,
    lines: &[CostLine],
    keys: &[LineKeys<'_>],
) -> Option<Category> {
    if service_category.is_empty() {
        return None;
    }
    let natural = match service_category.to_ascii_lowercase().as_str() {
        "compute" => Some(Category::Compute),
        "storage" => Some(Category::Storage),
        "networking" => Some(Category::Network),
        "management and governance" => Some(Category::Monitoring),
        "integration" | "analytics" => Some(Category::Streaming),
        _ => None,
    };
    if let Some(c) = natural.filter(|c| lines.iter().any(|l| l.category == *c)) {
        return Some(c);
    }
    keys.iter()
        .filter(|k| service_category.eq_ignore_ascii_case(k.service_category))
        .max_by_key(|k| k.line.monthly_cost)
        .map(|k| k.line.category)
}

/// The ids of the estimate's options, comma-separated: what an error about an unknown
/// option lists as the choices.
pub(crate) fn option_ids(report: &Report) -> String {
    report
        .estimate
        .options
        .iter()
        .map(|o| o.option.id())
        .collect::<Vec<_>>()
        .join(", ")
}

fn line_keys(line: &CostLine) -> LineKeys<'_> {
    let (sku_price_id, sku_id, service_category) = focus_keys(line);
    let pr = line.price_ref.as_deref();
    LineKeys {
        line,
        sku_price_id,
        sku_id,
        meter_id: pr.map_or("", |p| p.meter_id.as_str()),
        meter: pr.map_or("", |p| p.meter.as_str()),
        service: pr.map_or("", |p| p.service.as_str()),
        service_category,
    }
}

/// Share `amount` between the lines `hits`, in proportion to their estimates (equally when
/// they are all 0). Unrounded: rounding happens once, on the sums.
fn split(amount: Decimal, hits: &[usize], lines: &[CostLine], into: &mut [Decimal]) {
    let total: Decimal = hits.iter().map(|&k| lines[k].monthly_cost).sum();
    for &k in hits {
        let share = if total.is_zero() {
            amount / Decimal::from(hits.len())
        } else {
            amount * lines[k].monthly_cost / total
        };
        into[k] += share;
    }
}
