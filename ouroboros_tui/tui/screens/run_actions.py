"""Undo and verify, shared by the history table and the run detail (they run in a thread: git)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def undo(repo: Path, run_id: str) -> str:
    from ouroboros_tui.pipeline.apply import undo_run

    return undo_run(repo, run_id)


def verify(repo: Path, commit: str) -> tuple[bool, str]:
    """(ok, one-paragraph summary) of verify_commit's report."""
    from ouroboros_tui.pipeline.apply import verify_commit

    report: Any = verify_commit(repo, commit)
    ok = bool(getattr(report, "ok", getattr(report, "passed", False)))
    problems = getattr(report, "problems", None) or getattr(report, "errors", None) or []
    summary = f"{commit[:7]}: {'verified' if ok else 'NOT verified'}"
    if problems:
        summary += "\n" + "\n".join(f"• {p}" for p in problems)
    return ok, summary


def index_row(repo: Path, run_id: str) -> dict[str, Any]:
    from ouroboros_tui.pipeline.persist import load_record

    return load_record(repo, run_id).index_row()
