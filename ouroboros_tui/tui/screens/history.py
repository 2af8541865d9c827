"""History: every run from the index; enter opens it, u undoes it, v verifies its commit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

from ouroboros_tui.tui import keymap
from ouroboros_tui.tui.screens import run_actions
from ouroboros_tui.tui.widgets.history_table import HistoryTable

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ouroboros_tui.tui.app import OuroborosApp


class HistoryScreen(Screen[None]):
    BINDINGS = keymap.bindings("history")

    def __init__(self) -> None:
        super().__init__(id="history")
        self._store: Any = None

    @property
    def ouro(self) -> OuroborosApp:
        return self.app  # type: ignore[return-value]

    def _rows(self, limit: int, offset: int) -> Sequence[Any]:
        if self._store is None:
            from ouroboros_tui.runs.persist import run_store

            self._store = run_store(self.ouro.repo)  # rebuilds itself from the run folders
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
        return [
            ("Open run", "Plan, attempts, diff, budget, trailers (enter)", "open_run"),
            ("Undo run", "Revert exactly this run's commit (u)", "undo_run"),
            ("Verify run", "Re-check the commit against its trailers (v)", "verify_run"),
            ("Copy commit sha", "OSC 52 clipboard, works over SSH (o)", "copy_commit"),
            ("Back", "Return to the main screen (escape)", "back"),
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

            self.app.push_screen(RunDetailScreen(current[0]))

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
        if current is None:
            return
        run_id = current[0]
        repo = self.ouro.repo

        def work() -> None:
            try:
                revert = run_actions.undo(repo, run_id)
                row = run_actions.index_row(repo, run_id)
            except Exception as exc:
                self.app.call_from_thread(self.notify, str(exc), title="Not undone", severity="error")
                return
            self.app.call_from_thread(self._undone, run_id, revert, row)

        self.run_worker(work, thread=True, group="undo", exit_on_error=False)

    def _undone(self, run_id: str, revert: str, row: dict[str, Any]) -> None:
        self.table.update_run(row)
        self.notify(f"Run {run_id} undone by {str(revert)[:7]}.", title="Undone")

    def action_verify_run(self) -> None:
        current = self._current()
        sha = _field(current[1], "commit_sha") if current else None
        if not sha:
            self.notify("This run has no commit to verify.", severity="warning")
            return
        run_actions.verify_in_worker(self, self.ouro.repo, sha)


def _field(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, dict) else getattr(row, name, None)
