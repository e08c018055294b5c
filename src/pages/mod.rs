pub mod audit_logs;
pub mod not_found;
pub mod notifications;
