//! Every decision the dashboard makes, as plain Rust: no `leptos`, no `web_sys`, and
//! `now` always passed in, so all of it is unit-tested on the host.

pub mod event;
pub mod inbox;
pub mod notify;
pub mod patterns;
pub mod query;
pub mod time;
