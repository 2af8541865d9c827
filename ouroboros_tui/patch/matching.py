"""Placing one SEARCH/REPLACE in a file: tolerant of how models quote, strict about uniqueness.

Tried in order, and the first level that finds anything decides (two places there: refused as
ambiguous, never a looser guess): exact · ignoring trailing blanks · ignoring indentation, when every
line is off by one uniform offset (tabs and spaces converted to the file's style) · ignoring blank
lines. Each is tried on the block as written, then with fence lines, `N | ` / `N:` line-number
prefixes stripped. `...` elision splits both halves into pieces that must each match once; elision
only in REPLACE would delete code and is refused.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

from ouroboros_tui.patch import indent

_COMMENT_RE = re.compile(r"^\s*(?:#|//|/\*+|<!--|--|;|\*)\s*(.*?)\s*(?:\*/|-->)?\s*$")
_ELIDED_WORDS = re.compile(r"\b(existing|rest|unchanged|remaining|omitted|same|other|previous|more|code|"
                           r"here|etc|as before|implementation)\b", re.IGNORECASE)
_NUMBERED_RE = re.compile(r"^\s*(\d+)(?: \| ?|:\s?|\t)")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")


def elision(line: str) -> str:
    """"comment" for `# ... existing code ...`-style lines, "bare" for a lone `...`, else ""."""
    text = line.strip()
    if text in ("...", "…"):
        return "bare"
    m = _COMMENT_RE.match(line)
    if not m:
        return ""
    body = m.group(1).strip()
    if body in ("...", "…") or (("..." in body or "…" in body) and _ELIDED_WORDS.search(body)):
        return "comment"
    if re.fullmatch(r"(?i)(existing code|rest of (the )?(code|file|function|class|method)|unchanged( code)?)"
                    r"( here)?\.?", body):
        return "comment"
    return ""


def _bare(line: str) -> str:
    return line.rstrip("\r\n")


@dataclass
class Spot:
    start: int
    end: int  # exclusive, in file lines
    offset: tuple[str, str] | None = None  # indentation change SEARCH → file (indent level)
    blanks: tuple[int, ...] = ()  # non-blank SEARCH line k is followed by a blank line in the file


def _exact(hay: list[str], needle: list[str], key: Callable[[str], str]) -> list[Spot]:
    n = len(needle)
    want = [key(x) for x in needle]
    keyed = [key(x) for x in hay]
    first = want[0] if want else None
    return [Spot(i, i + n) for i in range(len(hay) - n + 1) if keyed[i] == first and keyed[i:i + n] == want]


def _indented(hay: list[str], needle: list[str], answer_style: tuple[str, int],
              file_style: tuple[str, int]) -> tuple[list[Spot], bool]:
    """Windows equal but for indentation, with one uniform offset. Also: whether some window was
    equal but unevenly indented (refused, not re-indented)."""
    converted = indent.convert(needle, answer_style, file_style)
    spots, uneven = [], False
    for spot in _exact(hay, needle, lambda s: s.strip()):
        offset = indent.uniform_offset(hay[spot.start:spot.end], converted)
        if offset is None:
            uneven = True
        else:
            spots.append(Spot(spot.start, spot.end, offset))
    return spots, uneven


def _without_blanks(hay: list[str], needle: list[str], answer_style: tuple[str, int],
                    file_style: tuple[str, int]) -> list[Spot]:
    """Windows whose non-blank lines equal SEARCH's (a blank line missing or extra in SEARCH)."""
    rows = [i for i, line in enumerate(hay) if line.strip()]
    dense = [hay[i] for i in rows]
    want = [x for x in needle if x.strip()]
    if len(want) < 2:
        return []
    converted = indent.convert(want, answer_style, file_style)
    spots = []
    for found in _exact(dense, want, lambda s: s.strip()):
        lines = dense[found.start:found.end]
        offset = indent.uniform_offset(lines, converted)
        if offset is None:
            continue
        first, last = rows[found.start], rows[found.end - 1]
        blanks = tuple(k for k in range(found.end - found.start - 1)
                       if rows[found.start + k + 1] != rows[found.start + k] + 1)
        spots.append(Spot(first, last + 1, offset, blanks))
    return spots


@dataclass
class Located:
    spots: list[Spot]
    level: str  # exact | rstrip | indent | blank-lines | uneven | none


