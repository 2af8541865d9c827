"""Past runs from the history index, a page at a time: the first page shows at once, the next is
read when the cursor nears the end, so 10,000 runs open as fast as 10."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from ouroboros_tui.tui import keymap

FIRST_PAGE = 60  # what a tall terminal shows, so the table paints at once
PAGE = 200
STATUS_STYLE = {"applied": "green", "pending": "yellow", "failed": "red", "refused": "red",
                "cancelled": "magenta", "rejected": "dim", "undone": "dim", "running": "cyan"}  # fmt: skip

RowSource = Callable[[int, int], Sequence[Any]]  # (limit, offset) → rows


def _get(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, dict) else getattr(row, name)


TASK_MIN = 28
NO_PATCH = ("failed", "refused", "cancelled", "running")


def _risk_cell(row: Any) -> str:
    """A run that never produced a patch has no risk: "—", not a reassuring 0.00."""
    if _get(row, "status") in NO_PATCH and not _get(row, "hunks_total"):
        return "—"
    return f"{float(_get(row, 'risk') or 0):.2f}"


def format_time(created_at: str) -> str:
    """2026-11-23T19:01:02+00:00 → 2026-11-23 19:01 (the table has no room for more)."""
    return created_at.replace("T", " ")[:16]


class HistoryTable(DataTable[Any]):
    """Rows are added a page at a time (60, then 200 more each time the cursor nears the end)."""

    # DataTable binds enter (hidden) itself, which hid the screen's "enter Open" from the footer;
    # this one shows it, under the same id so a [keymap] entry moves both.
    BINDINGS = [
        *keymap.bindings("table"),
        Binding(keymap.BY_ID["history.open"].key, "select_cursor", "Open", id="history.open"),
    ]

    def __init__(self, source: RowSource, page: int = PAGE, first_page: int = FIRST_PAGE, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.source = source
        self.page = page
        self.first_page = first_page
        self.loaded = 0
        self.exhausted = False
        self.rows_by_id: dict[str, Any] = {}

    def on_mount(self) -> None:
        self.add_column("Time", key="time", width=16)
        self.add_column("Task", key="task", width=TASK_MIN)
        self.add_column("Status", key="status", width=9)
        self.add_column("Att", key="attempts", width=3)
        self.add_column("Risk", key="risk", width=4)
        self.add_column("Commit", key="commit", width=8)
        self.load_more()

    def on_resize(self) -> None:
        """The task column takes the width the others leave (28 at 80 columns, ~100 at 160)."""
        from textual.widgets._data_table import ColumnKey

        column = self.columns.get(ColumnKey("task"))
        if column is None:
            return
        others = sum(c.width for key, c in self.columns.items() if key != ColumnKey("task"))
        padding = 2 * self.cell_padding * len(self.columns)
        width = max(TASK_MIN, self.scrollable_content_region.width - others - padding - 1)
        if column.width != width:
            column.width = width
            self._require_update_dimensions = True
            self.refresh()

    def load_more(self) -> int:
        if self.exhausted:
            return 0
        want = self.first_page if self.loaded == 0 else self.page
        rows = list(self.source(want, self.loaded))
        for row in rows:
            run_id = _get(row, "run_id")
            self.rows_by_id[run_id] = row
            self.add_row(*self._cells(row), key=run_id)
        self.loaded += len(rows)
        if len(rows) < want:
            self.exhausted = True
        return len(rows)

    def _cells(self, row: Any) -> tuple[Any, ...]:
        status = _get(row, "status")
        task = " ".join(str(_get(row, "task")).split())
        commit = _get(row, "commit_sha") or ""
        return (
            format_time(str(_get(row, "created_at"))),
            task,
            Text(status, style=STATUS_STYLE.get(status, "")),
            str(_get(row, "attempts")),
            _risk_cell(row),
            commit[:7],
        )

    def update_run(self, row: Any) -> None:
        """Replace one run's cells (after an undo or an apply)."""
        run_id = _get(row, "run_id")
        self.rows_by_id[run_id] = row
        for key, value in zip(("time", "task", "status", "attempts", "risk", "commit"),
                              self._cells(row), strict=True):  # fmt: skip
            self.update_cell(run_id, key, value)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if not self.exhausted and event.cursor_row >= self.row_count - 20:
            self.load_more()

    @property
    def current_run_id(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None
