"""Defects found driving the task pane, the file tree and real tiny models by keyboard in tmux at
80×24; each test failed before its fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ouroboros_tui.config import load_settings, scripted_flags
from ouroboros_tui.tui.app import make_app
from ouroboros_tui.tui.demo import make_demo_repo
from ouroboros_tui.tui.widgets.file_tree import FileTree
from tests.conftest import git
from tests.tui.helpers import wait_until


def _nested_app(tmp_path: Path, targets: list[str]) -> tuple[Any, Path]:
    """The demo repo plus a file in a subfolder (folders sort first, so `lib/` is line 0)."""
    repo, script = make_demo_repo(tmp_path)
    (repo / "lib").mkdir()
    (repo / "lib" / "util.py").write_text("def util(x):\n    return x\n")
    git(repo, "add", "lib")
    git(repo, "commit", "-qm", "lib")
    flags = scripted_flags(script)
    return make_app(repo, targets, load_settings(repo, flags), flags=flags, persist_theme=False), repo


async def test_the_cursor_starts_on_the_target_given_with_t(tmp_path: Path) -> None:
    # `-t lib/util.py`: the folder was opened but the cursor stayed on line 0 (the node's line
    # was not laid out yet), so `space` in the tree folded `lib/` instead of unmarking the target.
    app, _ = _nested_app(tmp_path, ["lib/util.py"])
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.screen.query_one(FileTree)
        await wait_until(pilot, lambda: tree.loaded)
        await pilot.press("ctrl+f")
        assert tree.cursor_file == "lib/util.py"
        await pilot.press("space")
        assert tree.marked == set()


# Slow tier: marking with space is also in test_full_run.py (fast).
@pytest.mark.slow
async def test_space_in_the_tree_works_before_any_arrow_key(tmp_path: Path) -> None:
    # With no target marked the tree had no cursor: ctrl+f, space did nothing at all.
    app, _ = _nested_app(tmp_path, [])
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.screen.query_one(FileTree)
        await wait_until(pilot, lambda: tree.loaded)
        await pilot.press("ctrl+f", "space")  # line 0 is the folder: space opens it
        assert tree.cursor_node is not None and tree.cursor_node.data == "lib"
        assert tree.cursor_node.is_expanded
        await pilot.press("down", "space", "down", "space")
        assert tree.marked == {"lib/util.py", "calc.py"}


# Slow tier: the tree's listing stays fast in test_panes.py::test_listing_follows_git.
@pytest.mark.slow
async def test_a_refresh_keeps_open_folders_and_the_cursor(tmp_path: Path) -> None:
    # After a commit the listing is re-read: every folder closed and the cursor was lost, so a
    # user working with the cursor as the target ("no target marked") had to find it again.
    app, _ = _nested_app(tmp_path, [])
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.screen.query_one(FileTree)
        await wait_until(pilot, lambda: tree.loaded)
        await pilot.press("ctrl+f", "space", "down")
        assert tree.cursor_file == "lib/util.py"
        tree.loaded = False
        tree.refresh_listing()
        await wait_until(pilot, lambda: tree.loaded)
        await pilot.pause()
        assert tree.cursor_file == "lib/util.py"
        assert tree.effective_targets() == ["lib/util.py"]


async def test_the_stages_pane_says_why_a_stage_failed_and_why_the_run_stopped(tmp_path: Path) -> None:
    # Real tiny models: "Reasoner failed" showed while the run went on, with no reason anywhere;
    # the run's failure was a fading notification plus a line scrolled above the Builder's output.
    from ouroboros_tui.runs.events import ModelLoading, RunFailed, StageFinished, StageStarted, TokenDelta
    from ouroboros_tui.tui.widgets.stages import StagesPane

    app, _ = _nested_app(tmp_path, ["calc.py"])
    async with app.run_test(size=(80, 24)) as pilot:
        stages = app.screen.query_one(StagesPane)
        stages.handle(StageStarted("r", "reasoner", "tiny"))
        stages.handle(StageFinished("r", "reasoner", 0.1, ok=False, detail="plan: fallback, 0 steps"))
        assert "reasoner failed: plan: fallback, 0 steps" in str(stages.attempt_lines[-1])
        stages.handle(StageStarted("r", "builder", "tiny", attempt=1))
        stages.handle(ModelLoading("r", "builder", "tiny", "tiny ready on cpu", 1.0))
        stages.handle(TokenDelta("r", "builder", "def", 1, attempt=1))
        assert stages.output_title == "Builder, attempt 1"  # not "Loading tiny…" while it writes
        stages.handle(RunFailed("r", "no valid patch after 2 attempt(s)"))
        await pilot.pause()
        assert stages.border_subtitle == "run failed: no valid patch after 2 attempt(s)"
        stages.reset()
        assert stages.border_subtitle == ""


# Slow tier: a whole run; the risk model is unit-tested in tests/pipeline/test_risk.py.
@pytest.mark.slow
async def test_a_run_above_the_max_risk_is_flagged_in_the_review(tmp_path: Path) -> None:
    # The task pane's max-risk was read and never used: a run at 0.47 under "risk≤ 0.3" was
    # reviewed and committed without a word. Now the review says so (the human still decides).
    from textual.widgets import Input, Static

    from tests.tui.helpers import run_to_review

    app, _ = _nested_app(tmp_path, ["calc.py"])
    app.initial_task = "hints"
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#max-risk", Input).value = "0.01"
        await run_to_review(pilot, app)
        main = app.main_screen
        assert main is not None and main.record is not None
        score = main.record.risk_score
        assert score > 0.01
        box = str(app.screen.query_one("#review-errors", Static).render())
        assert f"run risk {score:.2f} is above your max risk 0.01" in box
