"""Defects found driving the app in tmux at 80×24, each pinned by a test that failed before its fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Footer, TextArea
from textual.widgets._footer import FooterKey

from ouroboros_tui.config import load_settings, scripted_flags
from ouroboros_tui.tui.app import make_app
from ouroboros_tui.tui.demo import CALC, make_demo_repo, paced_generators
from ouroboros_tui.tui.screens.history import HistoryScreen
from ouroboros_tui.tui.screens.main import MainScreen
from ouroboros_tui.tui.screens.run_detail import RunDetailScreen
from ouroboros_tui.tui.widgets.diff_review import DiffReview
from tests.conftest import git
from tests.tui.helpers import demo_app, review_record, run_to_review, wait_until


def _notes(app: Any) -> str:
    return "\n".join(n.message for n in app._notifications)


async def test_keys_typed_just_before_ctrl_r_are_part_of_the_task(tmp_path: Path) -> None:
    # Over SSH a burst of keys arrives at once: the task text must hold all of it when ctrl+r
    # (a priority binding, handled before the text area has read its queue) starts the run.
    app, _ = demo_app(tmp_path, targets=["calc.py"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, TextArea)
        driver = app._driver
        assert driver is not None
        task = "type hints for calc"
        for ch in task:
            driver.send_message(events.Key("space" if ch == " " else ch, ch))
        driver.send_message(events.Key("ctrl+r", None))
        main = app.screen
        assert isinstance(main, MainScreen)
        await wait_until(pilot, lambda: main.worker is not None, timeout=5)
        assert main.last_task == task


# Slow tier: a whole run to a commit; test_full_run.py is the fast one.
@pytest.mark.slow
async def test_focus_returns_to_the_task_after_a_commit(tmp_path: Path) -> None:
    # The review hides after the commit; a focus left in it reached no visible widget, so the
    # keyboard did nothing until the user guessed to press tab.
    app, _ = demo_app(tmp_path, targets=["calc.py"], task="hints")
    async with app.run_test(size=(80, 24)) as pilot:
        review = await run_to_review(pilot, app)
        assert app.focused is review
        await pilot.press("a", "c")
        await wait_until(pilot, lambda: app.last_commit is not None)
        task_text = app.screen.query_one("#task-text")
        await wait_until(pilot, lambda: app.focused is task_text)
        await pilot.press("x")
        assert "x" in app.screen.query_one("#task-text", TextArea).text


# Slow tier: a whole run, commit and undo; test_full_run.py is the fast one.
@pytest.mark.slow
async def test_undo_from_the_run_detail_updates_the_history_row(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path, targets=["calc.py"], task="hints")
    async with app.run_test(size=(80, 24)) as pilot:
        await run_to_review(pilot, app)
        await pilot.press("a", "c")
        await wait_until(pilot, lambda: app.last_commit is not None)
        await pilot.press("ctrl+o")
        history = app.screen
        assert isinstance(history, HistoryScreen)
        table = history.table
        run_id = table.current_run_id
        assert run_id is not None and table.rows_by_id[run_id]["status"] == "applied"
        await pilot.press("enter")
        assert isinstance(app.screen, RunDetailScreen)
        await pilot.press("u", "y")
        await wait_until(pilot, lambda: "undone" in _notes(app).lower())
        await pilot.press("escape")
        assert app.screen is history
        assert table.rows_by_id[run_id]["status"] == "undone"


# Slow tier: the keymap stays fast in test_app.py.
@pytest.mark.slow
async def test_a_keymap_key_textual_cannot_match_keeps_the_default(tmp_path: Path) -> None:
    # "ctrl+qq" used to replace ctrl+q with a key no terminal sends: the app could not be quit
    # (ctrl+c said "Press ctrl+qq to quit"). "Ctrl+R" (capital) bound nothing either.
    repo, script = make_demo_repo(tmp_path)
    (repo / "ouroboros.toml").write_text(
        '[keymap]\n"app.quit" = "ctrl+qq"\n"main.run" = "Ctrl+R"\n"review.accept" = "x,,f99"\n'
    )
    flags = scripted_flags(script)
    app = make_app(repo, ["calc.py"], load_settings(repo, flags), flags=flags, task="hints", persist_theme=False)
    async with app.run_test(size=(80, 24)) as pilot:
        notes = _notes(app)
        assert "'app.quit' = 'ctrl+qq'" in notes and "keeping ctrl+q" in notes
        assert "'main.run' = 'Ctrl+R'" in notes and "keeping ctrl+r" in notes
        assert "'review.accept' = 'x,,f99'" in notes and "using x" in notes
        review = await run_to_review(pilot, app)
        await pilot.press("x")  # the good key of the three applies
        assert review.decisions
        await pilot.press("ctrl+q")  # an accepted hunk not committed: asked once
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen")
        await pilot.press("y")
        await pilot.pause()
        assert app.return_value == 0


def _footer_keys(app: Any) -> set[str]:
    """Descriptions of the footer keys that are fully on screen (left of the ^p palette key, if
    the footer has one), and the keys themselves ("y", "^q")."""
    footer = app.screen.query_one(Footer)
    keys = list(footer.query(FooterKey))
    palette = next((k for k in keys if k.has_class("-command-palette")), None)
    right = palette.region.x if palette is not None else app.size.width
    shown = [k for k in keys if k is not palette and k.region.width and k.region.right <= right]
    return {k.description for k in shown if k.description} | {k.key_display for k in shown}


# Slow tier: the 80x24 layout is test_snapshots.py's (fast).
@pytest.mark.slow
async def test_footer_shows_the_review_keys_quit_and_history_at_80_columns(tmp_path: Path) -> None:
    # The review's keys plus an idle "esc Cancel run" pushed Quit and History off the footer; then
    # j/k/J/K/s/a/d were left out of it. Grouped ("yn hunk ad file jkJK nav"), all fit.
    app, _ = demo_app(tmp_path, targets=["calc.py"], task="hints")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Cancel run" not in _footer_keys(app)  # nothing to cancel yet
        await run_to_review(pilot, app)
        await wait_until(pilot, lambda: not app.main_screen.running)  # type: ignore[union-attr]
        await wait_until(pilot, lambda: {"y", "n", "a", "d", "j", "k", "J", "K", "s", "r", "c", "?"}
                         <= _footer_keys(app))  # fmt: skip
        assert {"Split", "Why", "Commit", "Keys", "Quit", "History"} <= _footer_keys(app)
        assert "Run" not in _footer_keys(app)  # ctrl+r still works in a review (it asks first)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: {"Open", "Undo", "Verify", "Back", "Quit"} <= _footer_keys(app))


# Slow tier: cancelling stays fast in test_app.py::test_escape_cancels_within_the_builder_step.
@pytest.mark.slow
async def test_cancel_run_is_in_the_footer_while_a_run_is_going(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path, targets=["calc.py"], task="hints", generators=paced_generators(0.05))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+r")
        main = app.main_screen
        assert main is not None
        await wait_until(pilot, lambda: main.running)
        await wait_until(pilot, lambda: "Cancel run" in _footer_keys(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not main.running)
        await wait_until(pilot, lambda: "Cancel run" not in _footer_keys(app))


async def test_commit_pressed_twice_applies_once(tmp_path: Path) -> None:
    # Two `c` in one burst: the second apply hit the first one's lock, and the screen said
    # "another Ouroboros writer holds .ouroboros/lock … delete it" over a commit that worked.
    app, repo = demo_app(tmp_path, targets=["calc.py"], task="hints")
    async with app.run_test(size=(80, 24)) as pilot:
        await run_to_review(pilot, app)
        await pilot.press("a")
        driver = app._driver
        assert driver is not None
        driver.send_message(events.Key("c", "c"))
        driver.send_message(events.Key("c", "c"))
        await wait_until(pilot, lambda: app.last_commit is not None and "Already applying" in _notes(app))
        await pilot.pause()  # let anything the second `c` queued finish
        notes = _notes(app)
        assert "lock" not in notes and "Not committed" not in notes
        assert "Already applying" in notes
        assert len(git(repo, "log", "--oneline").splitlines()) == 2


async def test_a_resize_after_the_patch_is_cleared_does_not_crash(tmp_path: Path) -> None:
    # The error box resizes the review, which scrolls to the cursor hunk after the refresh; a
    # commit clearing the patch in between raised IndexError and took the app down.
    app, repo = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        main = app.main_screen
        assert main is not None
        main.show_patch(review_record(repo, {"calc.py": (CALC, CALC.replace("a + b", "b + a"))}))
        await pilot.pause()
        review = main.query_one(DiffReview)
        review.on_resize()
        review.clear_patch("Committed.")
        await pilot.pause()  # the scroll scheduled by the resize runs after the refresh
        await pilot.pause()
        assert app.return_value is None  # still running, no exception
