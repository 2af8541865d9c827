"""`undo` killed at any moment is finished by running `undo` again: one revert commit, the files
wholly back, the untracked original given back, the run `undone`."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import time
from pathlib import Path

import pytest

from ouroboros_tui.apply.apply_run import apply_run
from ouroboros_tui.apply.undo import undo_run
from ouroboros_tui.runs.persist import load_record
from tests.conftest import git
from tests.vcs.helpers import make_run, numbered, settings

FILES = ("a.py", "b.py", "pkg/c.py")
UNTRACKED = "notes.py"
KILLS = 40


def _old(name: str) -> str:
    return numbered(200, prefix=name.replace("/", "_").replace(".py", "_"))


def _new(name: str) -> str:
    return _old(name).replace("_50 = 50\n", "_50 = 5000\n").replace("_150 = 150\n", "_150 = 1\n")


def _applied_repo(repo: Path) -> str:
    """Three committed files and an untracked one, all changed by one applied run."""
    for name in FILES:
        (repo / name).parent.mkdir(exist_ok=True)
        (repo / name).write_text(_old(name))
    git(repo, "add", *FILES)
    git(repo, "commit", "-q", "-m", "files")
    (repo / UNTRACKED).write_text(_old(UNTRACKED))
    run = make_run(repo, {n: _new(n) for n in (*FILES, UNTRACKED)})
    apply_run(repo, run, [h.id for h in run.patch.hunks], settings(repo))  # type: ignore[union-attr]
    return run.run_id


def _finished(repo: Path, run_id: str, label: str) -> None:
    assert load_record(repo, run_id).status == "undone", label
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "4", f"{label}: reverted twice (or not at all)?"
    assert git(repo, "diff", "HEAD~2", "HEAD") == "", f"{label}: the tree is not the one before the run"
    assert git(repo, "status", "--porcelain") == f"?? {UNTRACKED}\n", label
    for name in (*FILES, UNTRACKED):
        assert (repo / name).read_text() == _old(name), f"{label}: {name}"


def test_an_undo_killed_after_its_revert_commit_is_finished_by_undo(git_repo: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from ouroboros_tui.vcs import revert

    run_id = _applied_repo(git_repo)

    def killed(*args: object, **kwargs: object) -> list[str]:
        raise SystemExit("killed")  # what a SIGKILL leaves: the commit made, nothing after it

    monkeypatch.setattr(revert, "_sync_paths", killed)
    with pytest.raises(SystemExit):
        undo_run(git_repo, run_id)
    monkeypatch.undo()
    assert load_record(git_repo, run_id).status == "applied"  # half done
    undo_run(git_repo, run_id)
    _finished(git_repo, run_id, "adopted")


def _child(repo: Path, run_id: str) -> None:
    code = 1
    try:
        os.setpgid(0, 0)  # the kill takes the git subprocesses too
        undo_run(repo, run_id)
        code = 0
    finally:
        os._exit(code)


def _spawn(repo: Path, run_id: str) -> int:
    pid = os.fork()
    if pid == 0:
        _child(repo, run_id)
    return pid


@pytest.mark.slow
def test_sigkill_during_undo_is_always_recovered_by_undo(tmp_path: Path, git_repo: Path) -> None:
    run_id = _applied_repo(git_repo)
    probe = tmp_path / "probe"
    shutil.copytree(git_repo, probe, symlinks=True)
    started = time.perf_counter()
    _, status = os.waitpid(_spawn(probe, run_id), 0)
    span = time.perf_counter() - started
    assert os.waitstatus_to_exitcode(status) == 0
    _finished(probe, run_id, "probe")

    rng = random.Random(4321)
    outcomes = {"untouched": 0, "reverted, not finished": 0, "done": 0}
    for i in range(KILLS):
        repo = tmp_path / f"u{i}"
        shutil.copytree(git_repo, repo, symlinks=True)
        head = git(repo, "rev-parse", "HEAD").strip()
        pid = _spawn(repo, run_id)
        time.sleep(rng.uniform(0, span * 1.1))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        moved = git(repo, "rev-parse", "HEAD").strip() != head
        done = load_record(repo, run_id).status == "undone"
        outcomes["done" if done else "reverted, not finished" if moved else "untouched"] += 1
        for stale in (repo / ".git").rglob("*.lock"):  # what git tells the user after a crash
            stale.unlink()
        if not done:
            undo_run(repo, run_id)
        _finished(repo, run_id, f"kill {i}")
        for tmp in repo.rglob("*.tmp"):
            assert ".ouroboros-" in tmp.name, tmp
    print(f"\n{KILLS} kills over {span * 1000:.0f} ms: {outcomes}")
    assert outcomes["untouched"] < KILLS


def test_an_interrupted_undo_with_commits_on_top_is_not_reverted_twice(git_repo: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from ouroboros_tui.apply.errors import ApplyRefused
    from ouroboros_tui.vcs import revert

    run_id = _applied_repo(git_repo)
    monkeypatch.setattr(revert, "_sync_paths", lambda *a, **k: (_ for _ in ()).throw(SystemExit("killed")))
    with pytest.raises(SystemExit):
        undo_run(git_repo, run_id)
    monkeypatch.undo()
    git(git_repo, "reset", "-q", "--hard")  # the user tidies up by hand and commits on top
    (git_repo / "later.py").write_text("later = 1\n")
    git(git_repo, "add", "later.py")
    git(git_repo, "commit", "-q", "-m", "later")
    head = git(git_repo, "rev-parse", "HEAD")
    with pytest.raises(ApplyRefused, match="already reverted"):
        undo_run(git_repo, run_id)
    assert git(git_repo, "rev-parse", "HEAD") == head
