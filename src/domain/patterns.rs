//! The user's own list of important actions, edited in the Notifications settings and kept
//! in the browser. Starts as the documented ten; every entry is checked before it is kept.

use super::notify::IMPORTANT_ACTIONS;
use super::scan::{string_list, string_list_json};

/// Where the list is kept in `localStorage`.
pub const STORAGE_KEY: &str = "banata.notifications.patterns";
/// Where the "equivalent names" switch is kept in `localStorage`.
pub const EQUIVALENTS_KEY: &str = "banata.notifications.equivalents";

/// Longer than any real action name; keeps a pasted paragraph out of storage.
pub const MAX_PATTERN_LEN: usize = 100;
/// More than an inbox of what matters needs. Each event is matched against each, and each
/// is checked against those before it, so a list stored without end would slow every load.
pub const MAX_PATTERNS: usize = 100;

/// Why an entry was refused; the message is shown beside the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("Enter an action, for example user.created.")]
    Empty,
    #[error("An action has no spaces: use dots, dashes or underscores, for example user.created.")]
    Whitespace,
    #[error("An action is at most {MAX_PATTERN_LEN} characters long.")]
    TooLong,
    #[error("\"{0}\" cannot be part of an action.")]
    InvalidCharacter(char),
    #[error("An action cannot hold an invisible character (U+{:04X}).", u32::from(*.0))]
    Invisible(char),
    #[error("\"*\" is not needed: an action matches as part of a name, so user. matches every user action.")]
    Wildcard,
    #[error("\"{0}\" is already in the list.")]
    Duplicate(String),
    #[error("The list holds at most {MAX_PATTERNS} actions: remove one first.")]
    Full,
}

/// The active patterns, in the order the user added them, and the defaults they started
/// from (the documented ten unless the host page configured others). Matched as
/// substrings, exactly like the documented list (see `notify::is_important`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patterns {
    active: Vec<String>,
    defaults: Vec<String>,
}

impl Default for Patterns {
    /// The documented ten, in the documented order.
    fn default() -> Self {
        let documented: Vec<String> = IMPORTANT_ACTIONS.iter().map(|a| (*a).to_owned()).collect();
        Self {
            active: documented.clone(),
            defaults: documented,
        }
    }
}

impl Patterns {
    /// Starts from `defaults`, each checked as if the user had added it.
    pub fn with_defaults(defaults: &[String]) -> Result<Self, PatternError> {
        let mut patterns = Self::checked(defaults, Vec::new())?;
        patterns.defaults = patterns.active.clone();
        Ok(patterns)
    }

    /// `list`, each pattern checked as [`Patterns::add`] checks it, beside these defaults.
    fn checked(list: &[String], defaults: Vec<String>) -> Result<Self, PatternError> {
        let mut patterns = Self {
            active: Vec::with_capacity(list.len()),
            defaults,
        };
        for pattern in list {
            patterns.add(pattern)?;
        }
        Ok(patterns)
    }

    pub fn as_slice(&self) -> &[String] {
        &self.active
    }

    /// Adds a pattern after checking it; surrounding spaces are ignored.
    pub fn add(&mut self, input: &str) -> Result<(), PatternError> {
        let pattern = validate(input)?;
        if self.active.iter().any(|kept| kept == pattern) {
            return Err(PatternError::Duplicate(pattern.to_owned()));
        }
        if self.active.len() >= MAX_PATTERNS {
            return Err(PatternError::Full);
        }
        self.active.push(pattern.to_owned());
        Ok(())
    }

    pub fn remove(&mut self, pattern: &str) {
        self.active.retain(|kept| kept != pattern);
    }

    pub fn reset(&mut self) {
        self.active = self.defaults.clone();
    }

    /// Whether the list is the defaults (so "Reset to defaults" has nothing to do, and
    /// there is nothing of the user's to keep).
    pub fn is_default(&self) -> bool {
        self.active == self.defaults
    }

