//! Every decision the dashboard makes, as plain Rust: no `leptos`, no `web_sys`, and
//! `now` always passed in, so all of it is unit-tested on the host.

pub mod category;
pub mod config;
pub mod diff;
pub mod event;
pub mod export;
pub mod inbox;
pub mod notify;
pub mod patterns;
pub mod query;
pub mod range;
pub mod redact;
pub mod retry;
pub mod route;
pub mod scan;
pub mod search;
pub mod stats;
pub mod time;
pub mod window;
pub mod words;
