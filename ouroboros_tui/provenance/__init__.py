"""Provenance: the `.ouroboros/` run folders (logger) and their SQLite index (store)."""

from __future__ import annotations

from ouroboros_tui.provenance.logger import ProvenanceLogger, UnknownRun
from ouroboros_tui.provenance.store import RunStore

__all__ = ["ProvenanceLogger", "RunStore", "UnknownRun"]
