"""A reviewer's own version of a hunk: some of its lines (lazygit's line staging) or its text edited
by hand (`e` in `git add -p`). Pure: no git, no disk, no UI.

Both keep the hunk's old side (where it applies and the lines it replaces) and change only what
replaces them, so the result applies to the same text as the model's hunk and a commit is still
HEAD plus exactly the hunks the reviewer accepted. The model's lines stay on the hunk (`proposed`),
so the run's provenance says which text is the reviewer's and which the model's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ouroboros_tui.errors import OuroborosError
from ouroboros_tui.patch.hunks import Hunk

EDIT_GUIDE = """\
# ---
# Edit the hunk above, as in `git add -p`:
# To keep a '-' line (not remove it), make it a ' ' line (context).
# To drop a '+' line, delete it. You may change '+' lines and add new ones.
# ' ' and '-' lines must stay as they are: they say where the hunk applies.
# Lines starting with # are ignored. Delete every line to leave the hunk as it was.
# The edited hunk goes through the safety gate before it replaces the model's.
"""


class HunkEditError(OuroborosError):
    """An edited hunk that cannot replace the model's (the message says which line and why)."""


def changed_lines(hunk: Hunk) -> list[int]:
    """Indices into `hunk.lines` of the added and removed lines (what line staging can choose)."""
    return [i for i, line in enumerate(hunk.lines) if line[:1] in ("+", "-")]


def _newline(hunk: Hunk) -> str:
    """The line ending a line the reviewer adds gets: the file's, as the hunk shows it."""
    return "\r\n" if any(line.endswith("\r\n") for line in (*hunk.old, *hunk.new)) else "\n"


def _close_lines(new: list[str], newline: str) -> list[str]:
    """A line without an ending (the file's last) that is no longer last gets one; else it would
    join the next line."""
    return [text if i == len(new) - 1 or text.endswith(("\n", "\r")) else text + newline
            for i, text in enumerate(new)]  # fmt: skip


def _revised(hunk: Hunk, new: list[str], lines: list[str], how: str) -> Hunk | None:
    """The hunk with `new` replacing the old side; None when no change is left."""
    if not any(line[:1] in ("+", "-") for line in lines):
        return None
    return Hunk(
        path=hunk.path, old_start=hunk.old_start, old=list(hunk.old), new=new, lines=lines,
        number=hunk.number, risk=hunk.risk, risk_factors=dict(hunk.risk_factors),
        edited=how, proposed=list(hunk.new) if hunk.proposed is None else list(hunk.proposed),
    )  # fmt: skip


def select_lines(hunk: Hunk, chosen: Iterable[int]) -> Hunk | None:
    """The hunk with only the `chosen` changed lines (indices into `hunk.lines`): a removal not chosen
    keeps its line, an addition not chosen is left out. None when nothing is chosen."""
    keep = set(chosen)
    old_i = new_i = 0
    lines: list[str] = []
    new: list[str] = []
    for i, line in enumerate(hunk.lines):
        sign = line[:1]
        if sign == "+":
            if i in keep:
                lines.append(line)
                new.append(hunk.new[new_i])
            new_i += 1
        elif sign == "-":
            if i in keep:
                lines.append(line)
            else:
                lines.append(" " + line[1:])
                new.append(hunk.old[old_i])
            old_i += 1
        else:
            lines.append(line)
            new.append(hunk.old[old_i])
            old_i += 1
            new_i += 1
    if set(keep) >= set(changed_lines(hunk)):
        return hunk
    return _revised(hunk, _close_lines(new, _newline(hunk)), lines, "lines")


NO_NEWLINE = "\\ No newline at end of file"


def edit_lines(hunk: Hunk) -> list[str]:
    """The hunk's lines as `git diff` writes them: a line without a line ending (the file's last) is
    followed by git's marker, which the reviewer may keep or delete."""
    out: list[str] = []
    old_i = new_i = 0
    for line in hunk.lines:
        sign = line[:1]
        source = hunk.new[new_i] if sign == "+" else hunk.old[old_i]
        old_i += sign != "+"
        new_i += sign != "-"
        out.append(line)
        if not source.endswith(("\n", "\r")):
            out.append(NO_NEWLINE)
    return out


