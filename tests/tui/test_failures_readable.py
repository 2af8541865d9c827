"""Failures readable at 80×24: the failure summary where the eye is, failed stages marked failed,
gate errors as `line L, column C: message`, a run detail without raw JSON, rejection reasons by
hunk number, no `Risk 0.00` for a run that never had a patch, a task column that uses the width."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from ouroboros_tui.config import load_settings, scripted_flags
from ouroboros_tui.tui.app import make_app
from ouroboros_tui.tui.demo import BROKEN, PLAN, make_demo_repo
from ouroboros_tui.tui.screens.history import HistoryScreen
from ouroboros_tui.tui.screens.run_detail import RunDetailScreen
from ouroboros_tui.tui.widgets.history_table import TASK_MIN, HistoryTable
from ouroboros_tui.tui.widgets.stages import StagesPane
from tests.tui.helpers import demo_app, run_to_review, wait_until


def _failing_app(root: Path):  # type: ignore[no-untyped-def]
    """The demo repo whose Builder answers with a syntax error on every attempt."""
    repo, script = make_demo_repo(root)
    lines = [{"role": "reasoner", "text": PLAN}, *[{"role": "builder", "text": BROKEN}] * 2]
    script.write_text("".join(json.dumps(line) + "\n" for line in lines))
    flags = {**scripted_flags(script), "pipeline": {"max_retry_attempts": 2}}
    app = make_app(repo, ["calc.py"], load_settings(repo, flags), flags=flags, task="Add type hints",
                   persist_theme=False)
    return app, repo


async def test_a_failed_run_says_where_and_why_on_screen_and_in_history(tmp_path: Path) -> None:
    app, _ = _failing_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        stages = app.screen.query_one(StagesPane)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: stages.progress.status == "failed" and not app.main_screen.running)  # type: ignore[union-attr]
        headline = str(stages.border_subtitle)
        assert headline.startswith("run failed") and "gate · calc.py" in headline
        assert "line 4, column 37" in headline  # the gate's own position, on the pane's border
        assert stages.rows["gate"].state == "failed"
        log = "\n".join(str(line) for line in stages.attempt_lines)
        assert "line 4, column 37" in log and "SyntaxErrorRecord(" not in log

        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        table = app.screen.query_one(HistoryTable)
        await wait_until(pilot, lambda: table.row_count == 1)
        run_id = table.current_run_id
        assert run_id is not None
        assert str(table.get_cell(run_id, "risk")) == "—"  # not a reassuring 0.00
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RunDetailScreen) and app.screen.record is not None)
        detail = app.screen
        assert isinstance(detail, RunDetailScreen)
        text = detail.plain_text(width=78)
        assert "risk — (no patch)" in text and "risk 0.00" not in text
        assert "calc.py: line 4, column 37" in text and "^" in text  # the caret context under the error
        assert '{"' not in text and '"budget"' not in text  # no raw JSON
        assert "budget: " in text and "1. calc.py · add: type hints" in text


# Slow tier: a long flow; the rejection reasons' text is unit-tested in tests/patch/test_review_session.py.
@pytest.mark.slow
async def test_run_detail_keys_rejection_reasons_by_hunk_number(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path, targets=["calc.py"], task="Add type hints")
    async with app.run_test(size=(80, 24)) as pilot:
        review = await run_to_review(pilot, app)
        record = app.main_screen.record  # type: ignore[union-attr]
        assert record is not None
        second = review.hunks[1]
        record.rejected[second.id] = "keep the old name"  # as `r` records it, by the hunk's id
        await pilot.press("y", "n", "n", "c")
        await wait_until(pilot, lambda: app.last_commit is not None)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RunDetailScreen) and app.screen.record is not None)
        text = app.screen.plain_text(width=78)  # type: ignore[attr-defined]
        assert "#2 calc.py: keep the old name" in text and second.id not in text


def _task_width(table: HistoryTable) -> int:
    return next(c.width for key, c in table.columns.items() if key.value == "task")


# Slow tier: two terminal sizes; the history screen stays fast in test_history.py.
@pytest.mark.slow
async def test_history_task_column_grows_with_the_terminal(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        table = app.screen.query_one(HistoryTable)
        await pilot.pause()
        wide = _task_width(table)
        assert wide > 90
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: _task_width(table) == TASK_MIN)


async def test_a_missing_model_fails_the_run_at_once(tmp_path: Path) -> None:
    repo, script = make_demo_repo(tmp_path)
    flags = scripted_flags(script)
    flags["models"]["builder"] = {"backend": "autoregressive", "model": "nobody/no-such-model-here"}
    app = make_app(repo, ["calc.py"], load_settings(repo, flags), flags=flags, task="Add type hints",
                   persist_theme=False)  # no injected generators: the models come from the settings
    async with app.run_test(size=(80, 24)) as pilot:
        stages = app.screen.query_one(StagesPane)
        start = time.monotonic()
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: stages.progress.status == "failed", timeout=10)
        assert time.monotonic() - start < 5  # not after torch and transformers have loaded
        headline = str(stages.border_subtitle)
        assert "model not available" in headline and "nobody/no-such-model-here" in headline
        assert "ouroboros models pull" in "\n".join(str(line) for line in stages.attempt_lines)
