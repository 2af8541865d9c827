"""The reviewer makes a hunk their own, from the keyboard, at 80×24: `v` line mode (lazygit's line
staging), `e` in their editor (as `git add -p`), `}` / `{` more or less of the file around hunks.
Driven on the demo's real scripted run, committed into its real repository and verified."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ouroboros_tui.apply.undo import verify_commit
from ouroboros_tui.patch.hunks import Hunk
from ouroboros_tui.tui.screens.confirm import ConfirmScreen
from ouroboros_tui.tui.screens.history import HistoryScreen
from ouroboros_tui.tui.screens.run_detail import RunDetailScreen
from ouroboros_tui.tui.widgets.diff_review import ACCEPT, DiffReview
from ouroboros_tui.tui.widgets.history_table import HistoryTable
from tests.tui.helpers import demo_app, run_to_review, wait_until


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def _editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> Path:
    """A real editor program for `e`: a script run as git runs editors (`sh -c '<editor> "$@"'`)."""
    script = tmp_path / "editor.py"
    script.write_text("import pathlib, sys\npath = pathlib.Path(sys.argv[1])\ntext = path.read_text()\n" + body)
    log = tmp_path / "editor-calls.txt"
    monkeypatch.setenv("GIT_EDITOR", f"echo called >> {log}; {sys.executable} {script}")
    return log


async def _leave_out_the_docstring(pilot: Any, review: DiffReview) -> Hunk:
    """Line mode on hunk 1: leave out its added docstring, accept the rest; the reviewer's hunk."""
    await pilot.press("v", "j", "j", "space", "y")
    await wait_until(pilot, lambda: review.hunks[0].edited == "lines")
    return review.hunks[0]


async def test_line_mode_commits_only_the_chosen_lines(tmp_path: Path) -> None:
    app, repo = demo_app(tmp_path, targets=["calc.py"], task="type hints")
    async with app.run_test(size=(80, 24)) as pilot:
        review: DiffReview = await run_to_review(pilot, app)
        first = review.current
        assert first is not None
        await pilot.press("v")
        assert review.choice is not None and "Lines of hunk 1: 3/3 chosen" in str(review.border_title)
        await pilot.press("j", "j")  # from the removed `def add(a, b):` to the added docstring
        assert first.lines[review.choice.line] == '+    """Return a + b."""'
        await pilot.press("space")
        assert "2/3 chosen" in str(review.border_title)
        docstring_row = next(r for r in review._rows if r.kind == "line" and r.text.endswith('a + b."""'))
        assert any(s.style is not None and s.style.strike for s in review._render_row(docstring_row))  # left out
        await pilot.press("y")  # accept the hunk with the chosen lines only (once they pass the gate)
        await wait_until(pilot, lambda: review.hunks[0].edited == "lines")
        mine = review.hunks[0]
        assert review.choice is None and mine.edited == "lines" and review.decisions[mine.id] == ACCEPT
        assert review.cursor == 1  # on to the next undecided hunk, as `y` always does
        await pilot.press("y", "y", "c")
        await wait_until(pilot, lambda: review.session is None)
    committed = _git(repo, "show", "HEAD:calc.py")
    assert "def add(a: float, b: float) -> float:" in committed and "Return a + b." not in committed
    assert "def clamp(value: float" in committed and "The arithmetic mean" in committed
    message = _git(repo, "log", "-1", "--format=%B")
    assert "Ouroboros-Edited: 1/3" in message and "Ouroboros-Hunks: 3/3" in message
    parsed = subprocess.run(["git", "interpret-trailers", "--parse"], input=message, text=True,
                            capture_output=True, check=True).stdout  # fmt: skip
    assert "Ouroboros-Edited: 1/3" in parsed and len(parsed.splitlines()) == 8  # git reads it as a trailer
    assert verify_commit(repo).ok
    assert _git(repo, "status", "--porcelain", "--untracked-files=no") == ""  # index and tree agree
    # The reviewer's lines are part of the provenance: a history rewritten to hide them is caught.
    _git(repo, "commit", "-q", "--amend", "-m", message.replace("Ouroboros-Edited: 1/3\n", ""))
    report = verify_commit(repo)
    assert not report.ok and any("Ouroboros-Edited says nothing" in p for p in report.problems)


