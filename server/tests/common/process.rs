//! The real `audit-server` binary as a child process on an ephemeral port, for tests and
//! benchmarks that need a separate process (kill -9, load from another process).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

pub struct ServerProcess {
    pub base: String,
    child: Child,
}

impl ServerProcess {
    /// Starts the binary with `--port 0 --db DB --admin-key KEY` plus `args`, and waits for
    /// its `listening on` line.
    pub fn start(db: &Path, admin_key: &str, args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_audit-server"))
            .env_remove("BANATA_ADMIN_KEY")
            .args(["--port", "0", "--admin-key", admin_key, "--db"])
            .arg(db)
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the server binary starts");
        let stdout = BufReader::new(child.stdout.take().unwrap());
        for line in stdout.lines() {
            let line = line.expect("readable stdout");
            if let Some(addr) = line.strip_prefix("listening on ") {
                return Self {
                    base: addr.to_owned(),
                    child,
                };
            }
        }
        let status = child.wait().unwrap();
        panic!("the server exited before listening: {status}");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// SIGKILL: no graceful shutdown, no destructors, no flushing.
    pub fn kill_9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        // Already reaped after kill_9; otherwise stop the child with the test.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
