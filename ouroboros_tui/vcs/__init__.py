"""The user's repository: atomic writes, the writer lock, commits with trailers, reverts.

Takes plain data (paths, bytes, dicts); never imports the pipeline or the TUI.
"""

from __future__ import annotations

from ouroboros_tui.vcs.atomic import atomic_write_bytes, atomic_write_text
from ouroboros_tui.vcs.git import (
    CommitInfo,
    GitCommandError,
    GitRepo,
    NotARepository,
    RepoBusy,
    VcsError,
)
from ouroboros_tui.vcs.lock import LockHeld, LockInfo, RepoLock
from ouroboros_tui.vcs.objects import Entry
from ouroboros_tui.vcs.trailers import build_message, ouroboros_trailers, parse_trailers, subject_line

__all__ = [
    "CommitInfo",
    "Entry",
    "GitCommandError",
    "GitRepo",
    "LockHeld",
    "LockInfo",
    "NotARepository",
    "RepoBusy",
    "RepoLock",
    "VcsError",
    "atomic_write_bytes",
    "atomic_write_text",
    "build_message",
    "ouroboros_trailers",
    "parse_trailers",
    "subject_line",
]
