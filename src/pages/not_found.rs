use crate::base::RouterBase;
use crate::components::shell::name_page;
use crate::domain::route::Route;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn NotFound() -> impl IntoView {
    name_page("Page not found");
    let RouterBase(base) = expect_context();
    let search = use_location().search.get_untracked();
    let notifications = Route::Notifications.link(&base, "", &search);
    view! {
        <h1>"Page not found"</h1>
        <p>"There is no page at this address."</p>
        <p><a href=notifications>"Go to Notifications"</a></p>
    }
}
