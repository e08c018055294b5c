//! Counted nouns as people write them.

/// "1 event", "3 events", "0 events". Every noun here takes a plain "s".
pub fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// What becomes of rows the backend sent that no event could be read from.
pub fn skipped_rows(skipped: u64) -> String {
    let verb = if skipped == 1 { "was" } else { "were" };
    let rows = count(skipped, "unreadable or repeated row");
    format!("{rows} in the response {verb} skipped.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipped_rows_agree_with_their_count() {
        assert_eq!(
            skipped_rows(1),
            "1 unreadable or repeated row in the response was skipped."
        );
        assert_eq!(
            skipped_rows(3),
            "3 unreadable or repeated rows in the response were skipped."
        );
    }

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(count(1, "event"), "1 event");
        assert_eq!(count(0, "event"), "0 events");
        assert_eq!(count(12, "new notification"), "12 new notifications");
    }
}
