"""The review of one patch, hunk by hunk, with no UI: what the TUI's diff review and the CLI's
`git add -p`-style prompt both show and change.

A `ReviewSession` holds the decisions (accept / reject per hunk id), the reasons given with a
rejection, and a cursor. Deciding moves the cursor to the next undecided hunk, as `git add -p`
does. Every change is undoable (the last first), a split included. Decisions carry over to a
regenerated patch for the hunks whose text did not change, and the whole state round-trips through
a plain dict (so a pending run can keep what the reviewer already decided).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final, Literal

from ouroboros_tui.patch.hunks import Hunk, Patch

Verdict = Literal["accept", "reject"]
ACCEPT: Final = "accept"
REJECT: Final = "reject"
VERDICTS: Final = (ACCEPT, REJECT)
FORMAT_VERSION: Final = 1

# Split a hunk in place and return its parts (the patch keeps the parts instead of the hunk).
Splitter = Callable[[Patch, str], list[Hunk]]
TextKey = tuple[str, str, str, int]


def _split_and_score(patch: Patch, hunk_id: str) -> list[Hunk]:
    # tree-sitter (for the parts' risk) loads with the first split, not before the first frame.
    from ouroboros_tui.patch.risk import split_hunk_scored
    from ouroboros_tui.source.removed_defs import removed_public

    return split_hunk_scored(patch, hunk_id, removed_public)


@dataclass(frozen=True)
class _Snapshot:
    decisions: dict[str, Verdict]
    reasons: dict[str, str]
    cursor: int
    files: list[list[Hunk]] | None = None  # the hunk lists before a split
    risks: dict[str, tuple[float, dict[str, float]]] | None = None  # and their scores


class ReviewSession:
    """Decisions over one patch. Hunks are addressed by id; the cursor is an index into `hunks`."""

    def __init__(self, patch: Patch, *, splitter: Splitter | None = None) -> None:
        self.patch = patch
        self._splitter = splitter or _split_and_score
        self._decisions: dict[str, Verdict] = {}
        self._reasons: dict[str, str] = {}
        self._undo: list[_Snapshot] = []
        self.cursor = 0
        self._index()

    def _index(self) -> None:
        self.hunks: list[Hunk] = []
        self.file_of: list[int] = []  # file index of each hunk
        for f_index, file in enumerate(self.patch.files):
            for hunk in file.hunks:
                self.hunks.append(hunk)
                self.file_of.append(f_index)
        # A hunk's id is a hash of its text: worked out once per (re)index, not on every key press.
        self._ids = [h.id for h in self.hunks]
        self._index_by_id = {hunk_id: i for i, hunk_id in enumerate(self._ids)}
        self.cursor = max(0, min(self.cursor, len(self.hunks) - 1))

    # ---- reading ---------------------------------------------------------------------------
    @property
    def current(self) -> Hunk | None:
        return self.hunks[self.cursor] if self.hunks else None

    @property
    def decisions(self) -> Mapping[str, Verdict]:
        return MappingProxyType(self._decisions)

    @property
    def reasons(self) -> Mapping[str, str]:
        return MappingProxyType(self._reasons)

    def decision(self, hunk_id: str) -> Verdict | None:
        return self._decisions.get(hunk_id)

    def accepted_ids(self) -> list[str]:
        """In patch order: what a commit applies."""
        return [i for i in self._ids if self._decisions.get(i) == ACCEPT]

    def rejected_ids(self) -> list[str]:
        return [i for i in self._ids if self._decisions.get(i) == REJECT]

    def undecided_ids(self) -> list[str]:
        return [i for i in self._ids if i not in self._decisions]

    def counts(self) -> tuple[int, int]:
        """(accepted, rejected): decisions only ever name hunks of the patch as it is now."""
        accepted = sum(1 for v in self._decisions.values() if v == ACCEPT)
        return accepted, len(self._decisions) - accepted

    @property
    def all_rejected(self) -> bool:
        """Every hunk rejected: the run is declined (nothing to commit)."""
        return bool(self._ids) and all(self._decisions.get(i) == REJECT for i in self._ids)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def __contains__(self, hunk_id: object) -> bool:
        return hunk_id in self._index_by_id

    def index_of(self, hunk_id: str) -> int:
        return self._index_by_id[hunk_id]  # KeyError: not a hunk of this patch

    def can_split(self, hunk_id: str | None = None) -> bool:
        from ouroboros_tui.patch.hunks import split_hunk

        hunk = self._hunk(hunk_id)
        return hunk is not None and len(split_hunk(hunk)) > 1

    def feedback(self, hunk_id: str) -> str:
        """What the Builder is told when this hunk is rejected with a reason (to regenerate)."""
        hunk = self.hunks[self.index_of(hunk_id)]
        text = f"The reviewer rejected this change to {hunk.path}:\n" + "\n".join(hunk.lines)
        return text + f"\nReason: {self._reasons.get(hunk_id, '')}"

    # ---- moving ----------------------------------------------------------------------------
    def move_to(self, index: int) -> None:
        if self.hunks:
            self.cursor = max(0, min(index, len(self.hunks) - 1))

    def next_file(self) -> None:
        if not self.hunks:
            return
        here = self.file_of[self.cursor]
        later = (i for i in range(self.cursor, len(self.hunks)) if self.file_of[i] > here)
        self.move_to(next(later, self.cursor))

    def prev_file(self) -> None:
        """To the first hunk of this file, or (already there) of the file before."""
        if not self.hunks:
            return
        here = self.file_of[self.cursor]
        first_here = self.file_of.index(here)
        if self.cursor > first_here:
            self.move_to(first_here)
        elif here > 0:
            self.move_to(self.file_of.index(self.file_of[self.cursor - 1]))

    def next_undecided(self) -> None:
        """To the next undecided hunk after the cursor (wrapping); all decided: one step on."""
        n = len(self.hunks)
        for step in range(1, n + 1):
            i = (self.cursor + step) % n
            if self._ids[i] not in self._decisions:
                self.move_to(i)
                return
        self.move_to(self.cursor + 1)

    # ---- deciding --------------------------------------------------------------------------
    def _hunk(self, hunk_id: str | None) -> Hunk | None:
        if hunk_id is None:
            return self.current
        return self.hunks[self.index_of(hunk_id)]

    def _remember(self, files: bool = False) -> None:
        saved_files = [list(f.hunks) for f in self.patch.files] if files else None
        risks = {h.id: (h.risk, dict(h.risk_factors)) for h in self.hunks} if files else None
        self._undo.append(_Snapshot(dict(self._decisions), dict(self._reasons), self.cursor, saved_files, risks))

    def decide(self, verdict: Verdict, hunk_id: str | None = None) -> None:
        """Accept or reject one hunk (the current one by default), then go to the next undecided."""
        hunk = self._hunk(hunk_id)
        if hunk is None:
            return
        _check(verdict)
        self._remember()
        self._decisions[hunk.id] = verdict
        if verdict == ACCEPT:
            self._reasons.pop(hunk.id, None)  # a reason explains a rejection only
        self.cursor = self.index_of(hunk.id)
        self.next_undecided()

    def decide_file(self, verdict: Verdict, hunk_id: str | None = None) -> None:
        """This hunk and the undecided hunks after it in its file (`a` / `d` in `git add -p`)."""
        hunk = self._hunk(hunk_id)
        if hunk is None:
            return
        _check(verdict)
        self._remember()
        start = self.index_of(hunk.id)
        self._decisions[hunk.id] = verdict
        if verdict == ACCEPT:
            self._reasons.pop(hunk.id, None)
        for i in range(start + 1, len(self.hunks)):
            if self.file_of[i] == self.file_of[start]:
                self._decisions.setdefault(self._ids[i], verdict)
        self.cursor = start
        self.next_undecided()

    def reject_rest(self) -> None:
        """Reject every undecided hunk (`q` in `git add -p`)."""
        self._remember()
        for hunk_id in self._ids:
            self._decisions.setdefault(hunk_id, REJECT)

    def reject_with_reason(self, hunk_id: str, reason: str) -> str:
        """Reject a hunk with the reviewer's reason; returns the feedback for a regenerate."""
        self.index_of(hunk_id)  # KeyError for a hunk not in the patch
        self._remember()
        self._decisions[hunk_id] = REJECT
        self._reasons[hunk_id] = reason
        return self.feedback(hunk_id)

    def split(self, hunk_id: str | None = None) -> list[Hunk]:
        """Split a hunk at its inner context; the parts inherit its decision and reason. Returns
        the parts (one, the hunk itself, when it has a single change block) and moves to the first."""
        hunk = self._hunk(hunk_id)
        if hunk is None:
            return []
        if not self.can_split(hunk.id):
            return [hunk]
        self._remember(files=True)
        parts = self._splitter(self.patch, hunk.id)
        decision = self._decisions.pop(hunk.id, None)
        reason = self._reasons.pop(hunk.id, None)
        for part in parts:
            if decision is not None:
                self._decisions[part.id] = decision
            if reason is not None:
                self._reasons[part.id] = reason
        self._index()
        self.cursor = self.index_of(parts[0].id)
        return parts

    def revise(self, revised: Hunk, hunk_id: str | None = None, verdict: Verdict | None = ACCEPT) -> Hunk:
        """Put the reviewer's version of a hunk (some of its lines, or an edit: `patch.hunk_edit`) in
        its place, decided as `verdict` (accept: what line staging and `e` mean), and move on. Undoable."""
        hunk = self._hunk(hunk_id)
        if hunk is None:
            raise KeyError(hunk_id)
        if (revised.path, revised.old_start, revised.old) != (hunk.path, hunk.old_start, hunk.old):
            raise ValueError("a revised hunk replaces the same old lines as the hunk it revises")
        if verdict is not None:
            _check(verdict)
        self._remember(files=True)
        file = self.patch.file(hunk.path)
        file.hunks[next(i for i, h in enumerate(file.hunks) if h is hunk)] = revised
        self.patch.renumber()
        self._decisions.pop(hunk.id, None)
        self._reasons.pop(hunk.id, None)
        if verdict is not None:
            self._decisions[revised.id] = verdict
        self._index()
        self.cursor = self.index_of(revised.id)
        if verdict is not None:
            self.next_undecided()
        return revised

    def undo(self) -> bool:
        """Take back the last change (a decision, a file's decisions, a reason, a split, a revision)."""
        if not self._undo:
            return False
        snap = self._undo.pop()
        if snap.files is not None:
            for file, hunks in zip(self.patch.files, snap.files, strict=True):
                file.hunks[:] = hunks
            self.patch.renumber()
            for file in self.patch.files:
                for hunk in file.hunks:
                    if snap.risks and hunk.id in snap.risks:
                        hunk.risk, hunk.risk_factors = snap.risks[hunk.id][0], dict(snap.risks[hunk.id][1])
        self._decisions, self._reasons = dict(snap.decisions), dict(snap.reasons)
        self.cursor = snap.cursor
        self._index()
        return True

    def find(self, query: str) -> int | None:
        """Move to what `query` names: `#7` or `7` is hunk 7; any other text is the next hunk after
        the cursor (wrapping) whose file name or lines contain it, ignoring case. Returns the new
        cursor, or None (cursor unchanged) when nothing matches."""
        query = query.strip()
        if not query or not self.hunks:
            return None
        number = query.removeprefix("#")
        if number.isdigit():
            index = next((i for i, h in enumerate(self.hunks) if h.number == int(number)), None)
        else:
            needle = query.casefold()
            count = len(self.hunks)
            order = [(self.cursor + step) % count for step in range(1, count + 1)]
            index = next((i for i in order if needle in self.hunks[i].path.casefold()
                          or any(needle in line[1:].casefold() for line in self.hunks[i].lines)), None)  # fmt: skip
        if index is not None:
            self.move_to(index)
        return index

    # ---- another patch, another process -------------------------------------------------------
    def carry_over(self, previous: ReviewSession) -> int:
        """Take the decisions (and reasons) of `previous` for every hunk of this patch whose text is
        unchanged (same file, same old and new lines): a regenerate keeps what the reviewer decided
        about the parts it did not touch. Returns how many hunks kept a decision."""
        theirs = {key: hunk.id for key, hunk in _text_keys(previous.hunks)}
        kept = 0
        for key, hunk in _text_keys(self.hunks):
            old_id = theirs.get(key)
            if old_id is None or old_id not in previous._decisions:
                continue
            self._decisions[hunk.id] = previous._decisions[old_id]
            if old_id in previous._reasons:
                self._reasons[hunk.id] = previous._reasons[old_id]
            kept += 1
        if kept and self.current is not None and self.current.id in self._decisions:
            self.next_undecided()
        return kept

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON: the decisions, reasons and cursor (not the undo history)."""
        return {
            "version": FORMAT_VERSION,
            "decisions": dict(self._decisions),
            "reasons": dict(self._reasons),
            "cursor": self.cursor,
        }

    @classmethod
    def from_dict(cls, patch: Patch, data: Mapping[str, Any], *, splitter: Splitter | None = None) -> ReviewSession:
        """The session saved by `to_dict`, over `patch`. Entries for hunks the patch does not have
        (split since, or a different patch) and values that are not decisions are dropped."""
        session = cls(patch, splitter=splitter)
        ids = set(session._ids)
        decisions = data.get("decisions")
        reasons = data.get("reasons")
        if isinstance(decisions, Mapping):
            for hunk_id, verdict in decisions.items():
                if hunk_id in ids and verdict in VERDICTS:
                    session._decisions[hunk_id] = verdict
        if isinstance(reasons, Mapping):
            for hunk_id, reason in reasons.items():
                if session._decisions.get(hunk_id) == REJECT and isinstance(reason, str):
                    session._reasons[hunk_id] = reason
        cursor = data.get("cursor")
        if isinstance(cursor, int) and not isinstance(cursor, bool):
            session.move_to(cursor)
        return session


def _check(verdict: str) -> None:
    if verdict not in VERDICTS:
        raise ValueError(f"a decision is {' or '.join(VERDICTS)}, not {verdict!r}")


def _text_keys(hunks: Iterable[Hunk]) -> Iterable[tuple[TextKey, Hunk]]:
    """(path, old text, new text, n-th such hunk) per hunk: the same change, wherever it now starts."""
    seen: dict[tuple[str, str, str], int] = {}
    for hunk in hunks:
        base = (hunk.path, "".join(hunk.old), "".join(hunk.new))
        seen[base] = seen.get(base, 0) + 1
        yield (*base, seen[base]), hunk
