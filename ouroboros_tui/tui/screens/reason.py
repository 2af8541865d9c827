"""The small input `r` opens: why a hunk is rejected (fed back to the Builder)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from ouroboros_tui.tui import keymap


class ReasonScreen(ModalScreen[str | None]):
    BINDINGS = keymap.bindings("reason")

    def compose(self) -> ComposeResult:
        with Vertical(id="reason-box"):
            yield Label("Why reject this hunk? (enter: reject and regenerate · esc: cancel)")
            yield Input(placeholder="e.g. keep the public name, only add type hints", id="reason-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        reason = event.value.strip()
        self.dismiss(reason or None)

    def action_dismiss_empty(self) -> None:
        self.dismiss(None)
