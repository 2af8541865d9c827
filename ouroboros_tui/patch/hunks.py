"""Patch → FileDiff → Hunk, with stable ids, unified diff text, and pure functions that apply any
subset of hunks to the original text (or, for the index, to a different base of the same file).

Pure: no git, no disk. Hunks keep their lines with line endings so application is byte-exact.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ouroboros_tui.errors import OuroborosError

if TYPE_CHECKING:  # the review loads this before the first frame: no tree-sitter, no artifact shapes yet
    from ouroboros_tui.provenance.artifact import FileDiffDoc, HunkDoc, PatchDoc

CONTEXT = 3


class HunkConflict(OuroborosError):
    """A hunk's old lines are not where (or not as) the hunk expects in the text it is applied to."""

    def __init__(self, path: str, hunk_ids: Sequence[str], message: str) -> None:
        super().__init__(message)
        self.path = path
        self.hunk_ids = tuple(hunk_ids)


@dataclass
class Hunk:
    path: str
    old_start: int  # 0-based index of the first old line covered (context included)
    old: list[str]  # old lines covered, with line endings
    new: list[str]  # their replacement, with line endings
    lines: list[str]  # display lines: ' ctx', '-del', '+add' (no line endings)
    number: int = 0  # 1-based across the patch; what `--hunks 1,3` and the TUI show
    risk: float = 0.0
    risk_factors: dict[str, float] = field(default_factory=dict)
    # Set when the reviewer changed the model's hunk: "lines" (some of its lines) or "edit" (by hand);
    # `proposed` keeps the model's new lines, so the provenance tells the two apart.
    edited: str = ""
    proposed: list[str] | None = None

    @property
    def id(self) -> str:
        """Stable over renders and re-numbering: a hash of where it is and what it changes."""
        digest = hashlib.sha1(
            f"{self.path}\0{self.old_start}\0{''.join(self.old)}\0{''.join(self.new)}".encode()
        ).hexdigest()
        return digest[:10]

    @property
    def added(self) -> int:
        return sum(1 for line in self.lines if line.startswith("+"))

    @property
    def removed(self) -> int:
        return sum(1 for line in self.lines if line.startswith("-"))

    def header(self, offset: int = 0) -> str:
        old_len, new_len = len(self.old), len(self.new)
        old_first = self.old_start + 1 if old_len else self.old_start
        new_first = self.old_start + offset + 1 if new_len else self.old_start + offset
        return f"@@ -{old_first},{old_len} +{new_first},{new_len} @@"

    def to_dict(self) -> HunkDoc:
        doc: HunkDoc = {
            "id": self.id,
            "number": self.number,
            "path": self.path,
            "old_start": self.old_start,
            "old": self.old,
            "new": self.new,
            "lines": self.lines,
            "risk": self.risk,
            "risk_factors": self.risk_factors,
        }
        if self.edited:
            doc["edited"] = self.edited
            doc["proposed"] = list(self.proposed or [])
        return doc

    @classmethod
    def from_dict(cls, data: HunkDoc) -> Hunk:
        return cls(
            path=data["path"],
            old_start=data["old_start"],
            old=list(data["old"]),
            new=list(data["new"]),
            lines=list(data["lines"]),
            number=data.get("number", 0),
            risk=data.get("risk", 0.0),
            risk_factors=dict(data.get("risk_factors", {})),
            edited=str(data.get("edited") or ""),
            proposed=list(data["proposed"]) if data.get("edited") and "proposed" in data else None,
        )


@dataclass
class FileDiff:
    path: str
    before: str | None  # None: the file is new
    after: str
    hunks: list[Hunk]
    language: str | None = None

    @property
    def is_new(self) -> bool:
        return self.before is None

    def apply(self, selected_ids: Iterable[str]) -> str:
        """The file's text with only the selected hunks applied to `before`."""
        wanted = set(selected_ids)
        return apply_hunks(self.before or "", [h for h in self.hunks if h.id in wanted], self.path)

    def unified(self, hunks: Sequence[Hunk] | None = None) -> str:
        chosen = self.hunks if hunks is None else list(hunks)
        if not chosen:
            return ""
        old_name = "/dev/null" if self.is_new else f"a/{self.path}"
        out = [f"--- {old_name}\n", f"+++ b/{self.path}\n"]
        offset = 0
        for hunk in sorted(chosen, key=lambda h: h.old_start):
            out.append(hunk.header(offset) + "\n")
            old_i = new_i = 0
            for line in hunk.lines:
                out.append(line + "\n")
                # git's marker for a last line without newline, on the side it belongs to
                if line.startswith(("-", " ")):
                    src = hunk.old[old_i]
                    old_i += 1
                    if line.startswith(" "):
                        new_i += 1
                    if not src.endswith("\n"):
                        out.append("\\ No newline at end of file\n")
                elif line.startswith("+"):
                    src = hunk.new[new_i]
                    new_i += 1
                    if not src.endswith("\n"):
                        out.append("\\ No newline at end of file\n")
            offset += len(hunk.new) - len(hunk.old)
        return "".join(out)

    def to_dict(self) -> FileDiffDoc:
        return {
            "path": self.path,
            "before": self.before,
            "after": self.after,
            "language": self.language,
            "hunks": [h.to_dict() for h in self.hunks],
        }

    @classmethod
    def from_dict(cls, data: FileDiffDoc) -> FileDiff:
        return cls(
            path=data["path"],
            before=data["before"],
            after=data["after"],
            language=data.get("language"),
            hunks=[Hunk.from_dict(h) for h in data["hunks"]],
        )


