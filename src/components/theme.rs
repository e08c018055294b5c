//! Light, dark or the system's choice, persisted in the browser. The app root carries the
//! choice as `data-theme`; the stylesheet turns it into `color-scheme`, which every colour
//! follows through `light-dark()`.

use crate::storage;
use leptos::prelude::*;

/// public/boot.js reads it too, to theme the page before the wasm starts.
const THEME_KEY: &str = "banata.theme";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The value kept in storage and in `data-theme`.
    pub fn key(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Theme::System => "System",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }

    fn from_key(key: &str) -> Theme {
        Theme::ALL
            .into_iter()
            .find(|theme| theme.key() == key)
            .unwrap_or(Theme::System)
    }
}

/// Read before the first render, so the app never paints in the wrong theme. `standalone`:
/// the app is mounted into its own page's `<body>`.
pub fn provide_theme(standalone: bool) -> RwSignal<Theme> {
    let theme = RwSignal::new(Theme::from_key(
        storage::load(THEME_KEY).as_deref().unwrap_or_default(),
    ));
    // On its own page, the page behind the app follows too (boot.js set it before the wasm
    // started); a host page's theme is the host's.
    let page = standalone.then(|| document().document_element()).flatten();
    Effect::new(move |_| {
        let key = theme.get().key();
        storage::save(THEME_KEY, key);
        if let Some(page) = &page {
            let _ = page.set_attribute("data-banata-theme", key);
        }
    });
    provide_context(theme);
    theme
}

/// A labelled select: three choices fit a narrow sidebar and read well to a screen reader.
#[component]
pub fn ThemeSelect() -> impl IntoView {
    let theme = expect_context::<RwSignal<Theme>>();
    view! {
        <label class="theme-select">
            "Theme"
            <select on:change=move |ev| theme.set(Theme::from_key(&event_target_value(&ev)))>
                {Theme::ALL
                    .into_iter()
                    .map(|choice| {
                        view! {
                            <option value=choice.key() prop:selected=move || theme.get() == choice>
                                {choice.label()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
