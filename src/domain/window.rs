//! Which rows of a long list to put in the DOM: those in view plus a margin either side,
//! with spacers standing in for the rest, so the DOM stays small at any number of rows.

use std::ops::Range;

/// The rows to render for a scroll position, all sizes in CSS pixels. Rows have a fixed
/// height; `overscan` rows are added above and below the viewport, where there are rows,
/// so fast scrolling does not show blanks, and the result never exceeds `max_rows`.
///
/// A list the browser should see `whole` (one server page, so its find-in-page and printing
/// see all of it) is rendered whole while it fits in `max_rows`. Any other list is windowed
/// at any length: a search that narrows a date range to a few dozen rows does not lay out
/// all of them on each keystroke.
pub fn rendered_rows(
    whole: bool,
    scroll_top: f64,
    viewport: f64,
    row_height: f64,
    total: usize,
    overscan: usize,
    max_rows: usize,
) -> Range<usize> {
    if whole && total <= max_rows {
        return 0..total;
    }
    let in_view = (viewport.max(0.0) / row_height).ceil() as usize + 1;
    // Scrolled past the end (elastic scrolling) still shows the last rows.
    let last_first = total.saturating_sub(in_view.saturating_sub(1));
    let first_in_view = ((scroll_top.max(0.0) / row_height) as usize).min(last_first);
    let start = first_in_view.saturating_sub(overscan);
    let end = (first_in_view + in_view + overscan)
        .min(total)
        .min(start + max_rows);
    start..end
}

/// The next rows to put in the DOM on the way from the `rendered` rows to the `wanted` ones:
/// `wanted` itself, except that rows joining above rows that stay join one per step, which a
/// keyed list inserts without moving the rest (why that matters: `components::stepped`).
pub fn toward(rendered: Range<usize>, wanted: Range<usize>) -> Range<usize> {
    let rows_stay = wanted.start < rendered.end && rendered.start < wanted.end;
    if rows_stay && wanted.start + 1 < rendered.start {
        rendered.start - 1..wanted.end
    } else {
        wanted
    }
}

/// Where the next render of a list whose new items arrive at its top starts in `wanted`: one
/// item above those already rendered (see `toward`), or at the top when none of them stays.
pub fn next_start<T>(wanted: &[T], rendered: impl Fn(&T) -> bool) -> usize {
    let joining = wanted.iter().take_while(|item| !rendered(item)).count();
    toward(joining..wanted.len(), 0..wanted.len()).start
}

/// The row a key moves the keyboard focus to among `count` rows from row `current`: the one
/// above or below, a viewful of `page` rows up or down, the first or the last. `None` for any
/// other key, which the row keeps.
pub fn row_after_key(key: &str, current: usize, count: usize, page: usize) -> Option<usize> {
    let last = count.checked_sub(1)?;
    let row = match key {
        "ArrowUp" => current.saturating_sub(1),
        "ArrowDown" => current.saturating_add(1),
        "PageUp" => current.saturating_sub(page),
        "PageDown" => current.saturating_add(page),
        "Home" => 0,
        "End" => last,
        _ => return None,
    };
    Some(row.min(last))
}

/// The chart bar a key moves the keyboard focus to among `count` bars from bar `current`:
/// the one before or after (by either arrow along the axis or across it), the first or the
/// last. `None` for any other key, which the bar keeps.
pub fn bar_after_key(key: &str, current: usize, count: usize) -> Option<usize> {
    let key = match key {
        "ArrowLeft" => "ArrowUp",
        "ArrowRight" => "ArrowDown",
        "ArrowUp" | "ArrowDown" | "Home" | "End" => key,
        _ => return None,
    };
    row_after_key(key, current, count, 1)
}

/// The rows shown whole below a sticky `header`, sizes in CSS pixels as for
/// `rendered_rows` (a pixel's rounding is forgiven); when the box is too short to show one
/// whole, the row at its top.
pub fn rows_in_view(
    scroll_top: f64,
    viewport: f64,
    header: f64,
    row_height: f64,
    total: usize,
) -> Range<usize> {
    let first = ((scroll_top - 1.0).max(0.0) / row_height).ceil() as usize;
    let end = ((scroll_top + viewport - header + 1.0).max(0.0) / row_height).floor() as usize;
    let whole = if end > first {
        first..end
    } else {
        let top = (scroll_top.max(0.0) / row_height) as usize;
        top..top + 1
    };
    whole.start.min(total)..whole.end.min(total)
}

/// The row that takes the table's one Tab stop: the row last focused while it is in view,
/// else the nearest that is, so that Tab reaches the table where it is scrolled to.
pub fn tab_stop(last_focused: usize, in_view: &Range<usize>) -> usize {
    last_focused.clamp(
        in_view.start,
        in_view.end.saturating_sub(1).max(in_view.start),
    )
}

