//! Command-line interface: `serve` (default), `schema`, `estimate`, `pricing import`, `import`,
//! `actuals`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Decide how to run Kafka Connect on Azure, and what it will really cost.
#[derive(Debug, Parser)]
#[command(name = "connect-advisor", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of `serve`, which also runs when no sub-command is given.
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app and JSON API (the default).
    Serve(ServeArgs),
    /// Print the JSON Schema of the scenario format (schema_version 1).
    Schema,
    /// Evaluate one scenario file and print its report.
    Estimate(EstimateArgs),
    /// Price catalog tools.
    #[command(subcommand)]
    Pricing(PricingCommand),
    /// Import a connector inventory and print it as scenario JSON (schema_version 1).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Compare an Azure Cost Management FOCUS export (actual costs) with a scenario's
    /// estimate, and print the plan-vs-actual JSON.
    Actuals(ActualsArgs),
}

#[derive(Debug, Args)]
pub struct ActualsArgs {
    /// The FOCUS cost CSV (`FocusCost` export; `-` reads standard input).
    pub file: PathBuf,
    /// The scenario JSON the estimate comes from.
    #[arg(long)]
    pub scenario: PathBuf,
    /// Compare with this option (e.g. `event_hubs.premium`); default: the option the rows'
    /// `connect-advisor-option` tags name, else the recommended one.
    #[arg(long)]
    pub option: Option<String>,
    /// Also select untagged rows of this subscription (GUID or name).
    #[arg(long)]
    pub subscription: Option<String>,
    /// Also select untagged rows of this resource group.
    #[arg(long)]
    pub resource_group: Option<String>,
    /// Billing period to compare, `YYYY-MM` (default: the latest in the file).
    #[arg(long)]
    pub period: Option<String>,
    /// Directory of price catalogs (*.csv) to use instead of the embedded ones.
    #[arg(long, env = "CONNECT_ADVISOR_PRICING_DIR")]
    pub pricing_dir: Option<PathBuf>,
}

/// Run `connect-advisor actuals`: the comparison as pretty JSON.
pub fn run_actuals(args: &ActualsArgs) -> anyhow::Result<String> {
    use anyhow::Context;
    let scenario = std::fs::read(&args.scenario)
        .with_context(|| format!("cannot read {}", args.scenario.display()))?;
    let assessment = crate::domain::Assessment::parse_json(&scenario).map_err(|errors| {
        anyhow::anyhow!(
            "{} is not a valid scenario: {errors}",
            args.scenario.display()
        )
    })?;
    let bytes = read_input(&args.file)?;
    let text = String::from_utf8(bytes)
        .map_err(|e| anyhow::anyhow!("{} is not UTF-8 text ({e})", args.file.display()))?;
    let book =
        load_price_book(args.pricing_dir.as_deref()).context("cannot load the price catalog")?;
    let report =
        crate::report::Report::build(assessment, crate::report::Provenance::default(), &book);
    let rows = crate::actuals::parse(&text, &report.estimate.currency)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let option = match &args.option {
        None => None,
        Some(id) => Some(report.estimate.option_by_id(id.trim()).ok_or_else(|| {
            anyhow::anyhow!(
                "--option {id}: the estimate's options are {}",
                crate::actuals::option_ids(&report)
            )
        })?),
    };
    let periods = crate::actuals::billing_periods(&rows);
    let period = match &args.period {
        None => periods.last().cloned(),
        Some(p) => periods
            .iter()
            .find(|x| x.start.starts_with(p.trim()))
            .cloned(),
    }
    .ok_or_else(|| {
        anyhow::anyhow!(
            "--period {}: the file's billing periods start {}",
            args.period.as_deref().unwrap_or(""),
            periods
                .iter()
                .map(|p| p.start.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })?;
    let selection = crate::actuals::Selection {
        option,
        filter: crate::actuals::Filter::new(
            args.subscription.as_deref(),
            args.resource_group.as_deref(),
        ),
    };
    let mut comparison = crate::actuals::compare(&report, &book, &rows, &selection, &period)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    comparison.notes.extend(
        args.option
            .as_deref()
            .and_then(crate::actuals::legacy_choice_note),
    );
    Ok(serde_json::to_string_pretty(&comparison)? + "\n")
}

#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// Scenario JSON file (`-` reads standard input).
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
    pub format: ReportFormat,
    /// Directory of price catalogs (*.csv) to use instead of the embedded ones.
    #[arg(long, env = "CONNECT_ADVISOR_PRICING_DIR")]
    pub pricing_dir: Option<PathBuf>,
    /// Print the report even when some lines have no price (they count 0). Without it,
    /// estimate exits with status 2 and names the `pricing refresh` command that fixes it.
    #[arg(long)]
    pub allow_missing_prices: bool,
}

/// Report renderings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// The report JSON.
    Json,
    /// Line items, one row per cost line.
    Csv,
    /// FOCUS 1.2-shaped cost rows.
    Focus,
    /// A MADR 4.0 decision record (Markdown).
    Adr,
    /// The printable HTML report.
    Html,
}