    /// A JSON array of strings.
    pub fn to_storage(&self) -> String {
        string_list_json(&self.active)
    }

    /// The user's list as [`Patterns::to_storage`] wrote it, with the same defaults.
    /// Storage can be edited by hand or written by an older version, so anything that is
    /// not a list of valid, distinct patterns gives the defaults rather than a half-read
    /// list; a longer list than is kept now (an older version had no cap) keeps its first
    /// [`MAX_PATTERNS`]. An empty list is kept: the user removed everything on purpose.
    pub fn restored(self, raw: &str) -> Self {
        string_list(raw)
            .and_then(|mut stored| {
                stored.truncate(MAX_PATTERNS);
                Self::checked(&stored, self.defaults.clone()).ok()
            })
            .unwrap_or(self)
    }
}

/// What to tell the admin who added a pattern with capitals: it is kept, since a custom
/// action may be written so, but matching is case-sensitive as documented and most
/// actions are lower case, so it may never match.
pub fn capitals_note(pattern: &str) -> Option<String> {
    let pattern = pattern.trim();
    // Latin capitals only: Unicode's case tables cost 0.3-0.4 KB of the first load, for
    // action names that are all but always ASCII.
    pattern.bytes().any(|byte| byte.is_ascii_uppercase()).then(|| {
        format!("Added. Matching is case-sensitive: \"{pattern}\" matches only actions written with the same capitals.")
    })
}

/// The trimmed pattern, or why it cannot be one.
fn validate(input: &str) -> Result<&str, PatternError> {
    let pattern = input.trim();
    if pattern.is_empty() {
        return Err(PatternError::Empty);
    }
    if pattern.chars().any(char::is_whitespace) {
        return Err(PatternError::Whitespace);
    }
    if pattern.chars().count() > MAX_PATTERN_LEN {
        return Err(PatternError::TooLong);
    }
    // Any visible name, in any script and with any separator (`billing/invoice.refunded`),
    // but no invisible character (two entries would look alike), no list or quote pasted
    // whole, no markup.
    match pattern
        .chars()
        .find(|c| invisible(*c) || "\"'<>,*".contains(*c))
    {
        Some('*') => Err(PatternError::Wildcard),
        Some(c) if invisible(c) => Err(PatternError::Invisible(c)),
        Some(c) => Err(PatternError::InvalidCharacter(c)),
        None => Ok(pattern),
    }
}

/// Control characters, and the characters that show nothing: zero-width spaces and
/// joiners, direction marks and overrides, the soft hyphen, the byte order mark, variation
/// selectors, tags, and the fillers that only take room.
pub fn invisible(c: char) -> bool {
    c.is_control()
        || direction_control(c)
        || matches!(c, '\u{ad}' | '\u{34f}' | '\u{115f}' | '\u{1160}' | '\u{180e}'
            | '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{ffa0}' | '\u{e0000}'..='\u{e007f}')
}

