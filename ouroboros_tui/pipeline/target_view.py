"""How a target too large for the context is shown to the builder: its outline, then verbatim
windows around the definitions the task and plan name (and the lines in the file that use them),
each with its line range — so every SEARCH can be copied from what was shown.

The boundary with the compressor (which decides what else goes in the context): it calls
`render(...)` for a target that does not fit whole, with the tokens it can spare; None means
nothing is named in the file, and the compressor falls back to the file's head.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

CONTEXT_LINES = 3  # around a definition
USE_LINES = 2  # around a line that uses a named definition


def _windows(lines: list[str], definitions: list[Any], names: set[str]) -> list[tuple[int, int, int]]:
    """(priority, first, last) 1-based line ranges: named definitions first, then their uses."""
    named = [d for d in definitions if d.name in names]
    # A method named like a top-level function: prefer the smallest (innermost) definitions' ranges.
    out = [(0, max(1, d.line - CONTEXT_LINES), min(len(lines), d.end_line + CONTEXT_LINES)) for d in named]
    if named:
        pattern = re.compile(r"\b(?:" + "|".join(sorted({re.escape(d.name) for d in named})) + r")\b")
        inside = [(d.line, d.end_line) for d in named]
        for number, line in enumerate(lines, start=1):
            if pattern.search(line) and not any(a <= number <= b for a, b in inside):
                out.append((1, max(1, number - USE_LINES), min(len(lines), number + USE_LINES)))
    return out


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _outline(definitions: list[Any], limit: int) -> list[str]:
    rows = [f"  {d.line:>5}-{d.end_line:<5} {d.signature[:140]}" for d in sorted(definitions, key=lambda d: d.line)]
    return rows[:limit]


def render(path: str, text: str, definitions: list[Any], names: Iterable[str], count: Callable[[str], int],
           room: int) -> str | None:
    """The outline + windows view of `path` in at most `room` tokens, or None when the task and plan
    name nothing defined in it (or not even one window fits)."""
    lines = text.splitlines()
    wanted = set(names)
    windows = _windows(lines, definitions, wanted)
    if not windows:
        return None
    chosen: list[tuple[int, int]] = []
    best: str | None = None
    outline_rows = len(definitions)
    for _priority, first, last in sorted(windows):
        attempt = _compose(path, lines, definitions, _merge([*chosen, (first, last)]), outline_rows)
        while count(attempt) > room and outline_rows > 0:  # the outline gives way to the code first
            outline_rows //= 2
            attempt = _compose(path, lines, definitions, _merge([*chosen, (first, last)]), outline_rows)
        if count(attempt) > room:
            continue
        chosen.append((first, last))
        best = attempt
    return best


def _compose(path: str, lines: list[str], definitions: list[Any], ranges: list[tuple[int, int]],
             outline_rows: int) -> str:
    shown = sum(b - a + 1 for a, b in ranges)
    parts = [f"{path} ({len(lines)} lines, too long to show whole: its outline, then {shown} lines around the "
             "code the task names. Line numbers are for reading only; quote lines without them.)"]
    rows = _outline(definitions, outline_rows)
    if rows:
        parts.append("outline (first-last line, signature):\n" + "\n".join(rows))
    for first, last in ranges:
        body = "\n".join(lines[first - 1:last])
        parts.append(f"{path} lines {first}-{last}:\n```\n{body}\n```")
    return "\n".join(parts) + "\n"
