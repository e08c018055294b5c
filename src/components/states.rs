//! Loading, empty and failure states shared by the pages.

use crate::api::ApiError;
use crate::domain::config::Config;
use crate::domain::words::skipped_rows;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement};

/// Placeholder rows while the first answer is on its way; `quiet` where the page's own
/// status region says it is loading.
#[component]
pub fn Skeleton(#[prop(optional)] quiet: bool) -> impl IntoView {
    view! {
        <ul class="skeleton" aria-hidden="true">
            {(0..6).map(|_| view! { <li><span></span><span></span><span></span></li> }).collect_view()}
        </ul>
        {(!quiet).then(|| view! { <p class="visually-hidden" role="status">"Loading…"</p> })}
    }
}

#[component]
pub fn EmptyState(
    title: &'static str,
    detail: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="empty-state" role="status">
            <p class="empty-title">{title}</p>
            <p>{detail}</p>
            {children.map(|children| children())}
        </div>
    }
}

/// A failed request in plain words, with a Retry that refetches without a reload.
/// `forbidden` is the page's own sentence for a missing permission.
#[component]
pub fn ErrorState(
    title: &'static str,
    error: ApiError,
    forbidden: &'static str,
    on_retry: impl Fn() + 'static,
) -> impl IntoView {
    let reason = match &error {
        ApiError::Forbidden => forbidden.to_owned(),
        signed_out if signed_out.is_signed_out() => {
            format!("{error} Sign in to the dashboard, then retry.")
        }
        other => other.to_string(),
    };
    let sign_in = sign_in_for(&error);
    view! { <FailureState title reason sign_in on_retry /> }
}

/// Where to sign in again, when the session is what failed and the host named a page for it.
pub fn sign_in_for(error: &ApiError) -> Option<String> {
    error
        .is_signed_out()
        .then(|| use_context::<Config>().and_then(|config| config.sign_in_url))
        .flatten()
}

/// A failure's title and reason, a sign-in link when one helps, and a Retry.
#[component]
pub fn FailureState(
    title: &'static str,
    #[prop(into)] reason: String,
    #[prop(default = None)] sign_in: Option<String>,
    on_retry: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <div class="error-state" role="alert">
            <p class="error-title">{title}</p>
            <p class="error-reason">{reason}</p>
            <RetryActions sign_in on_retry=Box::new(on_retry) />
        </div>
    }
}

/// The sign-in link when one helps, and a Retry that hands the keyboard focus to the region
/// it stands in, which then shows what the retry brings. `on_retry` is boxed so that one copy
/// of this view serves every caller (generic, it was 0.4 KB more).
#[component]
pub fn RetryActions(sign_in: Option<String>, on_retry: Box<dyn Fn()>) -> impl IntoView {
    view! {
        {sign_in.map(|href| view! { <a class="sign-in" href=href rel="external">"Sign in"</a> })}
        <button type="button" on:click=move |ev| {
            focus_region(&ev);
            on_retry();
        }>"Retry"</button>
    }
}

/// Moves the focus from a button that is about to go to the region it stands in (its nearest
/// ancestor with `tabindex="-1"`), which then shows what the button brought, so that the
/// focus does not fall back to the page.
pub fn focus_region(ev: &Event) {
    focus_region_of(&event_target(ev));
}

/// The same for an element that goes by itself (Cancel, once its export ends).
pub fn focus_region_of(element: &Element) {
    focus(element.closest("[tabindex='-1']").ok().flatten());
}

/// The same for a button that changes the page's results from outside them (a filter's
/// chip): the focus goes to the results (the page's `.results` region).
pub fn focus_results(ev: &Event) {
    focus_results_from(&event_target::<Element>(ev));
}

/// [`focus_results`] from an element of the page rather than an event on it.
pub fn focus_results_from(element: &Element) {
    let app = element.closest(".banata-audit").ok().flatten();
    focus(app.and_then(|app| app.query_selector(".results").ok().flatten()));
}

/// Gives the keyboard focus to an element that can take it.
pub fn focus(element: Option<Element>) {
    if let Some(element) = element.and_then(|element| element.dyn_into::<HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// Says how many rows of the response could not be shown, so none is lost silently.
#[component]
pub fn SkippedNote(skipped: usize) -> impl IntoView {
    (skipped > 0).then(|| view! { <p class="note">{skipped_rows(skipped as u64)}</p> })
}
