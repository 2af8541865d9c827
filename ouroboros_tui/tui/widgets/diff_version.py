"""The reviewer's own version of a hunk, mixed into DiffReview: line mode (`v`: choose lines, `space`
toggles, `y` accepts those), the editor (`e`: the screen runs it and calls `revise`), and how much of
the file shows around each hunk (`}` / `{`). The choices themselves are `patch.hunk_edit`'s."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.message import Message

from ouroboros_tui.patch.review import ACCEPT, REJECT
from ouroboros_tui.tui.widgets.diff_rows import CONTEXT_STEPS, Row, context_label

if TYPE_CHECKING:
    from ouroboros_tui.patch.hunk_edit import LineChoice
    from ouroboros_tui.patch.hunks import Hunk
    from ouroboros_tui.patch.review import ReviewSession
    from ouroboros_tui.runs.record import RunRecord
    from ouroboros_tui.tui import keymap


class EditRequested(Message, namespace="diff_review"):
    """`e`: the screen opens the hunk in the user's editor, gates the result, then `revise`."""

    def __init__(self, hunk_id: str, header: str) -> None:
        super().__init__()
        self.hunk_id, self.header = hunk_id, header


if TYPE_CHECKING:  # the widget it is mixed into, for the type checker
    from textual.scroll_view import ScrollView as _Widget
else:
    _Widget = object


class RevisionRequested(Message, namespace="diff_review"):
    """Line mode's `y` with some lines left out: the screen gates the hunk as chosen, then `revise`."""

    def __init__(self, hunk_id: str, revised: Hunk, note: str) -> None:
        super().__init__()
        self.hunk_id, self.revised, self.note = hunk_id, revised, note


class ReviewerVersion(_Widget):
    choice: LineChoice | None
    context_step: int
    if TYPE_CHECKING:  # DiffReview's and Textual's, declared for the type checker
        session: ReviewSession | None
        record: RunRecord | None
        keys: keymap.KeyHints
        _rows: list[Row]
        _hunk_rows: list[int]

        @property
        def current(self) -> Hunk | None: ...
        @property
        def cursor(self) -> int: ...
        def _rebuild(self) -> None: ...
        def _update_titles(self) -> None: ...
        def _changed(self, split: bool = False) -> None: ...
        def _scroll_to_cursor(self) -> None: ...
        def _do(self, change: Callable[[ReviewSession], object]) -> None: ...

    def action_lines(self) -> None:
        """Line mode on the current hunk (lazygit's line staging); again: back, nothing changed."""
        from ouroboros_tui.patch.hunk_edit import LineChoice

        if self._end_lines() or self.current is None:
            return
        self.choice = LineChoice(self.current)
        self._changed()

    def _end_lines(self) -> bool:
        """Leave line mode without changing the hunk; True when it was on."""
        if self.choice is None:
            return False
        self.choice = None
        self._update_titles()
        self.refresh()
        return True

    def action_toggle_line(self) -> None:
        if self.choice is None:
            self.notify(f"{self.keys('review.lines')} chooses lines of this hunk first.", severity="warning")
            return
        self.choice.toggle()
        self._changed()

    def _accept_lines(self) -> None:
        choice = self.choice
        assert choice is not None and self.session is not None
        self.choice = None
        revised = choice.result()
        if revised is None:
            self.notify("No line chosen: the hunk is rejected.", severity="warning")
            self._do(lambda s: s.decide(REJECT, choice.hunk.id))
        elif revised is choice.hunk:
            self._do(lambda s: s.decide(ACCEPT, choice.hunk.id))
        else:
            self._update_titles()
            self.refresh()
            self.notify(f"Checking hunk {revised.number} with the lines you chose…", timeout=2)
            self.post_message(RevisionRequested(choice.hunk.id, revised, f"Hunk {revised.number}: {len(choice.chosen)} "
                                                f"of {len(choice.candidates)} changed lines accepted."))  # fmt: skip

    def revise(self, revised: Hunk, note: str, hunk_id: str | None = None) -> None:
        """Put the reviewer's version of a hunk (the current one) in its place, accepted (undo takes it
        back)."""
        session = self.session
        if session is None or session.current is None:
            return
        here = session.current  # a gate ran meanwhile: where the reviewer went since stays the cursor
        session.revise(revised, hunk_id)
        if hunk_id is not None and here.id != hunk_id and here.id in session:
            session.move_to(session.index_of(here.id))
        if self.record is not None:
            self.record.patch = session.patch
        self._rebuild()
        self._changed(split=True)
        self.notify(note)

    def action_edit(self) -> None:
        self._end_lines()
        hunk = self.current
        if hunk is not None:
            self.post_message(EditRequested(hunk.id, self._rows[self._hunk_rows[self.cursor]].text))

    def action_more_context(self) -> None:
        self._change_context(+1)

    def action_less_context(self) -> None:
        self._change_context(-1)

    def _change_context(self, step: int) -> None:
        if self.session is None:
            return
        self._end_lines()
        self.context_step = max(0, min(self.context_step + step, len(CONTEXT_STEPS) - 1))
        extra = CONTEXT_STEPS[self.context_step]
        self._rebuild()
        self.call_after_refresh(self._scroll_to_cursor)
        self.notify("The diff's own context only." if extra == 0 else f"Showing {context_label(extra)}.", timeout=2)