@dataclass
class Patch:
    files: list[FileDiff]

    def __post_init__(self) -> None:
        self.renumber()

    def renumber(self) -> None:
        number = 0
        for file in self.files:
            file.hunks.sort(key=lambda h: h.old_start)
            for hunk in file.hunks:
                number += 1
                hunk.number = number

    @property
    def hunks(self) -> list[Hunk]:
        return [h for f in self.files for h in f.hunks]

    def hunk(self, key: str | int) -> Hunk:
        for h in self.hunks:
            if h.id == key or h.number == key or str(h.number) == str(key):
                return h
        raise KeyError(key)

    def file(self, path: str) -> FileDiff:
        for f in self.files:
            if f.path == path:
                return f
        raise KeyError(path)

    def unified(self, selected_ids: Iterable[str] | None = None) -> str:
        chosen = None if selected_ids is None else set(selected_ids)
        parts = []
        for f in self.files:
            hunks = f.hunks if chosen is None else [h for h in f.hunks if h.id in chosen]
            parts.append(f.unified(hunks))
        return "".join(parts)

    def split(self, hunk_id: str) -> list[Hunk]:
        """Split one hunk at its inner context lines (like `s` in `git add -p`). Returns the parts."""
        for f in self.files:
            for i, h in enumerate(f.hunks):
                if h.id == hunk_id:
                    parts = split_hunk(h)
                    f.hunks[i : i + 1] = parts
                    self.renumber()
                    return parts
        raise KeyError(hunk_id)

    def to_dict(self) -> PatchDoc:
        return {"files": [f.to_dict() for f in self.files]}

    @classmethod
    def from_dict(cls, data: PatchDoc) -> Patch:
        return cls(files=[FileDiff.from_dict(f) for f in data["files"]])


def _display(prefix: str, line: str) -> str:
    return prefix + line.rstrip("\r\n")


def diff_file(path: str, before: str | None, after: str, language: str | None = None) -> FileDiff:
    """Compute the hunks that turn `before` into `after` (3 lines of context, like git)."""
    from ouroboros_tui.gate.incremental import shared_ends

    old = (before or "").splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    # Like git's xdiff, leave the lines both ends share out of the matcher (keeping a context's
    # worth): a one-line change to a big file costs the change, not the file.
    head, tail = (max(0, n - CONTEXT) for n in shared_ends(old, new))
    matcher = difflib.SequenceMatcher(a=old[head:len(old) - tail], b=new[head:len(new) - tail], autojunk=False)
    hunks: list[Hunk] = []
    for group in matcher.get_grouped_opcodes(CONTEXT):
        group = [(tag, a1 + head, a2 + head, b1 + head, b2 + head) for tag, a1, a2, b1, b2 in group]
        i1, i2 = group[0][1], group[-1][2]
        j1, j2 = group[0][3], group[-1][4]
        lines: list[str] = []
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                lines.extend(_display(" ", x) for x in old[a1:a2])
                continue
            lines.extend(_display("-", x) for x in old[a1:a2])
            lines.extend(_display("+", x) for x in new[b1:b2])
        hunks.append(Hunk(path=path, old_start=i1, old=old[i1:i2], new=new[j1:j2], lines=lines))
    return FileDiff(path=path, before=before, after=after, hunks=hunks, language=language)


def make_patch(changes: dict[str, tuple[str | None, str]], languages: dict[str, str | None] | None = None) -> Patch:
    """changes: path → (before or None for a new file, after). Unchanged files are left out."""
    files = []
    for path in sorted(changes):
        before, after = changes[path]
        if before == after:
            continue
        files.append(diff_file(path, before, after, (languages or {}).get(path)))
    return Patch(files=[f for f in files if f.hunks])


