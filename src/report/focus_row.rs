//! One row of the FOCUS export as a struct: the serde names are the FOCUS column names, in
//! [`FOCUS_HEADER`](super::FOCUS_HEADER) order, and every text cell is a neutralised [`Cell`].

use rust_decimal::Decimal;
use serde::Serialize;

use super::{
    CostKind, costs, focus_service, money, region_display_name, reserved, sku_id, sku_price_id,
    term_label, unit::focus_unit,
};
use crate::cost::{CostLine, PriceRef};
use crate::domain::Named;
use crate::domain::PlatformOption;
use crate::report::csv::{Cell, cell};

/// What every row of one export shares: the period, the placeholder billing account, the
/// scenario and the catalog.
pub(super) struct ReportFacts<'a> {
    pub currency: &'a str,
    pub region: &'a str,
    pub discount_percent: Decimal,
    pub start: String,
    pub end: String,
    pub account_id: String,
    pub account_name: String,
    pub scenario: &'a str,
    pub assessment_id: String,
    pub revision: String,
    pub catalog_version: &'a str,
}

/// What every row of one option shares (option-level, repeated on each of its rows).
pub(super) struct OptionFacts {
    pub option: PlatformOption,
    pub verdict: String,
    pub platform: String,
    pub runtime: &'static str,
    pub profile: &'static str,
    /// P10, P50, P90 of the option's monthly total; empty without a Monte Carlo range.
    pub low: String,
    pub likely: String,
    pub high: String,
    /// `{"connect-advisor-option": "<option id>"}`.
    pub tags: String,
}

