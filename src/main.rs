use std::process::ExitCode;

use clap::Parser;
use std::io::Read;
use std::path::Path;

use connect_advisor::cli::{
    Cli, Command, EstimateArgs, LogFormat, PricingCommand, ReportFormat, ServeArgs,
    load_price_book, scenario_schema,
};
use connect_advisor::domain::Assessment;
use connect_advisor::report::{FullReport, Provenance, Report};
use connect_advisor::store::Store;
use connect_advisor::web::{self, AppState};

mod allocator;

fn main() -> ExitCode {
    limit_malloc_arenas();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Schema) => {
            println!("{}", scenario_schema());
            ExitCode::SUCCESS
        }
        Some(Command::Import(command)) => match connect_advisor::cli::run_import(&command) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::FAILURE
            }
        },
        Some(Command::Actuals(args)) => {
            report_or_exit(connect_advisor::cli::run_actuals(&args).map(|json| print!("{json}")))
        }
        Some(Command::Serve(args)) => run_server(&args),
        Some(Command::Estimate(args)) => match estimate(&args) {
            Ok(true) => ExitCode::SUCCESS,
            // Some lines have no price: status 2, with the message already printed.
            Ok(false) => ExitCode::from(2),
            Err(e) => report_or_exit(Err(e)),
        },
        Some(Command::Pricing(PricingCommand::Import { files, out })) => {
            report_or_exit(pricing_import(&files, &out))
        }
        Some(Command::Pricing(PricingCommand::Refresh(args))) => {
            let api = connect_advisor::price_sources::retail_api::RetailApi::new(&args.api_url);
            report_or_exit(
                connect_advisor::price_sources::commands::refresh(
                    &api,
                    &args.regions,
                    &args.currencies,
                    &args.out,
                    &mut |m| eprintln!("{m}"),
                )
                .map(drop),
            )
        }
        Some(Command::Pricing(PricingCommand::BuildEmbedded {
            price_data,
            zone_prices,
            out,
        })) => report_or_exit(connect_advisor::price_sources::commands::build_embedded(
            &price_data,
            &zone_prices,
            &out,
            &mut |m| eprintln!("{m}"),
        )),
        None => run_server(&cli.serve),
    }
}

fn report_or_exit(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `Ok(false)`: some lines have no price and `--allow-missing-prices` was not given.
fn estimate(args: &EstimateArgs) -> anyhow::Result<bool> {
    use anyhow::Context;
    let bytes = if args.file == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("cannot read standard input")?;
        buf
    } else {
        std::fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?
    };
    let assessment = Assessment::parse_json(&bytes).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("  {}: {}", e.field, e.message))
            .collect();
        anyhow::anyhow!(
            "{} is not a valid scenario:\n{}",
            args.file.display(),
            lines.join("\n")
        )
    })?;
    let book =
        load_price_book(args.pricing_dir.as_deref()).context("cannot load the price catalog")?;
    // Refuse before the (costlier) analysis when prices are missing.
    let report = Report::build(assessment.clone(), Provenance::default(), &book);
    if let Some(message) = connect_advisor::price_sources::commands::missing_prices_message(&report)
    {
        if !args.allow_missing_prices {
            eprintln!("error: {message}");
            return Ok(false);
        }
        eprintln!("warning: {message}");
    }
    // The CSV needs no analysis; every other format shows it.
    let now = time::OffsetDateTime::now_utc();
    let out = match args.format {
        ReportFormat::Csv => connect_advisor::report::line_items_csv(&report),
        format => {
            drop(report);
            let full = FullReport::build(assessment, Provenance::default(), &book);
            match format {
                ReportFormat::Json => serde_json::to_string_pretty(&full.json())? + "\n",
                ReportFormat::Focus => {
                    full.focus_csv(now.date().replace_day(1).unwrap_or(now.date()))
                }
                ReportFormat::Adr => connect_advisor::report::madr(&full.report, now.date()),
                _ => {
                    let generated = format!(
                        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
                        now.year(),
                        u8::from(now.month()),
                        now.day(),
                        now.hour(),
                        now.minute()
                    );
                    connect_advisor::report::html::standalone_html(&full, &generated)? + "\n"
                }
            }
        }
    };
    print!("{out}");
    Ok(true)
}

fn pricing_import(files: &[std::path::PathBuf], out: &Path) -> anyhow::Result<()> {
    use anyhow::Context;
    let mut pages = Vec::with_capacity(files.len());
    for f in files {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?;
        pages.push((f.display().to_string(), text));
    }
    let outcome = connect_advisor::pricing::import_pages(&pages)?;
    for w in &outcome.warnings {
        eprintln!("warning: {w}");
    }
    std::fs::write(out, &outcome.csv).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!("wrote {} price rows to {}", outcome.rows, out.display());
    Ok(())
}