def apply_hunks(base: str, hunks: Sequence[Hunk], path: str = "") -> str:
    """Apply hunks whose old_start refers to `base` exactly (the text they were computed from)."""
    lines = base.splitlines(keepends=True)
    out: list[str] = []
    cursor = 0
    for hunk in sorted(hunks, key=lambda h: h.old_start):
        if hunk.old_start < cursor:
            raise HunkConflict(path, [hunk.id], f"{path}: hunk {hunk.number} overlaps the previous one")
        if lines[hunk.old_start : hunk.old_start + len(hunk.old)] != hunk.old:
            raise HunkConflict(path, [hunk.id], f"{path}: hunk {hunk.number} does not match the text")
        out.extend(lines[cursor : hunk.old_start])
        out.extend(hunk.new)
        cursor = hunk.old_start + len(hunk.old)
    out.extend(lines[cursor:])
    return "".join(out)


def rebase_hunks(base: str, hunks: Sequence[Hunk], path: str = "") -> str:
    """Apply hunks to a *different* version of the file (e.g. the index when the work tree has the
    user's unstaged edits): each hunk's old lines must occur exactly once near where they were,
    as `git apply` does with offsets but no fuzz. Raises HunkConflict naming the hunks that don't fit."""
    lines = base.splitlines(keepends=True)
    placed: list[tuple[int, Hunk]] = []
    failed: list[str] = []
    for hunk in sorted(hunks, key=lambda h: h.old_start):
        n = len(hunk.old)
        if n == 0:
            # Pure insertion (new file or insertion with no context): position must exist.
            if hunk.old_start <= len(lines):
                placed.append((hunk.old_start, hunk))
            else:
                failed.append(hunk.id)
            continue
        spots = [i for i in range(len(lines) - n + 1) if lines[i : i + n] == hunk.old]
        if not spots:
            failed.append(hunk.id)
            continue
        best = min(spots, key=lambda i: abs(i - hunk.old_start))
        placed.append((best, hunk))
    if failed:
        raise HunkConflict(path, failed, f"{path}: {len(failed)} hunk(s) do not fit the other version")
    placed.sort(key=lambda p: p[0])
    out: list[str] = []
    cursor = 0
    for start, hunk in placed:
        if start < cursor:
            raise HunkConflict(path, [hunk.id], f"{path}: hunks overlap after rebasing")
        out.extend(lines[cursor:start])
        out.extend(hunk.new)
        cursor = start + len(hunk.old)
    out.extend(lines[cursor:])
    return "".join(out)


def split_hunk(hunk: Hunk) -> list[Hunk]:
    """Split at runs of context between change groups; each part keeps its neighbouring context."""
    # Locate change groups as (start, end) indices into hunk.lines.
    groups: list[tuple[int, int]] = []
    i = 0
    while i < len(hunk.lines):
        if hunk.lines[i].startswith(" "):
            i += 1
            continue
        j = i
        while j < len(hunk.lines) and not hunk.lines[j].startswith(" "):
            j += 1
        groups.append((i, j))
        i = j
    if len(groups) < 2:
        return [hunk]
    parts: list[Hunk] = []
    # Map display-line index → old index and new index.
    old_idx, new_idx = [], []
    o = n = 0
    for line in hunk.lines:
        old_idx.append(o)
        new_idx.append(n)
        if line[0] in " -":
            o += 1
        if line[0] in " +":
            n += 1
    for g, (start, end) in enumerate(groups):
        prev_end = groups[g - 1][1] if g else 0
        next_start = groups[g + 1][0] if g + 1 < len(groups) else len(hunk.lines)
        lo = max(prev_end, start - CONTEXT) if g else max(0, start - CONTEXT)
        # Context between two groups belongs to the earlier part's trailing context only up to the
        # midpoint, so parts never overlap.
        if g:
            lo = max(lo, (prev_end + start + 1) // 2)
        hi = min(next_start, end + CONTEXT)
        if g + 1 < len(groups):
            hi = min(hi, (end + next_start + 1) // 2)
        part_lines = hunk.lines[lo:hi]
        o0 = old_idx[lo] if lo < len(old_idx) else o
        o1 = old_idx[hi] if hi < len(old_idx) else o
        n0 = new_idx[lo] if lo < len(new_idx) else n
        n1 = new_idx[hi] if hi < len(new_idx) else n
        parts.append(
            Hunk(
                path=hunk.path,
                old_start=hunk.old_start + o0,
                old=hunk.old[o0:o1],
                new=hunk.new[n0:n1],
                lines=part_lines,
            )
        )
    return parts
