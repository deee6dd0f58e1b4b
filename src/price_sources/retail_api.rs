//! A client of the Azure Retail Prices API (`https://prices.azure.com/api/retail/prices`):
//! one query per service and region (`$filter=serviceName eq '…' and armRegionName eq '…'`),
//! in the currency asked for (`currencyCode='EUR'`), following `NextPageLink` to the end,
//! retrying 429 and 5xx answers with back-off (honouring `Retry-After`, within a bound).
//! The pages go through the same import rules as `pricing import`.
//!
//! Blocking (ureq); call it from a blocking thread inside the server.

use std::time::Duration;

use crate::pricing::{Catalog, ImportError};

/// Microsoft's endpoint (no authentication).
pub const DEFAULT_API_URL: &str = "https://prices.azure.com/api/retail/prices";
/// Backward compatible; the version that also carries savings-plan rates.
pub const API_VERSION: &str = "2023-01-01-preview";

/// Every service the cost model prices, or is about to (the API's `serviceName`, which is
/// case-sensitive).
pub const SERVICES: &[&str] = &[
    "Event Hubs",
    "Virtual Machines",
    "Storage",
    "Azure Kubernetes Service",
    "Virtual Network",
    "Bandwidth",
    "Load Balancer",
    "VPN Gateway",
    "ExpressRoute",
    "Log Analytics",
    "Azure Monitor",
    "Key Vault",
];

/// Largest page body accepted (a page of 1,000 items is about 1 MB).
const MAX_PAGE_BYTES: u64 = 32 * 1024 * 1024;

/// Why a refresh failed; every message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    #[error(
        "cannot reach the Azure Retail Prices API at {url}: {reason}. Check network access (or pass --api-url for a mirror); the embedded catalogs and --pricing-dir keep working offline"
    )]
    Offline { url: String, reason: String },
    #[error(
        "the Retail Prices API answered {status} for {url} after {attempts} attempt(s): {body}"
    )]
    Status {
        url: String,
        status: u16,
        attempts: u32,
        body: String,
    },
    #[error(
        "the Retail Prices API asked to wait {seconds} s before retrying {url}, longer than the {limit} s this refresh waits; try again later"
    )]
    RetryTooLong {
        url: String,
        seconds: u64,
        limit: u64,
    },
    #[error("more than {limit} pages for {what}; stopped following NextPageLink")]
    TooManyPages { what: String, limit: usize },
    #[error("cannot read the answer from {url}: {reason}")]
    Body { url: String, reason: String },
    #[error("{0}")]
    Import(#[from] ImportError),
    #[error(
        "asked for prices in {asked} but the API answered in {got} ({example}); a catalog is never relabelled into another currency"
    )]
    WrongCurrency {
        asked: String,
        got: String,
        example: String,
    },
    #[error("{0}")]
    BadInput(String),
}

/// How the client behaves. The defaults suit Microsoft's endpoint.
#[derive(Debug, Clone)]
pub struct RetailApi {
    pub base_url: String,
    /// Attempts per page (the first try included).
    pub max_attempts: u32,
    /// First back-off after a 5xx without `Retry-After`; doubles each time.
    pub base_delay: Duration,
    /// Longest single wait, whether from `Retry-After` or the back-off.
    pub max_wait: Duration,
    /// Stop following `NextPageLink` after this many pages of one query.
    pub max_pages: usize,
    pub timeout: Duration,
}

impl Default for RetailApi {
    fn default() -> Self {
        Self::new(DEFAULT_API_URL)
    }
}

/// One region's catalog in one currency, fetched and imported.
#[derive(Debug, Clone)]
pub struct Refreshed {
    /// `westeurope-eur.csv`.
    pub file_name: String,
    pub region: String,
    pub currency: String,
    pub csv: String,
    pub rows: usize,
    pub pages: usize,
    /// Answers retried (429 or 5xx).
    pub retries: u32,
    pub warnings: Vec<String>,
}

/// The catalog file a refresh writes for a region and currency.
pub fn catalog_file_name(region: &str, currency: &str) -> String {
    format!("{region}-{}.csv", currency.to_ascii_lowercase())
}

