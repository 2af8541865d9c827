"""Provenance: the `.ouroboros/` run folders (run_folder), the shape of their JSON (artifact) and their
SQLite index (store).

The names below load on first use (PEP 562): `patch.hunks` needs only the TypedDicts in
`provenance.artifact`, and importing the run folder here pulled GitPython (through `vcs`) into the
TUI's first frame."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ouroboros_tui.provenance.artifact import CorruptRun
    from ouroboros_tui.provenance.run_folder import RunFolder, UnknownRun
    from ouroboros_tui.provenance.store import RunStore

_WHERE = {
    "CorruptRun": "ouroboros_tui.provenance.artifact",
    "RunFolder": "ouroboros_tui.provenance.run_folder",
    "UnknownRun": "ouroboros_tui.provenance.run_folder",
    "RunStore": "ouroboros_tui.provenance.store",
}

__all__ = ["CorruptRun", "RunFolder", "RunStore", "UnknownRun"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