/// The marks, embeddings, overrides and isolates that set the direction of the text
/// around them.
pub fn direction_control(c: char) -> bool {
    matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_pattern_with_capitals_gets_a_note() {
        assert_eq!(capitals_note(" user.created "), None);
        assert_eq!(
            capitals_note(" User.Created ").as_deref(),
            Some("Added. Matching is case-sensitive: \"User.Created\" matches only actions written with the same capitals.")
        );
    }

    fn list(patterns: &Patterns) -> Vec<&str> {
        patterns.as_slice().iter().map(String::as_str).collect()
    }

    #[test]
    fn starts_as_the_documented_ten_in_order() {
        let patterns = Patterns::default();
        assert_eq!(list(&patterns), IMPORTANT_ACTIONS);
        assert!(patterns.is_default());
    }

    #[test]
    fn adds_a_trimmed_pattern_at_the_end() {
        let mut patterns = Patterns::default();
        assert_eq!(patterns.add("  api_key.created \n"), Ok(()));
        assert_eq!(list(&patterns).last(), Some(&"api_key.created"));
        assert_eq!(patterns.as_slice().len(), 11);
        assert!(!patterns.is_default());
    }

    #[test]
    fn accepts_every_allowed_character() {
        let mut patterns = Patterns::default();
        assert_eq!(patterns.add("Billing:invoice-2.paid_late"), Ok(()));
    }

    #[test]
    fn refuses_empty_input() {
        let mut patterns = Patterns::default();
        assert_eq!(patterns.add(""), Err(PatternError::Empty));
        assert_eq!(patterns.add(" \t "), Err(PatternError::Empty));
        assert!(patterns.is_default());
    }

    #[test]
    fn refuses_whitespace_inside() {
        let mut patterns = Patterns::default();
        assert_eq!(patterns.add("user created"), Err(PatternError::Whitespace));
        assert_eq!(
            patterns.add("user.\tcreated"),
            Err(PatternError::Whitespace)
        );
    }

    #[test]
    fn refuses_more_than_100_characters() {
        let mut patterns = Patterns::default();
        assert_eq!(patterns.add(&"a".repeat(101)), Err(PatternError::TooLong));
        // Characters, not bytes: 100 of a letter written in two bytes fit.
        assert_eq!(patterns.add(&"é".repeat(100)), Ok(()));
        assert_eq!(patterns.add(&"é".repeat(101)), Err(PatternError::TooLong));
        assert_eq!(patterns.add(&"a".repeat(100)), Ok(()));
    }

    #[test]
    fn keeps_any_visible_action_name() {
        let mut patterns = Patterns::default();
        for input in [
            "billing/invoice.refunded",
            "facture.créée",
            "ユーザー.作成",
            "app:user@v2",
        ] {
            assert_eq!(patterns.add(input), Ok(()), "{input}");
        }
    }

    #[test]
    fn refuses_invisible_characters_quotes_lists_markup_and_wildcards() {
        let mut patterns = Patterns::default();
        for (input, error) in [
            ("user\u{200b}.created", PatternError::Invisible('\u{200b}')),
            ("user.created\u{202e}", PatternError::Invisible('\u{202e}')),
            ("user.created\u{200e}", PatternError::Invisible('\u{200e}')),
            ("user.created\u{200f}", PatternError::Invisible('\u{200f}')),
            ("user\u{61c}.created", PatternError::Invisible('\u{61c}')),
            (
                "user.created\u{e0041}",
                PatternError::Invisible('\u{e0041}'),
            ),
            ("user\u{7}.created", PatternError::Invisible('\u{7}')),
            ("\"user.created\"", PatternError::InvalidCharacter('"')),
            (
                "user.created,user.deleted",
                PatternError::InvalidCharacter(','),
            ),
            ("<b>", PatternError::InvalidCharacter('<')),
            ("user.*", PatternError::Wildcard),
        ] {
            assert_eq!(patterns.add(input), Err(error), "{input}");
        }
        assert!(patterns.is_default());
    }

    #[test]
    fn refuses_duplicates_but_not_other_cases() {
        let mut patterns = Patterns::default();
        assert_eq!(
            patterns.add(" user.created "),
            Err(PatternError::Duplicate("user.created".into()))
        );
        // Matching is case-sensitive, so a different case is a different pattern.
        assert_eq!(patterns.add("USER.CREATED"), Ok(()));
    }

    #[test]
    fn errors_read_as_sentences() {
        assert_eq!(
            PatternError::Empty.to_string(),
            "Enter an action, for example user.created."
        );
        assert_eq!(
            PatternError::TooLong.to_string(),
            "An action is at most 100 characters long."
        );
        assert_eq!(
            PatternError::InvalidCharacter('<').to_string(),
            "\"<\" cannot be part of an action."
        );
        assert_eq!(
            PatternError::Invisible('\u{200b}').to_string(),
            "An action cannot hold an invisible character (U+200B)."
        );
        assert_eq!(
            PatternError::Duplicate("user.created".into()).to_string(),
            "\"user.created\" is already in the list."
        );
        assert!(PatternError::Whitespace.to_string().contains("no spaces"));
    }

    #[test]
    fn holds_at_most_100_patterns_and_restores_the_first_100_of_more() {
        let mut patterns = Patterns::default();
        for n in 10..MAX_PATTERNS {
            patterns.add(&format!("custom.{n}")).unwrap();
        }
        assert_eq!(patterns.add("one.more"), Err(PatternError::Full));
        assert_eq!(
            PatternError::Full.to_string(),
            "The list holds at most 100 actions: remove one first."
        );
        assert_eq!(
            Patterns::default().restored(&patterns.to_storage()),
            patterns
        );
        let overfull: Vec<String> = (0..=MAX_PATTERNS).map(|n| format!("a.{n}")).collect();
        let restored = Patterns::default().restored(&serde_json::to_string(&overfull).unwrap());
        assert_eq!(restored.as_slice(), &overfull[..MAX_PATTERNS]);
    }

    #[test]
    fn removes_and_resets() {
        let mut patterns = Patterns::default();
        patterns.remove("mfa.enabled");
        patterns.remove("mfa.enabled");
        assert!(!list(&patterns).contains(&"mfa.enabled"));
        assert_eq!(patterns.as_slice().len(), 9);
        patterns.add("custom.thing").unwrap();
        patterns.reset();
        assert!(patterns.is_default());
    }

    #[test]
    fn round_trips_through_storage() {
        let mut patterns = Patterns::default();
        patterns.remove("user.created");
        patterns.add("api_key.created").unwrap();
        let stored = patterns.to_storage();
        assert!(stored.starts_with("[\"user.deleted\""));
        assert_eq!(Patterns::default().restored(&stored), patterns);
    }

    #[test]
    fn an_emptied_list_stays_empty_after_a_reload() {
        let mut patterns = Patterns::default();
        for action in IMPORTANT_ACTIONS {
            patterns.remove(action);
        }
        assert_eq!(patterns.to_storage(), "[]");
        assert_eq!(Patterns::default().restored("[]"), patterns);
    }

    #[test]
    fn anything_invalid_in_storage_gives_the_defaults() {
        for raw in [
            "",
            "not json",
            "{\"patterns\":[]}",
            "[1, 2]",
            "[\"ok.one\", null]",
            "[\"has space\"]",
            "[\"dup.one\", \"dup.one\"]",
            "[\"\"]",
            "\"user.created\"",
            "[\"a\"",
        ] {
            assert_eq!(
                Patterns::default().restored(raw),
                Patterns::default(),
                "{raw}"
            );
        }
    }

    #[test]
    fn configured_defaults_are_checked_and_are_what_reset_returns_to() {
        let defaults = vec!["api_key.created".to_owned(), " user.create ".to_owned()];
        let mut patterns = Patterns::with_defaults(&defaults).unwrap();
        assert_eq!(list(&patterns), ["api_key.created", "user.create"]);
        assert!(patterns.is_default());
        patterns.remove("user.create");
        let stored = patterns.to_storage();
        patterns.reset();
        assert_eq!(list(&patterns), ["api_key.created", "user.create"]);
        let restored = patterns.clone().restored(&stored);
        assert_eq!(list(&restored), ["api_key.created"]);
        assert_eq!(patterns.clone().restored("[1]"), patterns);
        assert_eq!(
            Patterns::with_defaults(&["bad one".to_owned()]),
            Err(PatternError::Whitespace)
        );
        assert_eq!(
            Patterns::with_defaults(&["a.b".to_owned(), "a.b".to_owned()]),
            Err(PatternError::Duplicate("a.b".into()))
        );
    }
}