impl RetailApi {
    pub fn new(base_url: &str) -> Self {
        Self {
            base_url: base_url.trim_end_matches('/').to_owned(),
            max_attempts: 6,
            base_delay: Duration::from_secs(1),
            max_wait: Duration::from_secs(60),
            max_pages: 500,
            timeout: Duration::from_secs(60),
        }
    }

    fn agent(&self) -> ureq::Agent {
        ureq::Agent::config_builder()
            .timeout_global(Some(self.timeout))
            .http_status_as_error(false)
            .build()
            .into()
    }

    /// The first page's URL of one service in one region and currency.
    pub fn query_url(&self, service: &str, region: &str, currency: &str) -> String {
        let filter = format!("serviceName eq '{service}' and armRegionName eq '{region}'");
        format!(
            "{}?api-version={API_VERSION}&currencyCode={}&$filter={}",
            self.base_url,
            encode(&format!("'{currency}'")),
            encode(&filter)
        )
    }

    /// Fetch every service of `services` for one region and currency, and import the pages
    /// into a catalog.
    pub fn refresh(
        &self,
        region: &str,
        currency: &str,
        services: &[&str],
        progress: &mut dyn FnMut(&str),
    ) -> Result<Refreshed, RefreshError> {
        check_region(region)?;
        check_currency(currency)?;
        let agent = self.agent();
        let today = crate::pricing::format_date(time::OffsetDateTime::now_utc().date());
        let mut pages = Vec::new();
        let mut retries = 0;
        for service in services {
            let what = format!(
                "serviceName eq '{service}' and armRegionName eq '{region}', currencyCode {currency}"
            );
            let mut url = Some(self.query_url(service, region, currency));
            let mut n = 0usize;
            while let Some(u) = url.take() {
                n += 1;
                if n > self.max_pages {
                    return Err(RefreshError::TooManyPages {
                        what,
                        limit: self.max_pages,
                    });
                }
                let (body, r) = self.get(&agent, &u)?;
                retries += r;
                url = next_page_link(&body);
                pages.push((
                    format!("{} ({what}), page {n}, fetched {today}", self.host()),
                    body,
                ));
            }
            progress(&format!("{region} {currency}: {service}: {n} page(s)"));
        }
        let page_count = pages.len();
        let (mut rows, warnings) = crate::pricing::import::collect_rows(&pages)?;
        // Meters Azure prices per billing zone may have no row under the region: the
        // documented zone figures fill them, in their own currency only (USD).
        let (zone, _) = crate::pricing::build::zone_rows(
            region,
            currency,
            &crate::pricing::build::shipped_zone_prices(),
            &rows,
        );
        rows.extend(zone);
        let estimates = crate::pricing::import::derived_estimates(&rows);
        rows.extend(estimates);
        let outcome = crate::pricing::import::finish(rows, warnings)?;
        let catalog = Catalog::parse(&catalog_file_name(region, currency), &outcome.csv)
            .map_err(|e| ImportError::Invalid(e.to_string()))?;
        if let Some(row) = catalog.rows.iter().find(|r| r.currency != currency) {
            return Err(RefreshError::WrongCurrency {
                asked: currency.to_owned(),
                got: row.currency.clone(),
                example: format!("{} / {} / {}", row.service, row.sku, row.meter),
            });
        }
        Ok(Refreshed {
            file_name: catalog_file_name(region, currency),
            region: region.to_owned(),
            currency: currency.to_owned(),
            rows: outcome.rows,
            csv: outcome.csv,
            pages: page_count,
            retries,
            warnings: outcome.warnings,
        })
    }

    fn host(&self) -> String {
        self.base_url
            .split("://")
            .nth(1)
            .unwrap_or(&self.base_url)
            .to_owned()
    }

