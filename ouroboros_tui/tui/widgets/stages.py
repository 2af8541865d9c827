"""The four stages with their state, model, time and token rate; the Builder's live output
(streamed tokens, or the diffusion canvas as it fills) and each attempt's gate errors.

A view of `runs.progress.RunProgress`: the events are folded there (the CLI's live display folds
the same), this draws the result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from ouroboros_tui.runs.progress import Note, RunProgress, StageProgress

if TYPE_CHECKING:
    from ouroboros_tui.runs.events import PipelineEvent

STATE_STYLE = {"idle": "dim", "running": "bold yellow", "done": "green", "failed": "bold red",
               "cancelled": "magenta"}  # fmt: skip


def note_text(note: Note) -> Text:
    if note.kind == "gate":
        mark = Text("✓ ", style="green") if note.ok else Text("✗ ", style="bold red")
        line = Text.assemble(mark, note.text)
        for detail in note.details:
            line.append(f"\n    {detail}", style="red")
        return line
    style = "bold yellow" if note.kind == "stage" else "bold red"
    line = Text(note.text, style=style)
    line.append(note.aside, style="yellow" if note.kind == "stage" else "")
    if note.kind == "attempt":
        for detail in note.details:
            line.append(f"\n    {detail}", style="red")
    return line


class StagesPane(Vertical):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.progress = RunProgress()
        self.border_title = "Stages"

    # What the tests (and a reader) look at, read from the model.
    @property
    def rows(self) -> dict[str, StageProgress]:
        return self.progress.stages

    @property
    def output(self) -> str:
        return self.progress.output

    @property
    def output_title(self) -> str:
        return self.progress.output_title

    @property
    def attempt_lines(self) -> list[Text]:
        return [note_text(n) for n in self.progress.notes]

    def compose(self) -> ComposeResult:
        yield Static(id="stage-table")
        with VerticalScroll(id="stage-output-scroll"):
            yield Static(id="stage-attempts")
            yield Static(id="stage-output")

    def on_mount(self) -> None:
        self._render_table()
        self.set_interval(0.5, self._tick)

    def _tick(self) -> None:
        if self.progress.running:
            self._render_table()

    def reset(self) -> None:
        self.progress.reset()
        self._render_all()

    def table(self) -> Table:
        table = Table(box=None, padding=(0, 1), expand=True, show_edge=False, header_style="bold")
        table.add_column("Stage", no_wrap=True, width=10)
        table.add_column("State", no_wrap=True, width=9)
        table.add_column("Model", no_wrap=True, overflow="ellipsis", ratio=1)
        table.add_column("Time", justify="right", no_wrap=True, width=6)
        table.add_column("Tok", justify="right", no_wrap=True, width=5)
        table.add_column("Tok/s", justify="right", no_wrap=True, width=6)
        for row in self.progress.stages.values():
            label = row.name.capitalize() + (f" #{row.attempt}" if row.attempt > 1 else "")
            table.add_row(
                label,
                Text(row.state, style=STATE_STYLE.get(row.state, "")),
                row.model or "—",
                f"{self.progress.elapsed(row.name):.1f}s" if row.state != "idle" else "",
                str(row.tokens) if row.tokens else "",
                f"{row.tokens_per_s:.0f}" if row.tokens_per_s else "",
            )
        return table

    def _render_table(self) -> None:
        self.query_one("#stage-table", Static).update(self.table())

    def _render_output(self) -> None:
        title = self.progress.output_title
        text = Text(title + "\n", style="bold") if title else Text()
        text.append(self.progress.output)
        self.query_one("#stage-output", Static).update(text)
        self.query_one("#stage-output-scroll", VerticalScroll).scroll_end(animate=False)

    def _render_attempts(self) -> None:
        self.query_one("#stage-attempts", Static).update(Text("\n").join(self.attempt_lines))

    def _render_all(self) -> None:
        # The reason a run stopped was a notification that fades and a line above the streamed
        # output, which stays scrolled to its end: at 80×24 nothing on screen said why.
        self.border_subtitle = self.progress.headline()
        self._render_table()
        self._render_output()
        self._render_attempts()

    def handle(self, event: PipelineEvent) -> None:
        """Update from one pipeline event."""
        notes, output, title = len(self.progress.notes), self.progress.output, self.progress.output_title
        self.progress.apply(event)
        if len(self.progress.notes) != notes:
            self._render_attempts()
        if self.progress.output != output or self.progress.output_title != title:
            self._render_output()
        self.border_subtitle = self.progress.headline()
        self._render_table()

    def mark_cancelled(self, reason: str = "run cancelled") -> None:
        self.progress.stop(reason)
        self.border_subtitle = self.progress.headline()
        self._render_table()
