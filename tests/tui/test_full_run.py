"""A whole run through the keyboard at 80×24 with the scripted backend on a real git repo."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from ouroboros_tui.tui.demo import CALC
from ouroboros_tui.tui.screens.confirm import ConfirmScreen
from ouroboros_tui.tui.screens.history import HistoryScreen
from ouroboros_tui.tui.widgets.diff_review import DiffReview
from ouroboros_tui.tui.widgets.file_tree import FileTree
from ouroboros_tui.tui.widgets.history_table import HistoryTable
from ouroboros_tui.tui.widgets.stages import StagesPane
from tests.conftest import git
from tests.tui.helpers import demo_app, wait_until


async def test_mark_type_run_review_commit_history_undo(tmp_path: Path) -> None:
    app, repo = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.screen.query_one(FileTree)
        await wait_until(pilot, lambda: tree.loaded)
        # Mark calc.py: cursor to it in the tree, space.
        tree.focus()
        await pilot.pause()
        while tree.cursor_file != "calc.py":
            await pilot.press("down")
        await pilot.press("space")
        assert tree.marked == {"calc.py"}
        assert "●" in str(tree.cursor_node.label)  # type: ignore[union-attr]

        # Type the task and run it.
        app.screen.query_one("#task-text", TextArea).focus()
        await pilot.press(*"type hints for calc")
        assert app.screen.query_one("#task-text", TextArea).text == "type hints for calc"
        await pilot.press("ctrl+r")
        review = app.screen.query_one(DiffReview)
        await wait_until(pilot, lambda: len(review.hunks) == 3)
        assert app.focused is review  # focus moves to the review

        # The first attempt broke the syntax and the second healed it: both are on screen.
        stages = app.screen.query_one(StagesPane)
        attempts = "\n".join(str(line) for line in stages.attempt_lines)
        assert "attempt 1 failed" in attempts and "✓ attempt 2" in attempts
        assert stages.rows["gate"].state == "done"

        # y on hunk 1 (add), n on hunk 2 (mean), hunk 3 left undecided; commit.
        await pilot.press("y")
        assert review.cursor == 1
        await pilot.press("n")
        assert review.accepted_ids() == [review.hunks[0].id]
        await pilot.press("c")
        await wait_until(pilot, lambda: app.last_commit is not None)

        content = (repo / "calc.py").read_text()
        assert "def add(a: float, b: float) -> float:" in content
        assert "def mean(values):" in content  # rejected
        assert "def clamp(value, low, high):" in content  # never accepted
        message = git(repo, "log", "-1", "--format=%B")
        trailers = git(repo, "log", "-1", "--format=%(trailers:only,unfold)")
        assert "Ouroboros-Attempts: 2" in trailers
        assert "Ouroboros-Hunks: 1/3" in trailers
        run_id = next(line.split(": ")[1] for line in trailers.splitlines() if line.startswith("Ouroboros-Run"))
        assert message.strip()

        # History lists the run as applied; u undoes exactly its commit.
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, HistoryScreen)
        table = app.screen.query_one(HistoryTable)
        await wait_until(pilot, lambda: run_id in table.rows_by_id)
        assert table.rows_by_id[run_id]["status"] == "applied"
        assert table.current_run_id == run_id
        await pilot.press("v")  # verify: artifact hash against the trailer, files against the artifact
        sha = git(repo, "rev-parse", "HEAD").strip()
        await wait_until(pilot, lambda: any(f"{sha[:7]}: verified" in n.message for n in app._notifications))
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert table.rows_by_id[run_id]["status"] == "applied"  # nothing happens on one key
        await pilot.press("y")
        await wait_until(pilot, lambda: table.rows_by_id[run_id]["status"] == "undone")
        assert (repo / "calc.py").read_text() == CALC
        assert git(repo, "status", "--porcelain").strip() == ""
        # The run's own commit stays in history and still verifies after the undo.
        app.clear_notifications()
        await pilot.press("v")
        await wait_until(pilot, lambda: any(f"{sha[:7]}: verified" in n.message for n in app._notifications))