    /// GET one page, retrying 429 and 5xx. Returns the body and how many retries it took.
    fn get(&self, agent: &ureq::Agent, url: &str) -> Result<(String, u32), RefreshError> {
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let mut response = agent
                .get(url)
                .header("Accept", "application/json")
                .call()
                .map_err(|e| RefreshError::Offline {
                    url: url.to_owned(),
                    reason: e.to_string(),
                })?;
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok());
            let body = response
                .body_mut()
                .with_config()
                .limit(MAX_PAGE_BYTES)
                .read_to_string();
            if (200..300).contains(&status) {
                let body = body.map_err(|e| RefreshError::Body {
                    url: url.to_owned(),
                    reason: e.to_string(),
                })?;
                return Ok((body, attempt - 1));
            }
            let retryable = status == 429 || (500..600).contains(&status);
            if !retryable || attempt >= self.max_attempts {
                let mut text = body.unwrap_or_default();
                text.truncate(300);
                return Err(RefreshError::Status {
                    url: url.to_owned(),
                    status,
                    attempts: attempt,
                    body: text,
                });
            }
            let wait = match retry_after {
                Some(s) if Duration::from_secs(s) > self.max_wait => {
                    return Err(RefreshError::RetryTooLong {
                        url: url.to_owned(),
                        seconds: s,
                        limit: self.max_wait.as_secs(),
                    });
                }
                Some(s) => Duration::from_secs(s),
                None => self
                    .base_delay
                    .saturating_mul(1 << (attempt - 1).min(16))
                    .min(self.max_wait),
            };
            std::thread::sleep(wait);
        }
    }
}

/// `NextPageLink` of a page, if it links on. Spaces and quotes some servers leave raw are
/// encoded so the link is a valid URL.
fn next_page_link(body: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Link {
        #[serde(rename = "NextPageLink", default)]
        next: Option<String>,
    }
    let link = serde_json::from_str::<Link>(body).ok()?.next?;
    let link = link.trim();
    (!link.is_empty()).then(|| link.replace(' ', "%20").replace('\'', "%27"))
}

/// Percent-encode a query value (RFC 3986 unreserved characters stay).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An `armRegionName`: lower-case letters and digits (it goes into an OData filter).
pub fn check_region(region: &str) -> Result<(), RefreshError> {
    if region.is_empty()
        || region.len() > 40
        || !region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return Err(RefreshError::BadInput(format!(
            "--region \"{region}\" is not an Azure region name such as westeurope (lower-case letters and digits)"
        )));
    }
    Ok(())
}

/// One of the currencies a scenario may use (the API's `currencyCode`).
pub fn check_currency(currency: &str) -> Result<(), RefreshError> {
    if !crate::domain::CURRENCIES.contains(&currency) {
        return Err(RefreshError::BadInput(format!(
            "--currency \"{currency}\" is not one of {}",
            crate::domain::CURRENCIES.join(", ")
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_filters_by_service_and_region_in_the_currency_asked() {
        let api = RetailApi::new("https://prices.azure.com/api/retail/prices/");
        assert_eq!(
            api.query_url("Event Hubs", "westeurope", "EUR"),
            "https://prices.azure.com/api/retail/prices?api-version=2023-01-01-preview&currencyCode=%27EUR%27&$filter=serviceName%20eq%20%27Event%20Hubs%27%20and%20armRegionName%20eq%20%27westeurope%27"
        );
    }

    #[test]
    fn links_are_followed_and_raw_spaces_encoded() {
        assert_eq!(
            next_page_link(
                r#"{"Items":[],"NextPageLink":"http://x/p?$filter=a eq 'b'&$skip=100"}"#
            ),
            Some("http://x/p?$filter=a%20eq%20%27b%27&$skip=100".to_owned())
        );
        assert_eq!(next_page_link(r#"{"Items":[],"NextPageLink":null}"#), None);
        assert_eq!(next_page_link(r#"{"Items":[]}"#), None);
    }

    #[test]
    fn bad_regions_and_currencies_are_refused_by_name() {
        assert!(check_region("westeurope").is_ok());
        let e = check_region("west europe' or 1 eq 1").unwrap_err();
        assert!(e.to_string().contains("--region"), "{e}");
        assert!(check_currency("EUR").is_ok());
        let e = check_currency("XYZ").unwrap_err();
        assert!(e.to_string().contains("--currency \"XYZ\""), "{e}");
    }

    #[test]
    fn an_unreachable_api_is_a_clear_offline_error() {
        // Port 9 on loopback: nothing listens there.
        let mut api = RetailApi::new("http://127.0.0.1:9/api/retail/prices");
        api.timeout = Duration::from_secs(5);
        let e = api
            .refresh("westeurope", "EUR", &["Event Hubs"], &mut |_| {})
            .unwrap_err();
        assert!(matches!(e, RefreshError::Offline { .. }), "{e}");
        assert!(e.to_string().contains("keep working offline"), "{e}");
    }
}
