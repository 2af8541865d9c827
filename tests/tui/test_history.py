"""History: paging through a large index, run detail, reopening a pending run, refusals shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from ouroboros_tui.config import load_settings, scripted_flags
from ouroboros_tui.pipeline.run import Pipeline
from ouroboros_tui.provenance.store import RunStore
from ouroboros_tui.runs.events import PatchReady
from ouroboros_tui.tui.app import make_app
from ouroboros_tui.tui.demo import DEMO_TASK, make_demo_repo
from ouroboros_tui.tui.screens.history import HistoryScreen
from ouroboros_tui.tui.screens.main import MainScreen
from ouroboros_tui.tui.screens.run_detail import RunDetailScreen
from ouroboros_tui.tui.widgets.diff_review import DiffReview
from ouroboros_tui.tui.widgets.history_table import FIRST_PAGE, PAGE, HistoryTable
from tests.conftest import git
from tests.tui.helpers import run_to_review, wait_until


def _fake_rows(n: int) -> list[dict[str, object]]:
    return [
        {
            "run_id": f"gen_20260101_{i:06d}_abcd", "created_at": f"2026-01-01T00:00:00+00:00#{i:06d}",
            "task": f"task number {i}", "status": "applied" if i % 3 else "failed", "attempts": 1 + i % 3,
            "risk": (i % 10) / 10, "commit_sha": f"{i:040x}", "targets": "a.py", "hunks_total": 2,
            "hunks_applied": 1,
        }
        for i in range(n)
    ]  # fmt: skip


# Slow tier: builds a large index; the history screen stays fast in test_refused_apply_is_shown_not_committed.
@pytest.mark.slow
async def test_history_loads_a_page_then_more_on_demand(tmp_path: Path) -> None:
    repo, script = make_demo_repo(tmp_path)
    RunStore(repo).upsert_many(_fake_rows(2 * PAGE + 50))
    app = make_app(repo, settings=load_settings(repo, scripted_flags(script)), persist_theme=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        table = app.screen.query_one(HistoryTable)
        assert table.row_count == FIRST_PAGE  # one page, not the whole index
        assert table.current_run_id == f"gen_20260101_{2 * PAGE + 49:06d}_abcd"  # newest first
        await pilot.press("end")
        await pilot.pause()
        assert table.row_count == FIRST_PAGE + PAGE and not table.exhausted
        for _ in range(3):
            await pilot.press("end")
            await pilot.pause()
        assert table.row_count == 2 * PAGE + 50 and table.exhausted
        await pilot.press("o")  # copy the commit sha
        assert app.clipboard == f"{0:040x}"


def _pending_run(repo: Path, script: Path) -> str:
    settings = load_settings(repo, scripted_flags(script))
    events = list(Pipeline(repo, settings).run(DEMO_TASK, ["calc.py"]))
    ready = [e for e in events if isinstance(e, PatchReady)]
    assert ready
    return ready[0].run_id


# Slow tier: a long flow (detail, reopen, commit, verify); history and undo are in test_full_run.py (fast).
@pytest.mark.slow
async def test_detail_shows_the_run_and_reopens_a_pending_one(tmp_path: Path) -> None:
    repo, script = make_demo_repo(tmp_path)
    run_id = _pending_run(repo, script)
    app = make_app(repo, settings=load_settings(repo, scripted_flags(script)), persist_theme=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        assert app.screen.query_one(HistoryTable).current_run_id == run_id
        await pilot.press("enter")
        assert isinstance(app.screen, RunDetailScreen)
        await pilot.pause()
        detail = app.screen
        assert detail.record is not None and detail.record.status == "pending"
        body = detail.plain_text()
        for part in ("Plan", "Attempts", "Budget report", "Trailers", "failed", "passed", "def add"):
            assert part in body, part
        await pilot.press("v")  # no commit yet: says so, does not crash
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        review = app.screen.query_one(DiffReview)
        assert len(review.hunks) == 3 and app.focused is review
        await pilot.press("a", "c")  # accept the whole file, commit
        await wait_until(pilot, lambda: app.last_commit is not None)
        assert f"Ouroboros-Run: {run_id}" in git(repo, "log", "-1", "--format=%(trailers)")
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, HistoryScreen)
        table = app.screen.query_one(HistoryTable)
        assert table.rows_by_id[run_id]["status"] == "applied"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RunDetailScreen)
        body = app.screen.plain_text()
        assert "Ouroboros-Hunks: 3/3" in body
        await pilot.press("v")
        await wait_until(pilot, lambda: any("verified" in n.message for n in app._notifications))
        assert not any("NOT verified" in n.message for n in app._notifications)


async def test_refused_apply_is_shown_not_committed(tmp_path: Path) -> None:
    repo, script = make_demo_repo(tmp_path)
    flags = scripted_flags(script)
    app = make_app(repo, ["calc.py"], load_settings(repo, flags), flags=flags, task="hints", persist_theme=False)
    async with app.run_test(size=(80, 24)) as pilot:
        review = await run_to_review(pilot, app)
        # The user edits the file after generation: applying must refuse.
        (repo / "calc.py").write_text((repo / "calc.py").read_text() + "\nEXTRA = 1\n")
        head = git(repo, "rev-parse", "HEAD")
        await pilot.press("y", "c")
        errors = app.screen.query_one("#review-errors")
        await wait_until(pilot, lambda: errors.display)
        assert "Not committed" in str(errors.render())
        assert git(repo, "rev-parse", "HEAD") == head
        assert len(review.hunks) == 3  # still there to review


# Slow tier: the refusal path stays fast in test_refused_apply_is_shown_not_committed.
@pytest.mark.slow
async def test_subset_the_gate_refuses_is_shown_with_its_errors(git_repo: Path) -> None:
    import json

    comments = "".join(f"# note {i}\n" for i in range(12))
    (git_repo / "vals.py").write_text(f"A = 1\n{comments}B = 2\n")
    git(git_repo, "add", "vals.py")
    git(git_repo, "commit", "-qm", "vals")
    # Two hunks that are valid together (a parenthesised expression) and broken apart.
    answer = "vals.py\n<<<<<<< SEARCH\nA = 1\n=======\nA = (\n>>>>>>> REPLACE\n\n"
    answer += "vals.py\n<<<<<<< SEARCH\nB = 2\n=======\n2)\n>>>>>>> REPLACE\n"
    script = git_repo.parent / "script.jsonl"
    script.write_text(json.dumps({"role": "builder", "text": answer}) + "\n")
    flags = scripted_flags(script)
    app = make_app(git_repo, ["vals.py"], load_settings(git_repo, flags), flags=flags, task="wrap",
                   persist_theme=False)  # fmt: skip
    async with app.run_test(size=(80, 24)) as pilot:
        review = app.screen.query_one(DiffReview)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: len(review.hunks) == 2)
        head = git(git_repo, "rev-parse", "HEAD")
        await pilot.press("y", "n", "c")
        errors = app.screen.query_one("#review-errors")
        await wait_until(pilot, lambda: errors.display)
        shown = str(errors.render())
        assert "Not committed" in shown and "vals.py" in shown
        assert git(git_repo, "rev-parse", "HEAD") == head
        assert (git_repo / "vals.py").read_text() == f"A = 1\n{comments}B = 2\n"


# Slow tier: a failing job's report; failures on screen stay fast in test_failures_readable.py.
@pytest.mark.slow
async def test_a_background_job_that_fails_is_reported_once_with_its_reason(tmp_path: Path) -> None:
    """`u` on a pending run: the undo job raises, and the screens' one error path says why."""
    repo, script = make_demo_repo(tmp_path)
    run_id = _pending_run(repo, script)
    app = make_app(repo, settings=load_settings(repo, scripted_flags(script)), persist_theme=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await pilot.press("u", "enter")
        await wait_until(pilot, lambda: any(n.title == "Not undone" for n in app._notifications))
        failed = [n for n in app._notifications if n.title == "Not undone"]
        assert len(failed) == 1 and f"run {run_id} is pending: it has no commit to undo." in failed[0].message
        assert app.is_running  # the job's error did not end the app
