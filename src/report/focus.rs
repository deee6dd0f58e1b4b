//! The estimate as a FOCUS 1.2-shaped CSV, so FinOps tools that read FOCUS cost data (and
//! Azure Cost Management's `FocusCost` export) can line the estimate up against actuals.
//!
//! FOCUS describes *billing* data; an estimate in FOCUS shape is an off-label use. Every
//! Mandatory v1.2 column is present, in spec order, followed by the Recommended and
//! Conditional columns an estimate can fill, then `x_` columns for what only an estimate has
//! (scenario, option, verdict, formula, price provenance, P10/P50/P90). The conventions for
//! the invoice-bound columns are documented on [`focus_csv`] and in the README ("Exports").
//!
//! Pure: the charge period is a parameter, never the clock.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use time::{Date, Month};

use super::Report;
use super::csv::RowWriter;
use crate::cost::{Category, CostLine, PriceRef, round_cents};
use crate::domain::Named;
use crate::domain::{ObjectStorageProfile, PlatformOption, region_display_name};
use crate::pricing::PriceType;

#[path = "focus_row.rs"]
mod row;
#[path = "focus_unit.rs"]
mod unit;
use row::{FocusRow, OptionFacts, ReportFacts};

/// The spread of one option's monthly cost, from the Monte Carlo (P10, P50, P90), in the
/// report currency. Option-level: it describes the option's monthly total, not a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CostRange {
    /// 10th percentile ("low").
    pub p10: f64,
    /// Median ("likely").
    pub p50: f64,
    /// 90th percentile ("high").
    pub p90: f64,
}

/// How many leading columns of [`FOCUS_HEADER`] are the FOCUS v1.2 Mandatory columns.
pub const FOCUS_MANDATORY_COUNT: usize = 21;

/// The header of the FOCUS CSV. Stable: columns may be added (before the `x_` block for
/// FOCUS columns, at the end for `x_` columns), never renamed or reordered.
pub const FOCUS_HEADER: [&str; 64] = [
    // FOCUS v1.2 Mandatory, in the specification's order.
    "BilledCost",
    "BillingAccountId",
    "BillingAccountName",
    "BillingCurrency",
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "ChargeCategory",
    "ChargeClass",
    "ChargeDescription",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "ContractedCost",
    "EffectiveCost",
    "InvoiceIssuerName",
    "ListCost",
    "PricingQuantity",
    "PricingUnit",
    "ProviderName",
    "PublisherName",
    "ServiceCategory",
    "ServiceName",
    // Recommended.
    "ChargeFrequency",
    "InvoiceId",
    "ServiceSubcategory",
    // Conditional, where an estimate has the data.
    "PricingCategory",
    "ListUnitPrice",
    "ContractedUnitPrice",
    "ConsumedQuantity",
    "ConsumedUnit",
    "RegionId",
    "RegionName",
    "ResourceType",
    "SkuId",
    "SkuPriceId",
    "SkuMeter",
    "SkuPriceDetails",
    "CommitmentDiscountCategory",
    "CommitmentDiscountId",
    "CommitmentDiscountName",
    "CommitmentDiscountStatus",
    "CommitmentDiscountType",
    "Tags",
    // Estimate-only extensions.
    "x_Estimate",
    "x_CostKind",
    "x_CostCategory",
    "x_ScenarioName",
    "x_AssessmentId",
    "x_Revision",
    "x_Platform",
    "x_Option",
    "x_OptionName",
    "x_Verdict",
    "x_Formula",
    "x_PriceCatalog",
    "x_PriceCatalogVersion",
    "x_PriceEffectiveDate",
    "x_PriceSource",
    "x_Flag",
    "x_CostLow",
    "x_CostLikely",
    "x_CostHigh",
    "x_PricingUnitDescription",
    // The Connect runtime the option is priced on (issue 13), e.g. `vm`, `aks`,
    // `container_apps_dedicated`: option-level, repeated on every row of the option, so rows
    // filter and group by runtime as they do by `x_Option`.
    "x_ConnectRuntime",
    // The vendor profile of a Kafka-compatible option (issue 13 §2): `warpstream`, `automq`,
    // `automq_open_source` or `redpanda`; empty for every other platform.
    "x_ObjectStorageProfile",
];

