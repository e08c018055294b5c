//! Which rows of a long list to put in the DOM: those in view plus a margin either side,
//! with spacers standing in for the rest, so the DOM stays small at any number of rows.

use std::ops::Range;

/// The rows to render for a scroll position, all sizes in CSS pixels. A list of at most
/// `max_rows` is rendered whole (a server page of 25 to 100 rows stays findable with the
/// browser's search and printable). Longer lists: rows have a fixed height; `overscan` rows
/// are added above and below the viewport so fast scrolling does not show blanks, and the
/// result never exceeds `max_rows`.
pub fn visible_rows(
    scroll_top: f64,
    viewport: f64,
    row_height: f64,
    total: usize,
    overscan: usize,
    max_rows: usize,
) -> Range<usize> {
    if total <= max_rows {
        return 0..total;
    }
    let first_in_view = (scroll_top.max(0.0) / row_height) as usize;
    let in_view = (viewport.max(0.0) / row_height).ceil() as usize + 1;
    let start = first_in_view.saturating_sub(overscan).min(total);
    let wanted = in_view + 2 * overscan;
    let end = (start + wanted.min(max_rows)).min(total);
    // At the bottom, fill the window upwards so the last rows always have company.
    let start = end.saturating_sub(wanted.min(max_rows)).min(start);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_that_fits_the_cap_is_rendered_whole() {
        assert_eq!(visible_rows(0.0, 400.0, 40.0, 150, 5, 150), 0..150);
        assert_eq!(visible_rows(2_000.0, 400.0, 40.0, 50, 5, 150), 0..50);
        assert_eq!(visible_rows(0.0, 400.0, 40.0, 151, 5, 150), 0..21);
    }

    #[test]
    fn the_top_of_a_long_list_renders_the_viewport_and_the_margin_below() {
        // 10 rows fit in 400 px at 40 px; one more for a partly shown row, 5 below.
        assert_eq!(visible_rows(0.0, 400.0, 40.0, 100_000, 5, 150), 0..21);
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
        assert_eq!(rows.end, total);
        assert_eq!(rows.len(), 21);
        // Scrolled past the end (elastic scrolling) still ends at the last row.
        assert_eq!(visible_rows(1e9, 400.0, 40.0, total, 5, 150).end, total);
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
        assert_eq!(visible_rows(0.0, 400.0, 40.0, 0, 5, 150), 0..0);
        assert_eq!(visible_rows(-50.0, 400.0, 40.0, 3, 5, 150), 0..3);
    }
}