#[derive(Debug, Subcommand)]
pub enum PricingCommand {
    /// Turn saved Azure Retail Prices API response pages into a price catalog CSV.
    Import {
        /// Response pages (JSON), in the order they were fetched.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Where to write the catalog, e.g. pricing/northeurope.csv.
        #[arg(long)]
        out: PathBuf,
    },
    /// Fetch the Azure Retail Prices API and write one catalog per region and currency into
    /// DIR (loadable with --pricing-dir DIR), printing what changed against the catalogs replaced.
    Refresh(RefreshArgs),
    /// Build the embedded regional catalogs (pricing/<region>.csv and pricing/COVERAGE.md) from
    /// saved price data (../shared/price-data).
    BuildEmbedded {
        /// The price-data folder: retail-api/<region>/*.json, vm-linux-payg.csv, SOURCES.json.
        #[arg(long)]
        price_data: PathBuf,
        /// The zone-priced meters (bandwidth, peering, Private Link, load balancer).
        #[arg(long, default_value = "pricing/zones/reference-zone-prices.csv")]
        zone_prices: PathBuf,
        /// Where to write the catalogs.
        #[arg(long, default_value = "pricing")]
        out: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// Azure region (armRegionName), e.g. westeurope; repeat for several.
    #[arg(long = "region", required = true)]
    pub regions: Vec<String>,
    /// Currency code the API prices in, e.g. EUR; repeat for several.
    #[arg(long = "currency", required = true)]
    pub currencies: Vec<String>,
    /// The Retail Prices API endpoint (a mirror, or a test server).
    #[arg(long, env = "CONNECT_ADVISOR_RETAIL_PRICES_URL", default_value = crate::price_sources::retail_api::DEFAULT_API_URL)]
    pub api_url: String,
    /// Directory to write <region>-<currency>.csv catalogs into.
    #[arg(long)]
    pub out: PathBuf,
}

/// Where an inventory comes from.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A Kafka Connect REST listing: the JSON of `GET /connectors?expand=info&expand=status`,
    /// from FILE (`-` = standard input) or fetched with --url.
    ConnectRest(ConnectRestArgs),
    /// A CSV file in the shape of the downloadable template (`-` = standard input).
    Csv(CsvImportArgs),
}

#[derive(Debug, Args)]
pub struct ConnectRestArgs {
    /// The saved listing; not needed with --url.
    #[arg(required_unless_present = "url", conflicts_with = "url")]
    pub file: Option<PathBuf>,
    /// Fetch the listing from a Connect worker's REST API, e.g. http://connect:8083.
    #[arg(long)]
    pub url: Option<String>,
    /// Basic-auth user for --url.
    #[arg(long, requires = "url", conflicts_with = "token")]
    pub user: Option<String>,
    /// Basic-auth password for --url (prefer the environment variable: flags show in `ps`).
    #[arg(
        long,
        env = "CONNECT_REST_PASSWORD",
        hide_env_values = true,
        requires = "user"
    )]
    pub password: Option<String>,
    /// Bearer token for --url.
    #[arg(long, env = "CONNECT_REST_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Name of the printed scenario.
    #[arg(long, default_value = "Imported from Kafka Connect")]
    pub name: String,
}

