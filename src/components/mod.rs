pub mod badge;
pub mod clock;
pub mod shell;
pub mod states;
pub mod stepped;
pub mod theme;
pub mod time;
