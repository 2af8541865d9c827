"""Undo reverts exactly one run's commit (even after later ones) or changes nothing; verify catches
a tampered artifact or file."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from ouroboros_tui.apply.apply_run import ApplyError, ApplyRefused, apply_run
from ouroboros_tui.apply.undo import undo_run, verify_commit
from ouroboros_tui.errors import UsageError
from ouroboros_tui.runs.persist import load_record
from tests.conftest import git
from tests.vcs.helpers import make_run, numbered, settings, snapshot


@pytest.fixture
def repo(git_repo: Path) -> Path:
    (git_repo / "app.py").write_text(numbered(60))
    (git_repo / "notes.txt").write_text("one\n")
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "add app")
    return git_repo


def apply_all(repo: Path, changes: dict[str, str], task: str = "change") -> tuple[str, str]:
    run = make_run(repo, changes, task=task)
    result = apply_run(repo, run, [h.id for h in run.patch.hunks], settings(repo))  # type: ignore[union-attr]
    return run.run_id, result.commit


def test_undo_the_older_of_two_runs(repo: Path) -> None:
    first, first_sha = apply_all(repo, {"app.py": numbered(60).replace("v10 = 10", "v10 = 'one'")})
    text = (repo / "app.py").read_text()
    apply_all(repo, {"app.py": text.replace("v50 = 50", "v50 = 'two'"), "b.py": "b = 1\n"})
    revert = undo_run(repo, first)
    assert git(repo, "rev-parse", "HEAD").strip() == revert
    assert git(repo, "log", "-1", "--format=%s").strip() == 'Revert "change"'
    assert f"This reverts commit {first_sha}." in git(repo, "log", "-1", "--format=%B")
    content = (repo / "app.py").read_text()
    assert "v10 = 10\n" in content and "v50 = 'two'" in content
    assert (repo / "b.py").exists()
    assert git(repo, "status", "--porcelain") == ""
    assert load_record(repo, first).status == "undone"
    with pytest.raises(ApplyError, match="already undone"):
        undo_run(repo, first)


def test_undo_keeps_staged_work_elsewhere(repo: Path) -> None:
    run_id, _ = apply_all(repo, {"app.py": numbered(60).replace("v10 = 10", "v10 = 'one'")})
    (repo / "notes.txt").write_text("one\nstaged\n")
    git(repo, "add", "notes.txt")
    (repo / "notes.txt").write_text("one\nstaged\nunstaged\n")
    cached, diff = git(repo, "diff", "--cached"), git(repo, "diff")
    undo_run(repo, run_id)
    assert git(repo, "diff", "--cached") == cached and git(repo, "diff") == diff
    assert git(repo, "show", "HEAD:notes.txt") == "one\n"
    assert (repo / "app.py").read_text() == numbered(60)


def test_undo_conflict_aborts_cleanly(repo: Path) -> None:
    run_id, _ = apply_all(repo, {"app.py": numbered(60).replace("v10 = 10", "v10 = 'one'")})
    (repo / "app.py").write_text((repo / "app.py").read_text().replace("v10 = 'one'", "v10 = 'later'"))
    git(repo, "commit", "-q", "-am", "later edit of the same line")
    (repo / "notes.txt").write_text("one\nstaged\n")
    git(repo, "add", "notes.txt")
    before = snapshot(repo)
    with pytest.raises(ApplyRefused, match=r"conflicts with later changes to app\.py; nothing was changed"):
        undo_run(repo, run_id)
    assert snapshot(repo) == before
    assert not (repo / ".git" / "REVERT_HEAD").exists()
    assert load_record(repo, run_id).status == "applied"


def test_undo_refuses_when_touched_files_are_dirty(repo: Path) -> None:
    run_id, _ = apply_all(repo, {"app.py": numbered(60).replace("v10 = 10", "v10 = 'one'")})
    (repo / "app.py").write_text((repo / "app.py").read_text() + "mine = 1\n")
    before = snapshot(repo)
    with pytest.raises(ApplyRefused, match=r"uncommitted changes in app\.py"):
        undo_run(repo, run_id)
    assert snapshot(repo) == before and (repo / "app.py").read_text().endswith("mine = 1\n")


def test_undo_of_pending_run_is_a_usage_error(repo: Path) -> None:
    run = make_run(repo, {"app.py": numbered(60).replace("v10 = 10", "v10 = 1")})
    with pytest.raises(ApplyError, match="no commit to undo") as info:
        undo_run(repo, run.run_id)
    assert isinstance(info.value, UsageError)  # exit 2


def test_verify_passes_then_fails_after_artifact_tampering(repo: Path) -> None:
    run_id, sha = apply_all(repo, {"app.py": numbered(60).replace("v10 = 10", "v10 = 'one'")})
    report = verify_commit(repo)
    assert report.ok and report.run_id == run_id and report.commit == sha
    artifact = repo / ".ouroboros" / "runs" / run_id / "artifact_metadata.json"
    data = json.loads(artifact.read_text())
    data["risk"] = {"score": 0.0}
    artifact.write_text(json.dumps(data, indent=2) + "\n")
    report = verify_commit(repo, sha)
    assert report.has_trailers and not report.ok
    assert any("does not match the trailer" in p for p in report.problems)


def test_verify_fails_when_the_committed_file_differs(repo: Path) -> None:
    _run_id, _ = apply_all(repo, {"app.py": numbered(60).replace("v10 = 10", "v10 = 'one'")})
    # Amend the commit's content, keeping its message (and so its trailers).
    (repo / "app.py").write_text((repo / "app.py").read_text() + "sneaky = 1\n")
    (repo / "other.txt").write_text("x\n")
    git(repo, "add", "app.py", "other.txt")
    git(repo, "commit", "-q", "--amend", "--no-edit")
    report = verify_commit(repo)
    assert report.has_trailers and not report.ok
    problems = " ".join(report.problems)
    assert "app.py in commit" in problems and "other.txt" in problems
    assert any("amended" in n for n in report.notes)


def test_verify_without_trailers_exits_2(repo: Path) -> None:
    report = verify_commit(repo)
    assert not report.has_trailers and not report.ok


def test_verify_with_missing_run_folder(repo: Path) -> None:
    run_id, _ = apply_all(repo, {"app.py": numbered(60).replace("v10 = 10", "v10 = 'one'")})
    subprocess.run(["rm", "-rf", str(repo / ".ouroboros" / "runs" / run_id)], check=True)
    report = verify_commit(repo)
    assert not report.ok and "no run folder" in report.problems[0]
