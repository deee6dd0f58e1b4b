//! Command-line interface: `serve` (default), `schema`, `estimate`, `pricing import`.

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
    /// Log format.
    #[arg(long, env = "CONNECT_ADVISOR_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
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
            public_url: self
                .public_url
                .clone()
                .map(|u| u.trim_end_matches('/').to_owned()),
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
