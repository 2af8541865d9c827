"""Opening the user's repository for a write: a clear error when it is not one, the writer lock,
and the state checks (mid-merge/rebase, no identity) that refuse before anything changes."""

from __future__ import annotations

from pathlib import Path

from ouroboros_tui.apply.errors import ApplyRefused, ApplyUsageError
from ouroboros_tui.provenance.run_folder import DIRNAME, RunFolder
from ouroboros_tui.vcs.git import GitRepo, NotARepository, RepoBusy
from ouroboros_tui.vcs.index_state import index_lock
from ouroboros_tui.vcs.lock import LockHeld, RepoLock
from ouroboros_tui.vcs.safe_paths import UnsafeWrite


def open_repo(repo_root: Path) -> GitRepo:
    try:
        return GitRepo(repo_root)
    except NotARepository as exc:
        raise ApplyUsageError(str(exc)) from exc


def lock_repo(repo: GitRepo, command: str) -> RepoLock:
    """One writer per repository: a second one is refused with who holds the lock."""
    try:
        RunFolder(repo.root).ensure()
    except UnsafeWrite as exc:
        raise ApplyRefused(str(exc)) from exc
    lock = RepoLock(repo.root / DIRNAME / "lock", command)
    try:
        lock.acquire()
    except LockHeld as exc:
        raise ApplyRefused(str(exc)) from exc
    return lock


def check_writable(repo: GitRepo) -> None:
    try:
        repo.ensure_writable()
    except RepoBusy as exc:
        raise ApplyRefused(str(exc)) from exc
    problem = repo.identity_problem()
    if problem:
        raise ApplyUsageError(problem)


def refuse_locked_index(repo: GitRepo) -> None:
    """git's `index.lock` means another git command is writing the index (or one was killed): a
    commit now could not be followed by the index update, leaving it staging a revert."""
    lock = index_lock(repo)
    if lock is not None:
        raise ApplyRefused(f"{lock} exists: another git command is running in this repository (or one "
                           "was killed). Wait for it to finish; if none is running, delete that file as "
                           "git's own message says, then try again. Nothing was changed.")
