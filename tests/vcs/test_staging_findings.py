"""Issue 12's findings on the staging rule, each replayed on a real repository: what the user had
staged or removed stays theirs, and the commit holds only the reviewed hunks."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from ouroboros_tui.apply.apply_run import apply_run
from ouroboros_tui.apply.errors import ApplyError, ApplyRefused
from ouroboros_tui.apply.undo import undo_run, verify_commit
from ouroboros_tui.runs.persist import load_record
from tests.conftest import git
from tests.vcs.helpers import make_run, numbered, settings, snapshot

TEXT = numbered(30)
CHANGED = TEXT.replace("v15 = 15", "v15 = 150")


@pytest.fixture
def repo(git_repo: Path) -> Path:
    (git_repo / "app.py").write_text(TEXT)
    git(git_repo, "add", "app.py")
    git(git_repo, "commit", "-q", "-m", "app")
    return git_repo


def _apply(repo: Path, run) -> None:  # type: ignore[no-untyped-def]
    apply_run(repo, run, [h.id for h in run.patch.hunks], settings(repo))


def _full_state(repo: Path) -> dict[str, object]:
    state: dict[str, object] = dict(snapshot(repo))
    state["debug"] = git(repo, "ls-files", "--debug")
    state["files"] = {p.relative_to(repo).as_posix(): (p.read_bytes(), stat.S_IMODE(p.stat().st_mode))
                      for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts and ".ouroboros" not in p.parts}
    return state


@pytest.mark.parametrize("how", ["rm", "git rm", "sparse"])
def test_a_file_missing_from_the_work_tree_is_not_recreated_on_top_of_head(repo: Path, how: str) -> None:
    if how == "rm":
        (repo / "app.py").unlink()
    elif how == "git rm":
        git(repo, "rm", "-q", "app.py")
    else:
        git(repo, "sparse-checkout", "set", "--no-cone", "/*", "!/app.py")
    assert not (repo / "app.py").exists()
    run = make_run(repo, {"app.py": "brand = 'new'\n"})  # the model's "new file"
    before = _full_state(repo)
    with pytest.raises(ApplyRefused, match="missing from the work tree"):
        _apply(repo, run)
    assert _full_state(repo) == before


def test_a_staged_chmod_stays_staged_and_out_of_the_commit(repo: Path) -> None:
    (repo / "app.py").chmod(0o755)
    git(repo, "add", "app.py")
    _apply(repo, make_run(repo, {"app.py": CHANGED}))
    assert git(repo, "ls-tree", "HEAD", "app.py").split()[0] == "100644"
    assert git(repo, "show", "HEAD:app.py") == CHANGED
    assert git(repo, "ls-files", "-s", "app.py").split()[0] == "100755"
    assert git(repo, "diff", "--cached", "--summary").strip() == "mode change 100644 => 100755 app.py"
    assert git(repo, "diff") == ""


def test_a_staged_rm_cached_stays_staged(repo: Path) -> None:
    git(repo, "rm", "-q", "--cached", "app.py")
    _apply(repo, make_run(repo, {"app.py": CHANGED}))
    assert git(repo, "show", "HEAD:app.py") == CHANGED
    assert git(repo, "ls-files", "app.py") == ""
    assert git(repo, "status", "--porcelain", "app.py") == "D  app.py\n?? app.py\n"
    assert (repo / "app.py").read_text() == CHANGED


def test_a_newly_staged_file_with_unstaged_edits_is_refused_not_committed(repo: Path) -> None:
    (repo / "new.py").write_text("a = 1\n")
    git(repo, "add", "new.py")
    (repo / "new.py").write_text("a = 1\nmine = 'unstaged'\n")
    run = make_run(repo, {"new.py": "a = 2\nmine = 'unstaged'\n"})
    before = _full_state(repo)
    with pytest.raises(ApplyRefused, match="staged as a new file"):
        _apply(repo, run)
    assert _full_state(repo) == before


def test_an_intent_to_add_file_is_applied_and_undo_puts_the_placeholder_back(repo: Path) -> None:
    (repo / "new.py").write_text("a = 1\n")
    git(repo, "add", "-N", "new.py")
    before = _full_state(repo)
    run = make_run(repo, {"new.py": "a = 2\n"})
    _apply(repo, run)
    assert git(repo, "show", "HEAD:new.py") == "a = 2\n"
    assert git(repo, "status", "--porcelain") == ""
    undo_run(repo, run.run_id)
    after = _full_state(repo)
    assert after["debug"] == before["debug"] and after["files"] == before["files"]
    assert after["status"] == before["status"] == " A new.py\n"


def test_a_locked_index_refuses_before_anything_is_written(repo: Path) -> None:
    (repo / "staged.py").write_text("s = 1\n")
    git(repo, "add", "staged.py")
    run = make_run(repo, {"app.py": CHANGED})
    (repo / ".git" / "index.lock").write_text("")
    before = _full_state(repo)
    with pytest.raises(ApplyRefused, match=r"index\.lock"):
        _apply(repo, run)
    assert _full_state(repo) == before
    (repo / ".git" / "index.lock").unlink()
    _apply(repo, load_record(repo, run.run_id))
    assert git(repo, "diff", "--cached", "--name-only") == "staged.py\n"


def test_a_formatting_pre_commit_hook_is_followed_by_the_index_and_verify(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nsed -i 's/150/1_5_0/' app.py && git add app.py\n")
    hook.chmod(0o755)
    run = make_run(repo, {"app.py": CHANGED})
    result = apply_run(repo, run, [h.id for h in run.patch.hunks], settings(repo))  # type: ignore[union-attr]
    assert "v15 = 1_5_0" in git(repo, "show", "HEAD:app.py")
    assert git(repo, "status", "--porcelain") == ""  # not MM: the index follows the hook
    assert any("hook changed app.py" in w for w in result.warnings)
    report = verify_commit(repo)
    assert report.ok, report.problems
    assert any("rewritten by a commit hook" in n for n in report.notes)


def test_autocrlf_on_a_clean_tree_applies_instead_of_blaming_the_user(repo: Path) -> None:
    git(repo, "config", "core.autocrlf", "true")
    (repo / "app.py").unlink()
    git(repo, "checkout", "--", "app.py")  # checked out with CRLF, as a Windows user has it
    crlf = (repo / "app.py").read_bytes()
    assert b"\r\n" in crlf and git(repo, "status", "--porcelain") == ""
    run = make_run(repo, {"app.py": crlf.decode().replace("v15 = 15", "v15 = 150")})
    _apply(repo, run)
    assert git(repo, "show", "HEAD:app.py") == CHANGED  # committed as git would: LF
    assert git(repo, "status", "--porcelain") == ""


def test_verify_catches_forged_risk_models_and_safety_trailers(repo: Path) -> None:
    _apply(repo, make_run(repo, {"app.py": CHANGED}, risk=0.9))
    assert verify_commit(repo).ok
    message = git(repo, "log", "-1", "--format=%B")
    for old, new in (("Ouroboros-Risk: 0.90", "Ouroboros-Risk: 0.05"),
                     ("builder=tiny/coder", "builder=big/trusted"),
                     ("Ouroboros-Safety: syntax=pass", "Ouroboros-Safety: syntax=pass audited=pass")):
        assert old in message
        env = {**os.environ, "GIT_EDITOR": "true"}
        subprocess.run(["git", "commit", "-q", "--amend", "-m", message.replace(old, new)], cwd=repo, check=True,
                       env=env)
        report = verify_commit(repo)
        assert not report.ok and report.has_trailers, old  # a mismatch: exit 1
        subprocess.run(["git", "commit", "-q", "--amend", "-m", message], cwd=repo, check=True, env=env)
    assert verify_commit(repo).ok


def test_index_update_failure_after_commit_is_finished_by_applying_again(repo: Path) -> None:
    """A git command taking the index lock between our commit and the index update: the user is told
    to apply again, which adopts the commit (no second commit), never to `git reset`."""
    from ouroboros_tui.vcs import git as vcs_git

    (repo / "staged.py").write_text("s = 1\n")
    git(repo, "add", "staged.py")
    run = make_run(repo, {"app.py": CHANGED})
    original = vcs_git.GitRepo.update_index

    def locked(self, entries, index_file=None):  # type: ignore[no-untyped-def]
        if index_file is None:
            (self.git_dir / "index.lock").write_text("")
        return original(self, entries, index_file)

    vcs_git.GitRepo.update_index = locked  # type: ignore[method-assign]
    try:
        with pytest.raises(ApplyError, match=r"apply .* again") as info:
            _apply(repo, run)
    finally:
        vcs_git.GitRepo.update_index = original  # type: ignore[method-assign]
    assert "git reset" not in str(info.value).replace("Do not `git reset`", "")
    (repo / ".git" / "index.lock").unlink()
    _apply(repo, load_record(repo, run.run_id))
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "3"
    assert git(repo, "status", "--porcelain") == "A  staged.py\n"
    assert verify_commit(repo).ok


def test_intent_to_add_is_recognised_for_a_non_ascii_name(repo: Path) -> None:
    (repo / "café.py").write_text("a = 1\n")
    git(repo, "add", "-N", "café.py")
    _apply(repo, make_run(repo, {"café.py": "a = 2\n"}))
    assert git(repo, "show", "HEAD:café.py") == "a = 2\n"
    assert git(repo, "status", "--porcelain") == ""