/// The Azure tag name the FOCUS `Tags` column uses to name the option a line belongs to.
/// Tag the real resources with it after migration so `FocusCost` actuals can be matched to
/// the estimate. (Azure tag names may not contain `/`, hence the dashes.)
pub const OPTION_TAG: &str = "connect-advisor-option";

const MICROSOFT: &str = "Microsoft";
/// Provider of the people lines: the organisation's own staff, not a vendor.
const SELF_MANAGED: &str = "Self-managed";
/// Provider of the object-storage platform's licence line (AutoMQ BYOC, Redpanda BYOC, at the
/// user's figure): the vendor is the row's `x_ObjectStorageProfile`.
const PLATFORM_VENDOR: &str = "Kafka-compatible platform vendor";

/// Whether a row is cloud infrastructure or the people section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CostKind {
    Infrastructure,
    People,
}

impl CostKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Infrastructure => "infrastructure",
            Self::People => "people",
        }
    }
}

/// How a cost line maps onto FOCUS's service columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FocusService {
    pub name: String,
    /// One of FOCUS's fixed ServiceCategory values.
    pub category: &'static str,
    /// One of FOCUS 1.2's ServiceSubcategory values (its parent is `category`).
    pub subcategory: &'static str,
    /// Provider, publisher and invoice issuer (the same party for every line we price).
    pub provider: &'static str,
    pub resource_type: &'static str,
    /// A fixed monthly fee (the platform subscription) rather than metered usage.
    pub fixed_fee: bool,
}

