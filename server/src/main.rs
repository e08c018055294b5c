use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    match audit_server::run(audit_server::Config::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("audit-server: {error}");
            ExitCode::FAILURE
        }
    }
}
