"""SIGKILL the applying process at random moments: every file is wholly old or wholly new, and a
file that is new has its backup, which restores the old bytes exactly."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import time
from pathlib import Path

import pytest

from tests.conftest import git
from tests.vcs.helpers import make_run, numbered, settings

FILES = ("a.py", "b.py", "c.py", "pkg/d.py")
KILLS = 60


def _old(name: str) -> str:
    return numbered(300, prefix=name.replace("/", "_").replace(".py", "_"))


def _new(name: str) -> str:
    text = _old(name)
    for n in (10, 100, 200, 290):
        text = text.replace(f"_{n} = {n}\n", f"_{n} = {n * 7}\n")
    return text


def _child(repo: Path, run_id: str) -> None:
    """Runs in the forked child: its own process group, so the kill takes its git subprocesses too."""
    code = 1
    try:
        os.setpgid(0, 0)
        from ouroboros_tui.apply.apply_run import apply_run
        from ouroboros_tui.runs.persist import load_record

        record = load_record(repo, run_id)
        apply_run(repo, record, [h.id for h in record.patch.hunks], settings(repo))  # type: ignore[union-attr]
        code = 0
    finally:
        os._exit(code)


def _spawn(repo: Path, run_id: str) -> int:
    pid = os.fork()
    if pid == 0:
        _child(repo, run_id)
    return pid


def _recover(repo: Path, run_id: str, i: int) -> None:
    """Running `apply` again finishes the job: whatever the kill interrupted, the end state is the
    run committed once, the work tree and index clean, and `verify` happy."""
    from ouroboros_tui.apply.apply_run import apply_run
    from ouroboros_tui.apply.undo import verify_commit
    from ouroboros_tui.runs.persist import load_record

    for stale in (repo / ".git").rglob("*.lock"):  # what git tells the user to do after a crash
        stale.unlink()
    record = load_record(repo, run_id)
    if not record.commit:
        apply_run(repo, record, [h.id for h in record.patch.hunks], settings(repo))  # type: ignore[union-attr]
    assert load_record(repo, run_id).commit == git(repo, "rev-parse", "HEAD").strip(), f"kill {i}"
    assert git(repo, "status", "--porcelain") == "", f"kill {i}: {git(repo, 'status', '--porcelain')}"
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "3", f"kill {i}: committed twice?"
    assert verify_commit(repo).ok, f"kill {i}"
    for name in FILES:
        assert (repo / name).read_text() == _new(name)


@pytest.mark.slow
def test_sigkill_during_apply_never_leaves_a_partial_file(tmp_path: Path, git_repo: Path) -> None:
    for name in FILES[:3]:
        (git_repo / name).write_text(_old(name))
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "files")
    run = make_run(git_repo, {**{n: _new(n) for n in FILES[:3]}, FILES[3]: _new(FILES[3])})
    # Warm the imports in this (parent) process so the children start applying at once.

    # How long does one full apply take? Kill uniformly over that span.
    probe = tmp_path / "probe"
    shutil.copytree(git_repo, probe, symlinks=True)
    started = time.perf_counter()
    _, status = os.waitpid(_spawn(probe, run.run_id), 0)
    span = time.perf_counter() - started
    assert os.waitstatus_to_exitcode(status) == 0
    assert git(probe, "show", "HEAD:b.py") == _new("b.py")

    rng = random.Random(1234)
    outcomes = {"untouched": 0, "partial": 0, "all files new": 0, "committed": 0}
    leftovers = 0
    for i in range(KILLS):
        repo = tmp_path / f"r{i}"
        shutil.copytree(git_repo, repo, symlinks=True)
        head = git(repo, "rev-parse", "HEAD").strip()
        pid = _spawn(repo, run.run_id)
        time.sleep(rng.uniform(0, span * 1.1))
        with contextlib.suppress(ProcessLookupError):  # it may have finished first
            os.killpg(pid, signal.SIGKILL)
        os.waitpid(pid, 0)

        backups = repo / ".ouroboros" / "runs" / run.run_id / "backups"
        new_count = 0
        for name in FILES:
            path = repo / name
            if name == FILES[3]:
                assert not path.exists() or path.read_text() == _new(name), f"kill {i}: {name} is partial"
                new_count += path.exists()
                continue
            content = path.read_text()
            assert content in (_old(name), _new(name)), f"kill {i}: {name} is neither old nor new"
            if content == _new(name):
                new_count += 1
                backup = backups / name
                assert backup.read_bytes() == _old(name).encode(), f"kill {i}: no whole backup of {name}"
        # A kill between temp file and rename may leave our own named temp file, never anything else.
        for tmp in repo.rglob("*.tmp"):
            assert ".ouroboros-" in tmp.name, tmp
            leftovers += 1
        moved = git(repo, "rev-parse", "HEAD").strip() != head
        outcomes["committed" if moved else "untouched" if new_count == 0 else
                 "all files new" if new_count == len(FILES) else "partial"] += 1
        _recover(repo, run.run_id, i)
    print(f"\n{KILLS} kills over {span * 1000:.0f} ms: {outcomes}; {leftovers} temp file(s) left")
    assert sum(outcomes.values()) == KILLS >= 50
    # The kills landed at different stages, not all before (or all after) the writes.
    assert outcomes["untouched"] > 0 and outcomes["untouched"] < KILLS