#[derive(Serialize)]
pub(super) struct FocusRow<'a> {
    #[serde(rename = "BilledCost")]
    billed_cost: Cell<'a>,
    #[serde(rename = "BillingAccountId")]
    billing_account_id: Cell<'a>,
    #[serde(rename = "BillingAccountName")]
    billing_account_name: Cell<'a>,
    #[serde(rename = "BillingCurrency")]
    billing_currency: Cell<'a>,
    #[serde(rename = "BillingPeriodStart")]
    billing_period_start: Cell<'a>,
    #[serde(rename = "BillingPeriodEnd")]
    billing_period_end: Cell<'a>,
    #[serde(rename = "ChargeCategory")]
    charge_category: Cell<'a>,
    #[serde(rename = "ChargeClass")]
    charge_class: Cell<'a>,
    #[serde(rename = "ChargeDescription")]
    charge_description: Cell<'a>,
    #[serde(rename = "ChargePeriodStart")]
    charge_period_start: Cell<'a>,
    #[serde(rename = "ChargePeriodEnd")]
    charge_period_end: Cell<'a>,
    #[serde(rename = "ContractedCost")]
    contracted_cost: Cell<'a>,
    #[serde(rename = "EffectiveCost")]
    effective_cost: Cell<'a>,
    #[serde(rename = "InvoiceIssuerName")]
    invoice_issuer_name: Cell<'a>,
    #[serde(rename = "ListCost")]
    list_cost: Cell<'a>,
    #[serde(rename = "PricingQuantity")]
    pricing_quantity: Cell<'a>,
    #[serde(rename = "PricingUnit")]
    pricing_unit: Cell<'a>,
    #[serde(rename = "ProviderName")]
    provider_name: Cell<'a>,
    #[serde(rename = "PublisherName")]
    publisher_name: Cell<'a>,
    #[serde(rename = "ServiceCategory")]
    service_category: Cell<'a>,
    #[serde(rename = "ServiceName")]
    service_name: Cell<'a>,
    #[serde(rename = "ChargeFrequency")]
    charge_frequency: Cell<'a>,
    #[serde(rename = "InvoiceId")]
    invoice_id: Cell<'a>,
    #[serde(rename = "ServiceSubcategory")]
    service_subcategory: Cell<'a>,
    #[serde(rename = "PricingCategory")]
    pricing_category: Cell<'a>,
    #[serde(rename = "ListUnitPrice")]
    list_unit_price: Cell<'a>,
    #[serde(rename = "ContractedUnitPrice")]
    contracted_unit_price: Cell<'a>,
    #[serde(rename = "ConsumedQuantity")]
    consumed_quantity: Cell<'a>,
    #[serde(rename = "ConsumedUnit")]
    consumed_unit: Cell<'a>,
    #[serde(rename = "RegionId")]
    region_id: Cell<'a>,
    #[serde(rename = "RegionName")]
    region_name: Cell<'a>,
    #[serde(rename = "ResourceType")]
    resource_type: Cell<'a>,
    #[serde(rename = "SkuId")]
    sku_id: Cell<'a>,
    #[serde(rename = "SkuPriceId")]
    sku_price_id: Cell<'a>,
    #[serde(rename = "SkuMeter")]
    sku_meter: Cell<'a>,
    #[serde(rename = "SkuPriceDetails")]
    sku_price_details: Cell<'a>,
    #[serde(rename = "CommitmentDiscountCategory")]
    commitment_discount_category: Cell<'a>,
    #[serde(rename = "CommitmentDiscountId")]
    commitment_discount_id: Cell<'a>,
    #[serde(rename = "CommitmentDiscountName")]
    commitment_discount_name: Cell<'a>,
    #[serde(rename = "CommitmentDiscountStatus")]
    commitment_discount_status: Cell<'a>,
    #[serde(rename = "CommitmentDiscountType")]
    commitment_discount_type: Cell<'a>,
    #[serde(rename = "Tags")]
    tags: Cell<'a>,
    #[serde(rename = "x_Estimate")]
    x_estimate: Cell<'a>,
    #[serde(rename = "x_CostKind")]
    x_cost_kind: Cell<'a>,
    #[serde(rename = "x_CostCategory")]
    x_cost_category: Cell<'a>,
    #[serde(rename = "x_ScenarioName")]
    x_scenario_name: Cell<'a>,
    #[serde(rename = "x_AssessmentId")]
    x_assessment_id: Cell<'a>,
    #[serde(rename = "x_Revision")]
    x_revision: Cell<'a>,
    #[serde(rename = "x_Platform")]
    x_platform: Cell<'a>,
    #[serde(rename = "x_Option")]
    x_option: Cell<'a>,
    #[serde(rename = "x_OptionName")]
    x_option_name: Cell<'a>,
    #[serde(rename = "x_Verdict")]
    x_verdict: Cell<'a>,
    #[serde(rename = "x_Formula")]
    x_formula: Cell<'a>,
    #[serde(rename = "x_PriceCatalog")]
    x_price_catalog: Cell<'a>,
    #[serde(rename = "x_PriceCatalogVersion")]
    x_price_catalog_version: Cell<'a>,
    #[serde(rename = "x_PriceEffectiveDate")]
    x_price_effective_date: Cell<'a>,
    #[serde(rename = "x_PriceSource")]
    x_price_source: Cell<'a>,
    #[serde(rename = "x_Flag")]
    x_flag: Cell<'a>,
    #[serde(rename = "x_CostLow")]
    x_cost_low: Cell<'a>,
    #[serde(rename = "x_CostLikely")]
    x_cost_likely: Cell<'a>,
    #[serde(rename = "x_CostHigh")]
    x_cost_high: Cell<'a>,
    #[serde(rename = "x_PricingUnitDescription")]
    x_pricing_unit_description: Cell<'a>,
    #[serde(rename = "x_ConnectRuntime")]
    x_connect_runtime: Cell<'a>,
    #[serde(rename = "x_ObjectStorageProfile")]
    x_object_storage_profile: Cell<'a>,
}