# Slow tier: an edit, a quit and a reopen; the session's keeping of a revised hunk is unit-tested in
# tests/patch/test_hunk_edit.py, the `e` flow stays fast in test_an_edit_is_gated_then_replaces_the_hunk.
@pytest.mark.slow
async def test_a_revised_hunk_is_kept_with_the_pending_run(tmp_path: Path) -> None:
    from ouroboros_tui.runs.persist import load_record, load_review

    app, repo = demo_app(tmp_path, targets=["calc.py"], task="type hints")
    async with app.run_test(size=(80, 24)) as pilot:
        review: DiffReview = await run_to_review(pilot, app)
        run_id = review.record.run_id  # type: ignore[union-attr]
        mine = await _leave_out_the_docstring(pilot, review)
        await pilot.press("q")  # leave: the run stays pending, with the reviewer's hunk
        await wait_until(pilot, lambda: (load_review(repo, run_id) or {}).get("decisions") == {mine.id: "accept"})
        await pilot.press("ctrl+o")  # history → the run's detail says whose text hunk 1 is
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await wait_until(pilot, lambda: app.screen.query_one(HistoryTable).row_count == 1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RunDetailScreen) and app.screen.record is not None)
        text = app.screen.plain_text(width=78)  # type: ignore[attr-defined]
        assert "Your version, not the model's: #1 calc.py (some of the model's lines)" in text
        await pilot.press("p")  # reopened: the reviewer's hunk, still accepted
        await wait_until(pilot, lambda: app.screen is app.main_screen and review.session is not None)
        assert review.hunks[0].id == mine.id and review.decisions == {mine.id: ACCEPT}
    saved = load_record(repo, run_id)
    assert saved.patch is not None and saved.patch.hunks[0].id == mine.id and saved.patch.hunks[0].edited == "lines"
    docstring = '    """Return a + b."""\n'  # the model's line the reviewer left out
    assert docstring in (saved.patch.hunks[0].proposed or []) and docstring not in saved.patch.hunks[0].new


# Slow tier: line mode's keys stay fast in test_line_mode_commits_only_the_chosen_lines; the toggles are
# unit-tested in tests/patch/test_hunk_edit.py.
@pytest.mark.slow
async def test_line_mode_keys_and_undo(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path, targets=["calc.py"], task="type hints")
    async with app.run_test(size=(80, 24)) as pilot:
        review: DiffReview = await run_to_review(pilot, app)
        model_hunk = review.current
        await pilot.press("v", "escape")  # escape leaves line mode, not the review
        assert review.choice is None and review.session is not None and review.hunks[0] is model_hunk
        await pilot.press("space")  # outside line mode: a word, nothing changes
        assert any("chooses lines" in n.message for n in app._notifications)
        await pilot.press("v", "j", "space", "j", "space", "y")  # only the removal: deletes `def add`
        # ... which the gate refuses (the body is left indented under nothing): said, hunk kept
        await wait_until(pilot, lambda: any("do not pass the gate" in (n.title or "") for n in app._notifications))
        assert review.hunks[0] is model_hunk and model_hunk.id not in review.decisions
        await pilot.press("v", "j", "j", "space", "y")  # without the docstring: passes, replaces the hunk
        await wait_until(pilot, lambda: review.hunks[0].edited == "lines")
        await pilot.press("u")  # takes the revision back: the model's hunk, undecided
        assert review.hunks[0] is model_hunk and model_hunk.id not in review.decisions
        await pilot.press("v", "a")  # `a` in line mode: all lines or none
        assert review.choice is not None and not review.choice.chosen and "0/3 chosen" in str(review.border_title)
        await pilot.press("y")  # nothing chosen: rejected
        assert review.decisions[model_hunk.id] == "reject"
        await pilot.press("k", "s")
        assert review.hunks[0] is model_hunk  # a model's hunk with one block: split says so, no change


async def test_an_edit_is_gated_then_replaces_the_hunk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _editor(tmp_path, monkeypatch,
                    "path.write_text(text.replace('raise ValueError(\"mean() of an empty list\")', 'return 0.0'))\n")
    app, repo = demo_app(tmp_path, targets=["calc.py"], task="type hints")
    async with app.run_test(size=(80, 24)) as pilot:
        review: DiffReview = await run_to_review(pilot, app)
        await pilot.press("j", "e")
        await wait_until(pilot, lambda: review.hunks[1].edited == "edit")
        mine = review.hunks[1]
        assert review.decisions[mine.id] == ACCEPT and "+        return 0.0" in mine.lines
        draft = repo / ".ouroboros" / "runs" / review.record.run_id / "edits" / "hunk-2.diff"  # type: ignore[union-attr]
        assert draft.is_file() and "@@ -13,7 +14,10 @@" in draft.read_text()  # inside the repository
        await pilot.press("y", "y", "c")
        await wait_until(pilot, lambda: review.session is None)
    assert calls.read_text().count("called") == 1
    committed = _git(repo, "show", "HEAD:calc.py")
    assert "return 0.0" in committed and "raise ValueError" not in committed
    assert "Ouroboros-Edited: 1/3" in _git(repo, "log", "-1", "--format=%B") and verify_commit(repo).ok
    assert "return 0.0" not in _git(repo, "show", "HEAD~1:calc.py")


