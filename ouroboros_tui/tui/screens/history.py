"""History: every run from the index; enter opens it, u undoes it, v verifies its commit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header

from ouroboros_tui.tui import keymap
from ouroboros_tui.tui.context import ScreenContext
from ouroboros_tui.tui.screens.run_actions import RunActionsScreen
from ouroboros_tui.tui.widgets.history_table import HistoryTable

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ouroboros_tui.provenance.store import IndexRow


class HistoryScreen(RunActionsScreen):
    BINDINGS = keymap.bindings("history")

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx, id="history")
        self._store: Any = None

    def _rows(self, limit: int, offset: int) -> Sequence[Any]:
        if self._store is None:
            from ouroboros_tui.runs.persist import run_store

            self._store = run_store(self.ctx.repo)  # rebuilds itself from the run folders
        return self._store.list_runs(limit, offset=offset)

    def compose(self) -> ComposeResult:
        yield Header(icon="∞")
        yield HistoryTable(self._rows, id="history-table")
        yield Footer(compact=True)  # room for every key at 80 columns

    def on_mount(self) -> None:
        self.sub_title = "History"
        table = self.query_one(HistoryTable)
        table.border_title = f"Runs ({table.loaded}{'+' if not table.exhausted else ''})"
        table.focus()

    def palette_commands(self) -> list[tuple[str, str, str]]:
        hint = self.ctx.keys.hint
        return [
            ("Open run", hint("Plan, attempts, diff, budget, trailers", "history.open"), "open_run"),
            ("Undo run", hint("Revert exactly this run's commit", "history.undo"), "undo_run"),
            ("Verify run", hint("Re-check the commit against its trailers", "history.verify"), "verify_run"),
            ("Copy commit sha", hint("OSC 52 clipboard, works over SSH", "history.copy"), "copy_commit"),
            ("Back", hint("Return to the main screen", "history.back"), "back"),
        ]

    @property
    def table(self) -> HistoryTable:
        return self.query_one(HistoryTable)

    def _current(self) -> tuple[str, Any] | None:
        run_id = self.table.current_run_id
        if run_id is None:
            return None
        return run_id, self.table.rows_by_id[run_id]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_run()

    def action_open_run(self) -> None:
        current = self._current()
        if current is not None:
            from ouroboros_tui.tui.screens.run_detail import RunDetailScreen

            self.app.push_screen(RunDetailScreen(self.ctx, current[0]))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_copy_commit(self) -> None:
        current = self._current()
        sha = _field(current[1], "commit_sha") if current else None
        if not sha:
            self.notify("This run has no commit.", severity="warning")
            return
        self.app.copy_to_clipboard(sha)
        self.notify(f"Copied {sha[:7]} to the clipboard.")

    def action_undo_run(self) -> None:
        current = self._current()
        if current is not None:
            self.undo_in_background(current[0])

    def update_run(self, row: IndexRow) -> None:
        """A run changed (undone here or in its detail): show its new row."""
        self.table.update_run(row)

    def action_verify_run(self) -> None:
        current = self._current()
        sha = _field(current[1], "commit_sha") if current else None
        if not sha:
            self.notify("This run has no commit to verify.", severity="warning")
            return
        self.verify_in_background(sha)


def _field(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, dict) else getattr(row, name, None)
