"""The edit format ★: SEARCH/REPLACE blocks, parsed into Edit objects and applied in memory.

    path/relative/to/repo.py
    <<<<<<< SEARCH
    old lines, exactly as in the file
    =======
    new lines
    >>>>>>> REPLACE

Models wrap blocks in fences, put the path in backticks or after "File:", and answer with CRLF;
the parser accepts all of that. An empty SEARCH creates the file. Paths outside the repository
(absolute, `..`, symlinks leading out, `.git/`, `.ouroboros/`) raise UnsafePath: the run is refused.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ouroboros_tui.errors import SafetyRefusal

SEARCH_RE = re.compile(r"^\s*<{5,9} ?SEARCH\s*$")
DIVIDER_RE = re.compile(r"^\s*={5,9}\s*$")
REPLACE_RE = re.compile(r"^\s*>{5,9} ?REPLACE\s*$")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
PROTECTED_DIRS = (".git", ".ouroboros")


class EditParseError(ValueError):
    """The response has no usable SEARCH/REPLACE block, or a block is cut short."""


class UnsafePath(ValueError, SafetyRefusal):
    """An edit names a path outside the repository or inside .git / .ouroboros."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"refused path {path!r}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Edit:
    path: str
    search: str
    replace: str

    @property
    def creates_file(self) -> bool:
        return self.search.strip() == ""

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "search": self.search, "replace": self.replace}


@dataclass(frozen=True)
class EditFailure:
    path: str
    kind: str  # no_match | ambiguous | exists | missing
    message: str  # what the next prompt shows the model


@dataclass
class AppliedEdits:
    files: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # path → (before, after)
    failures: list[EditFailure] = field(default_factory=list)


def _clean_path_line(line: str) -> str:
    text = line.strip()
    text = re.sub(r"^(#+|//|--)\s*", "", text)  # "# file.py" or "// file.ts" comments
    text = re.sub(r"^(?:\*\*)?(?:file(?:name)?|path)\s*:\s*", "", text, flags=re.IGNORECASE)
    text = text.strip().strip("*").strip().strip("`").strip().rstrip(":").strip()
    return text.strip("`'\"")


def _looks_like_path(text: str) -> bool:
    return bool(text) and " " not in text and not FENCE_RE.match(text) and len(text) < 300


def parse_edits(response: str) -> list[Edit]:
    """Every SEARCH/REPLACE block in a model response, in order. Raises EditParseError."""
    lines = response.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    edits: list[Edit] = []
    last_path: str | None = None
    i = 0
    while i < len(lines):
        if not SEARCH_RE.match(lines[i]):
            i += 1
            continue
        path = _path_before(lines, i) or last_path
        if path is None:
            raise EditParseError(
                f"line {i + 1}: a SEARCH block without a file path; put the path on the line before "
                "`<<<<<<< SEARCH`"
            )
        search, j = _collect(lines, i + 1, DIVIDER_RE, "=======", i)
        replace, k = _collect(lines, j + 1, REPLACE_RE, ">>>>>>> REPLACE", i)
        edits.append(Edit(path=path, search=_join(search), replace=_join(replace)))
        last_path = path
        i = k + 1
    if not edits:
        raise EditParseError(
            "no SEARCH/REPLACE block found; answer with blocks of the form\n"
            "path/to/file.py\n<<<<<<< SEARCH\n(old lines)\n=======\n(new lines)\n>>>>>>> REPLACE"
        )
    return edits


def _path_before(lines: list[str], index: int) -> str | None:
    """The closest non-blank, non-fence line above a block, if it reads as a path."""
    j = index - 1
    while j >= 0 and (not lines[j].strip() or FENCE_RE.match(lines[j])):
        j -= 1
    if j < 0 or REPLACE_RE.match(lines[j]):
        return None
    candidate = _clean_path_line(lines[j])
    return candidate if _looks_like_path(candidate) else None


def _collect(lines: list[str], start: int, end_re: re.Pattern[str], marker: str, opened: int) -> tuple[list[str], int]:
    body: list[str] = []
    j = start
    while j < len(lines):
        if end_re.match(lines[j]):
            return body, j
        if SEARCH_RE.match(lines[j]):
            break
        body.append(lines[j])
        j += 1
    raise EditParseError(f"the SEARCH block opened on line {opened + 1} has no `{marker}` line")


def _join(body: list[str]) -> str:
    return "".join(line + "\n" for line in body)


