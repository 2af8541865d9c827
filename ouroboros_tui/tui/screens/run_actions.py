"""Undo and verify a run, shared by the history table and the run detail (on a thread: git)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

from ouroboros_tui.tui.context import ScreenContext
from ouroboros_tui.tui.messages import RunChanged
from ouroboros_tui.tui.screens.jobs import JobScreen

if TYPE_CHECKING:
    from ouroboros_tui.provenance.store import IndexRow


def verify_summary(repo: Path, commit: str) -> tuple[bool, str]:
    """(ok, one-paragraph summary) of verify_commit's report."""
    from ouroboros_tui.apply.undo import verify_commit

    report = verify_commit(repo, commit)
    summary = f"{commit[:7]}: {'verified' if report.ok else 'NOT verified'}"
    reasons = [*report.problems, *report.notes]
    if reasons:
        summary += "\n" + "\n".join(f"• {r}" for r in reasons)
    return report.ok, summary


class RunActionsScreen(JobScreen):
    """A screen showing runs: `u` undoes one, `v` verifies its commit."""

    def __init__(self, ctx: ScreenContext, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ctx = ctx

    @work(thread=True, exit_on_error=False, group="undo")
    def undo_in_background(self, run_id: str) -> None:
        from ouroboros_tui.apply.undo import undo_run
        from ouroboros_tui.runs.persist import load_record

        revert = undo_run(self.ctx.repo, run_id)
        row = load_record(self.ctx.repo, run_id).index_row()
        self.app.call_from_thread(self._undone, run_id, str(revert), row)

    def _undone(self, run_id: str, revert: str, row: IndexRow) -> None:
        self.post_message(RunChanged(row))  # every list showing the run (history under a detail)
        self.run_undone(run_id, revert)

    def run_undone(self, run_id: str, revert: str) -> None:
        self.notify(f"Run {run_id} undone by {revert[:7]}.", title="Undone")

    @work(thread=True, exit_on_error=False, group="verify")
    def verify_in_background(self, commit: str) -> None:
        ok, summary = verify_summary(self.ctx.repo, commit)
        self.app.call_from_thread(
            self.notify, summary, title="Verify", severity="information" if ok else "error", timeout=10
        )
