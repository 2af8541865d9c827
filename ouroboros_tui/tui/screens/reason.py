"""The small input `r` opens: why a hunk is rejected (fed back to the Builder)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from ouroboros_tui.tui import keymap


class ReasonScreen(ModalScreen[str | None]):
    BINDINGS = keymap.bindings("reason")

    def __init__(self, keys: keymap.KeyHints | None = None) -> None:
        super().__init__()
        self.keys = keys or keymap.KeyHints()

    def compose(self) -> ComposeResult:
        with Vertical(id="reason-box"):
            cancel = self.keys("reason.cancel")
            yield Label(f"Why reject this hunk? (enter: reject and regenerate · {cancel}: cancel)")
            yield Input(placeholder="e.g. keep the public name, only add type hints", id="reason-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        reason = event.value.strip()
        self.dismiss(reason or None)

    def action_dismiss_empty(self) -> None:
        self.dismiss(None)
