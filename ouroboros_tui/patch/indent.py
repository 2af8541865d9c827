"""Indentation as models get it wrong: spaces for a tab-indented file (or the reverse), and a block
quoted at a different depth. Converted to the file's own style, with one uniform offset required —
an uneven SEARCH is not silently re-indented."""

from __future__ import annotations

from collections import Counter


def indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def style(lines: list[str]) -> tuple[str, int]:
    """("\t", 1) for a tab-indented text, (" ", width) for spaces (width: the usual step, 4 if unsure)."""
    tabs = sum(1 for x in lines if x.startswith("\t") and x.strip())
    widths = [len(indent_of(x)) for x in lines if x.startswith(" ") and x.strip()]
    if tabs > len(widths):
        return "\t", 1
    steps = Counter(w for w in widths if w)
    if not steps:
        return " ", 4
    smallest = min(steps)
    return " ", smallest if smallest in (2, 3, 4, 8) else 4


def convert(lines: list[str], source: tuple[str, int], target: tuple[str, int]) -> list[str]:
    """Re-write leading indentation from `source` style to `target` style, level by level."""
    if source[0] == target[0]:
        return lines
    out = []
    for line in lines:
        lead = indent_of(line)
        if not line.strip() or not lead:
            out.append(line)
            continue
        if source[0] == "\t":
            tabs, spaces = lead.count("\t"), lead.replace("\t", "")
            out.append(" " * (target[1] * tabs) + spaces + line[len(lead):])
        else:
            width = len(lead.expandtabs(source[1]))
            levels, extra = divmod(width, source[1])
            out.append("\t" * levels + " " * extra + line[len(lead):])
    return out


def uniform_offset(file_lines: list[str], search: list[str]) -> tuple[str, str] | None:
    """("add", s) or ("cut", s): the one change of indentation that turns every non-blank SEARCH
    line into the file's line. None when the lines differ by uneven amounts."""
    offset: tuple[str, str] | None = None
    for have, want in zip(search, file_lines, strict=False):
        if not have.strip():
            continue
        a, b = indent_of(have), indent_of(want)
        if b.startswith(a):
            this = ("add", b[len(a):])
        elif a.startswith(b):
            this = ("cut", a[len(b):])
        else:
            return None
        if this[1] == "":
            this = ("add", "")
        if offset is None:
            offset = this
        elif offset != this:
            return None
    return offset or ("add", "")


def shift(lines: list[str], offset: tuple[str, str]) -> list[str]:
    how, by = offset
    if not by:
        return lines
    if how == "add":
        return [by + x if x.strip() else x for x in lines]
    return [x[len(by):] if x.startswith(by) else x.lstrip(" \t") if x.strip() else x for x in lines]