#[derive(Debug, Args)]
pub struct CsvImportArgs {
    /// The CSV file (`-` = standard input).
    pub file: PathBuf,
    /// Name of the printed scenario.
    #[arg(long, default_value = "Imported connector inventory")]
    pub name: String,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "CONNECT_ADVISOR_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Database URL: `sqlite://path/file.db` or `postgres://user:pass@host/db`. Default: SQLite under ./data/.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// Directory of price catalogs (*.csv) to use instead of the embedded ones.
    #[arg(long, env = "CONNECT_ADVISOR_PRICING_DIR")]
    pub pricing_dir: Option<PathBuf>,
    /// Public base URL used in links the API returns, e.g. https://advisor.example.com.
    #[arg(long, env = "CONNECT_ADVISOR_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Mark cookies Secure (set when users reach the app over HTTPS).
    #[arg(long, env = "CONNECT_ADVISOR_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    /// Take the author of revisions from the fronting proxy's identity header
    /// (X-MS-CLIENT-PRINCIPAL-NAME or X-Forwarded-User). Enable only behind such a proxy.
    #[arg(
        long,
        env = "CONNECT_ADVISOR_TRUST_IDENTITY_HEADERS",
        default_value_t = false
    )]
    pub trust_identity_headers: bool,
    /// Build absolute edit and share links from X-Forwarded-Host / X-Forwarded-Proto when
    /// --public-url is not set. Enable only behind a proxy that sets (or strips) them.
    #[arg(
        long,
        env = "CONNECT_ADVISOR_TRUST_FORWARDED_HEADERS",
        default_value_t = false
    )]
    pub trust_forwarded_headers: bool,
    /// Log format.
    #[arg(long, env = "CONNECT_ADVISOR_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Refresh prices from the Azure Retail Prices API every N hours (at start, then every N
    /// hours) for the regions and currencies of saved assessments. Off when not given. A
    /// failed refresh keeps the last good catalogs and shows in /readyz and /metrics.
    #[arg(long, env = "CONNECT_ADVISOR_PRICING_REFRESH_HOURS", value_parser = clap::value_parser!(u64).range(1..=8760))]
    pub pricing_refresh_hours: Option<u64>,
    /// The Retail Prices API the background refresh uses (a mirror, or a test server).
    #[arg(long, env = "CONNECT_ADVISOR_RETAIL_PRICES_URL", default_value = crate::price_sources::retail_api::DEFAULT_API_URL)]
    pub pricing_refresh_api_url: String,
    /// Memory budget of the report cache (evaluated reports and compressed pages), MiB.
    #[arg(long, env = "CONNECT_ADVISOR_REPORT_CACHE_MIB", default_value_t = 64,
          value_parser = clap::value_parser!(u32).range(1..=65_536))]
    pub report_cache_mib: u32,
    /// Close connections that have not sent a complete request head within this many seconds.
    #[arg(long, env = "CONNECT_ADVISOR_HEADER_READ_TIMEOUT_SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=3_600))]
    pub header_read_timeout_secs: u64,
    /// On SIGTERM or Ctrl-C, wait at most this many seconds for open connections.
    #[arg(long, env = "CONNECT_ADVISOR_SHUTDOWN_TIMEOUT_SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(0..=3_600))]
    pub shutdown_timeout_secs: u64,
    /// File holding the operator's admin token (one line, at least 32 characters). Sent as
    /// `Authorization: Bearer <token>`, it reads and edits every assessment. Off when not given.
    #[arg(long, env = "CONNECT_ADVISOR_ADMIN_TOKEN_FILE")]
    pub admin_token_file: Option<PathBuf>,
    /// Anonymous creations allowed per client address and minute once the burst is spent
    /// (a token bucket; `429` with Retry-After beyond). 0 turns the limit off.
    #[arg(
        long,
        env = "CONNECT_ADVISOR_CREATE_RATE_PER_MINUTE",
        default_value_t = 60
    )]
    pub create_rate_per_minute: u32,
    /// Creations a client address may make at once before the rate applies.
    #[arg(long, env = "CONNECT_ADVISOR_CREATE_BURST", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub create_burst: u32,
    /// Sign-ins a client address may start per minute (a token bucket of that size; `429` with
    /// Retry-After beyond). Each start stores a pending sign-in for ten minutes, so this bounds
    /// what one address can make the database hold. 0 turns the limit off.
    #[arg(
        long,
        env = "CONNECT_ADVISOR_SIGN_IN_RATE_PER_MINUTE",
        default_value_t = 30
    )]
    pub sign_in_rate_per_minute: u32,
    /// Most assessments this instance holds (`507` beyond). No bound when not given.
    #[arg(long, env = "CONNECT_ADVISOR_MAX_ASSESSMENTS",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub max_assessments: Option<u64>,
    /// Take the client address for the creation limit from the last X-Forwarded-For entry.
    /// Enable only behind a proxy that appends it (Container Apps, App Service, a load balancer).
    #[arg(
        long,
        env = "CONNECT_ADVISOR_TRUST_FORWARDED_FOR",
        default_value_t = false
    )]
    pub trust_forwarded_for: bool,
    /// Team sign-in: the OpenID Connect issuer URL (e.g.
    /// https://login.microsoftonline.com/<tenant>/v2.0). Needs --oidc-client-id and
    /// --public-url. Off when not given.
    #[arg(long, env = "CONNECT_ADVISOR_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    /// The client (application) id registered with the OpenID Connect provider.
    #[arg(long, env = "CONNECT_ADVISOR_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,
    /// File holding the client secret (one line). The environment variable
    /// CONNECT_ADVISOR_OIDC_CLIENT_SECRET may hold the secret itself instead.
    #[arg(long, env = "CONNECT_ADVISOR_OIDC_CLIENT_SECRET_FILE")]
    pub oidc_client_secret_file: Option<PathBuf>,
    /// How long a sign-in lasts, hours.
    #[arg(long, env = "CONNECT_ADVISOR_SESSION_HOURS", default_value_t = 12,
          value_parser = clap::value_parser!(u64).range(1..=720))]
    pub session_hours: u64,
}

