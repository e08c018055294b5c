//! The real binary: start-up line, signals, and start-up errors.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};

fn server() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_audit-server"));
    command.env_remove("BANATA_ADMIN_KEY").args(["--seed", "0"]);
    command
}

fn assert_failed_cleanly(output: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(expected), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn prints_the_listening_line_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = server()
        .args(["--port", "0", "--dev-session", "--db"])
        .arg(dir.path().join("db"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut line = || lines.next().unwrap().unwrap();

    assert!(line().starts_with("admin API key: bk_admin_"));
    assert!(line().starts_with("dev session active"));
    let listening = line();
    let port: u16 = listening
        .strip_prefix("listening on http://127.0.0.1:")
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("unexpected start-up line {listening:?}"));
    assert_ne!(port, 0, "the real bound port is printed");

    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    assert!(child.wait().unwrap().success(), "graceful shutdown exits 0");
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let dir = tempfile::tempdir().unwrap();
    let output = server()
        .args(["--port", &port, "--db"])
        .arg(dir.path().join("db"))
        .output()
        .unwrap();
    assert_failed_cleanly(&output, &format!("port {port} is already in use"));
}

#[test]
fn a_file_that_is_not_a_database_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.txt");
    std::fs::write(
        &db,
        "these are not the rows you are looking for\n".repeat(200),
    )
    .unwrap();
    let output = server()
        .args(["--port", "0", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_failed_cleanly(&output, &db.display().to_string());
}