fn init_tracing(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "connect_advisor=info,tower_http=info".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Json => builder.json().flatten_event(true).init(),
        LogFormat::Text => builder.init(),
    }
}

fn run_server(args: &ServeArgs) -> ExitCode {
    init_tracing(args.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let served = runtime.block_on(serve(args));
    // Evaluations still running on blocking threads must not hold the exit past the deadline.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: &ServeArgs) -> anyhow::Result<()> {
    use anyhow::Context;
    let mut settings = args.settings();
    if let Some(path) = &args.admin_token_file {
        settings.admin_token_hash = Some(
            web::security::admin_token_hash_from_file(path)
                .context("refusing to start: the admin token is not usable")?,
        );
    }
    settings.oidc = args
        .oidc_settings(std::env::var(connect_advisor::cli::OIDC_CLIENT_SECRET_ENV).ok())
        .context("refusing to start: team sign-in is not configured correctly")?;
    // A bad catalog must stop the server before it answers with wrong prices.
    let book = load_price_book(settings.pricing_dir.as_deref()).with_context(|| match &settings
        .pricing_dir
    {
        Some(d) => format!(
            "refusing to start: the price catalogs in {} are not usable",
            d.display()
        ),
        None => "refusing to start: the embedded price catalog is not usable".to_owned(),
    })?;
    let pricing = book.pricing_ref();
    tracing::info!(catalog = %pricing.catalog, version = %pricing.version, effective = %pricing.effective_date, "price catalog loaded");
    let url = settings.database_url();
    let store = Store::connect(&url).await.with_context(|| {
        format!(
            "cannot open the database {}",
            settings.redacted_database_url()
        )
    })?;
    let listener = tokio::net::TcpListener::bind(settings.addr)
        .await
        .with_context(|| format!("cannot listen on {}", settings.addr))?;
    tracing::info!(
        addr = %listener.local_addr()?,
        database = store.backend_name(),
        "connect-advisor listening on http://{}",
        listener.local_addr()?
    );
    let origin = if settings.pricing_dir.is_some() {
        "pricing-dir"
    } else {
        "embedded"
    };
    // Keep this book so revisions saved with it re-price with it after a restart and on
    // other instances.
    web::prices::record(&store, &book, origin)
        .await
        .context("cannot keep the price catalogs in the database")?;
    let options = web::ServeOptions::from_settings(&settings);
    tracing::info!(
        report_cache_mib = settings.report_cache_bytes >> 20,
        header_read_timeout_s = options.header_read_timeout.as_secs(),
        shutdown_timeout_s = options.shutdown_timeout.as_secs(),
        "serving"
    );
    // Discovery at start-up: a provider that cannot be reached stops the server here rather
    // than at the first sign-in.
    let oidc = match (&settings.oidc, &settings.public_url) {
        (Some(oidc), Some(public_url)) => {
            let rp = web::auth::Oidc::discover(oidc.clone(), public_url)
                .await
                .context("refusing to start: the OpenID Connect provider is not usable")?;
            tracing::info!(issuer = %rp.issuer(), redirect_uri = %rp.redirect_uri(), "team sign-in on");
            Some(rp)
        }
        _ => None,
    };
    let mut state = AppState::new(store.clone(), settings, book);
    if let Some(rp) = oidc {
        state = state.with_oidc(rp);
    }
    if let Some(hours) = args.pricing_refresh_hours {
        state.books.set_interval(Some(hours));
        let api = connect_advisor::price_sources::retail_api::RetailApi::new(
            &args.pricing_refresh_api_url,
        );
        let refresher = state.clone();
        tokio::spawn(async move {
            let mut tick =
                tokio::time::interval(std::time::Duration::from_secs(hours.saturating_mul(3600)));
            loop {
                tick.tick().await;
                let _ = web::prices::refresh_once(&refresher, &api).await;
            }
        });
    }
    let served = web::serve_with(
        listener,
        web::router(state),
        options,
        web::shutdown_signal(),
    )
    .await
    .context("server error");
    store.close().await;
    served
}

/// Two glibc malloc arenas instead of one per thread (up to 8 × cores). A large report's
/// evaluation allocates and frees tens of MB on whichever runtime thread runs it; with an arena
/// per thread that memory stayed mapped in every arena that had served one, and the server's
/// RSS settled near 185 MiB with a 64 MiB report cache. With two: 117 MiB after the same load
/// (`scripts/load.sh`, README "Load and durability"). Must run before any thread starts.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(
    unsafe_code,
    reason = "mallopt has no safe wrapper; one call at start-up"
)]
fn limit_malloc_arenas() {
    // SAFETY: mallopt only sets an allocator parameter; called before other threads exist.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}