/// FOCUS service columns of a line. The spec assigns no Azure service to a category; these
/// mappings are ours: Event Hubs is *Integration / Messaging* (it carries messages between
/// applications; the analytics happen elsewhere), VMs *Compute / Virtual Machines*, the AKS
/// control plane *Compute / Containers*, managed disks *Storage / Block Storage*, Blob
/// (storage accounts) *Storage / Object Storage*, bandwidth, peering and Private Link
/// *Networking / Network Connectivity*.
///
/// Each ServiceName has exactly one ServiceSubcategory (FOCUS ServiceName-C-008: one that best
/// aligns with its primary purpose), so the catalog's `Storage` service is split into Azure's
/// own service names, *Storage Accounts* and *Managed Disks*, and Private Link keeps its own
/// name for both its endpoints and its data processed. Lines without a price reuse the name and
/// subcategory of their category's priced lines, except storage, which cannot tell Blob from
/// disk and is written *Storage / Other (Storage)*.
pub(crate) fn focus_service(line: &CostLine, kind: CostKind) -> FocusService {
    let svc = |name: &str, category, subcategory, resource_type| FocusService {
        name: name.to_owned(),
        category,
        subcategory,
        provider: MICROSOFT,
        resource_type,
        fixed_fee: false,
    };
    if kind == CostKind::People || line.category == Category::Operations {
        // Not a cloud service: kept out of every real category so a ServiceCategory pivot
        // of actuals against the estimate never mixes salaries into Compute.
        return FocusService {
            name: "Operations staff".to_owned(),
            category: "Other",
            subcategory: "Other (Other)",
            provider: SELF_MANAGED,
            resource_type: "",
            fixed_fee: false,
        };
    }
    let Some(pr) = &line.price_ref else {
        if line.unit_price.is_some() && line.component.starts_with("Vendor-managed Connect") {
            // The vendor's managed Connect at the user's own rates: metered by the vendor.
            return FocusService {
                name: "Vendor-managed Kafka Connect".to_owned(),
                category: "Integration",
                subcategory: "Messaging",
                provider: PLATFORM_VENDOR,
                resource_type: "",
                fixed_fee: false,
            };
        }
        if line.unit_price.is_some() || line.category == Category::License {
            // A user-set amount (the object-storage platform's subscription): a fixed monthly
            // fee, not metered. Written as `Usage` with a `Recurring` frequency, not as a
            // `Purchase`: the FOCUS validator wants EffectiveCost 0 on every `Purchase` row
            // (EffectiveCost-C-005 means prepayments, which it cannot tell from a monthly
            // fee), and this fee is the month's cost of using the platform.
            return FocusService {
                name: "Kafka-compatible platform subscription".to_owned(),
                category: "Integration",
                subcategory: "Messaging",
                provider: PLATFORM_VENDOR,
                resource_type: "",
                fixed_fee: true,
            };
        }
        // A catalog meter with no price: the service follows from the line's category.
        return match line.category {
            Category::Streaming => svc("Event Hubs", "Integration", "Messaging", ""),
            Category::Compute => svc("Virtual Machines", "Compute", "Virtual Machines", ""),
            Category::Storage => svc("Storage", "Storage", "Other (Storage)", ""),
            Category::Monitoring => svc(
                "Log Analytics",
                "Management and Governance",
                "Observability",
                "",
            ),
            _ => svc("Bandwidth", "Networking", "Network Connectivity", ""),
        };
    };
    let product = pr.product.as_str();
    match pr.service.as_str() {
        "Event Hubs" => svc(
            &pr.service,
            "Integration",
            "Messaging",
            "Event Hubs namespace",
        ),
        "Virtual Machines" => svc(
            &pr.service,
            "Compute",
            "Virtual Machines",
            "Virtual machine",
        ),
        "Azure Kubernetes Service" => {
            svc(&pr.service, "Compute", "Containers", "Kubernetes service")
        }
        "Storage" if product.contains("Blob") => svc(
            "Storage Accounts",
            "Storage",
            "Object Storage",
            "Storage account",
        ),
        "Storage" => svc("Managed Disks", "Storage", "Block Storage", "Managed disk"),
        "Bandwidth" => svc(&pr.service, "Networking", "Network Connectivity", ""),
        "Virtual Network" if product.contains("Private Link") => svc(
            "Private Link",
            "Networking",
            "Network Connectivity",
            "Private endpoint",
        ),
        "Virtual Network" if product == "NAT Gateway" => svc(
            "NAT Gateway",
            "Networking",
            "Network Connectivity",
            "NAT gateway",
        ),
        "Virtual Network" if product == "IP Addresses" => svc(
            "Public IP Addresses",
            "Networking",
            "Network Connectivity",
            "Public IP address",
        ),
        "Virtual Network" => svc(
            &pr.service,
            "Networking",
            "Network Connectivity",
            "Virtual network peering",
        ),
        "Key Vault" => svc(&pr.service, "Security", "Secret Management", "Key vault"),
        // The vendor's own list price (a catalog row, not an Azure meter): billed by WarpStream.
        "WarpStream" => FocusService {
            provider: "WarpStream",
            ..svc("WarpStream BYOC", "Integration", "Messaging", "")
        },
        "Azure Container Apps" => svc(&pr.service, "Compute", "Containers", "Container app"),
        "Container Instances" => svc(&pr.service, "Compute", "Containers", "Container group"),
        "Container Registry" => svc(&pr.service, "Compute", "Containers", "Container registry"),
        // A service the cost model does not price today: named after the catalog's service
        // and its category's "Other" subcategory.
        _ => match line.category {
            Category::Streaming => svc(&pr.service, "Integration", "Other (Integration)", ""),
            Category::Compute => svc(&pr.service, "Compute", "Other (Compute)", ""),
            Category::Storage => svc(&pr.service, "Storage", "Other (Storage)", ""),
            Category::Network => svc(&pr.service, "Networking", "Other (Networking)", ""),
            Category::Monitoring => svc(
                &pr.service,
                "Management and Governance",
                "Observability",
                "",
            ),
            Category::License | Category::Operations => {
                svc(&pr.service, "Other", "Other (Other)", "")
            }
        },
    }
}

/// The four FOCUS cost figures of one line, and the unit prices behind them.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Costs {
    list_unit_price: Option<Decimal>,
    contracted_unit_price: Option<Decimal>,
    list: Decimal,
    contracted: Decimal,
    effective: Decimal,
}

/// Whether a line is priced at a reservation (a commitment discount).
fn reserved(pr: Option<&PriceRef>) -> bool {
    pr.is_some_and(PriceRef::is_reservation)
}

