"""The small input `/` opens in the review: text to find (the next hunk holding it) or `#N`."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from ouroboros_tui.tui import keymap


class FindScreen(ModalScreen[str | None]):
    BINDINGS = keymap.bindings("find")

    def __init__(self, last: str = "", keys: keymap.KeyHints | None = None) -> None:
        super().__init__()
        self.last = last
        self.keys = keys or keymap.KeyHints()

    def compose(self) -> ComposeResult:
        with Vertical(id="find-box"):
            yield Label(f"Find in the review: text, or #N for hunk N (enter: go · {self.keys('find.cancel')}: cancel)")
            # The last query, selected: `/` then enter finds the next match.
            yield Input(self.last, placeholder="e.g. mean  or  #4", select_on_focus=True, id="find-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_dismiss_empty(self) -> None:
        self.dismiss(None)
