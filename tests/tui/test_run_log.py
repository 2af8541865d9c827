"""The run log (`l` in the review, ctrl+l, the palette): at 80×24 the review hides the Stages
pane's attempts, and this overlay is where the first attempt's gate error is read, scrolled and
closed again without losing the review."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.containers import VerticalScroll
from textual.widgets import TextArea

from ouroboros_tui.config import load_settings, scripted_flags
from ouroboros_tui.tui.app import make_app
from ouroboros_tui.tui.demo import BROKEN, PLAN, make_demo_repo
from ouroboros_tui.tui.screens.help import HelpScreen
from ouroboros_tui.tui.screens.run_log import RunLogScreen
from ouroboros_tui.tui.widgets.diff_review import DiffReview
from tests.tui.helpers import demo_app, review_record, run_to_review, wait_until

GATE_ERROR = "line 4, column 37"  # where the demo's first Builder answer breaks calc.py


def screen_text(app: Any) -> str:
    """What the terminal shows now, line by line (the compositor's output, overlays included)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def failing_app(root: Path) -> Any:
    """The demo repo whose Builder answers with a syntax error on both attempts."""
    repo, script = make_demo_repo(root)
    lines = [{"role": "reasoner", "text": PLAN}, *[{"role": "builder", "text": BROKEN}] * 2]
    script.write_text("".join(json.dumps(line) + "\n" for line in lines))
    flags = {**scripted_flags(script), "pipeline": {"max_retry_attempts": 2}}
    return make_app(repo, ["calc.py"], load_settings(repo, flags), flags=flags, task="Add type hints",
                    persist_theme=False)


# Slow tier: the log's text stays fast in test_a_failed_run_log_opens_from_the_task_and_the_palette, `l` in the
# review in test_the_opening_key_and_q_close_the_log.
@pytest.mark.slow
async def test_l_in_the_review_shows_the_refused_attempt_and_scrolls(tmp_path: Path) -> None:
    # The demo's Builder answers with a syntax error first, then with a patch that lands.
    app, _ = demo_app(tmp_path, targets=["calc.py"], task="Add type hints")
    async with app.run_test(size=(80, 24)) as pilot:
        review = await run_to_review(pilot, app)
        assert app.focused is review
        assert GATE_ERROR not in screen_text(app)  # the review hides the attempts at 24 rows

        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, RunLogScreen))
        log = app.screen
        assert isinstance(log, RunLogScreen)
        text = log.plain_text
        assert "patch ready for review after 2 attempts: 1 refused" in text
        assert "attempt 1 failed — retrying with the errors" in text
        assert f"attempt 1: gate calc.py\n    {GATE_ERROR}" in text
        assert "Builder, attempt 2" in text  # the Builder's last output, with its title
        await wait_until(pilot, lambda: GATE_ERROR in screen_text(app))  # on screen, not only in the model

        box = log.query_one("#run-log-box", VerticalScroll)
        assert app.focused is box
        await wait_until(pilot, lambda: box.max_scroll_y > 0)  # longer than 24 rows: scrolling matters
        assert box.scroll_y == 0
        await pilot.press("j", "j")
        await wait_until(pilot, lambda: box.scroll_y == 2)
        await pilot.press("k")
        await wait_until(pilot, lambda: box.scroll_y == 1)
        await pilot.press("end")
        await wait_until(pilot, lambda: box.scroll_y == box.max_scroll_y)
        assert GATE_ERROR not in screen_text(app)  # scrolled past it: the view moved, not just a number
        await pilot.press("home")
        await wait_until(pilot, lambda: box.scroll_y == 0)
        await pilot.press("pagedown")
        await wait_until(pilot, lambda: box.scroll_y > 1)
        await pilot.press("pageup")
        await wait_until(pilot, lambda: box.scroll_y == 0)
        await pilot.press("down")
        await wait_until(pilot, lambda: box.scroll_y == 1)
        await pilot.press("up")
        await wait_until(pilot, lambda: box.scroll_y == 0)

        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, RunLogScreen))
        assert app.main_screen.reviewing  # type: ignore[union-attr]  # escape closed the log only
        assert app.focused is review
        await pilot.press("y")
        await wait_until(pilot, lambda: review.accepted_ids() == [review.hunks[0].id])