/// FOCUS cost columns of a line.
///
/// - EffectiveCost = the line's monthly cost (after commitment and negotiated discount), so
///   EffectiveCost sums to the report's totals to the cent.
/// - ContractedCost = after the negotiated discount, before any commitment discount: equal
///   to EffectiveCost except on reservation lines, where it is the pay-as-you-go price less
///   the negotiated discount.
/// - ListCost = PricingQuantity × ListUnitPrice (the pay-as-you-go catalog price, or for a
///   graduated meter the report's average price over the tiers). Without any discount it is
///   EffectiveCost itself, so cent rounding of an averaged tier price cannot make it differ.
fn costs(line: &CostLine, discount_percent: Decimal) -> Costs {
    let effective = line.monthly_cost;
    let Some(unit_price) = line.unit_price else {
        return Costs {
            list_unit_price: None,
            contracted_unit_price: None,
            list: effective,
            contracted: effective,
            effective,
        };
    };
    let pr = line.price_ref.as_deref();
    // Only catalog prices get the negotiated discount (the cost model's rule); user-set
    // amounts (people, the platform subscription) are taken as they are.
    let factor = if pr.is_some() {
        (Decimal::ONE_HUNDRED - discount_percent) / Decimal::ONE_HUNDRED
    } else {
        Decimal::ONE
    };
    let q = line.quantity;
    let (list_unit_price, list, contracted_unit_price, contracted) = if reserved(pr) {
        let list_up = line.list_unit_price.unwrap_or(unit_price);
        let contracted_up = list_up * factor;
        (
            list_up,
            round_cents(q * list_up),
            contracted_up,
            round_cents(q * contracted_up),
        )
    } else {
        let list = if factor == Decimal::ONE {
            effective
        } else {
            round_cents(q * unit_price)
        };
        (unit_price, list, unit_price * factor, effective)
    };
    // Cent rounding of an averaged tier price could leave ListCost a cent under; a list
    // cost below what is paid would be read as a surcharge, so it is floored.
    let list = list.max(contracted).max(effective);
    Costs {
        list_unit_price: Some(list_unit_price.normalize()),
        contracted_unit_price: Some(contracted_unit_price.round_dp(10).normalize()),
        list,
        contracted,
        effective,
    }
}

/// Money with exactly two decimals.
fn money(d: Decimal) -> String {
    let mut r = round_cents(d);
    r.rescale(2);
    r.to_string()
}

/// An f64 amount with two decimals; empty for NaN or infinity.
fn money_f64(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.2}")
    } else {
        String::new()
    }
}

/// FOCUS date-time: UTC, `YYYY-MM-DDTHH:mm:ssZ`, midnight.
fn focus_datetime(d: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        d.year(),
        u8::from(d.month()),
        d.day()
    )
}

/// One calendar month after `d`, the day clamped to the next month's length (31 January →
/// 28/29 February). At the end of the calendar `d` itself comes back (an empty period)
/// rather than a panic.
pub(crate) fn add_month(d: Date) -> Date {
    let (year, month) = match d.month() {
        Month::December => (d.year() + 1, Month::January),
        m => (d.year(), m.next()),
    };
    let day = d.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(d)
}

/// The placeholder billing account: `estimate:<assessment id>` for a stored assessment, else
/// `estimate:scenario-<first 16 hex digits of the SHA-256 of the scenario JSON>` — stable for
/// the same inputs, distinct for different ones, never mistaken for a real Azure account.
fn billing_account_id(report: &Report) -> String {
    if let Some(id) = report.provenance.assessment_id {
        format!("estimate:{id}")
    } else {
        let json = serde_json::to_vec(&*report.assessment).unwrap_or_default();
        let digest = Sha256::digest(&json);
        format!("estimate:scenario-{}", hex::encode(&digest[..8]))
    }
}

