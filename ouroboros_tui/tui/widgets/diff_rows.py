"""The review's rows: a patch flattened once into file headers, hunk headers and diff lines, and, when
the reviewer asks for more context (`}` / `{`), the file's own lines around each hunk, up to the whole
file. Only the rows on screen are ever rendered (diff_review.py), so the whole file costs rows, not time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ouroboros_tui.patch.hunks import Hunk, Patch

# What `}` steps through (lines of the file shown above and below each hunk); None: the whole file.
CONTEXT_STEPS: tuple[int | None, ...] = (0, 5, 15, 50, None)


@dataclass(frozen=True)
class Row:
    kind: str  # file | hunk | line | context (the file around a hunk) | gap | note
    file: int
    hunk: Hunk | None = None
    index: int = 0  # line index inside the hunk
    text: str = ""
    number: int = 0  # context rows: the line's number in the file before the change


def context_label(extra: int | None) -> str:
    return "whole file" if extra is None else f"+{extra} lines of context"


def build_rows(patch: Patch, extra: int | None = 0) -> tuple[list[Row], list[int], int]:
    """(rows, the row of each hunk's header, the widest line). `extra`: lines of the file shown
    around each hunk beyond the diff's own three (None: all of them)."""
    rows: list[Row] = []
    hunk_rows: list[int] = []
    width = 0
    for f_index, file in enumerate(patch.files):
        label = f"{file.path}{'  (new file)' if file.is_new else ''}"
        rows.append(Row("file", f_index, text=label))
        before = (file.before or "").splitlines() if extra != 0 and not file.is_new else []
        shown_to = 0  # the file's lines [0, shown_to) are on screen (or were skipped on purpose)
        offset = 0  # the new file's line numbers move by what the hunks above added or removed
        for h_index, hunk in enumerate(file.hunks):
            if before:
                start = hunk.old_start
                low = 0 if extra is None else max(shown_to, start - extra)
                low = max(low, shown_to)
                if low > shown_to:
                    rows.append(Row("gap", f_index, text=f"⋯ {low - shown_to} line(s) not shown ⋯"))
                rows.extend(Row("context", f_index, text=" " + before[n], number=n + 1) for n in range(low, start))
            hunk_rows.append(len(rows))
            rows.append(Row("hunk", f_index, hunk, text=hunk.header(offset)))
            offset += len(hunk.new) - len(hunk.old)
            for i, line in enumerate(hunk.lines):
                rows.append(Row("line", f_index, hunk, i, line))
                width = max(width, len(line))
            shown_to = hunk.old_start + len(hunk.old)
            if before:
                following = file.hunks[h_index + 1].old_start if h_index + 1 < len(file.hunks) else len(before)
                high = following if extra is None else min(following, shown_to + extra)
                rows.extend(Row("context", f_index, hunk, text=" " + before[n], number=n + 1)
                            for n in range(shown_to, high))  # fmt: skip
                shown_to = max(shown_to, high)
        if before and shown_to < len(before):
            rows.append(Row("gap", f_index, text=f"⋯ {len(before) - shown_to} more line(s) ⋯"))
        width = max([width, *(len(line) + 1 for line in before)])
    return rows, hunk_rows, width