/// The scroll position that shows `row` whole below a sticky `header`, moving as little as
/// it can: unchanged when the row is in view already. Sizes in CSS pixels, as for
/// `rendered_rows`.
pub fn scroll_to_show(
    row: usize,
    row_height: f64,
    header: f64,
    scroll_top: f64,
    viewport: f64,
) -> f64 {
    let top = row as f64 * row_height;
    let bottom = header + top + row_height;
    if top < scroll_top {
        top
    } else if bottom > scroll_top + viewport {
        bottom - viewport
    } else {
        scroll_top
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_keys_move_along_the_bars_and_stop_at_the_ends() {
        let moved = |key, current| bar_after_key(key, current, 5);
        assert_eq!(moved("ArrowRight", 0), Some(1));
        assert_eq!(moved("ArrowDown", 0), Some(1));
        assert_eq!(moved("ArrowLeft", 3), Some(2));
        assert_eq!(moved("ArrowUp", 3), Some(2));
        assert_eq!(moved("ArrowLeft", 0), Some(0));
        assert_eq!(moved("ArrowRight", 4), Some(4));
        assert_eq!(moved("End", 1), Some(4));
        assert_eq!(moved("Home", 4), Some(0));
        // Paging is the table's: a chart's keys are its arrows, Home and End.
        assert_eq!(moved("PageDown", 0), None);
        assert_eq!(moved("Enter", 0), None);
        assert_eq!(bar_after_key("ArrowRight", 0, 0), None);
    }

    #[test]
    fn a_page_shown_whole_renders_every_row_while_they_fit() {
        // 100 rows of a server page: all of them, wherever the scroll is.
        assert_eq!(rendered_rows(true, 0.0, 400.0, 40.0, 100, 5, 150), 0..100);
        assert_eq!(
            rendered_rows(true, 2_000.0, 400.0, 40.0, 150, 5, 150),
            0..150
        );
        // More than fit is windowed all the same.
        assert_eq!(rendered_rows(true, 0.0, 400.0, 40.0, 151, 5, 150), 0..16);
    }

    #[test]
    fn any_other_list_is_windowed_however_short() {
        // A date range searched down to 100 rows: the viewport and the margin only.
        assert_eq!(rendered_rows(false, 0.0, 400.0, 40.0, 100, 5, 150), 0..16);
        assert_eq!(rendered_rows(false, 0.0, 400.0, 40.0, 3, 5, 150), 0..3);
    }

    #[test]
    fn the_top_of_a_list_renders_the_viewport_and_the_margin_below() {
        // 10 rows fit in 400 px at 40 px; one more for a partly shown row, 5 below.
        assert_eq!(
            rendered_rows(false, 0.0, 400.0, 40.0, 100_000, 5, 150),
            0..16
        );
        assert_eq!(rendered_rows(false, 0.0, 400.0, 40.0, 150, 5, 150), 0..16);
    }

    #[test]
    fn the_middle_renders_a_margin_either_side() {
        // Row 1000 is at the top of the viewport.
        assert_eq!(
            rendered_rows(false, 40_000.0, 400.0, 40.0, 100_000, 5, 150),
            995..1016
        );
    }

    #[test]
    fn the_end_always_includes_the_last_row() {
        let total = 20_000;
        let bottom = (total as f64) * 40.0 - 400.0;
        let rows = rendered_rows(false, bottom, 400.0, 40.0, total, 5, 150);
        // The viewport's 10 rows and 5 above.
        assert_eq!(rows, total - 15..total);
        // Scrolled past the end (elastic scrolling) still shows the last rows.
        assert_eq!(
            rendered_rows(false, 1e9, 400.0, 40.0, total, 5, 150),
            total - 15..total
        );
    }

    #[test]
    fn a_huge_viewport_is_capped() {
        assert_eq!(
            rendered_rows(false, 0.0, 100_000.0, 40.0, 100_000, 5, 150).len(),
            150
        );
    }

    #[test]
    fn short_lists_render_whole() {
        assert_eq!(rendered_rows(false, 0.0, 400.0, 40.0, 3, 5, 150), 0..3);
        assert_eq!(rendered_rows(false, 2_000.0, 400.0, 40.0, 3, 5, 150), 0..3);
        assert_eq!(rendered_rows(false, 0.0, 400.0, 40.0, 0, 5, 150), 0..0);
        assert_eq!(rendered_rows(false, -50.0, 400.0, 40.0, 3, 5, 150), 0..3);
    }

    #[test]
    fn rows_joining_above_rows_that_stay_join_one_per_step() {
        // Scrolled up by three rows: the rows below go at once, those above one by one.
        assert_eq!(toward(100..130, 97..127), 99..127);
        assert_eq!(toward(99..127, 97..127), 98..127);
        assert_eq!(toward(98..127, 97..127), 97..127);
        assert_eq!(toward(97..127, 97..127), 97..127);
        // A taller viewport adds rows at both ends: below at once, above one by one.
        assert_eq!(toward(100..130, 95..140), 99..140);
    }

    #[test]
    fn rows_below_and_rows_that_replace_all_arrive_at_once() {
        // Scrolled down: rows are only removed above and added below.
        assert_eq!(toward(100..130, 110..140), 110..140);
        // One row above is one step.
        assert_eq!(toward(100..130, 99..129), 99..129);
        // Nothing stays: a jump, or a search that leaves other rows.
        assert_eq!(toward(5_000..5_030, 0..26), 0..26);
        assert_eq!(toward(26..52, 0..26), 0..26);
        assert_eq!(toward(100..130, 0..0), 0..0);
    }

    #[test]
    fn items_arriving_at_the_top_of_a_list_join_one_per_step() {
        let wanted = ["n1", "n2", "n3", "a", "b"];
        let start = |rendered: &[&str]| next_start(&wanted, |item| rendered.contains(item));
        assert_eq!(start(&["a", "b"]), 2);
        assert_eq!(start(&["n3", "a", "b"]), 1);
        assert_eq!(start(&["n2", "n3", "a", "b"]), 0);
        assert_eq!(start(&wanted), 0);
        // Items that joined below, or left, do not hold the top back.
        assert_eq!(start(&["n2", "n3", "a"]), 0);
        // Nothing stays: all at once.
        assert_eq!(start(&["x", "y"]), 0);
        assert_eq!(start(&[]), 0);
    }

    #[test]
    fn keys_move_between_rows_and_stop_at_the_ends() {
        let moved = |key, current| row_after_key(key, current, 100, 10);
        assert_eq!(moved("ArrowDown", 5), Some(6));
        assert_eq!(moved("ArrowUp", 5), Some(4));
        assert_eq!(moved("PageDown", 5), Some(15));
        assert_eq!(moved("PageUp", 15), Some(5));
        assert_eq!(moved("Home", 50), Some(0));
        assert_eq!(moved("End", 5), Some(99));
        // At the ends, a key keeps the row rather than wrapping round.
        assert_eq!(moved("ArrowUp", 0), Some(0));
        assert_eq!(moved("ArrowDown", 99), Some(99));
        assert_eq!(moved("PageUp", 3), Some(0));
        assert_eq!(moved("PageDown", 95), Some(99));
        // Other keys are the row's own (Enter opens it), and no row has nowhere to go.
        assert_eq!(moved("Enter", 5), None);
        assert_eq!(moved("a", 5), None);
        assert_eq!(row_after_key("ArrowDown", 0, 0, 10), None);
    }

    #[test]
    fn rows_in_view_are_those_shown_whole_below_the_header() {
        // 41 px rows under a 40 px header in a 400 px box: rows 0 to 7 whole, 8 cut.
        assert_eq!(rows_in_view(0.0, 400.0, 40.0, 41.0, 100), 0..8);
        // Scrolled 20 px: row 0 is half under the header; row 8 now whole.
        assert_eq!(rows_in_view(20.0, 400.0, 40.0, 41.0, 100), 1..9);
        // A pixel's rounding does not hide a row; half a row under the header does.
        assert_eq!(rows_in_view(41.5, 400.0, 40.0, 41.0, 100), 1..9);
        assert_eq!(rows_in_view(61.5, 400.0, 40.0, 41.0, 100), 2..10);
        // At the bottom edge too: row 8 ends half a pixel below the box, and counts.
        assert_eq!(rows_in_view(0.0, 408.5, 40.0, 41.0, 100), 0..9);
        // At the end, and in a box too short for a whole row: the one at its top.
        assert_eq!(rows_in_view(3_800.0, 400.0, 40.0, 41.0, 100), 93..100);
        assert_eq!(rows_in_view(20.0, 50.0, 40.0, 41.0, 100), 0..1);
        assert_eq!(rows_in_view(0.0, 60.0, 40.0, 41.0, 100), 0..1);
        assert_eq!(rows_in_view(0.0, 400.0, 40.0, 41.0, 0), 0..0);
    }

    #[test]
    fn the_tab_stop_stays_on_a_row_in_view() {
        assert_eq!(tab_stop(12, &(0..30)), 12);
        // Scrolled away from the row last focused: the nearest row in view.
        assert_eq!(tab_stop(12, &(40..70)), 40);
        assert_eq!(tab_stop(90, &(40..70)), 69);
        // Fewer rows than before (a search): the last one.
        assert_eq!(tab_stop(12, &(0..3)), 2);
        assert_eq!(tab_stop(12, &(0..0)), 0);
        // Scrolled past the rows a search left: no row in view, and no panic.
        assert_eq!(tab_stop(7, &(3..3)), 3);
    }

    #[test]
    fn scrolling_to_a_row_moves_only_as_far_as_it_must() {
        // 40 px rows under a 30 px header, 430 px of viewport: rows 0 to 9 are in view.
        let show = |row| scroll_to_show(row, 40.0, 30.0, 0.0, 430.0);
        assert_eq!(show(0), 0.0);
        assert_eq!(show(9), 0.0);
        // Row 10 lines up with the bottom edge.
        assert_eq!(show(10), 40.0);
        // From further down, a row above lines up under the header.
        assert_eq!(scroll_to_show(3, 40.0, 30.0, 400.0, 430.0), 120.0);
        assert_eq!(scroll_to_show(99_999, 40.0, 30.0, 0.0, 430.0), 3_999_600.0);
    }
}
