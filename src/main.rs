use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use connect_advisor::cli::{Cli, Command, LogFormat, ServeArgs, scenario_schema};
use connect_advisor::store::Store;
use connect_advisor::web::{self, AppState};

fn main() -> ExitCode {
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
        Some(Command::Serve(args)) => run_server(&args),
        None => run_server(&cli.serve),
    }
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
    match runtime.block_on(serve(args)) {
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
    let settings = args.settings();
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
    let state = AppState {
        store,
        settings: Arc::new(settings),
    };
    web::serve(listener, web::router(state))
        .await
        .context("server error")
}
