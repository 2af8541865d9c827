"""The writer lock, atomic writes, and the trailer format."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from ouroboros_tui.apply.apply_run import ApplyRefused, apply_run
from ouroboros_tui.vcs.atomic import atomic_write_text
from ouroboros_tui.vcs.lock import LockHeld, RepoLock
from ouroboros_tui.vcs.trailers import build_message, ouroboros_trailers, subject_line
from tests.conftest import git
from tests.vcs.helpers import make_run, settings


def write_lock(path: Path, pid: int, host: str | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"pid": pid, "host": host or socket.gethostname(),
                                "started": "2026-11-23T19:00:00+00:00", "command": "ouroboros apply x"}))


def test_second_writer_is_told_who_holds_the_lock(tmp_path: Path) -> None:
    path = tmp_path / ".ouroboros" / "lock"
    with RepoLock(path, "apply one"):
        with pytest.raises(LockHeld) as info, RepoLock(path, "apply two"):
            pass
        message = str(info.value)
        assert f"pid {os.getpid()}" in message and socket.gethostname() in message and "apply one" in message
    assert not path.exists()


def test_stale_lock_of_dead_process_is_taken_over(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    path = tmp_path / "lock"
    write_lock(path, proc.pid)
    with RepoLock(path, "apply"):
        assert json.loads(path.read_text())["pid"] == os.getpid()


def test_lock_on_another_host_is_respected(tmp_path: Path) -> None:
    path = tmp_path / "lock"
    write_lock(path, 999999, host="some-other-machine")
    with pytest.raises(LockHeld, match="some-other-machine"):
        RepoLock(path).acquire()


def test_apply_refused_while_another_process_holds_the_lock(git_repo: Path) -> None:
    (git_repo / "a.py").write_text("a = 1\n")
    run = make_run(git_repo, {"a.py": "a = 2\n"})
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        write_lock(git_repo / ".ouroboros" / "lock", holder.pid)
        with pytest.raises(ApplyRefused, match=f"pid {holder.pid} on"):
            apply_run(git_repo, run, [run.patch.hunks[0].id], settings(git_repo))  # type: ignore[union-attr]
        assert (git_repo / "a.py").read_text() == "a = 1\n"
    finally:
        holder.kill()
        holder.wait()
    # Holder gone: the stale lock is taken over and the apply goes through.
    apply_run(git_repo, run, [run.patch.hunks[0].id], settings(git_repo))  # type: ignore[union-attr]
    assert (git_repo / "a.py").read_text() == "a = 2\n"
    assert not (git_repo / ".ouroboros" / "lock").exists()


def test_atomic_write_keeps_mode_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "x.sh"
    target.write_text("old\n")
    target.chmod(0o750)
    atomic_write_text(target, "new\r\nline")
    assert target.read_bytes() == b"new\r\nline"
    assert target.stat().st_mode & 0o777 == 0o750
    assert [p.name for p in tmp_path.iterdir()] == ["x.sh"]


def test_subject_line() -> None:
    assert subject_line("\n  Fix the parser\nmore detail") == "Fix the parser"
    long = subject_line("word " * 40)
    assert len(long) <= 72 and long.endswith("…")


def test_trailers_round_trip_through_git(tmp_path: Path) -> None:
    trailers = {"Ouroboros-Hunks": "1/2", "Ouroboros-Run": "gen_1", "Ouroboros-Safety": "passed (x,\n 1 file, 2 ms)"}
    message = build_message("Subject", "Body line one\n\nKey: looks like a trailer", trailers)
    parsed = subprocess.run(["git", "interpret-trailers", "--parse"], input=message, text=True,
                            capture_output=True, check=True).stdout
    assert parsed.splitlines() == ["Ouroboros-Run: gen_1", "Ouroboros-Safety: passed (x, 1 file, 2 ms)",
                                   "Ouroboros-Hunks: 1/2"]
    assert ouroboros_trailers(message) == {"Ouroboros-Run": "gen_1",
                                           "Ouroboros-Safety": "passed (x, 1 file, 2 ms)",
                                           "Ouroboros-Hunks": "1/2"}


def test_plain_commit_has_no_ouroboros_trailers(git_repo: Path) -> None:
    assert ouroboros_trailers(git(git_repo, "log", "-1", "--format=%B")) == {}


def test_in_process_trees_match_git(git_repo: Path) -> None:
    """build_tree writes the same tree objects git would (nested dirs, removals, odd names)."""
    from ouroboros_tui.vcs.git import GitRepo
    from ouroboros_tui.vcs.objects import Entry

    for rel in ("a.txt", "d/b.txt", "d/e/c.txt", "d-x.txt", "d.txt", "ü ñ.txt"):
        (git_repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (git_repo / rel).write_text(rel)
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "tree")
    with GitRepo(git_repo) as repo:
        paths = ["a.txt", "d/b.txt", "d/e/c.txt", "d.txt", "ü ñ.txt", "d/missing.txt", "a.txt/x", "d/e"]
        listed = {}
        for line in git(git_repo, "-c", "core.quotepath=off", "ls-tree", "-r", "HEAD").splitlines():
            meta, name = line.split("\t")
            listed[name] = (meta.split()[0], meta.split()[2])
        assert {p: (e.mode, e.sha) if e else None for p, e in repo.head_entries(paths).items()} == \
            {p: listed.get(p) for p in paths}
        blob = repo.write_blob(b"new\n")
        changes = {"d/e/c.txt": Entry("100755", blob), "d/new/deep.txt": Entry("100644", blob),
                   "a.txt": None, "ü ñ.txt": Entry("100644", blob)}
        base = git(git_repo, "rev-parse", "HEAD^{tree}").strip()
        ours = repo.build_tree(base, changes)
    git(git_repo, "rm", "-q", "a.txt")
    for rel, mode in (("d/e/c.txt", "100755"), ("d/new/deep.txt", "100644"), ("ü ñ.txt", "100644")):
        git(git_repo, "update-index", "--add", "--cacheinfo", f"{mode},{blob},{rel}")
    assert ours == git(git_repo, "write-tree").strip()
    git(git_repo, "fsck", "--strict", "--no-dangling")
