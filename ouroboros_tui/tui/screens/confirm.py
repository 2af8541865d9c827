"""A one-key confirm before a destructive key acts (as lazygit asks): `y` / `enter` go ahead,
`n` / `escape` keep things as they are. Dismisses with True or False."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from ouroboros_tui.tui import keymap


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = keymap.bindings("confirm")

    def __init__(self, question: str, detail: str = "", keys: keymap.KeyHints | None = None) -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.keys = keys or keymap.KeyHints()

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Label(self.question, id="confirm-question")
            if self.detail:
                yield Label(self.detail, id="confirm-detail", markup=False)  # gate messages hold [ ]
            yield Label(f"{self.keys('confirm.yes')}: yes · {self.keys('confirm.no')}: no", id="confirm-keys")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
