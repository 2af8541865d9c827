"""The user's repository: atomic writes, the writer lock, commits with trailers, reverts.

Takes plain data (paths, bytes, dicts); never imports the pipeline or the TUI. The names below
load on first use (PEP 562): `vcs.atomic` alone must not import GitPython (~60 ms before the TUI's
first frame)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ouroboros_tui.vcs.atomic import atomic_write_bytes, atomic_write_text
    from ouroboros_tui.vcs.git import CommitInfo, GitCommandError, GitRepo, NotARepository, RepoBusy, VcsError
    from ouroboros_tui.vcs.lock import LockHeld, LockInfo, RepoLock
    from ouroboros_tui.vcs.objects import Entry
    from ouroboros_tui.vcs.trailers import build_message, ouroboros_trailers, parse_trailers, subject_line

_WHERE = {
    **dict.fromkeys(("atomic_write_bytes", "atomic_write_text"), "ouroboros_tui.vcs.atomic"),
    **dict.fromkeys(("CommitInfo", "GitCommandError", "GitRepo", "NotARepository", "RepoBusy", "VcsError"),
                    "ouroboros_tui.vcs.git"),
    **dict.fromkeys(("LockHeld", "LockInfo", "RepoLock"), "ouroboros_tui.vcs.lock"),
    "Entry": "ouroboros_tui.vcs.objects",
    **dict.fromkeys(("build_message", "ouroboros_trailers", "parse_trailers", "subject_line"),
                    "ouroboros_tui.vcs.trailers"),
}

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


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
