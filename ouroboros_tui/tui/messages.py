"""Textual messages: pipeline events (and the worker's own news) to the screens, and the screens'
requests to the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from ouroboros_tui.provenance.store import IndexRow
    from ouroboros_tui.runs.events import PipelineEvent
    from ouroboros_tui.runs.record import RunRecord


class PipelineEventMessage(Message):
    """One pipeline event; TokenDelta / DiffusionDraft arrive already coalesced by the worker."""

    def __init__(self, event: PipelineEvent) -> None:
        super().__init__()
        self.event = event


class PipelineCrashed(Message):
    """The pipeline raised instead of ending in PatchReady / RunFailed."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class PipelineFinished(Message):
    """The worker thread is done (whatever the outcome); `cancelled` if Esc stopped it."""

    def __init__(self, cancelled: bool) -> None:
        super().__init__()
        self.cancelled = cancelled


# ---- from the screens to the app (screens do not import the app: they ask) -------------------
class ReviewPendingRun(Message):
    """Reopen a pending run in the main screen's review (run detail, `p`)."""

    def __init__(self, record: RunRecord) -> None:
        super().__init__()
        self.record = record


class RunChanged(Message):
    """A run's index row changed (e.g. undone from the run detail): lists that show it update."""

    def __init__(self, row: IndexRow) -> None:
        super().__init__()
        self.row = row


class Committed(Message):
    """The main screen committed a run's accepted hunks."""

    def __init__(self, commit: str) -> None:
        super().__init__()
        self.commit = commit