/// The environment variable that may hold the OpenID Connect client secret itself (a flag
/// would show it in `ps`).
pub const OIDC_CLIENT_SECRET_ENV: &str = "CONNECT_ADVISOR_OIDC_CLIENT_SECRET";

impl ServeArgs {
    /// The OpenID Connect settings, when `--oidc-issuer` is given: the client id and
    /// `--public-url` (the redirect URI must be stable) are then required, and the secret is
    /// read from `--oidc-client-secret-file` or `secret_env` (the value of
    /// [`OIDC_CLIENT_SECRET_ENV`]).
    pub fn oidc_settings(
        &self,
        secret_env: Option<String>,
    ) -> anyhow::Result<Option<crate::config::OidcSettings>> {
        use anyhow::Context;
        let Some(issuer) = self
            .oidc_issuer
            .as_deref()
            .map(str::trim)
            .filter(|i| !i.is_empty())
        else {
            return Ok(None);
        };
        let url = url::Url::parse(issuer)
            .with_context(|| format!("--oidc-issuer {issuer:?} is not a URL"))?;
        if url.scheme() != "https"
            && !matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
        {
            anyhow::bail!("--oidc-issuer must be an https URL (http only on localhost, for tests)");
        }
        let client_id = self
            .oidc_client_id
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .context("--oidc-issuer needs --oidc-client-id")?;
        if self
            .public_url
            .as_deref()
            .is_none_or(|u| u.trim().is_empty())
        {
            anyhow::bail!(
                "--oidc-issuer needs --public-url: the redirect URI registered with the provider is {{public-url}}/auth/callback"
            );
        }
        let from_file = match &self.oidc_client_secret_file {
            Some(path) => Some(
                std::fs::read_to_string(path)
                    .with_context(|| {
                        format!("cannot read the client secret file {}", path.display())
                    })?
                    .trim()
                    .to_owned(),
            ),
            None => None,
        };
        let secret = from_file
            .or_else(|| secret_env.map(|s| s.trim().to_owned()))
            .filter(|s| !s.is_empty())
            .map(crate::config::Secret::new);
        Ok(Some(crate::config::OidcSettings {
            issuer: issuer.trim_end_matches('/').to_owned(),
            client_id: client_id.to_owned(),
            client_secret: secret,
        }))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl ServeArgs {
    pub fn settings(&self) -> crate::config::Settings {
        crate::config::Settings {
            addr: self.addr,
            database_url: self.database_url.clone().filter(|u| !u.trim().is_empty()),
            pricing_dir: self.pricing_dir.clone(),
            secure_cookies: self.secure_cookies,
            trust_identity_headers: self.trust_identity_headers,
            trust_forwarded_headers: self.trust_forwarded_headers,
            public_url: self
                .public_url
                .clone()
                .map(|u| u.trim_end_matches('/').to_owned()),
            report_cache_bytes: usize::try_from(self.report_cache_mib)
                .unwrap_or(usize::MAX / (1 << 20))
                * (1 << 20),
            header_read_timeout: std::time::Duration::from_secs(self.header_read_timeout_secs),
            shutdown_timeout: std::time::Duration::from_secs(self.shutdown_timeout_secs),
            create_rate_per_minute: self.create_rate_per_minute,
            create_burst: self.create_burst,
            sign_in_rate_per_minute: self.sign_in_rate_per_minute,
            max_assessments: self.max_assessments,
            trust_forwarded_for: self.trust_forwarded_for,
            session_lifetime: std::time::Duration::from_secs(self.session_hours * 3600),
            ..crate::config::Settings::default()
        }
    }
}

/// Load the price book: the embedded catalogs, or every `*.csv` of `dir`.
pub fn load_price_book(
    dir: Option<&std::path::Path>,
) -> Result<crate::pricing::PriceBook, crate::pricing::LoadError> {
    match dir {
        Some(d) => crate::pricing::PriceBook::load_dir(d),
        None => crate::pricing::PriceBook::embedded(),
    }
}

/// The JSON Schema of [`crate::domain::Scenario`], pretty-printed.
pub fn scenario_schema() -> String {
    let schema = schemars::schema_for!(crate::domain::Scenario);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// Run `connect-advisor import …`: the scenario JSON goes to standard output, the import
/// report (notes, warnings, what needs confirming) to standard error.
pub fn run_import(command: &ImportCommand) -> anyhow::Result<()> {
    use anyhow::Context;
    let typical = crate::import::knowledge_base_figures;
    let (import, name) = match command {
        ImportCommand::ConnectRest(args) => {
            let bytes = match (&args.file, &args.url) {
                (_, Some(url)) => fetch_listing(url, args)?,
                (Some(file), None) => read_input(file)?,
                (None, None) => anyhow::bail!("give a FILE or --url"),
            };
            (
                crate::import::connect_rest::parse(&bytes, &typical)?,
                &args.name,
            )
        }
        ImportCommand::Csv(args) => {
            let bytes = read_input(&args.file)?;
            (
                crate::import::csv_template::parse(&bytes, &typical)?,
                &args.name,
            )
        }
    };
    let scenario = crate::import::new_scenario(name, &import);
    for line in crate::import::report_lines(&import.report) {
        eprintln!("{line}");
    }
    eprintln!(
        "note: region, workload, network and team figures are placeholders; review them before estimating"
    );
    if let Err(errors) = crate::domain::Assessment::validate(scenario.clone()) {
        anyhow::bail!("the imported scenario does not validate: {errors}");
    }
    let json = serde_json::to_string_pretty(&scenario).context("cannot print the scenario")?;
    println!("{json}");
    Ok(())
}

fn read_input(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    use anyhow::Context;
    use std::io::Read;
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        Ok(bytes)
    } else {
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
    }
}

/// Largest listing `--url` accepts; 5,000 connectors of generous config stay far below it.
const MAX_LISTING_BYTES: u64 = 64 * 1024 * 1024;

/// `GET {url}/connectors?expand=info&expand=status`, with basic auth or a bearer token.
fn fetch_listing(url: &str, args: &ConnectRestArgs) -> anyhow::Result<Vec<u8>> {
    use anyhow::Context;
    use base64::Engine;
    // Never echo a URL that may carry credentials.
    let shown = crate::config::redact_url(url);
    let base = url.trim_end_matches('/');
    let full = if base.contains("/connectors") {
        base.to_owned()
    } else {
        format!("{base}/connectors?expand=info&expand=status")
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(60)))
        // A redirect could carry the Authorization header to another host.
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    let mut request = agent.get(&full).header("Accept", "application/json");
    if let Some(token) = &args.token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    } else if let Some(user) = &args.user {
        let pair = format!("{user}:{}", args.password.as_deref().unwrap_or(""));
        let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
        request = request.header("Authorization", &format!("Basic {encoded}"));
    }
    let mut response = request
        .call()
        .with_context(|| format!("cannot reach the Connect REST API at {shown}"))?;
    let status = response.status();
    if !status.is_success() {
        anyhow::bail!(
            "the Connect REST API at {shown} answered {status}{}",
            if status.as_u16() == 401 || status.as_u16() == 403 {
                " (check --user/--password or --token)"
            } else {
                ""
            }
        );
    }
    response
        .body_mut()
        .with_config()
        .limit(MAX_LISTING_BYTES)
        .read_to_vec()
        .with_context(|| format!("cannot read the listing from {shown}"))
}

