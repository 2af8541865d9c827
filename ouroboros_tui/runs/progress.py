"""A run's progress as the pipeline's events tell it, with no UI: what the TUI's Stages pane and
`ouroboros refactor`'s live display both render.

`RunProgress.apply(event)` keeps, per stage, its state (idle, running, done, failed, cancelled),
model, time, tokens and tokens/s; the Builder's live output (streamed text or the diffusion
canvas); a log of notes (gate results, failed attempts, a stage that failed, the run's end); and,
once something went wrong, a failure summary: which stage, which file, and the gate's or the edit
matcher's own message.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ouroboros_tui.runs import events as ev

StageState = Literal["idle", "running", "done", "failed", "cancelled"]
RunStatus = Literal["idle", "running", "ready", "failed", "refused", "cancelled"]
NoteKind = Literal["gate", "attempt", "stage", "run"]
OUTPUT_KEEP = 8_000  # characters of the Builder's streamed output kept


@dataclass
class StageProgress:
    name: str
    state: StageState = "idle"
    model: str = ""
    started: float | None = None  # clock time when it last started
    elapsed: float = 0.0  # as reported when it finished
    tokens: int = 0
    tokens_per_s: float = 0.0
    attempt: int = 0
    detail: str = ""  # the pipeline's word on it (a loading message, "2/2 files valid", an error)


@dataclass(frozen=True)
class Note:
    """One line of the run's log, with the lines under it."""

    kind: NoteKind
    ok: bool
    text: str
    details: tuple[str, ...] = ()
    aside: str = ""  # what it means for the run, said after the text


@dataclass(frozen=True)
class FailureSummary:
    stage: str  # the stage whose output was refused: "gate", "builder", or the one that stopped
    file: str | None  # the file it was about, where one is named
    message: str  # the gate's or the matcher's message (first lines), or the run's reason
    attempt: int = 0

    def line(self) -> str:
        where = f" · {self.file}" if self.file else ""
        return f"{self.stage}{where}: {self.message}"


def error_text(error: Any) -> str:
    """A gate error as people read it, `line 4, column 37: expected ':'`, never a repr. Takes a
    SyntaxErrorRecord or its dict form (what the run folder keeps)."""
    if isinstance(error, Mapping):
        line, column, message = (error.get(a) for a in ("line", "column", "message"))
    else:
        line, column, message = (getattr(error, a, None) for a in ("line", "column", "message"))
    if line is not None and message is not None:
        return f"line {line}, column {column}: {message}"
    return str(error)


_error_text = error_text


def classify(reason: Any) -> tuple[str, str | None, str]:
    """(stage, file, message) of one attempt failure. Takes the builder's text ("gate: path: …",
    "path: the SEARCH block …") or a typed failure with `kind`, `path` and `message`."""
    kind = getattr(reason, "kind", None)
    if kind is not None:
        text = str(getattr(reason, "message", reason))
        path = getattr(reason, "path", None)
        return ("gate" if kind == "gate" else "builder"), path, _first_lines(text, path)
    text = str(reason)
    stage = "builder"
    if text.startswith("gate: "):
        stage, text = "gate", text[len("gate: "):]
    head = text.split("\n", 1)[0]
    path = head.split(": ", 1)[0] if ": " in head and " " not in head.split(": ", 1)[0] else None
    return stage, path, _first_lines(text, path)


def _first_lines(text: str, path: str | None) -> str:
    """The message without the path it starts with; a gate message keeps its first error."""
    if path and text.startswith(f"{path}: "):
        text = text[len(path) + 2:]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    if lines[0].endswith(":") and len(lines) > 1:  # "the change introduces syntax errors (…):"
        return f"{lines[0]} {lines[1]}"
    return lines[0]


