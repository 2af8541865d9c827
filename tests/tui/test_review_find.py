"""`/` in the review: find text (the next hunk holding it) or go to `#N`; hunk headers carry git's
`@@ -a,b +c,d @@` with the new side's numbers moved by the hunks above."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from ouroboros_tui.tui.screens.find import FindScreen
from ouroboros_tui.tui.widgets.diff_review import DiffReview
from tests.tui.helpers import demo_app, numbered_file, review_record, wait_until


def _patch() -> dict[str, tuple[str | None, str]]:
    a = numbered_file(60, "a")
    # Hunk 1 adds two lines near the top; hunk 2, far below, starts two lines later on the new side.
    a_new = a.replace("a_5 = 5\n", "a_5 = 5\nextra_1 = 1\nextra_2 = 2\n").replace("a_40 = 40", "a_40 = 400")
    b = numbered_file(30, "b")
    return {"a.py": (a, a_new), "b.py": (b, b.replace("b_20 = 20", "needle = 20"))}


async def _find(pilot, app, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("slash")
    await wait_until(pilot, lambda: isinstance(app.screen, FindScreen))
    app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await wait_until(pilot, lambda: not isinstance(app.screen, FindScreen))


# Slow tier: types four queries key by key (~4 s); the review's headers stay fast below.
@pytest.mark.slow
async def test_slash_finds_text_and_goes_to_a_hunk_number(tmp_path: Path) -> None:
    app, repo = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.main_screen.show_patch(review_record(repo, _patch()))  # type: ignore[union-attr]
        review = app.screen.query_one(DiffReview)
        await wait_until(pilot, lambda: len(review.hunks) == 3)
        await _find(pilot, app, "NEEDLE")  # case does not matter
        assert review.cursor == 2 and review.current.path == "b.py"  # type: ignore[union-attr]
        await _find(pilot, app, "#2")
        assert review.cursor == 1
        await _find(pilot, app, "a_40")
        assert review.cursor == 1  # the only match is where the cursor is: it stays
        await _find(pilot, app, "no such text")
        assert review.cursor == 1
        assert any("No hunk matches 'no such text'" in n.message for n in app._notifications)
        await pilot.press("slash")
        await wait_until(pilot, lambda: isinstance(app.screen, FindScreen))
        assert app.screen.query_one(Input).value == "no such text"  # the last query, to repeat
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, FindScreen))
        assert app.focused is review and not review.decisions  # `/` decided nothing


async def test_hunk_headers_show_git_line_numbers(tmp_path: Path) -> None:
    app, repo = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.main_screen.show_patch(review_record(repo, _patch()))  # type: ignore[union-attr]
        review = app.screen.query_one(DiffReview)
        await wait_until(pilot, lambda: len(review.hunks) == 3)
        headers = [row.text for row in review._rows if row.kind == "hunk"]
        first, second = review.hunks[0], review.hunks[1]
        assert headers[0] == first.header(0)
        assert headers[1] == second.header(2)  # two lines added above it
        old_start = int(headers[1].split()[1].split(",")[0][1:])
        new_start = int(headers[1].split()[2].split(",")[0][1:])
        assert new_start == old_start + 2
        await wait_until(pilot, lambda: f"+2 -0 {headers[0]}" in "".join(s.text for s in review.render_line(1)))
