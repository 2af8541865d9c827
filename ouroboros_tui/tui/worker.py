"""Run the pipeline off the UI thread and post its events as messages.

A daemon thread rather than a Textual thread worker: those run in asyncio's default executor,
which is joined when the app exits, so quitting during a long `generate` would hang until it
finished. Here quitting sets the cancel event and the process leaves without waiting.

Token and draft events come at model speed (hundreds per second); posting each would flood the
message queue, so they are merged and flushed at most every `flush_s`.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from ouroboros_tui.tui.messages import PipelineCrashed, PipelineEventMessage, PipelineFinished

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from ouroboros_tui.runs.events import DiffusionDraft, PipelineEvent, TokenDelta

EventSource = Callable[[threading.Event], Iterator["PipelineEvent"]]


class PipelineWorker:
    def __init__(self, target: MessagePump, source: EventSource, flush_s: float = 0.05) -> None:
        self.target = target
        self.source = source
        self.flush_s = flush_s
        self.cancel_event = threading.Event()
        self.posted = 0  # messages posted: lets tests check the coalescing
        self._thread = threading.Thread(target=self._run, name="ouroboros-pipeline", daemon=True)
        self._tokens: TokenDelta | None = None
        self._draft: DiffusionDraft | None = None
        self._last_flush = 0.0

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def _post(self, event: PipelineEvent) -> None:
        self.posted += 1
        self.target.post_message(PipelineEventMessage(event))

    def _flush(self) -> None:
        if self._tokens is not None:
            self._post(self._tokens)
            self._tokens = None
        if self._draft is not None:
            self._post(self._draft)
            self._draft = None
        self._last_flush = time.monotonic()

    def _run(self) -> None:
        from ouroboros_tui.runs.events import DiffusionDraft, TokenDelta

        try:
            for event in self.source(self.cancel_event):
                if isinstance(event, TokenDelta):
                    if self._tokens is not None and self._tokens.attempt == event.attempt:
                        event = replace(event, text=self._tokens.text + event.text)
                    elif self._tokens is not None:
                        self._flush()
                    self._tokens = event
                elif isinstance(event, DiffusionDraft):
                    self._draft = event  # only the newest canvas matters
                else:
                    self._flush()
                    self._post(event)
                    continue
                if time.monotonic() - self._last_flush >= self.flush_s:
                    self._flush()
            self._flush()
        except Exception as exc:  # shown in the app; never allowed to kill it
            self._flush()
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            self.target.post_message(PipelineCrashed(detail))
        finally:
            self.target.post_message(PipelineFinished(self.cancel_event.is_set()))
