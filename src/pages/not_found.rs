use crate::base::RouterBase;
use crate::components::shell::name_page;
use crate::domain::route::Route;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    name_page("Page not found");
    let RouterBase(base) = expect_context();
    let notifications = Route::Notifications.href(&base);
    view! {
        <h1>"Page not found"</h1>
        <p>"There is no page at this address."</p>
        <p><a href=notifications>"Go to Notifications"</a></p>
    }
}