/// The estimate as FOCUS 1.2-shaped CSV: one row per cost line of every option (the
/// infrastructure lines, then the option's people lines), CRLF line ends, the header
/// [`FOCUS_HEADER`]. Every cell passes through [`neutralise_cell`].
///
/// `ranges` holds the Monte Carlo P10/P50/P90 of each option's monthly total; options
/// without an entry (or an empty map) leave `x_CostLow/Likely/High` empty. The values are
/// option-level and repeated on every row of the option: group by `x_Option` and take MAX,
/// never SUM them.
///
/// `period_start` opens the charge (and billing) period: one calendar month,
/// `[period_start, period_start + 1 month)`, both written as UTC midnight.
///
/// Invoice-bound conventions (there is no invoice yet):
/// - `BilledCost` = `EffectiveCost`: what the month would be invoiced with reservations paid
///   monthly, so BilledCost and EffectiveCost both sum to the report's totals.
///   `x_Estimate` = `true` on every row marks the row as estimated, not billed.
/// - `BillingAccountId` = `estimate:<assessment id>` or `estimate:scenario-<hash>`;
///   `BillingAccountName` = `Estimate: <scenario name>`.
/// - `InvoiceIssuerName` = `ProviderName` = `PublisherName` = `Microsoft` for Azure meters,
///   the platform vendor for the object-storage platform's subscription, `Self-managed` for
///   people rows.
/// - Reservations are shown amortised on the usage row they cover (`PricingCategory`
///   `Committed`, `CommitmentDiscount*` filled, status `Used`), with no separate `Purchase`
///   row, assuming monthly payment and full use.
/// - People rows: `ChargeCategory` `Usage`, `ServiceCategory` `Other`, `x_CostKind` `people`.
/// - The platform subscription: `ChargeCategory` `Usage`, `ChargeFrequency` `Recurring`.
/// - `InvoiceId` is empty (null): FOCUS wants it null for a charge with no invoice.
/// - `PricingUnit` and `ConsumedUnit` follow the FOCUS Unit Format (`Hours`, `GB-Months`,
///   `1000000 Events`, `10000 Requests`); the report's unit is in `x_PricingUnitDescription`.
pub fn focus_csv(
    report: &Report,
    ranges: &BTreeMap<PlatformOption, CostRange>,
    period_start: Date,
) -> String {
    let a = &report.assessment;
    let scenario = a.name.trim();
    let facts = ReportFacts {
        currency: report.estimate.currency.as_str(),
        region: a.region.as_str(),
        discount_percent: a.options.discount_percent,
        start: focus_datetime(period_start),
        end: focus_datetime(add_month(period_start)),
        account_id: billing_account_id(report),
        account_name: format!("Estimate: {scenario}"),
        scenario,
        assessment_id: report
            .provenance
            .assessment_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
        revision: report
            .provenance
            .revision
            .map(|r| r.to_string())
            .unwrap_or_default(),
        catalog_version: report.estimate.pricing.version.as_str(),
    };
    let mut out = RowWriter::new(&FOCUS_HEADER);
    for (estimate, verdict) in report.options() {
        let option = estimate.option;
        let (low, likely, high) = ranges.get(&option).map_or_else(Default::default, |r| {
            (money_f64(r.p10), money_f64(r.p50), money_f64(r.p90))
        });
        let o = OptionFacts {
            option,
            verdict: verdict
                .map(|v| v.verdict.key().to_owned())
                .unwrap_or_default(),
            platform: option.platform.key().to_owned(),
            runtime: estimate.connect_runtime.runtime.key(),
            profile: option
                .object_storage_profile()
                .map(ObjectStorageProfile::key)
                .unwrap_or_default(),
            low,
            likely,
            high,
            tags: {
                let mut t = serde_json::Map::new();
                t.insert(OPTION_TAG.to_owned(), option.id().into());
                serde_json::Value::Object(t).to_string()
            },
        };
        let sections = [
            (CostKind::Infrastructure, &estimate.lines),
            (CostKind::People, &estimate.people),
        ];
        for (kind, lines) in sections {
            for line in lines {
                out.write(&FocusRow::new(&facts, &o, line, kind));
            }
        }
    }
    out.finish()
}

/// `reservation_1y` → "1-year reservation".
fn term_label(price_type: PriceType) -> &'static str {
    match price_type {
        PriceType::Reservation3y => "3-year reservation",
        PriceType::Reservation1y => "1-year reservation",
        PriceType::Consumption => "Reservation",
    }
}

/// The export's `SkuId`: the catalog's service, product and SKU.
fn sku_id(p: &PriceRef) -> String {
    format!("{}/{}/{}", p.service, p.product, p.sku)
}

/// How this export identifies an infrastructure line — its `SkuPriceId`, `SkuId` (both empty
/// for a line without a catalog price) and `ServiceCategory` — so actuals can be matched to it.
pub fn focus_keys(line: &CostLine) -> (String, String, &'static str) {
    let pr = line.price_ref.as_deref();
    (
        pr.map(sku_price_id).unwrap_or_default(),
        pr.map(sku_id).unwrap_or_default(),
        focus_service(line, CostKind::Infrastructure).category,
    )
}

/// The Azure meter id with the price type when the catalog has one; otherwise a synthetic
/// id from the catalog's service, product, SKU and meter (unique within a catalog).
fn sku_price_id(p: &PriceRef) -> String {
    if p.meter_id.is_empty() {
        format!(
            "{}/{}/{}/{}:{}",
            p.service, p.product, p.sku, p.meter, p.price_type
        )
    } else {
        format!("{}:{}", p.meter_id, p.price_type)
    }
}

#[cfg(test)]
#[path = "focus_tests.rs"]
pub(crate) mod tests;
