"""history.sqlite3: an index of the run folders for the history pane and `list-runs`.

The run folders are the truth; this file is a cache. Deleted → rebuilt from the folders; corrupt
(not a database, malformed) → renamed aside and rebuilt. It never makes a command crash.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypedDict, cast

from ouroboros_tui.provenance.run_folder import ARTIFACT, DIRNAME, ensure_ignored_folder
from ouroboros_tui.vcs.safe_paths import run_folder

DB_NAME = "history.sqlite3"
COLUMNS = ("run_id", "created_at", "task", "status", "attempts", "risk", "commit_sha", "targets",
           "hunks_total", "hunks_applied")
SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    task TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    risk REAL NOT NULL DEFAULT 0,
    commit_sha TEXT,
    targets TEXT NOT NULL DEFAULT '',
    hunks_total INTEGER NOT NULL DEFAULT 0,
    hunks_applied INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS runs_created ON runs (created_at DESC);
CREATE INDEX IF NOT EXISTS runs_status_created ON runs (status, created_at DESC);
"""


class IndexRow(TypedDict):
    """One run in the index: what the history pane and `list-runs` show (RunRecord.index_row)."""

    run_id: str
    created_at: str
    task: str
    status: str
    attempts: int
    risk: float
    commit_sha: str | None
    targets: str  # comma-separated
    hunks_total: int
    hunks_applied: int


# Reads one run folder into its row (None: not a readable run). runs/persist.py gives the real one;
# without it the index holds only the rows upserted into it (tests, benchmarks).
RowBuilder = Callable[[Path], "IndexRow | None"]


def _row(row: sqlite3.Row) -> IndexRow:
    return cast(IndexRow, dict(row))


class RunStore:
    """`RunStore(repo_root, row_builder).list_runs(20)` → newest-first IndexRows."""

    def __init__(self, repo_root: Path, row_builder: RowBuilder | None = None) -> None:
        self.base = Path(repo_root) / DIRNAME
        self.path = self.base / DB_NAME
        self.runs_dir = self.base / "runs"
        self.row_builder = row_builder
        self._conn: sqlite3.Connection | None = None
        self.rebuilt_from: str | None = None  # why the last open rebuilt the index, for messages

    # -- connection -------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=5.0)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        # A cache of the run folders: after a power cut it may be stale or corrupt, and is then
        # rebuilt. So no fsync (which would otherwise cost ~10-20 ms per write on a busy disk).
        conn.execute("PRAGMA synchronous=OFF")
        conn.executescript(SCHEMA)
        conn.execute("SELECT count(*) FROM runs LIMIT 1").fetchone()
        return conn

    def connection(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        run_folder(self.base.parent)  # never a linked or tracked .ouroboros
        ensure_ignored_folder(self.base)  # with its .gitignore: `list-runs` leaves nothing untracked
        missing = not self.path.exists()
        try:
            self._conn = self._connect()
        except sqlite3.DatabaseError:
            self._set_aside()
            self._conn = self._connect()
            self.rebuilt_from = "corrupt"
            self._fill(self._conn)
            return self._conn
        if missing and self.runs_dir.is_dir():
            self.rebuilt_from = "missing"
            self._fill(self._conn)
        return self._conn

    def _set_aside(self) -> None:
        stamp = time.strftime("%Y%m%d_%H%M%S")
        for suffix in ("", "-wal", "-shm"):
            src = self.path.with_name(DB_NAME + suffix)
            if src.exists():
                with contextlib.suppress(OSError):
                    src.replace(src.with_name(f"{DB_NAME}.corrupt-{stamp}{suffix}"))

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _guard(self, action: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run a query; if the file turns out corrupt mid-way, set it aside, rebuild, retry once."""
        try:
            return action(self.connection())
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise
            self.close()
            self._set_aside()
            self._conn = self._connect()
            self.rebuilt_from = "corrupt"
            self._fill(self._conn)
            return action(self._conn)

    # -- writes -----------------------------------------------------------------------------------

    def _fill(self, conn: sqlite3.Connection) -> int:
        rows = []
        if self.runs_dir.is_dir():
            for run_dir in self.runs_dir.iterdir():
                if self.row_builder is None or not (run_dir / ARTIFACT).is_file():
                    continue
                row = self.row_builder(run_dir)
                if row:
                    rows.append(row)
        self._upsert(conn, rows)
        return len(rows)

    @staticmethod
    def _upsert(conn: sqlite3.Connection, rows: Iterable[IndexRow]) -> None:
        sql = (f"INSERT OR REPLACE INTO runs ({', '.join(COLUMNS)}) "
               f"VALUES ({', '.join('?' for _ in COLUMNS)})")
        with conn:
            conn.executemany(sql, ([row.get(c) for c in COLUMNS] for row in rows))

    def upsert(self, row: IndexRow) -> None:
        self._guard(lambda conn: self._upsert(conn, [row]))

    def upsert_many(self, rows: Iterable[IndexRow]) -> None:
        batch = list(rows)
        self._guard(lambda conn: self._upsert(conn, batch))

    def rebuild(self) -> int:
        """Drop every row and re-read the run folders. Returns how many runs were indexed."""
        def action(conn: sqlite3.Connection) -> int:
            with conn:
                conn.execute("DELETE FROM runs")
            return self._fill(conn)

        return int(self._guard(action))

    # -- reads ------------------------------------------------------------------------------------

    def list_runs(self, limit: int = 20, offset: int = 0, status: str | None = None) -> list[IndexRow]:
        """Newest first (by created_at, indexed)."""
        def action(conn: sqlite3.Connection) -> list[IndexRow]:
            cols = ", ".join(COLUMNS)
            if status:
                cur = conn.execute(
                    f"SELECT {cols} FROM runs WHERE status = ? ORDER BY created_at DESC, run_id DESC "
                    "LIMIT ? OFFSET ?", (status, limit, offset))
            else:
                cur = conn.execute(
                    f"SELECT {cols} FROM runs ORDER BY created_at DESC, run_id DESC LIMIT ? OFFSET ?",
                    (limit, offset))
            return [_row(r) for r in cur.fetchall()]

        return list(self._guard(action))

    def get(self, run_id: str) -> IndexRow | None:
        def action(conn: sqlite3.Connection) -> IndexRow | None:
            row = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM runs WHERE run_id = ?", (run_id,)).fetchone()
            return _row(row) if row else None

        result: IndexRow | None = self._guard(action)
        return result

    def count(self, status: str | None = None) -> int:
        def action(conn: sqlite3.Connection) -> int:
            if status:
                return int(conn.execute("SELECT count(*) FROM runs WHERE status = ?", (status,)).fetchone()[0])
            return int(conn.execute("SELECT count(*) FROM runs").fetchone()[0])

        return int(self._guard(action))

    def run_ids(self) -> list[str]:
        return [r[0] for r in self._guard(lambda c: c.execute("SELECT run_id FROM runs").fetchall())]
