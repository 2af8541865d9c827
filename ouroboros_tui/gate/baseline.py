"""Which errors of a changed file are new. Lines shift when code is inserted above an error, so errors
are matched by what they say and the text of their line, not by their line number."""

from __future__ import annotations

from collections import Counter

from ouroboros_tui.gate.results import SyntaxErrorRecord


def error_key(error: SyntaxErrorRecord) -> tuple[str, str]:
    return error.message, " ".join(error.line_text.split())


def split_new_errors(before: list[SyntaxErrorRecord], after: list[SyntaxErrorRecord],
                     ) -> tuple[list[SyntaxErrorRecord], list[SyntaxErrorRecord]]:
    """(new, pre-existing) errors of `after`. Each error of `before` excuses at most one of `after`."""
    available = Counter(error_key(e) for e in before)
    new: list[SyntaxErrorRecord] = []
    old: list[SyntaxErrorRecord] = []
    for error in after:
        key = error_key(error)
        if available[key] > 0:
            available[key] -= 1
            old.append(error)
        else:
            new.append(error)
    return new, old
