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

#[cfg(test)]
mod tests {
    use super::*;

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
}