def check_path(repo: Path, path: str) -> str:
    """The path, normalised relative to the repo (posix), or UnsafePath."""
    raw = path.strip()
    if not raw:
        raise UnsafePath(path, "empty path")
    if raw.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", raw) or os.path.isabs(raw):
        raise UnsafePath(path, "absolute paths are not allowed; use a path relative to the repository")
    parts = PurePosixPath(raw.replace("\\", "/")).parts
    parts = tuple(p for p in parts if p != ".")
    if not parts:
        raise UnsafePath(path, "not a file path")
    if ".." in parts:
        raise UnsafePath(path, "`..` leads outside the repository")
    if parts[0] in PROTECTED_DIRS:
        raise UnsafePath(path, f"{parts[0]}/ is off limits")
    if ".git" in parts or any(c in raw for c in "\0\n\r"):
        raise UnsafePath(path, "a .git folder or a control character in the path")
    rel = "/".join(parts)
    root = repo.resolve()
    resolved = (root / rel).resolve()
    if resolved != root and root not in resolved.parents:
        raise UnsafePath(path, "a symlink leads outside the repository")
    inner = resolved.relative_to(root).parts
    if inner and inner[0] in PROTECTED_DIRS:
        raise UnsafePath(path, f"a symlink leads into {inner[0]}/")
    _check_work_tree(root, rel, path)
    return rel


def _check_work_tree(root: Path, rel: str, path: str) -> None:
    """What the work tree says: a file where a folder of the path should be (`calc.py/x.py`), a
    directory where the file should be, or a nested repository (a submodule) on the way."""
    folder = root
    for part in rel.split("/")[:-1]:
        folder = folder / part
        if not folder.exists():
            break
        shown = folder.relative_to(root).as_posix()
        if not folder.is_dir():
            raise UnsafePath(path, f"{shown} is a file, not a folder")
        if (folder / ".git").exists():
            raise UnsafePath(path, f"{shown} is a nested repository (a submodule?); change it there")
    if (root / rel).is_dir():
        raise UnsafePath(path, "a directory, not a file")


def _eol(lines: list[str]) -> str:
    """The line ending most of `lines` use (LF on a tie or when none has one)."""
    crlf = sum(line.endswith("\r\n") for line in lines)
    lf = sum(line.endswith("\n") for line in lines) - crlf
    return "\r\n" if crlf > lf else "\n"


def _bare(line: str) -> str:
    return line.rstrip("\r\n")


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _find(hay: list[str], needle: list[str], key: Callable[[str], str]) -> list[int]:
    n = len(needle)
    want = [key(x) for x in needle]
    keyed = [key(x) for x in hay]
    return [i for i in range(len(hay) - n + 1) if keyed[i : i + n] == want]


def _reindent(lines: list[str], matched: list[str], search: list[str]) -> list[str]:
    """Shift replacement lines by the indentation difference between file and SEARCH."""
    pairs = [(f, s) for f, s in zip(matched, search, strict=False) if s.strip()]
    if not pairs:
        return lines
    have, want = _indent(pairs[0][1]), _indent(pairs[0][0])
    if want.startswith(have):
        extra = want[len(have) :]
        return [extra + x if x.strip() else x for x in lines]
    if have.startswith(want):
        cut = have[len(want) :]
        return [x[len(cut) :] if x.startswith(cut) else x for x in lines]
    return lines


def _candidate_starts(hay: list[str], needle: list[str], n: int) -> set[int]:
    """Window starts worth a full comparison: where lines of SEARCH occur exactly (voting by
    offset), and where its first lines look most alike. Keeps closest_lines fast on big files."""
    where: dict[str, list[int]] = {}
    for i, line in enumerate(hay):
        if line.strip():
            where.setdefault(line.strip(), []).append(i)
    votes: dict[int, int] = {}
    for k, line in enumerate(needle):
        for i in where.get(line.strip(), ()) if line.strip() else ():
            votes[i - k] = votes.get(i - k, 0) + 1
    starts = set(sorted(votes, key=lambda s: -votes[s])[:20])
    # No exact line in common: fall back to the lines most like SEARCH's first two.
    probes = [] if votes else [(k, line.strip()) for k, line in enumerate(needle) if line.strip()][:2]
    for k, probe in probes:
        scored = []
        for i, line in enumerate(hay):
            matcher = difflib.SequenceMatcher(None, probe, line.strip(), autojunk=False)
            scored.append((matcher.quick_ratio(), i))
        scored.sort(reverse=True)
        starts.update(i - k for _r, i in scored[:10])
    last = max(0, len(hay) - n)
    return {min(max(0, s), last) for s in starts} or {0}


def closest_lines(text: str, search: str, context: int = 1) -> str:
    """The file's lines most like `search`, numbered, for a SEARCH that matched nothing."""
    hay = [_bare(x) for x in text.splitlines()]
    needle = search.splitlines()
    if not hay:
        return "(the file is empty)"
    n = max(1, min(len(needle), len(hay)))
    joined = "\n".join(needle)
    best_i, best_r = 0, -1.0
    for i in sorted(_candidate_starts(hay, needle, n)):
        matcher = difflib.SequenceMatcher(None, joined, "\n".join(hay[i : i + n]), autojunk=False)
        if matcher.real_quick_ratio() <= best_r or matcher.quick_ratio() <= best_r:
            continue
        ratio = matcher.ratio()
        if ratio > best_r:
            best_i, best_r = i, ratio
    lo, hi = max(0, best_i - context), min(len(hay), best_i + n + context)
    width = len(str(hi))
    body = "\n".join(f"{k + 1:>{width}} | {hay[k]}" for k in range(lo, hi))
    return f"lines {lo + 1}-{hi} ({best_r:.0%} similar):\n{body}"