class RunProgress:
    """Folded from a run's events; `clock` is injectable so tests decide what time it is."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.reset()

    def reset(self) -> None:
        self.run_id = ""
        self.status: RunStatus = "idle"
        self.stages: dict[str, StageProgress] = {name: StageProgress(name) for name in ev.STAGES}
        self.attempt = 0  # the Builder's current attempt
        self.output = ""
        self.output_title = ""
        self._builder_title = ""
        self.notes: list[Note] = []
        self.failure: FailureSummary | None = None
        self.outcome = ""  # "run failed: …" once the run stopped short
        self._last_stage = ""

    # ---- reading ---------------------------------------------------------------------------
    def elapsed(self, stage: str) -> float:
        row = self.stages[stage]
        if row.state == "running" and row.started is not None:
            return self.clock() - row.started
        return row.elapsed

    @property
    def running(self) -> bool:
        return any(row.state == "running" for row in self.stages.values())

    def headline(self) -> str:
        """One line for where the eye is: how the run ended and, for a failure, where and why."""
        if not self.outcome:
            return ""
        if self.failure is not None and self.failure.message and self.failure.message not in self.outcome:
            return f"{self.outcome} — {self.failure.line()}"
        return self.outcome

    # ---- folding events ----------------------------------------------------------------------
    def apply(self, event: ev.PipelineEvent) -> None:
        if isinstance(event, ev.RunStarted):
            self.reset()
            self.status = "running"
        self.run_id = event.run_id
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(self, event)

    def _stage_started(self, event: ev.StageStarted) -> None:
        self.status = "running"
        self._last_stage = event.stage
        row = self.stages.get(event.stage)
        if row is not None:
            row.state, row.started, row.attempt = "running", self.clock(), event.attempt
            row.model = event.model or row.model
            row.tokens, row.tokens_per_s, row.detail = 0, 0.0, ""
        if event.stage == "builder":
            self.attempt = event.attempt
            if event.attempt > 1:  # a retry: the gate will run again (its failure stays in the notes)
                self.stages["gate"] = StageProgress("gate", attempt=event.attempt)
            self.output = ""
            self._builder_title = f"Builder, attempt {event.attempt}" if event.attempt else "Builder"
            self.output_title = self._builder_title

    def _stage_finished(self, event: ev.StageFinished) -> None:
        row = self.stages.get(event.stage)
        if row is not None:
            row.state = "done" if event.ok else "failed"
            row.elapsed, row.tokens, row.tokens_per_s = event.elapsed_s, event.tokens, event.tokens_per_s
            row.detail = event.detail
        if not event.ok and event.detail and event.stage not in ("builder", "gate"):  # those have notes
            # "Reasoner failed" while the run went on needs its why: the answer was no plan, and
            # the Builder works from the task itself.
            aside = " — the Builder works from the task itself" if event.stage == "reasoner" else ""
            self.notes.append(Note("stage", False, f"{event.stage} failed: {event.detail}", aside=aside))

    def _model_loading(self, event: ev.ModelLoading) -> None:
        share = f" ({event.fraction:.0%})" if event.fraction is not None else ""
        self.output_title = f"Loading {event.model}: {event.message}{share}"
        self.stages["reasoner" if event.role == "reasoner" else "builder"].detail = event.message

    def _token_delta(self, event: ev.TokenDelta) -> None:
        row = self.stages.get(event.role)
        if row is not None and row.started is not None:
            row.tokens = event.tokens_so_far
            spent = self.clock() - row.started
            row.tokens_per_s = event.tokens_so_far / spent if spent > 0 else 0.0
        if event.role == "builder":
            if self._builder_title and self.output_title.startswith("Loading"):
                self.output_title = self._builder_title  # loaded: the title said "Loading" all run
            self.output = (self.output + event.text)[-OUTPUT_KEEP:]

    def _diffusion_draft(self, event: ev.DiffusionDraft) -> None:
        if event.role == "builder":
            self.output_title = f"Builder canvas: step {event.step}/{event.total_steps}, {event.masked} masked"
            self.output = event.text[-OUTPUT_KEEP:]

    def _gate_checked(self, event: ev.GateChecked) -> None:
        details = tuple(_error_text(e) for e in event.new_errors[:5])
        self.notes.append(Note("gate", event.is_valid, f"attempt {event.attempt}: gate {event.path}", details))

    def _level_checked(self, event: ev.LevelChecked) -> None:
        """A gate level past syntax (semantic, security, tests): `attempt 1: semantic fail (2 new findings)`."""
        counts = [f"{n} {what}{'s' if n != 1 else ''}" for n, what in
                  ((event.blocking, "new finding"), (event.warnings, "warning")) if n]
        text = f"attempt {event.attempt}: {event.level} {event.verdict}" + (f" ({', '.join(counts)})" if counts else "")
        failed = event.verdict.startswith("fail")
        details = (event.detail[:200],) if event.detail and not event.verdict.startswith("pass") else ()
        self.notes.append(Note("gate", not failed, text, details))

    def _attempt_failed(self, event: ev.AttemptFailed) -> None:
        text = f"attempt {event.attempt} failed"
        aside = " — retrying with the errors" if event.will_retry else ""
        reasons = tuple(str(getattr(r, "message", r)) for r in event.reasons[:8])
        self.notes.append(Note("attempt", False, text, reasons, aside=aside))
        first = event.failures[0] if event.failures else event.reasons[0] if event.reasons else None
        if first is not None:
            stage, path, message = classify(first)
            self.failure = FailureSummary(stage, path, message, event.attempt)
            row = self.stages.get(stage)
            if row is not None and row.state != "running":
                row.state = "failed"

    def _patch_ready(self, event: ev.PatchReady) -> None:
        self.status = "ready"
        self.failure = None  # an earlier attempt's failure is not the run's
        for row in self.stages.values():
            if row.state == "running":
                row.state = "done"

    def _run_failed(self, event: ev.RunFailed) -> None:
        state: StageState = "cancelled" if event.kind == "cancelled" else "failed"
        self.status = "refused" if event.kind == "refused" else "cancelled" if state == "cancelled" else "failed"
        for row in self.stages.values():
            if row.state == "running":
                row.state, row.elapsed = state, self.elapsed(row.name)
        last = self.stages.get(self._last_stage)
        if last is not None and last.state == "failed" and state == "cancelled":
            last.state = state  # the stage reported failure because it was stopped
        if self.failure is None and state == "failed":
            stage = next((r.name for r in self.stages.values() if r.state == "failed"), self._last_stage or "run")
            self.failure = FailureSummary(stage, None, event.reason, self.attempt)
        self.outcome = f"run {event.kind}: {event.reason}"
        self.notes.append(Note("run", False, self.outcome, tuple(event.details)))

    def stop(self, reason: str = "run cancelled") -> None:
        """The run ended without its last event (cancelled, or the pipeline raised)."""
        for row in self.stages.values():
            if row.state == "running":
                row.state, row.elapsed = "cancelled", self.elapsed(row.name)
        if self.status in ("idle", "running"):
            self.status = "cancelled"
        if not self.outcome:  # a RunFailed before this says more
            self.outcome = reason


_HANDLERS: dict[type, Callable[[RunProgress, Any], None]] = {
    ev.StageStarted: RunProgress._stage_started,
    ev.StageFinished: RunProgress._stage_finished,
    ev.ModelLoading: RunProgress._model_loading,
    ev.TokenDelta: RunProgress._token_delta,
    ev.DiffusionDraft: RunProgress._diffusion_draft,
    ev.GateChecked: RunProgress._gate_checked,
    ev.LevelChecked: RunProgress._level_checked,
    ev.AttemptFailed: RunProgress._attempt_failed,
    ev.PatchReady: RunProgress._patch_ready,
    ev.RunFailed: RunProgress._run_failed,
}