def edit_text(hunk: Hunk, header: str) -> str:
    """What the editor opens: the hunk's header and lines, then the guide."""
    body = "".join(f"{line}\n" for line in edit_lines(hunk))
    return f"# Hunk {hunk.number} of {hunk.path}\n{header}\n{body}{EDIT_GUIDE}"


def parse_edit(hunk: Hunk, text: str) -> Hunk | None:
    """The hunk as the reviewer edited it (`edit_text`'s format). Returns `hunk` itself when the edit
    changes nothing, None when it leaves no change (or deletes every line). Raises HunkEditError
    naming the line when a ' ' or '-' line no longer matches the old side."""
    newline = _newline(hunk)
    old_texts = list(hunk.old)
    lines: list[str] = []
    new: list[str] = []
    old_i = 0
    seen_any = False
    for number, raw in enumerate(text.splitlines(), 1):
        if raw.startswith("\\"):
            # git's "\ No newline at end of file": the added line above it ends the file as it is
            if lines and lines[-1].startswith("+"):
                new[-1] = new[-1].removesuffix(newline)
            continue
        if raw.startswith(("#", "@@")):
            continue  # comments, the header
        seen_any = True
        sign, body = (raw[:1], raw[1:]) if raw else (" ", "")  # an empty line is empty context, as in git
        if sign not in (" ", "+", "-"):
            raise HunkEditError(f"line {number} of the edit starts with {sign!r}: every line starts with "
                                "' ' (context), '-' (removed) or '+' (added)")
        if sign == "+":
            lines.append("+" + body)
            new.append(body + newline)
            continue
        if old_i >= len(old_texts):
            raise HunkEditError(f"line {number} of the edit is a {'context' if sign == ' ' else 'removed'} "
                                f"line past the end of the hunk's old lines: {raw!r}")
        expected = old_texts[old_i].rstrip("\r\n")
        # An editor that trims trailing blanks must not make the edit fail; the old text is kept exactly.
        if body.rstrip() != expected.rstrip():
            later = [t.rstrip("\r\n").rstrip() for t in old_texts[old_i + 1:]]
            if body.rstrip() in later:
                raise HunkEditError(f"the edit lost the hunk's old line {old_i + 1} ({expected!r}) before its "
                                    f"line {number}: keep every ' ' and '-' line (make a '-' line ' ' to keep it)")
            raise HunkEditError(f"line {number} of the edit does not match the hunk's old line {old_i + 1}: "
                                f"expected {(sign + expected)!r}, got {raw!r} (' ' and '-' lines must stay "
                                "as they are)")
        lines.append(sign + expected)
        if sign == " ":
            new.append(old_texts[old_i])
        old_i += 1
    if not seen_any:
        return None
    if old_i != len(old_texts):
        missing = old_texts[old_i].rstrip("\r\n")
        raise HunkEditError(f"the edit lost the hunk's old line {old_i + 1} ({missing!r}): keep every ' ' and "
                            "'-' line (make a '-' line ' ' to keep it)")
    new = _close_lines(new, newline)
    if new == hunk.new:
        return hunk
    return _revised(hunk, new, lines, "edit")


@dataclass
class LineChoice:
    """Line staging in one hunk: a cursor over its changed lines and which of them are chosen
    (all, at first: the hunk as proposed)."""

    hunk: Hunk
    cursor: int = 0  # index into `candidates`
    chosen: set[int] = field(init=False)

    def __post_init__(self) -> None:
        self.candidates = changed_lines(self.hunk)
        self.chosen = set(self.candidates)

    @property
    def line(self) -> int:
        """The index into `hunk.lines` under the cursor."""
        return self.candidates[self.cursor] if self.candidates else 0

    def move(self, step: int) -> None:
        if self.candidates:
            self.cursor = max(0, min(self.cursor + step, len(self.candidates) - 1))

    def toggle(self) -> None:
        if self.candidates:
            self.chosen ^= {self.line}

    def toggle_all(self) -> None:
        self.chosen = set() if self.chosen else set(self.candidates)

    def result(self) -> Hunk | None:
        return select_lines(self.hunk, self.chosen)
