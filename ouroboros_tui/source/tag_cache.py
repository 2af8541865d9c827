"""Tags on disk, keyed by git's blob id: `.ouroboros/cache/tags.sqlite3`.

A row per (blob, language) holds what the compressor needs of a file: why it is skipped (binary,
generated, …) or its definition names and references (for the graph) and, once a context has shown
the file, its tree-sitter definitions. The blob id names the content, so a row holds
on every branch and after a checkout; a second run re-tags only files whose content is new. The file
is a cache: a corrupt or foreign one is set aside and rebuilt, a version change starts afresh, and
rows of blobs no longer in the tree are pruned when they outnumber the live ones.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ouroboros_tui.source.tags import Definition
from ouroboros_tui.vcs.safe_paths import UnsafeWrite, run_folder

VERSION = 2  # bump when tags or skip rules change meaning
DIRNAME = ".ouroboros"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tags (
    blob TEXT NOT NULL, language TEXT NOT NULL, size INTEGER NOT NULL, skip TEXT NOT NULL,
    names TEXT NOT NULL, refs TEXT NOT NULL, defs TEXT NOT NULL, PRIMARY KEY (blob, language)
) WITHOUT ROWID;
"""


@dataclass
class Row:
    size: int
    skip: str  # "" or why the file takes no part ("binary", "generated", …)
    names: list[str]  # names the file defines
    refs: dict[str, int]


def _defs_json(definitions: Iterable[Definition]) -> str:
    return json.dumps([[d.name, d.kind, d.line, d.end_line, d.signature, d.top_level, d.public, d.parent]
                       for d in definitions], separators=(",", ":"))


def definitions_from_json(text: str) -> list[Definition]:
    return [Definition(name, kind, line, end, sig, bool(top), bool(pub), parent)
            for name, kind, line, end, sig, top, pub, parent in json.loads(text or "[]")]


def ensure_ignored(repo: Path) -> Path:
    """`.ouroboros/` with its own `.gitignore` (the run folder's contract: never in `git status`)."""
    base = repo / DIRNAME
    base.mkdir(exist_ok=True)
    ignore = base / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Ouroboros run data: local provenance, never committed.\n*\n", encoding="utf-8")
    return base


