//! Which rows of a long list to put in the DOM: those in view plus a margin either side,
//! with spacers standing in for the rest, so the DOM stays small at any number of rows.

use std::ops::Range;

/// The rows to render for a scroll position, all sizes in CSS pixels. Rows have a fixed
/// height; `overscan` rows are added above and below the viewport, where there are rows,
/// so fast scrolling does not show blanks, and the result never exceeds `max_rows`.
pub fn visible_rows(
    scroll_top: f64,
    viewport: f64,
    row_height: f64,
    total: usize,
    overscan: usize,
    max_rows: usize,
) -> Range<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_top_of_a_list_renders_the_viewport_and_the_margin_below() {
        // 10 rows fit in 400 px at 40 px; one more for a partly shown row, 5 below.
        assert_eq!(visible_rows(0.0, 400.0, 40.0, 100_000, 5, 150), 0..16);
        assert_eq!(visible_rows(0.0, 400.0, 40.0, 150, 5, 150), 0..16);
    }

    #[test]
    fn the_middle_renders_a_margin_either_side() {
        // Row 1000 is at the top of the viewport.
        assert_eq!(
            visible_rows(40_000.0, 400.0, 40.0, 100_000, 5, 150),
            995..1016
        );
    }

    #[test]
    fn the_end_always_includes_the_last_row() {
        let total = 20_000;
        let bottom = (total as f64) * 40.0 - 400.0;
        let rows = visible_rows(bottom, 400.0, 40.0, total, 5, 150);
        // The viewport's 10 rows and 5 above.
        assert_eq!(rows, total - 15..total);
        // Scrolled past the end (elastic scrolling) still shows the last rows.
        assert_eq!(
            visible_rows(1e9, 400.0, 40.0, total, 5, 150),
            total - 15..total
        );
    }

    #[test]
    fn a_huge_viewport_is_capped() {
        assert_eq!(
            visible_rows(0.0, 100_000.0, 40.0, 100_000, 5, 150).len(),
            150
        );
    }

    #[test]
    fn short_lists_render_whole() {
        assert_eq!(visible_rows(0.0, 400.0, 40.0, 3, 5, 150), 0..3);
        assert_eq!(visible_rows(2_000.0, 400.0, 40.0, 3, 5, 150), 0..3);
        assert_eq!(visible_rows(0.0, 400.0, 40.0, 0, 5, 150), 0..0);
        assert_eq!(visible_rows(-50.0, 400.0, 40.0, 3, 5, 150), 0..3);
    }
}
