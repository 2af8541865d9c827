"""Undo and verify, shared by the history table and the run detail (they run in a thread: git)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.screen import Screen

from ouroboros_tui.provenance.store import IndexRow


def undo(repo: Path, run_id: str) -> str:
    from ouroboros_tui.apply.undo import undo_run

    return undo_run(repo, run_id)


def verify(repo: Path, commit: str) -> tuple[bool, str]:
    """(ok, one-paragraph summary) of verify_commit's report."""
    from ouroboros_tui.apply.undo import verify_commit

    report = verify_commit(repo, commit)
    summary = f"{commit[:7]}: {'verified' if report.ok else 'NOT verified'}"
    reasons = [*report.problems, *report.notes]
    if reasons:
        summary += "\n" + "\n".join(f"• {r}" for r in reasons)
    return report.ok, summary


def verify_in_worker(screen: Screen[Any], repo: Path, commit: str) -> None:
    """Verify on a thread (git and hashing) and show the outcome as a notification."""

    def work() -> None:
        try:
            ok, summary = verify(repo, commit)
        except Exception as exc:
            screen.app.call_from_thread(screen.notify, str(exc), title="Verify failed", severity="error")
            return
        screen.app.call_from_thread(
            screen.notify, summary, title="Verify", severity="information" if ok else "error", timeout=10
        )

    screen.run_worker(work, thread=True, group="verify", exit_on_error=False)


def index_row(repo: Path, run_id: str) -> IndexRow:
    from ouroboros_tui.runs.persist import load_record

    return load_record(repo, run_id).index_row()
