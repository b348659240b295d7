use std::process::ExitCode;

use clap::Parser;
use diesel::{Connection, PgConnection};

use openpledges::config::{Cli, Command};
use openpledges::{dataset, db, service, telemetry};

fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init(cli.settings.log_json);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = cli.settings;
    match cli.command.unwrap_or(Command::Serve {
        addr: ([127, 0, 0, 1], 8080).into(),
    }) {
        Command::Serve { addr } => {
            actix_web::rt::System::new().block_on(service::serve(settings, addr))
        }
        Command::Openapi => {
            print!("{}", openpledges::rest::openapi::document());
            Ok(())
        }
        Command::Migrate => {
            let database = service::database(&settings)?;
            let mut conn = PgConnection::establish(&database.url)?;
            let ran = db::migrate(&mut conn).map_err(|e| anyhow::anyhow!("migrating: {e}"))?;
            println!("{ran} migration(s) applied");
            Ok(())
        }
        Command::Import { paths, check } => {
            let paths = if paths.is_empty() {
                vec![settings.data_dir.clone()]
            } else {
                paths
            };
            let data = dataset::load(&paths)?;
            if check {
                println!(
                    "dataset {} is valid: {} municipalities, {} agreements, {} pledges, {} sources",
                    data.version,
                    data.municipalities.len(),
                    data.agreements.len(),
                    data.pledges.len(),
                    data.sources.len()
                );
                return Ok(());
            }
            let database = service::database(&settings)?;
            let mut conn = PgConnection::establish(&database.url)?;
            db::migrate(&mut conn).map_err(|e| anyhow::anyhow!("migrating: {e}"))?;
            let report = dataset::import::import(&mut conn, &data)?;
            println!("dataset {} imported: {report}", data.version);
            Ok(())
        }
    }
}
