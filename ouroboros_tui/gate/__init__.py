"""The safety gate: syntax checks with tree-sitter, decided by each language's own checker where one
runs in-process. No model, no UI.

The names below load on first use (PEP 562): `patch.hunks` needs only `gate.incremental`, and
importing the validator here put the gate's modules before the TUI's first frame."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ouroboros_tui.gate.languages import EXTENSIONS, LANGUAGES, UnknownLanguageError, language_for_path
    from ouroboros_tui.gate.results import ChangeValidation, SyntaxErrorRecord, ValidationResult
    from ouroboros_tui.gate.validator import SyntaxValidator

_WHERE = {
    **dict.fromkeys(("EXTENSIONS", "LANGUAGES", "UnknownLanguageError", "language_for_path"),
                    "ouroboros_tui.gate.languages"),
    **dict.fromkeys(("ChangeValidation", "SyntaxErrorRecord", "ValidationResult"), "ouroboros_tui.gate.results"),
    "SyntaxValidator": "ouroboros_tui.gate.validator",
}

__all__ = [
    "EXTENSIONS",
    "LANGUAGES",
    "ChangeValidation",
    "SyntaxErrorRecord",
    "SyntaxValidator",
    "UnknownLanguageError",
    "ValidationResult",
    "language_for_path",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
