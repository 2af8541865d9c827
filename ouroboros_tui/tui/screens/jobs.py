"""Screens with small background jobs (git, hashing, saving): each job is a
`@work(thread=True, exit_on_error=False, group=…)` method that returns or raises, and a job that
raises ends here, in one place, as a notification titled after its group."""

from __future__ import annotations

from textual.screen import Screen
from textual.worker import Worker, WorkerState

FAILED_TITLES = {
    "apply": "Not committed",
    "save": "Not saved",
    "undo": "Not undone",
    "verify": "Verify failed",
}


class JobScreen(Screen[None]):
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state is WorkerState.ERROR and worker.error is not None:
            self.job_failed(worker.group, worker.error)

    def job_failed(self, group: str, error: BaseException) -> None:
        """The one error path of this screen's jobs (a screen may say more for some groups)."""
        self.notify(str(error) or type(error).__name__, title=FAILED_TITLES.get(group, "Failed"),
                    severity="error", timeout=10)