def _blank_run(lines: list[str], limit: int) -> int:
    count = 0
    while count < min(limit, len(lines)) and not lines[count].strip():
        count += 1
    return count


def _take_blank_margins(hay: list[str], start: int, n: int, replace: list[str], lead: int,
                        trail: int) -> tuple[int, int, list[str]]:
    """Blank lines trimmed off SEARCH that REPLACE repeats stand for the file's own blank lines there:
    those are replaced too, so they are not doubled (SEARCH and REPLACE both ending in a blank line
    gave two). Repeated ones the file does not have are dropped; blank lines only SEARCH has are
    left in the file, as before."""
    file_before = _blank_run(hay[:start][::-1], lead)
    file_after = _blank_run(hay[start + n :], trail)
    rep_before = _blank_run(replace, len(replace))
    rep_after = _blank_run(replace[::-1], len(replace) - rep_before)
    take_before, take_after = min(file_before, rep_before), min(file_after, rep_after)
    drop_before = take_before + min(rep_before - take_before, lead - file_before)
    drop_after = take_after + min(rep_after - take_after, trail - file_after)
    # The taken file lines come back through REPLACE's own blank lines, so only the extra ones go.
    replace = replace[drop_before - take_before : len(replace) - (drop_after - take_after)]
    return start - take_before, n + take_before + take_after, replace


def apply_edit(text: str, edit: Edit) -> tuple[str | None, EditFailure | None]:
    """Apply one edit to `text`: exact match, then ignoring trailing whitespace, then indentation."""
    hay = text.splitlines(keepends=True)
    search = edit.search.splitlines()
    replace = edit.replace.splitlines()
    # Blank lines a model adds around SEARCH must not decide whether it matches.
    lead = trail = 0
    while search and not search[0].strip():
        search.pop(0)
        lead += 1
    while search and not search[-1].strip():
        search.pop()
        trail += 1
    spots: list[int] = []
    reindent = False
    for key, shift in ((_bare, False), (lambda s: _bare(s).rstrip(), False), (lambda s: s.strip(), True)):
        spots = _find(hay, search, key)
        if spots:
            reindent = shift
            break
    if not spots:
        where = closest_lines(text, edit.search)
        return None, EditFailure(
            edit.path, "no_match",
            f"{edit.path}: the SEARCH block matches no lines of the file. Closest {where}\n"
            "Copy the SEARCH lines exactly from the current file.",
        )
    if len(spots) > 1:
        at = ", ".join(f"line {i + 1}" for i in spots[:8])
        return None, EditFailure(
            edit.path, "ambiguous",
            f"{edit.path}: the SEARCH block matches {len(spots)} places ({at}); "
            "include more surrounding lines so it matches once.",
        )
    start, n = spots[0], len(search)
    matched = hay[start : start + n]
    # New lines take the ending of the lines they replace (a mostly-LF file with one CRLF line, or the
    # reverse, keeps each region as it was), else the file's usual one.
    eol = _eol(matched) if any(x.endswith("\n") for x in matched) else _eol(hay)
    if reindent:
        replace = _reindent(replace, [_bare(x) for x in matched], search)
    start, n, replace = _take_blank_margins(hay, start, n, replace, lead, trail)
    new_lines = [x + eol for x in replace]
    at_end = start + n == len(hay)
    if at_end and new_lines and hay and not hay[-1].endswith(("\n", "\r")):
        new_lines[-1] = new_lines[-1][: -len(eol)]
    return "".join([*hay[:start], *new_lines, *hay[start + n :]]), None


def apply_edits(edits: list[Edit], read: Callable[[str], str | None]) -> AppliedEdits:
    """Apply edits in order; later edits to a file see the earlier ones. `read(path)` gives the file's
    current text or None when it does not exist. Failed edits are reported, the rest still apply."""
    out = AppliedEdits()
    current: dict[str, str | None] = {}
    originals: dict[str, str | None] = {}
    for edit in edits:
        if edit.path not in current:
            current[edit.path] = originals[edit.path] = read(edit.path)
        text = current[edit.path]
        if edit.creates_file:
            if text is not None and text.strip():
                out.failures.append(EditFailure(
                    edit.path, "exists",
                    f"{edit.path}: an empty SEARCH creates a file, but this file exists; "
                    "quote the lines to replace in SEARCH.",
                ))
                continue
            new_text: str | None = edit.replace
        elif text is None:
            out.failures.append(EditFailure(
                edit.path, "missing",
                f"{edit.path}: no such file; to create it, leave SEARCH empty.",
            ))
            continue
        else:
            new_text, failure = apply_edit(text, edit)
            if failure is not None:
                out.failures.append(failure)
                continue
        assert new_text is not None
        current[edit.path] = new_text
        out.files[edit.path] = (originals[edit.path], new_text)
    return out
