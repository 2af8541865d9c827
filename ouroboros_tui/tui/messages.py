"""Textual messages that carry pipeline events (and the worker's own news) to the screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from ouroboros_tui.runs.events import PipelineEvent


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
