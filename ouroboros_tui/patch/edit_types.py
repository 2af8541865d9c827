"""The values every part of the edit reader shares: an Edit, why one failed, what applying gave.

Kept apart so the path resolver, the block parser, the whole-file/diff readers and the matcher
can each import them without importing one another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ouroboros_tui.errors import SafetyRefusal

EditKind = Literal["block", "whole", "diff"]
# Why an attempt failed. parse: the answer could not be read · match: a SEARCH found no single
# place · path: a file that cannot be edited or found · gate: the change failed a gate.
FailureKind = Literal["parse", "match", "path", "gate"]


class EditParseError(ValueError):
    """The response has no usable edit, or a block is cut short."""


class UnsafePath(ValueError, SafetyRefusal):
    """An edit names a path outside the repository or inside .git / .ouroboros."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"refused path {path!r}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Edit:
    """One change to one file. `block` and `diff` edits replace SEARCH by REPLACE; a `whole` edit's
    REPLACE is the file's new text. `hints` are the path spellings found around it, best first;
    the resolver turns them into `path` (an empty path: none was written)."""

    path: str
    search: str
    replace: str
    kind: EditKind = field(default="block", compare=False)
    hints: tuple[str, ...] = field(default=(), compare=False)
    header: str = field(default="", compare=False)  # whole: a `# path` first line, dropped unless the file has it

    @property
    def creates_file(self) -> bool:
        return self.kind != "whole" and self.search.strip() == ""

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "search": self.search, "replace": self.replace, "kind": self.kind}


@dataclass(frozen=True)
class EditFailure:
    path: str
    kind: str  # no_match | ambiguous | exists | missing | elision | partial | uneven | unreadable
    message: str  # what the next prompt shows the model
    block: str = ""  # the failing block, repeated to the model

    @property
    def failure_kind(self) -> FailureKind:
        return "path" if self.kind in ("missing", "unreadable") else "match"


@dataclass(frozen=True)
class AttemptFailure:
    """Why one builder attempt was rejected: a kind a program can branch on, the message the model
    and the user read, and the file it concerns (when one does)."""

    kind: FailureKind
    message: str
    path: str = ""
    block: str = ""  # the answer's failing block, repeated to the model on retry


@dataclass
class AppliedEdits:
    files: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # path → (before, after)
    failures: list[EditFailure] = field(default_factory=list)
    applied: list[Edit] = field(default_factory=list)  # the edits that landed, in order
