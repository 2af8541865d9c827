"""`?` / `F1`: the keys of the focused pane, then the screen's and the app's, read from the live
bindings (so a `[keymap]` remap shows as remapped). Any of escape, `q`, `?` or F1 closes it."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


@dataclass(frozen=True)
class KeyRow:
    group: str  # "Review", "Main screen", "Everywhere"
    keys: str  # "q, escape"
    description: str


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close", show=False)]

    def __init__(self, rows: list[KeyRow], title: str) -> None:
        super().__init__()
        self.rows = rows
        self.title_text = title

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        group = None
        for row in self.rows:
            if row.group != group:
                group = row.group
                table.add_row(Text(f"\n{group}" if table.row_count else group, style="underline"), "")
            table.add_row(row.keys, row.description)
        with VerticalScroll(id="help-box") as box:
            box.border_title = self.title_text
            box.border_subtitle = "escape: close"
            yield Static(table, id="help-keys")

    def action_close(self) -> None:
        self.dismiss(None)
