"""The safety gate: syntax checks with tree-sitter, decided by each language's own checker where one
runs in-process. No model, no UI."""

from __future__ import annotations

from ouroboros_tui.gate.languages import EXTENSIONS, LANGUAGES, UnknownLanguageError, language_for_path
from ouroboros_tui.gate.results import ChangeValidation, SyntaxErrorRecord, ValidationResult
from ouroboros_tui.gate.validator import SyntaxValidator

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
