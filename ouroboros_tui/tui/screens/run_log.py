"""The run log: `l` in the review, `ctrl+l` on the main screen. The failure summary, every attempt
note (gate errors, matcher errors, retries) and the Builder's last output, in one overlay the
keyboard scrolls.

During a review at 80×24 the Stages pane shrinks to its table and hides the attempts: this is
where a user reads why attempt 1 was refused before accepting attempt 2's hunks. It is a view of
the same `runs.progress.RunProgress` the Stages pane draws, redrawn while the run goes on."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ouroboros_tui.runs.progress import RunProgress
from ouroboros_tui.tui import keymap
from ouroboros_tui.tui.widgets.stages import note_text

FAILED = ("failed", "refused")


def has_log(progress: RunProgress) -> bool:
    """Whether a run has told anything yet (before the first run there is nothing to read)."""
    return progress.status != "idle" or bool(progress.notes or progress.output or progress.outcome)


def summary(progress: RunProgress) -> Text:
    """One line on how the run stands: its end and why, or how many attempts it took."""
    headline = progress.headline()
    if headline:
        return Text(headline, style="bold red" if progress.status in FAILED else "bold magenta")
    if progress.status == "ready":
        failed = sum(1 for note in progress.notes if note.kind == "attempt")
        line = Text("patch ready for review", style="bold green")
        if failed:
            line.append(f" after {failed + 1} attempts: {failed} refused, their errors below", style="yellow")
        return line
    if progress.running:
        stage = next((row.name for row in progress.stages.values() if row.state == "running"), "")
        return Text(f"running: {stage}…" if stage else "running…", style="bold yellow")
    return Text(progress.status)


def log_text(progress: RunProgress, reviewed_run: str | None = None, history_key: str = "ctrl+o") -> Text:
    """The whole log as one text: what the overlay shows and the tests read."""
    text = Text()
    if reviewed_run and progress.run_id and reviewed_run != progress.run_id:
        # A pending run reopened from history has no live log here: say whose log this is.
        text.append(f"This is run {progress.run_id}, the last one started here; the review shows run "
                    f"{reviewed_run}. History ({history_key}) → enter lists its attempts.\n\n", style="yellow")
    text.append("Summary\n", style="bold underline")
    text.append_text(summary(progress))
    text.append("\n\nAttempts\n", style="bold underline")
    if progress.notes:
        text.append_text(Text("\n").join(note_text(note) for note in progress.notes))
    else:
        text.append("no gate results or failed attempts yet", style="dim")
    title = progress.output_title or "Builder output"
    text.append(f"\n\n{title}\n", style="bold underline")
    text.append(progress.output.rstrip("\n") if progress.output.strip() else "(no output yet)",
                style="" if progress.output.strip() else "dim")
    return text


class RunLogScreen(ModalScreen[None]):
    """Focus is on the scrollable log; closing returns it to where it was (Textual's screen stack
    keeps the focus of the screen below)."""

    BINDINGS = keymap.bindings("log")

    def __init__(
        self, progress: RunProgress, keys: keymap.KeyHints | None = None,
        reviewed_run: str | None = None, open_ids: Iterable[str] = ("review.log", "main.log"),
    ) -> None:  # fmt: skip
        super().__init__()
        self.progress = progress
        self.keys = keys or keymap.KeyHints()
        self.reviewed_run = reviewed_run
        # The key that opened the log closes it, as `?` closes the help (remaps included).
        taken = {key for binding_id in keymap.BY_ID if binding_id.startswith("log.")
                 for key in self.keys.all(binding_id)}
        closing = [k for binding_id in open_ids for k in self.keys.all(binding_id) if k not in taken]
        if closing:
            self._bindings.bind(",".join(dict.fromkeys(closing)), "close", show=False)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="run-log-box") as box:
            box.border_title = f"Run log · {self.progress.run_id}" if self.progress.run_id else "Run log"
            box.border_subtitle = (f"{self.keys('log.down')} {self.keys('log.up')} pgdn pgup: scroll · "
                                   f"{self.keys('log.close')}: close")
            yield Static(self.text(), id="run-log-text")

    def on_mount(self) -> None:
        self.query_one("#run-log-box").focus()
        self._shown = self.plain_text
        self.set_interval(0.5, self._follow)

    def text(self) -> Text:
        return log_text(self.progress, self.reviewed_run, self.keys("app.history"))

    @property
    def plain_text(self) -> str:
        return self.text().plain

    def _follow(self) -> None:
        """A run still going: its new notes and output appear (the scroll position stays)."""
        text = self.text()
        if text.plain != self._shown:
            self._shown = text.plain
            self.query_one("#run-log-text", Static).update(text)

    def action_scroll_log(self, direction: str) -> None:
        box = self.query_one("#run-log-box", VerticalScroll)
        if direction == "down":
            box.scroll_down(animate=False)
        else:
            box.scroll_up(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