class TagCache:
    """Open with `TagCache.open(repo)`. When the folder cannot be written, or git tracks files under
    .ouroboros/ (a cache someone shipped), the cache is memory-only: every run tags cold, which is
    slower but still right."""

    def __init__(self, conn: sqlite3.Connection, folder: Path | None = None, writable: bool = True) -> None:
        self.conn = conn
        self.folder = folder  # where the cache files live; None: memory only
        self.writable = writable  # False: read what is there, write nothing (a dry run)
        self._pending: list[tuple[Any, ...]] = []
        self._defs_pending: list[tuple[str, str, str]] = []

    @classmethod
    def open(cls, repo: Path, on_disk: bool = True, writable: bool = True) -> TagCache:
        folder = repo / DIRNAME / "cache"
        if on_disk and not writable:
            try:
                # immutable: no WAL or lock files are created next to it (a dry run writes nothing);
                # the last writer's close checkpointed the WAL into the file.
                uri = (folder / "tags.sqlite3").resolve().as_uri() + "?mode=ro&immutable=1"
                conn = sqlite3.connect(uri, uri=True, timeout=10.0, check_same_thread=False)
                found = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
                if found is not None and found[0] == str(VERSION):
                    return cls(conn, folder, writable=False)
                conn.close()
            except (OSError, sqlite3.Error, ValueError):
                pass
            return cls(cls._connect(Path(":memory:")), None, writable=False)
        if on_disk:
            try:
                run_folder(repo)  # never through a linked, non-folder or tracked .ouroboros
                ensure_ignored(repo)
                folder.mkdir(exist_ok=True)
                return cls(cls._connect(folder / "tags.sqlite3"), folder)
            except (OSError, sqlite3.Error, UnsafeWrite):
                pass
        return cls(cls._connect(Path(":memory:")))

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        def connect() -> sqlite3.Connection:
            conn = sqlite3.connect(str(path), timeout=10.0, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")  # a cache: a power cut at worst loses rows
            conn.executescript(SCHEMA)
            found = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            if found is None or found[0] != str(VERSION):
                conn.execute("DELETE FROM tags")
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (str(VERSION),))
                conn.commit()
            return conn

        try:
            return connect()
        except sqlite3.DatabaseError:
            if str(path) == ":memory:":
                raise
            with contextlib.suppress(OSError):
                path.replace(path.with_suffix(".corrupt"))
            return connect()

    def empty(self) -> bool:
        try:
            return self.conn.execute("SELECT 1 FROM tags LIMIT 1").fetchone() is None
        except sqlite3.Error:
            return True

    def row(self, blob: str, language: str) -> Row | None:
        """The row of one blob, or None."""
        try:
            found = self.conn.execute("SELECT size, skip, names, refs FROM tags WHERE blob = ? AND language = ?",
                                      (blob, language)).fetchone()
            return Row(found[0], found[1], json.loads(found[2]), json.loads(found[3])) if found else None
        except (sqlite3.Error, ValueError, TypeError):
            return None

    def definitions(self, blob: str, language: str) -> list[Definition] | None:
        """None when not parsed yet ("" in the row)."""
        if self._pending:
            self.flush()
        try:
            row = self.conn.execute("SELECT defs FROM tags WHERE blob = ? AND language = ?",
                                    (blob, language)).fetchone()
            return definitions_from_json(row[0]) if row and row[0] else None
        except (sqlite3.Error, ValueError, TypeError):
            return None

    def set_definitions(self, blob: str, language: str, definitions: Iterable[Definition]) -> None:
        """Written with the next flush (one transaction for all the files a context shows)."""
        if self.writable:
            self._defs_pending.append((_defs_json(definitions), blob, language))

    def put(self, blob: str, language: str, size: int, skip: str = "", names: list[str] | None = None,
            refs: dict[str, int] | None = None) -> None:
        """A file's row; its definitions are parsed later, if a context ever shows it."""
        self._pending.append((blob, language, size, skip, json.dumps(names or []),
                              json.dumps(refs or {}, separators=(",", ":")), ""))
        if len(self._pending) >= 1000:
            self.flush()  # a cancelled cold run keeps what it tagged

    def flush(self) -> None:
        if not self.writable:
            self._pending.clear()
            self._defs_pending.clear()
            return
        if not self._pending and not self._defs_pending:
            return
        try:
            self.conn.executemany("INSERT OR REPLACE INTO tags VALUES (?, ?, ?, ?, ?, ?, ?)", self._pending)
            self.conn.executemany("UPDATE tags SET defs = ? WHERE blob = ? AND language = ?", self._defs_pending)
            self.conn.commit()
        except sqlite3.Error:
            pass  # read-only or full disk: the next run tags these again
        self._pending.clear()
        self._defs_pending.clear()

    def count(self) -> int:
        try:
            return int(self.conn.execute("SELECT count(*) FROM tags").fetchone()[0])
        except sqlite3.Error:
            return 0

    def prune(self, live: set[tuple[str, str]], known: int) -> None:
        """Drop rows of blobs not in the tree once they outnumber the live ones."""
        if not self.writable or known <= 2 * max(len(live), 1000):
            return
        try:
            self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS live (blob TEXT, language TEXT)")
            self.conn.execute("DELETE FROM live")
            self.conn.executemany("INSERT INTO live VALUES (?, ?)", live)
            self.conn.execute("DELETE FROM tags WHERE (blob, language) NOT IN (SELECT blob, language FROM live)")
            self.conn.commit()
        except sqlite3.Error:
            pass

    def close(self) -> None:
        self.flush()
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
