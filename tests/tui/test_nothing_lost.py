"""Nothing is lost by one keypress: decisions persist with the pending run, destructive keys ask
first, focus never lands on a hidden pane, and the commit describes only what was committed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import TextArea

from ouroboros_tui.tui.app import make_app
from ouroboros_tui.tui.screens.confirm import ConfirmScreen
from ouroboros_tui.tui.screens.history import HistoryScreen
from ouroboros_tui.tui.screens.run_detail import RunDetailScreen
from ouroboros_tui.tui.widgets.diff_review import ACCEPT, REJECT, DiffReview
from tests.conftest import git
from tests.tui.helpers import demo_app, run_to_review, wait_until


# Slow tier: a whole run to review; the fast tier keeps test_destructive_keys_ask_once_and_no_keeps_everything.
@pytest.mark.slow
async def test_ctrl_n_during_a_review_keeps_the_focus_on_what_is_visible(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path, targets=["calc.py"], task="Add type hints")
    async with app.run_test(size=(80, 24)) as pilot:
        review = await run_to_review(pilot, app)
        task = app.screen.query_one("#task-text", TextArea)
        await pilot.press("ctrl+n")
        assert app.focused is review  # the task pane is hidden: focus stays where the eye is
        await pilot.press("y")
        assert task.text == "Add type hints"  # the `y` was an accept, not typing
        assert review.decisions[review.hunks[0].id] == ACCEPT
        assert any("hidden during the review" in n.message for n in app._notifications)
        await pilot.press("q")  # leave the review: the task is visible again and takes the focus
        await wait_until(pilot, lambda: not review.display)
        await pilot.press("ctrl+f", "ctrl+n")
        assert app.focused is task


# Slow tier: three app starts; test_a_damaged_review_file_costs_the_decisions_not_the_run stays fast.
@pytest.mark.slow
async def test_decisions_survive_leaving_quitting_and_reopening(tmp_path: Path) -> None:
    app, repo = demo_app(tmp_path, targets=["calc.py"], task="Add type hints")
    async with app.run_test(size=(80, 24)) as pilot:
        review = await run_to_review(pilot, app)
        run_id = app.main_screen.record.run_id  # type: ignore[union-attr]
        await pilot.press("y", "n")
        saved = repo / ".ouroboros" / "runs" / run_id / "review.json"
        await wait_until(pilot, lambda: saved.exists() and len(json.loads(saved.read_text())["decisions"]) == 2)
        await pilot.press("escape")  # leaves the review, the run stays pending
        await wait_until(pilot, lambda: not app.main_screen.reviewing)  # type: ignore[union-attr]
        assert "stays pending" in review.note and not review.hunks
    # A new app on the same repo: History → enter → p brings the decisions and the cursor back.
    app2 = make_app(repo, settings=app.settings, persist_theme=False)
    async with app2.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app2.screen, HistoryScreen))
        history = app2.screen
        await wait_until(pilot, lambda: history.table.current_run_id == run_id)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app2.screen, RunDetailScreen) and app2.screen.record is not None)
        await pilot.press("p")
        review2 = app2.main_screen.query_one(DiffReview)  # type: ignore[union-attr]
        await wait_until(pilot, lambda: len(review2.hunks) == 3)
        hunks = review2.hunks
        assert [review2.decisions.get(h.id) for h in hunks] == [ACCEPT, REJECT, None]
        assert review2.cursor == 2
        assert "1 accepted · 1 rejected" in str(review2.border_title)


async def test_destructive_keys_ask_once_and_no_keeps_everything(tmp_path: Path) -> None:
    app, repo = demo_app(tmp_path, targets=["calc.py"], task="Add type hints")
    async with app.run_test(size=(80, 24)) as pilot:
        review = await run_to_review(pilot, app)
        await pilot.press("y")
        head = git(repo, "rev-parse", "HEAD")
        await pilot.press("ctrl+r")  # a new run would replace the review
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        assert not app.main_screen.running and review.decisions  # type: ignore[union-attr]
        await pilot.press("ctrl+q")  # one accepted hunk is not committed
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        assert app.is_running and app.return_value is None
        assert app.focused is review and review.decisions[review.hunks[0].id] == ACCEPT
        assert git(repo, "rev-parse", "HEAD") == head


# Slow tier: a whole run to a commit; test_full_run.py is the fast one.
@pytest.mark.slow
async def test_commit_body_lists_only_the_plan_steps_committed(tmp_path: Path) -> None:
    app, repo = demo_app(tmp_path, targets=["calc.py"], task="Add type hints")
    async with app.run_test(size=(80, 24)) as pilot:
        await run_to_review(pilot, app)
        await pilot.press("y", "n", "n", "c")  # add: committed; mean and clamp: rejected
        await wait_until(pilot, lambda: app.last_commit is not None)
    body = git(repo, "log", "-1", "--format=%b")
    assert "- calc.py::add: type hints and a docstring" in body
    assert "mean" not in body and "clamp" not in body


def test_a_damaged_review_file_costs_the_decisions_not_the_run(tmp_path: Path) -> None:
    from ouroboros_tui.runs.persist import load_review, save_review
    from tests.tui.helpers import review_record

    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    record = review_record(repo, {"a.py": ("x = 1\n", "x = 2\n")})
    save_review(repo, record.run_id, {"version": 1, "decisions": {"h": "accept"}, "reasons": {}, "cursor": 0})
    assert load_review(repo, record.run_id) == {"version": 1, "decisions": {"h": "accept"}, "reasons": {},
                                                "cursor": 0}
    path = repo / ".ouroboros" / "runs" / record.run_id / "review.json"
    for junk in ("{not json", "[1, 2]", "\udcff"):
        path.write_text(junk, encoding="utf-8", errors="surrogateescape")
        assert load_review(repo, record.run_id) is None
    assert load_review(repo, "no-such-run") is None
    assert load_review(repo, "../escape") is None