impl<'a> FocusRow<'a> {
    /// The row of one cost line of `o` (see `focus_csv` for the conventions).
    pub(super) fn new(
        r: &'a ReportFacts<'a>,
        o: &'a OptionFacts,
        line: &'a CostLine,
        kind: CostKind,
    ) -> Self {
        let svc = focus_service(line, kind);
        let c = costs(line, r.discount_percent);
        let pr = line.price_ref.as_deref();
        let committed = reserved(pr);
        let region_id = match (pr, kind, line.unit_price) {
            (Some(p), ..) => p.region.as_str(),
            // An unpriced catalog meter would have been priced in the scenario's region.
            (None, CostKind::Infrastructure, None) => r.region,
            _ => "",
        };
        let region_name = region_display_name(region_id).unwrap_or_default();
        let pricing_category = match (kind, committed) {
            (CostKind::People, _) => "Other",
            (_, true) => "Committed",
            _ => "Standard",
        };
        let frequency = if kind == CostKind::People || svc.fixed_fee {
            "Recurring"
        } else {
            "Usage-Based"
        };
        let (commit_category, commit_id, commit_name, commit_status, commit_type) =
            match pr.filter(|_| committed) {
                Some(p) => (
                    "Usage",
                    format!(
                        "estimate:{}:{}:{}/{}",
                        p.price_type, p.region, p.product, p.sku
                    ),
                    format!(
                        "{} {} ({}), estimated",
                        term_label(p.price_type),
                        p.sku,
                        p.region
                    ),
                    "Used",
                    "Reservation",
                ),
                None => Default::default(),
            };
        let sku_price_details = pr
            .map(|p| {
                let mut d = serde_json::Map::new();
                d.insert("x_CatalogUnit".into(), p.unit.clone().into());
                d.insert("x_PriceType".into(), p.price_type.as_str().into());
                if let Some(conf) = &p.confidence {
                    d.insert("x_Confidence".into(), conf.as_str().into());
                }
                serde_json::Value::Object(d).to_string()
            })
            .unwrap_or_default();
        let quantity = line.quantity.normalize().to_string();
        let unit = focus_unit(&line.unit);
        let text = |f: fn(&PriceRef) -> &str| cell(pr.map(f).unwrap_or_default());
        let option = o.option;
        Self {
            // Mandatory.
            billed_cost: cell(money(c.effective)),
            billing_account_id: cell(r.account_id.as_str()),
            billing_account_name: cell(r.account_name.as_str()),
            billing_currency: cell(r.currency),
            billing_period_start: cell(r.start.as_str()),
            billing_period_end: cell(r.end.as_str()),
            charge_category: cell("Usage"),
            charge_class: cell(""),
            charge_description: cell(line.component.as_str()),
            charge_period_start: cell(r.start.as_str()),
            charge_period_end: cell(r.end.as_str()),
            contracted_cost: cell(money(c.contracted)),
            effective_cost: cell(money(c.effective)),
            invoice_issuer_name: cell(svc.provider),
            list_cost: cell(money(c.list)),
            pricing_quantity: cell(quantity.clone()),
            pricing_unit: cell(unit.clone()),
            provider_name: cell(svc.provider),
            publisher_name: cell(svc.provider),
            service_category: cell(svc.category),
            service_name: cell(svc.name),
            // Recommended.
            charge_frequency: cell(frequency),
            // No invoice exists for an estimate: null, as FOCUS requires for a charge not
            // associated with an invoice.
            invoice_id: cell(""),
            service_subcategory: cell(svc.subcategory),
            // Conditional.
            pricing_category: cell(pricing_category),
            list_unit_price: cell(c.list_unit_price.map(|p| p.to_string()).unwrap_or_default()),
            contracted_unit_price: cell(
                c.contracted_unit_price
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
            ),
            consumed_quantity: cell(quantity),
            consumed_unit: cell(unit),
            region_id: cell(region_id),
            region_name: cell(region_name),
            resource_type: cell(svc.resource_type),
            sku_id: cell(pr.map(sku_id).unwrap_or_default()),
            sku_price_id: cell(pr.map(sku_price_id).unwrap_or_default()),
            sku_meter: text(|p| &p.meter),
            sku_price_details: cell(sku_price_details),
            commitment_discount_category: cell(commit_category),
            commitment_discount_id: cell(commit_id),
            commitment_discount_name: cell(commit_name),
            commitment_discount_status: cell(commit_status),
            commitment_discount_type: cell(commit_type),
            tags: cell(o.tags.as_str()),
            // Extensions.
            x_estimate: cell("true"),
            x_cost_kind: cell(kind.as_str()),
            x_cost_category: cell(line.category.key().to_owned()),
            x_scenario_name: cell(r.scenario),
            x_assessment_id: cell(r.assessment_id.as_str()),
            x_revision: cell(r.revision.as_str()),
            x_platform: cell(o.platform.as_str()),
            x_option: cell(option.id()),
            x_option_name: cell(option.label()),
            x_verdict: cell(o.verdict.as_str()),
            x_formula: cell(line.formula.to_string()),
            x_price_catalog: text(|p| &p.catalog),
            x_price_catalog_version: cell(r.catalog_version),
            x_price_effective_date: cell(pr.map(PriceRef::date).unwrap_or_default()),
            x_price_source: text(|p| &p.source),
            x_flag: cell(line.flag.as_deref().unwrap_or_default()),
            x_cost_low: cell(o.low.as_str()),
            x_cost_likely: cell(o.likely.as_str()),
            x_cost_high: cell(o.high.as_str()),
            x_pricing_unit_description: cell(line.unit.to_string()),
            x_connect_runtime: cell(o.runtime),
            x_object_storage_profile: cell(o.profile),
        }
    }
}
