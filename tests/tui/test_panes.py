"""File tree listing, task options, stage rendering of diffusion drafts, declining a run."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from ouroboros_tui.runs.events import DiffusionDraft, StageStarted
from ouroboros_tui.runs.persist import load_record
from ouroboros_tui.tui.widgets.diff_review import DiffReview
from ouroboros_tui.tui.widgets.file_tree import FileTree, list_repo
from ouroboros_tui.tui.widgets.stages import StagesPane
from tests.conftest import git
from tests.tui.helpers import demo_app, run_to_review, wait_until


def test_listing_follows_git(git_repo: Path) -> None:
    (git_repo / ".gitignore").write_text("build/\n*.log\n")
    git(git_repo, "add", ".gitignore")
    git(git_repo, "commit", "-qm", "ignore")
    (git_repo / "build").mkdir()
    (git_repo / "build" / "x.py").write_text("x\n")
    (git_repo / "debug.log").write_text("x\n")
    (git_repo / ".ouroboros" / "runs").mkdir(parents=True)
    (git_repo / ".ouroboros" / "runs" / "a.json").write_text("{}\n")
    (git_repo / "src").mkdir()
    (git_repo / "src" / "new.py").write_text("new\n")
    (git_repo / "README.md").write_text("# changed\n")
    (git_repo / "staged.py").write_text("s\n")
    git(git_repo, "add", "staged.py")
    listing = list_repo(git_repo)
    assert listing.files == [".gitignore", "README.md", "src/new.py", "staged.py"]
    assert listing.state == {"README.md": "modified", "src/new.py": "untracked", "staged.py": "staged"}


async def test_cursor_file_is_the_target_when_none_is_marked(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path, task="hints")
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.screen.query_one(FileTree)
        await wait_until(pilot, lambda: tree.loaded)
        await pilot.press("ctrl+r")  # cursor on no file yet: asks for a target
        await pilot.pause()
        assert app.main_screen.worker is None  # type: ignore[union-attr]
        tree.focus()
        await pilot.pause()  # focusing the tree puts its cursor on the first line
        for _ in range(5):
            if tree.cursor_file == "calc.py":
                break
            await pilot.press("down")
        assert tree.effective_targets() == ["calc.py"]
        await pilot.press("ctrl+r")
        review = app.screen.query_one(DiffReview)
        await wait_until(pilot, lambda: len(review.hunks) == 3)
        assert app.main_screen.last_targets == ["calc.py"]  # type: ignore[union-attr]


# Slow tier: a whole run; the range is checked by tests/test_config.py, and
# test_cursor_file_is_the_target_when_none_is_marked keeps the task pane fast.
@pytest.mark.slow
async def test_bad_max_risk_is_refused_with_a_message(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path, targets=["calc.py"], task="hints")
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#max-risk", Input).value = "2"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.main_screen.worker is None  # type: ignore[union-attr]
        assert any("max risk must be from 0 to 1" in n.message for n in app._notifications)
        app.screen.query_one("#max-risk", Input).value = "0.9"
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: app.main_screen.last_settings is not None)  # type: ignore[union-attr]
        assert app.main_screen.last_settings.max_risk == 0.9  # type: ignore[union-attr]


async def test_diffusion_canvas_is_shown_step_by_step(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        stages = app.screen.query_one(StagesPane)
        stages.handle(StageStarted("r", "builder", "dream", attempt=1))
        stages.handle(DiffusionDraft("r", "builder", "def f(x):\n    ░░░░ x", 3, 8, 4, attempt=1))
        stages.handle(DiffusionDraft("r", "builder", "def f(x):\n    return x", 8, 8, 0, attempt=1))
        await pilot.pause()
        assert stages.output == "def f(x):\n    return x"  # the canvas is replaced, not appended
        assert stages.output_title == "Builder canvas: step 8/8, 0 masked"
        assert stages.rows["builder"].state == "running" and stages.rows["builder"].model == "dream"


# Slow tier: a whole run; `d`/`n` are in test_review.py's fast key test.
@pytest.mark.slow
async def test_rejecting_every_hunk_declines_the_run(tmp_path: Path) -> None:
    app, repo = demo_app(tmp_path, targets=["calc.py"], task="hints")
    async with app.run_test(size=(80, 24)) as pilot:
        review = await run_to_review(pilot, app)
        run_id = app.main_screen.record.run_id  # type: ignore[union-attr]
        await pilot.press("d", "c")
        await wait_until(pilot, lambda: load_record(repo, run_id).status == "rejected")
        assert not review.hunks