async def test_the_opening_key_and_q_close_the_log(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path, targets=["calc.py"], task="Add type hints")
    async with app.run_test(size=(80, 24)) as pilot:
        review = await run_to_review(pilot, app)
        for opener, closer in (("l", "l"), ("l", "q"), ("ctrl+l", "ctrl+l"), ("ctrl+l", "l")):
            await pilot.press(opener)
            await wait_until(pilot, lambda: isinstance(app.screen, RunLogScreen))
            await pilot.press(closer)
            await wait_until(pilot, lambda: not isinstance(app.screen, RunLogScreen))
            assert app.focused is review and app.main_screen.reviewing, (opener, closer)  # type: ignore[union-attr]
        assert review.accepted_ids() == [] and not review.reasons  # no key leaked into a decision


# Slow tier: the help overlay stays fast in tests/tui/test_help.py; every binding's documented id in
# test_app.py.
@pytest.mark.slow
async def test_help_in_the_review_lists_the_run_log_key(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path, targets=["calc.py"], task="Add type hints")
    async with app.run_test(size=(80, 24)) as pilot:
        await run_to_review(pilot, app)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = {row.description: row.keys for row in app.screen.rows if row.group == "Review"}  # type: ignore[attr-defined]
        assert rows["Run log"] == "l"


async def test_ctrl_l_before_any_run_says_there_is_nothing_yet(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path, targets=["calc.py"])
    async with app.run_test(size=(80, 24)) as pilot:
        task = app.screen.query_one("#task-text", TextArea)
        await wait_until(pilot, lambda: app.focused is task)
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: any("No run yet" in n.message for n in app._notifications))
        assert not isinstance(app.screen, RunLogScreen) and task.text == ""


async def test_a_failed_run_log_opens_from_the_task_and_the_palette(tmp_path: Path) -> None:
    app = failing_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        main = app.main_screen
        assert main is not None
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: main.query_one("#stages").progress.status == "failed"  # type: ignore[attr-defined]
                         and not main.running)
        task = main.query_one("#task-text", TextArea)
        task.focus()
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, RunLogScreen))
        text = app.screen.plain_text  # type: ignore[attr-defined]
        assert text.startswith("Summary\nrun failed: no valid patch") and "gate · calc.py" in text
        assert text.count(GATE_ERROR) >= 2  # each attempt's gate error, not only the last
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, RunLogScreen))
        assert app.focused is task and task.text == "Add type hints"

        await pilot.press("ctrl+p")
        await pilot.press(*"run log")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette)
                         and "Show run log" in str(app.screen.query_one(CommandList).get_option_at_index(0).prompt)
                         if app.screen.query(CommandList) and app.screen.query_one(CommandList).option_count
                         else False)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RunLogScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, RunLogScreen))
        assert app.focused is task


async def test_a_review_reopened_from_history_points_to_its_run_detail(tmp_path: Path) -> None:
    app, repo = demo_app(tmp_path, targets=["calc.py"])
    async with app.run_test(size=(80, 24)) as pilot:
        main = app.main_screen
        assert main is not None
        main.show_patch(review_record(repo, {"calc.py": ((repo / "calc.py").read_text(), "x = 1\n")}))
        await wait_until(pilot, lambda: main.reviewing and isinstance(app.focused, DiffReview))
        await pilot.press("l")
        await wait_until(pilot, lambda: any("History (ctrl+o) → enter" in n.message for n in app._notifications))
        assert not isinstance(app.screen, RunLogScreen) and main.reviewing
