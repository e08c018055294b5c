//! A keyed list's items, reached in steps that Leptos can insert without moving the rest.

use leptos::prelude::*;

/// `wanted`, reached in the steps `step` gives from the value before, one per microtask, so a
/// list renders each step before the next, all within the same frame. Leptos's keyed list
/// (tachys 0.2.19) moves every item it keeps when more than one joins before them, and a moved
/// element loses the keyboard focus and a click being made on it.
pub fn stepped<T>(wanted: Memo<T>, step: impl Fn(&T, &T) -> T + Send + Sync + 'static) -> Memo<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let next = Trigger::new();
    let rendered = Memo::new(move |previous: Option<&T>| {
        next.track();
        wanted.with(|wanted| {
            previous.map_or_else(|| wanted.clone(), |previous| step(previous, wanted))
        })
    });
    Effect::new(move || {
        if rendered.with(|rendered| wanted.with(|wanted| rendered != wanted)) {
            queue_microtask(move || next.notify());
        }
    });
    rendered
}