def locate(hay: list[str], needle: list[str], answer_style: tuple[str, int]) -> Located:
    for level, key in (("exact", _bare), ("rstrip", lambda s: _bare(s).rstrip())):
        spots = _exact(hay, needle, key)
        if spots:
            return Located(spots, level)
    file_style = indent.style([_bare(x) for x in hay])  # only the fuzzy levels need the file's indent
    spots, uneven = _indented(hay, needle, answer_style, file_style)
    if spots:
        return Located(spots, "indent")
    spots = _without_blanks(hay, needle, answer_style, file_style)
    if spots:
        return Located(spots, "blank-lines")
    return Located([], "uneven" if uneven else "none")


def variants(search: list[str], replace: list[str]) -> list[tuple[list[str], list[str]]]:
    """The block as written, then with the habits of chat models removed."""
    out = [(search, replace)]
    s, r = _strip_fences(search), _strip_fences(replace)
    numbered = [x for x in s if x.strip()]
    if numbered and all(_NUMBERED_RE.match(x) for x in numbered):
        numbers = [int(_NUMBERED_RE.match(x).group(1)) for x in numbered]  # type: ignore[union-attr]
        if numbers == sorted(numbers) and len(set(numbers)) == len(numbers):
            s = [_NUMBERED_RE.sub("", x, count=1) for x in s]
            r = [_NUMBERED_RE.sub("", x, count=1) for x in r]
    if (s, r) != (search, replace):
        out.append((s, r))
    return out


def _strip_fences(lines: list[str]) -> list[str]:
    lines = list(lines)
    while lines and (_FENCE_RE.match(lines[0]) or not lines[0].strip()) and any(_FENCE_RE.match(x) for x in lines):
        if _FENCE_RE.match(lines.pop(0)):
            break
    while lines and (_FENCE_RE.match(lines[-1]) or not lines[-1].strip()) and any(_FENCE_RE.match(x) for x in lines):
        if _FENCE_RE.match(lines.pop()):
            break
    return lines


def closest_lines(text: str, search: str) -> str:
    """The file's lines most like `search`, verbatim in a fence, for a SEARCH that matched nothing."""
    hay = [_bare(x) for x in text.splitlines()]
    needle = [x for x in search.splitlines()]
    while needle and not needle[0].strip():
        needle.pop(0)
    if not hay:
        return "The file is empty."
    n = max(1, min(len(needle), len(hay)))
    joined = "\n".join(x.strip() for x in needle)
    best_i, best_r = 0, -1.0
    for i in sorted(_candidate_starts(hay, needle, n)):
        matcher = difflib.SequenceMatcher(None, joined, "\n".join(x.strip() for x in hay[i:i + n]),
                                          autojunk=False)
        if matcher.real_quick_ratio() <= best_r or matcher.quick_ratio() <= best_r:
            continue
        ratio = matcher.ratio()
        if ratio > best_r:
            best_i, best_r = i, ratio
    lo, hi = best_i, min(len(hay), best_i + n)
    body = "\n".join(hay[lo:hi])
    return (f"The closest lines in the file (lines {lo + 1}-{hi}, {best_r:.0%} alike), exactly as they are:\n"
            f"```\n{body}\n```")


def _candidate_starts(hay: list[str], needle: list[str], n: int) -> set[int]:
    """Window starts worth a full comparison: where lines of SEARCH occur exactly (voting by
    offset), else where its first lines look most alike. Keeps closest_lines fast on big files."""
    where: dict[str, list[int]] = {}
    for i, line in enumerate(hay):
        if line.strip():
            where.setdefault(line.strip(), []).append(i)
    votes: dict[int, int] = {}
    for k, line in enumerate(needle):
        for i in where.get(line.strip(), ()) if line.strip() else ():
            votes[i - k] = votes.get(i - k, 0) + 1
    starts = set(sorted(votes, key=lambda s: -votes[s])[:20])
    probes = [] if votes else [(k, line.strip()) for k, line in enumerate(needle) if line.strip()][:2]
    for k, probe in probes:
        scored = sorted(((difflib.SequenceMatcher(None, probe, line.strip(), autojunk=False).quick_ratio(), i)
                         for i, line in enumerate(hay)), reverse=True)
        starts.update(i - k for _r, i in scored[:10])
    last = max(0, len(hay) - n)
    return {min(max(0, s), last) for s in starts} or {0}