#[cfg(test)]
mod oidc_flag_tests {
    use super::*;

    fn args(extra: &[&str]) -> ServeArgs {
        let mut argv = vec!["connect-advisor"];
        argv.extend_from_slice(extra);
        Cli::try_parse_from(argv).expect("flags").serve
    }

    #[test]
    fn without_an_issuer_sign_in_is_off() {
        assert!(
            args(&[])
                .oidc_settings(Some("s".into()))
                .expect("ok")
                .is_none()
        );
    }

    #[test]
    fn an_issuer_needs_a_client_id_and_a_public_url() {
        let e = args(&["--oidc-issuer", "https://login.example.com/t/v2.0"])
            .oidc_settings(None)
            .unwrap_err();
        assert!(e.to_string().contains("--oidc-client-id"), "{e}");
        let e = args(&[
            "--oidc-issuer",
            "https://login.example.com/t/v2.0",
            "--oidc-client-id",
            "app",
        ])
        .oidc_settings(None)
        .unwrap_err();
        assert!(e.to_string().contains("--public-url"), "{e}");
        let e = args(&[
            "--oidc-issuer",
            "http://idp.example.com",
            "--oidc-client-id",
            "app",
            "--public-url",
            "https://a.example",
        ])
        .oidc_settings(None)
        .unwrap_err();
        assert!(e.to_string().contains("https"), "{e}");
    }

    #[test]
    fn the_secret_comes_from_the_file_before_the_environment() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("secret");
        std::fs::write(&file, "from-file\n").expect("write");
        let base = [
            "--oidc-issuer",
            "https://login.example.com/t/v2.0/",
            "--oidc-client-id",
            "app",
            "--public-url",
            "https://advisor.example.com",
        ];
        let s = args(&base)
            .oidc_settings(Some(" from-env ".into()))
            .expect("ok")
            .expect("on");
        assert_eq!(s.issuer, "https://login.example.com/t/v2.0");
        assert_eq!(
            s.client_secret.as_ref().map(crate::config::Secret::expose),
            Some("from-env")
        );
        assert!(
            !format!("{s:?}").contains("from-env"),
            "the secret never shows in Debug"
        );
        let mut with_file = base.to_vec();
        let path = file.display().to_string();
        with_file.extend(["--oidc-client-secret-file", path.as_str()]);
        let s = args(&with_file)
            .oidc_settings(Some("from-env".into()))
            .expect("ok")
            .expect("on");
        assert_eq!(
            s.client_secret.as_ref().map(crate::config::Secret::expose),
            Some("from-file")
        );
    }
}
