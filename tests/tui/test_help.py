"""`?` / F1: the keys of the focused pane from the live keymap; the palette's key list is the
same overlay and closes on escape without squeezing the panes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from ouroboros_tui.config import load_settings, scripted_flags
from ouroboros_tui.tui.app import make_app
from ouroboros_tui.tui.demo import make_demo_repo
from ouroboros_tui.tui.screens.help import HelpScreen
from tests.tui.helpers import demo_app, run_to_review, wait_until


# Slow tier: the overlay stays fast in test_f1_opens_help_from_the_task_where_question_mark_is_typed.
@pytest.mark.slow
async def test_question_mark_lists_the_review_keys_as_remapped(tmp_path: Path) -> None:
    repo, script = make_demo_repo(tmp_path)
    (repo / "ouroboros.toml").write_text('[keymap]\n"review.accept" = "x"\n')
    flags = scripted_flags(script)
    app = make_app(repo, ["calc.py"], load_settings(repo, flags), flags=flags, task="hints", persist_theme=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await run_to_review(pilot, app)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        review_rows = {row.description: row.keys for row in help_screen.rows if row.group == "Review"}
        assert help_screen.rows[0].group == "Review"  # the focused pane comes first
        assert review_rows["Accept"] == "x"  # the live keymap, not the default `y`
        for what in ("Reject", "Accept file", "Reject file", "Split", "Next", "Prev", "Next file", "Prev file",
                     "Commit", "Copy hunk", "Undo", "Leave"):
            assert what in review_rows, what
        assert review_rows["Leave"] == "q, esc"
        assert any(r.group == "Everywhere" and r.description == "Quit" for r in help_screen.rows)
        assert any(r.description == "Run" for r in help_screen.rows)  # left out of the footer only
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen))
        assert app.main_screen.reviewing  # type: ignore[union-attr]  # escape closed the overlay only


async def test_f1_opens_help_from_the_task_where_question_mark_is_typed(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path, targets=["calc.py"])
    async with app.run_test(size=(80, 24)) as pilot:
        task = app.screen.query_one("#task-text", TextArea)
        await wait_until(pilot, lambda: app.focused is task)
        await pilot.press("w", "h", "y", "question_mark")
        assert task.text == "why?"
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("f1")
        await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen))
        assert app.focused is task


# Slow tier: the overlay stays fast in test_f1_opens_help_from_the_task_where_question_mark_is_typed.
@pytest.mark.slow
async def test_palette_keys_command_opens_the_overlay_and_escape_closes_it(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path, targets=["calc.py"])
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.screen.query_one("#file-tree")
        await pilot.pause()
        width = tree.size.width
        await pilot.press("ctrl+p")
        await pilot.press(*"keys")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert tree.size.width == width  # an overlay: the panes keep their size
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen))
        assert not app.screen.query("HelpPanel")
