use crate::components::shell::name_page;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    name_page("Page not found");
    view! {
        <h1>"Page not found"</h1>
        <p>"There is no page at this address."</p>
        <p><A href="notifications">"Go to Notifications"</A></p>
    }
}
