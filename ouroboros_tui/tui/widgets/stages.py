"""The four stages with their state, model, time and token rate; the Builder's live output
(streamed tokens, or the diffusion canvas as it fills) and each attempt's gate errors."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

if TYPE_CHECKING:
    from ouroboros_tui.runs.events import PipelineEvent

STAGES = ("compressor", "reasoner", "builder", "gate")  # as pipeline.events.STAGES, read lazily

OUTPUT_KEEP = 8_000  # characters of streamed output kept on screen
STATE_STYLE = {"idle": "dim", "running": "bold yellow", "done": "green", "failed": "bold red",
               "cancelled": "magenta"}  # fmt: skip


@dataclass
class StageRow:
    name: str
    state: str = "idle"
    model: str = ""
    started: float | None = None
    elapsed: float = 0.0
    tokens: int = 0
    tokens_per_s: float = 0.0
    attempt: int = 0

    def live_elapsed(self) -> float:
        if self.state == "running" and self.started is not None:
            return time.monotonic() - self.started
        return self.elapsed


class StagesPane(Vertical):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.rows = {name: StageRow(name) for name in STAGES}
        self.output = ""
        self.output_title = ""
        self.builder_title = ""
        self.attempt_lines: list[Text] = []
        self.last_stage = ""
        self.border_title = "Stages"

    def compose(self) -> ComposeResult:
        yield Static(id="stage-table")
        with VerticalScroll(id="stage-output-scroll"):
            yield Static(id="stage-attempts")
            yield Static(id="stage-output")

    def on_mount(self) -> None:
        self._render_table()
        self.set_interval(0.5, self._tick)

    def _tick(self) -> None:
        if any(r.state == "running" for r in self.rows.values()):
            self._render_table()

    def reset(self) -> None:
        self.rows = {name: StageRow(name) for name in STAGES}
        self.output = ""
        self.output_title = ""
        self.builder_title = ""
        self.attempt_lines = []
        self.border_subtitle = ""
        self._render_table()
        self._render_output()
        self._render_attempts()

    def table(self) -> Table:
        table = Table(box=None, padding=(0, 1), expand=True, show_edge=False, header_style="bold")
        table.add_column("Stage", no_wrap=True, width=10)
        table.add_column("State", no_wrap=True, width=9)
        table.add_column("Model", no_wrap=True, overflow="ellipsis", ratio=1)
        table.add_column("Time", justify="right", no_wrap=True, width=6)
        table.add_column("Tok", justify="right", no_wrap=True, width=5)
        table.add_column("Tok/s", justify="right", no_wrap=True, width=6)
        for row in self.rows.values():
            label = row.name.capitalize() + (f" #{row.attempt}" if row.attempt > 1 else "")
            elapsed = row.live_elapsed()
            table.add_row(
                label,
                Text(row.state, style=STATE_STYLE.get(row.state, "")),
                row.model or "—",
                f"{elapsed:.1f}s" if row.state != "idle" else "",
                str(row.tokens) if row.tokens else "",
                f"{row.tokens_per_s:.0f}" if row.tokens_per_s else "",
            )
        return table

    def _render_table(self) -> None:
        self.query_one("#stage-table", Static).update(self.table())

    def _render_output(self) -> None:
        text = Text(self.output_title + "\n", style="bold") if self.output_title else Text()
        text.append(self.output[-OUTPUT_KEEP:])
        self.query_one("#stage-output", Static).update(text)
        self.query_one("#stage-output-scroll", VerticalScroll).scroll_end(animate=False)

    def _render_attempts(self) -> None:
        self.query_one("#stage-attempts", Static).update(Text("\n").join(self.attempt_lines))

    def handle(self, event: PipelineEvent) -> None:
        """Update from one pipeline event."""
        from ouroboros_tui.runs.events import (
            AttemptFailed,
            DiffusionDraft,
            GateChecked,
            LevelChecked,
            ModelLoading,
            PatchReady,
            RunFailed,
            RunStarted,
            StageFinished,
            StageStarted,
            TokenDelta,
        )

        if isinstance(event, RunStarted):
            self.reset()
        elif isinstance(event, StageStarted):
            self.last_stage = event.stage
            row = self.rows.get(event.stage)
            if row is not None:
                row.state, row.started, row.attempt = "running", time.monotonic(), event.attempt
                row.model = event.model or row.model
                row.tokens, row.tokens_per_s = 0, 0.0
            if event.stage == "builder":
                if event.attempt > 1:  # a retry: the gate will run again (its failure is listed below)
                    self.rows["gate"] = StageRow("gate", attempt=event.attempt)
                self.output = ""
                self.output_title = f"Builder, attempt {event.attempt}" if event.attempt else "Builder"
                self.builder_title = self.output_title
                self._render_output()
        elif isinstance(event, StageFinished):
            row = self.rows.get(event.stage)
            if row is not None:
                row.state = "done" if event.ok else "failed"
                row.elapsed, row.tokens, row.tokens_per_s = event.elapsed_s, event.tokens, event.tokens_per_s
            if not event.ok and event.detail and event.stage != "builder":
                # "Reasoner failed" while the run went on, with no word why: the reasoner's answer
                # was no plan, and the Builder works from the task itself (the detail says so).
                line = Text(f"{event.stage} failed: {event.detail}", style="bold yellow")
                if event.stage == "reasoner":
                    line.append(" — the Builder works from the task itself", style="yellow")
                self.attempt_lines.append(line)
                self._render_attempts()
        elif isinstance(event, ModelLoading):
            share = f" ({event.fraction:.0%})" if event.fraction is not None else ""
            self.output_title = f"Loading {event.model}: {event.message}{share}"
            self._render_output()
        elif isinstance(event, TokenDelta):
            row = self.rows.get(event.role)
            if row is not None and row.started is not None:
                row.tokens = event.tokens_so_far
                spent = time.monotonic() - row.started
                row.tokens_per_s = event.tokens_so_far / spent if spent > 0 else 0.0
            if event.role == "builder":
                if self.builder_title and self.output_title.startswith("Loading"):
                    self.output_title = self.builder_title  # loaded: the title said "Loading" all run
                self.output += event.text
                self._render_output()
        elif isinstance(event, DiffusionDraft):
            if event.role == "builder":
                self.output_title = (
                    f"Builder canvas: step {event.step}/{event.total_steps}, {event.masked} masked"
                )
                self.output = event.text
                self._render_output()
        elif isinstance(event, GateChecked):
            mark = Text("✓ ", style="green") if event.is_valid else Text("✗ ", style="bold red")
            line = Text.assemble(mark, f"attempt {event.attempt}: gate {event.path}")
            for err in event.new_errors[:5]:
                line.append(f"\n    {err}", style="red")
            self.attempt_lines.append(line)
            self._render_attempts()
        elif isinstance(event, LevelChecked):
            from ouroboros_tui.tui.widgets.gate_levels import level_line

            self.attempt_lines.append(level_line(event))
            self._render_attempts()
        elif isinstance(event, AttemptFailed):
            line = Text(f"attempt {event.attempt} failed", style="bold red")
            line.append(" — retrying with the errors" if event.will_retry else "")
            for reason in event.reasons[:8]:
                line.append(f"\n    {reason}", style="red")
            self.attempt_lines.append(line)
            self._render_attempts()
        elif isinstance(event, PatchReady):
            for row in self.rows.values():
                if row.state == "running":
                    row.state = "done"
        elif isinstance(event, RunFailed):
            state = "cancelled" if event.kind == "cancelled" else "failed"
            for row in self.rows.values():
                if row.state == "running":
                    row.state, row.elapsed = state, row.live_elapsed()
            last = self.rows.get(self.last_stage)
            if last is not None and last.state == "failed" and state == "cancelled":
                last.state = state  # the stage reported failure because it was stopped
            self.attempt_lines.append(Text(f"run {event.kind}: {event.reason}", style="bold red"))
            self._render_attempts()
            # The reason was a notification that fades and a line above the streamed output, which
            # stays scrolled to its end: at 80×24 nothing on screen said why the run stopped.
            self.border_subtitle = f"run {event.kind}: {event.reason}"
        self._render_table()

    def mark_cancelled(self, reason: str = "run cancelled") -> None:
        for row in self.rows.values():
            if row.state == "running":
                row.state, row.elapsed = "cancelled", row.live_elapsed()
        if not self.border_subtitle:  # a RunFailed before this says more
            self.border_subtitle = reason
        self._render_table()
