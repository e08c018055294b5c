//! The controls above the table: server filters, date range, search, time zone, and the
//! active filters as removable chips.

use super::Go;
use crate::components::states::focus_results;
use crate::components::time::{use_zone, Zone};
use crate::domain::query::AuditQuery;
use crate::domain::range::{DateRange, Preset};
use crate::domain::time::parse_day;
use leptos::ev::MouseEvent;
use leptos::html::Input;
use leptos::prelude::*;
use std::time::Duration;

/// How long a date's typing must pause before the range follows it.
const DATE_TYPING_PAUSE: Duration = Duration::from_millis(700);

#[component]
pub fn Filters(
    query: Memo<AuditQuery>,
    go: Go,
    /// The Action field's suggestions, among them the actions of the loaded events.
    actions: Memo<Vec<String>>,
) -> impl IntoView {
    let action = NodeRef::<Input>::new();
    let actor = NodeRef::<Input>::new();
    let organization = NodeRef::<Input>::new();
    let from = NodeRef::<Input>::new();
    let to = NodeRef::<Input>::new();
    let text = |input: NodeRef<Input>| {
        input
            .get()
            .map(|input| input.value().trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    // The query's days in the date inputs, over what was typed there and not applied.
    let show_days = move || {
        let range = query.with_untracked(|query| query.range);
        for (input, day) in [(from, range.from), (to, range.to)] {
            if let Some(input) = input.get_untracked() {
                input.set_value(&day.map(|day| day.to_string()).unwrap_or_default());
            }
        }
    };
    // `fields`: the text fields too, else the dates alone, as their pause applies them (a
    // field typed meanwhile waits for its own change).
    // A date half typed reads as empty, as a cleared one does: it keeps the day it had
    // until it is whole or cleared, so that editing a day does not open the range meanwhile.
    let half_typed = |input: NodeRef<Input>| {
        (input.get_untracked()).is_some_and(|input| !input.check_validity())
    };
    let apply_some = move |fields: bool| {
        let current = query.get_untracked();
        let day = |input, had| match half_typed(input) {
            true => had,
            false => text(input).as_deref().and_then(parse_day),
        };
        let mut next = AuditQuery {
            range: (current.range)
                .with_days(day(from, current.range.from), day(to, current.range.to)),
            ..current.first_page()
        };
        if fields {
            next.action = text(action);
            next.actor_id = text(actor);
            next.organization_id = text(organization);
        }
        if next != current {
            go.to(next);
        }
    };
    let apply = move || apply_some(true);
    // A date input fires `change` at each key that completes a date, and typing a year
    // passes 0002, 0020 and 0202 on the way to 2026: the range follows once typing pauses
    // (Enter applies at once). Counted, as the search's timers are, not cleared.
    let date_edits = StoredValue::new(0_u64);
    let date_waiting = StoredValue::new(false);
    // Unless a range was chosen meanwhile (see below), which ends the wait.
    let apply_waiting_date = move || {
        if date_waiting.get_value() {
            date_waiting.set_value(false);
            apply_some(false);
        }
    };
    // An export started within the pause exports the range the inputs show.
    go.on_typed_dates(Callback::new(move |()| {
        apply_waiting_date();
        [("From", from), ("To", to)]
            .into_iter()
            .find_map(|(label, input)| half_typed(input).then_some(label))
    }));
    let apply_date = move || {
        let edit = date_edits.with_value(|count| count + 1);
        date_edits.set_value(edit);
        date_waiting.set_value(true);
        set_timeout(
            move || {
                if date_edits.try_get_value() == Some(edit) {
                    apply_waiting_date();
                }
            },
            DATE_TYPING_PAUSE,
        );
    };
    // A range chosen while a typed date waits (a preset, a chip, a chart bar, Enter) was
    // chosen after the typing: it wins, ends the wait, and shows in the date inputs at once.
    // Their values follow only their own day otherwise, so as not to write over a date
    // being typed in the other. A memo, so that another filter changed meanwhile (a chip
    // removed, a search typed) is not taken for a range.
    let range = Memo::new(move |_| query.with(|query| query.range));
    let end_wait = move || {
        if date_waiting.get_value() {
            date_waiting.set_value(false);
            show_days();
        }
    };
    Effect::watch(move || range.get(), move |_, _, _| end_wait(), false);
    // Back or Forward during the pause leaves the typed date behind, as a typed search is:
    // applied after, it would land on the state gone to, as a new entry.
    let traversed = window_event_listener(leptos::ev::popstate, move |_| end_wait());
    on_cleanup(move || traversed.remove());
    // A memo per field, so that a change to another (a date applied after its pause) does
    // not write this field's value back over what is being typed in it.
    let value = move |field: fn(&AuditQuery) -> Option<String>| {
        let value = Memo::new(move |_| query.with(field));
        move || value.get().unwrap_or_default()
    };
    let preset = move |preset: Preset| {
        let chosen = move || query.with(|query| query.range.preset == Some(preset));
        view! {
            <button
                type="button"
                aria-pressed=move || chosen().to_string()
                on:click=move |_| go.to(AuditQuery { range: DateRange { preset: Some(preset), ..DateRange::default() }, ..query.get_untracked().first_page() })
            >
                {preset.label()}
            </button>
        }
    };
    let zone = use_zone();
    view! {
        <form class="filters" on:submit=move |ev| { ev.prevent_default(); apply(); }>
            <label>"Action"
                <input node_ref=action name="action" list="banata-audit-known-actions" autocomplete="off" placeholder="e.g. user.created" prop:value=value(|q| q.action.clone()) on:change=move |_| apply() />
            </label>
            <datalist id="banata-audit-known-actions">
                {move || actions.get().into_iter().map(|action| view! { <option value=action></option> }).collect_view()}
            </datalist>
            <label>"Actor" <input node_ref=actor name="actor" placeholder="Actor id" prop:value=value(|q| q.actor_id.clone()) on:change=move |_| apply() /></label>
            <label>"Organization" <input node_ref=organization name="org" placeholder="Organization id" prop:value=value(|q| q.organization_id.clone()) on:change=move |_| apply() /></label>
            <label>"From" <input node_ref=from type="date" name="from" prop:value=value(|q| q.range.from.map(|day| day.to_string())) on:change=move |_| apply_date() /></label>
            <label>"To" <input node_ref=to type="date" name="to" prop:value=value(|q| q.range.to.map(|day| day.to_string())) on:change=move |_| apply_date() /></label>
            <button type="submit">"Apply"</button>
        </form>
        <div class="toolbar">
            <div class="presets" role="group" aria-label="Date range presets">
                {Preset::ALL.map(preset).collect_view()}
            </div>
            <label class="search">"Search"
                <input
                    type="search"
                    placeholder="Action, actor, target, organization"
                    prop:value=value(|q| q.search.clone())
                    on:input=move |ev| {
                        go.search(Some(event_target_value(&ev)).filter(|q| !q.trim().is_empty()));
                    }
                />
            </label>
            <label class="toggle">
                <input type="checkbox" prop:checked=move || zone.get() == Zone::Utc on:change=move |ev| zone.set(if event_target_checked(&ev) { Zone::Utc } else { Zone::Local }) />
                "Times in UTC"
            </label>
        </div>
        <Chips query go />
    }
}

/// Each active filter as a chip that removes it, and "Clear filters".
#[component]
fn Chips(query: Memo<AuditQuery>, go: Go) -> impl IntoView {
    // Both go with the filters they remove.
    let clear = move |ev: MouseEvent| {
        focus_results(&ev);
        go.to(query.get_untracked().without_filters())
    };
    view! {
        <Show when=move || query.with(AuditQuery::has_filters)>
            <ul class="chips" aria-label="Active filters">
                {move || query.with(AuditQuery::active_filters).into_iter().map(|(filter, label)| {
                    let remove = format!("Remove filter {label}");
                    view! {
                        <li class="chip">
                            <span>{label}</span>
                            <button type="button" aria-label=remove on:click=move |ev| { focus_results(&ev); go.to(query.get_untracked().without(filter)) }>"×"</button>
                        </li>
                    }
                }).collect_view()}
                <li><button type="button" on:click=clear>"Clear filters"</button></li>
            </ul>
        </Show>
    }
}
