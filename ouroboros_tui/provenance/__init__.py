"""Provenance: the `.ouroboros/` run folders (logger), the shape of their JSON (artifact) and their
SQLite index (store)."""

from __future__ import annotations

from ouroboros_tui.provenance.artifact import CorruptRun
from ouroboros_tui.provenance.run_folder import RunFolder, UnknownRun
from ouroboros_tui.provenance.store import RunStore

__all__ = ["CorruptRun", "RunFolder", "RunStore", "UnknownRun"]