# Slow tier: the gate on an edit stays fast in test_an_edit_is_gated_then_replaces_the_hunk.
@pytest.mark.slow
async def test_a_gate_refused_edit_is_explained_and_reoffered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # First try: a syntax error (the colon of the new `def` deleted). Second try (the draft now starts
    # with why the first was refused): a good edit.
    _editor(tmp_path, monkeypatch, (
        "if 'The last edit was not used' in text:\n"
        "    assert 'syntax' in text\n"
        "    path.write_text(text.replace('-> float\\n', '-> float:\\n', 1).replace('Return a + b.', 'Sum.'))\n"
        "else:\n"
        "    path.write_text(text.replace('-> float:', '-> float', 1))\n"))
    app, _ = demo_app(tmp_path, targets=["calc.py"], task="type hints")
    async with app.run_test(size=(80, 24)) as pilot:
        review: DiffReview = await run_to_review(pilot, app)
        model_hunk = review.current
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "does not pass the safety gate" in app.screen.question and "syntax" in app.screen.detail
        await pilot.press("y")  # edit again: the editor opens on the refused text, reasons on top
        await wait_until(pilot, lambda: review.hunks[0].edited == "edit")
        assert '+    """Sum."""' in review.hunks[0].lines
        await pilot.press("u")
        assert review.hunks[0] is model_hunk


# Slow tier: the refusal is unit-tested in tests/patch/test_hunk_edit.py
# (test_an_edit_that_moves_the_old_side_is_refused_with_the_line).
@pytest.mark.slow
async def test_an_edit_moving_old_lines_is_refused_hunk_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _editor(tmp_path, monkeypatch, "path.write_text(text.replace(' \"\"\"Small numeric helpers.\"\"\"', ' x = 1'))\n")
    app, _ = demo_app(tmp_path, targets=["calc.py"], task="type hints")
    async with app.run_test(size=(80, 24)) as pilot:
        review: DiffReview = await run_to_review(pilot, app)
        model_hunk = review.current
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "does not match the hunk's old line 1" in app.screen.detail
        await pilot.press("n")
        await wait_until(pilot, lambda: app.focused is review)
        assert review.hunks[0] is model_hunk and not review.decisions


# Slow tier: an unchanged edit is unit-tested in tests/patch/test_hunk_edit.py; the `e` flow stays fast above.
@pytest.mark.slow
async def test_a_failing_or_idle_editor_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, _ = demo_app(tmp_path, targets=["calc.py"], task="type hints")
    async with app.run_test(size=(80, 24)) as pilot:
        review: DiffReview = await run_to_review(pilot, app)
        model_hunk = review.current
        monkeypatch.setenv("GIT_EDITOR", "false")  # e.g. `:cq` in vim
        await pilot.press("e")
        await wait_until(pilot, lambda: any("'false' exited with status 1" in n.message for n in app._notifications))
        monkeypatch.setenv("GIT_EDITOR", "no-such-editor-here")
        await pilot.press("e")
        await wait_until(pilot, lambda: any("was not found: set GIT_EDITOR" in n.message for n in app._notifications))
        monkeypatch.setenv("GIT_EDITOR", ":")  # saved as it was
        await pilot.press("e")
        await wait_until(pilot, lambda: any("Hunk 1 unchanged" in n.message for n in app._notifications))
        assert review.hunks[0] is model_hunk and not review.decisions


async def test_more_context_up_to_the_whole_file_and_back(tmp_path: Path) -> None:
    app, repo = demo_app(tmp_path, targets=["calc.py"], task="type hints")
    async with app.run_test(size=(80, 24)) as pilot:
        review: DiffReview = await run_to_review(pilot, app)
        before = (repo / "calc.py").read_text().splitlines()
        assert not [r for r in review._rows if r.kind == "context"]
        await pilot.press("right_curly_bracket")
        shown = [r.number for r in review._rows if r.kind == "context"]
        assert shown and "+5 lines of context" in str(review.border_subtitle)
        for _ in range(4):
            await pilot.press("right_curly_bracket")
        # Whole file: every line of the file is on a row exactly once (context or the hunks' old side).
        context = [r.number for r in review._rows if r.kind == "context"]
        in_hunks = sum(len(h.old) for h in review.hunks)
        assert len(context) + in_hunks == len(before) and len(set(context)) == len(context)
        assert "whole file" in str(review.border_subtitle)
        await pilot.press("j", "y")  # the keys still decide hunks
        assert review.decisions[review.hunks[1].id] == ACCEPT
        for _ in range(4):
            await pilot.press("left_curly_bracket")
        assert not [r for r in review._rows if r.kind == "context"]


async def test_the_cli_status_names_the_reviewers_hunks(tmp_path: Path) -> None:
    import json

    from tests.run_cli import ouroboros

    app, repo = demo_app(tmp_path, targets=["calc.py"], task="type hints")
    async with app.run_test(size=(80, 24)) as pilot:
        review: DiffReview = await run_to_review(pilot, app)
        run_id = review.record.run_id  # type: ignore[union-attr]
        await _leave_out_the_docstring(pilot, review)
        await pilot.press("q")
        await pilot.press("ctrl+q")
    doc = json.loads(ouroboros("status", run_id, "--json", cwd=repo).stdout)
    hunks = doc["run"]["patch"]["files"][0]["hunks"]  # the artifact: the model's lines beside the reviewer's
    assert [h.get("edited") for h in hunks] == ["lines", None, None] and hunks[0]["proposed"]
    assert "(yours)" in ouroboros("status", run_id, cwd=repo, columns=200).stdout
