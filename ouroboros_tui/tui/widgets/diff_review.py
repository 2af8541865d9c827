"""Hunk-by-hunk review, keys after `git add -p`.

A ScrollView on the Line API: the patch is flattened once into rows (file header, hunk header,
diff lines) and only the rows on screen are rendered, so a 2,000-hunk patch moves as fast as a
ten-hunk one. Syntax colour comes from Pygments per line, cached.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ouroboros_tui.patch.review import ACCEPT, REJECT, ReviewSession
from ouroboros_tui.tui import keymap
from ouroboros_tui.tui.widgets.diff_paint import ReviewPainting
from ouroboros_tui.tui.widgets.diff_rows import CONTEXT_STEPS, Row, build_rows, context_label
from ouroboros_tui.tui.widgets.diff_version import EditRequested, ReviewerVersion

if TYPE_CHECKING:
    from ouroboros_tui.patch.hunk_edit import LineChoice
    from ouroboros_tui.patch.hunks import Hunk, Patch
    from ouroboros_tui.runs.record import RunRecord

__all__ = ["ACCEPT", "REJECT", "DiffReview"]


class DiffReview(ReviewerVersion, ReviewPainting, ScrollView, can_focus=True):
    BINDINGS = keymap.bindings("review")

    COMPONENT_CLASSES = {
        "diff-review--file", "diff-review--hunk", "diff-review--cursor", "diff-review--added",
        "diff-review--removed", "diff-review--context",
        "diff-review--added-sign", "diff-review--removed-sign", "diff-review--accepted",
        "diff-review--rejected", "diff-review--risk-medium", "diff-review--risk-high",
        "diff-review--lowconf", "diff-review--note",
    }  # fmt: skip

    class CommitRequested(Message):
        def __init__(self, hunk_ids: list[str]) -> None:
            super().__init__()
            self.hunk_ids = hunk_ids

    class ReasonRequested(Message):
        """`r`: the screen asks for the reason, then calls `reject_with_reason`."""

        def __init__(self, hunk_id: str) -> None:
            super().__init__()
            self.hunk_id = hunk_id

    class RegenerateRequested(Message):
        def __init__(self, feedback: str) -> None:
            super().__init__()
            self.feedback = feedback

    class DecisionsChanged(Message):
        """A decision, a split or an undo: the screen keeps the review with the pending run."""

        def __init__(self, split: bool = False) -> None:
            super().__init__()
            self.split = split

    EditRequested = EditRequested

    class FindRequested(Message):
        """`/`: the screen asks what to find, then calls `find`."""

    class LeaveRequested(Message):
        """`q` / `escape`: leave the review; the run stays pending with its decisions."""

    class AllRejected(Message):
        """`c` with every hunk rejected: the run is declined, nothing to commit."""

    def __init__(self, keys: keymap.KeyHints | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.keys = keys or keymap.KeyHints()
        self.session: ReviewSession | None = None
        self.record: RunRecord | None = None
        self.low_confidence: dict[str, set[int]] = {}
        self._rows: list[Row] = [Row("note", 0, text=f"No patch yet: write a task and press {self.keys('main.run')}.")]
        self._hunk_rows: list[int] = []
        self.last_find = ""
        self.border_title = "Review"
        self.choice: LineChoice | None = None  # line mode (`v`): the hunk's lines being chosen
        self.context_step = 0  # index into CONTEXT_STEPS: how much of the file shows around hunks

    # ---- loading -------------------------------------------------------------------------
    def load(self, session: ReviewSession, record: RunRecord | None = None,
             low_confidence: dict[str, set[int]] | None = None) -> None:  # fmt: skip
        """Show a review session (a fresh patch, or a pending run's decisions carried over)."""
        self.session, self.record = session, record
        self.low_confidence = dict(low_confidence or {})
        self.choice = None
        self._rebuild()
        self.scroll_to(0, 0, animate=False)
        if session.cursor:
            self.call_after_refresh(self._scroll_to_cursor)

    def clear_patch(self, note: str) -> None:
        self.session, self.record, self.choice = None, None, None
        self._rows = [Row("note", 0, text=note)]
        self._hunk_rows = []
        self.virtual_size = Size(self.size.width, 1)
        self._update_titles()
        self.refresh()

    @property
    def note(self) -> str:
        """The line shown instead of a patch (before a run, while one runs, after a commit)."""
        return self._rows[0].text if self.session is None and self._rows else ""

    def _rebuild(self) -> None:
        assert self.session is not None
        self._rows, self._hunk_rows, width = build_rows(self.session.patch, CONTEXT_STEPS[self.context_step])
        self.virtual_size = Size(width + 4, len(self._rows))
        self._update_titles()
        self.refresh()

    # ---- state (read from the session) -----------------------------------------------------
    @property
    def patch(self) -> Patch | None:
        return self.session.patch if self.session is not None else None

    @property
    def hunks(self) -> list[Hunk]:
        return self.session.hunks if self.session is not None else []

    @property
    def cursor(self) -> int:
        return self.session.cursor if self.session is not None else 0

    @property
    def current(self) -> Hunk | None:
        return self.session.current if self.session is not None else None

    @property
    def decisions(self) -> Mapping[str, str]:
        return self.session.decisions if self.session is not None else {}

    @property
    def reasons(self) -> Mapping[str, str]:
        return self.session.reasons if self.session is not None else {}

    def accepted_ids(self) -> list[str]:
        return self.session.accepted_ids() if self.session is not None else []

    def _update_titles(self) -> None:
        hunk = self.current
        if self.session is None or hunk is None:
            self.border_title, self.border_subtitle = "Review", ""
            return
        accepted, rejected = self.session.counts()
        if self.choice is not None:
            choice = self.choice
            self.border_title = f"Lines of hunk {hunk.number}: {len(choice.chosen)}/{len(choice.candidates)} chosen"
            k = self.keys
            self.border_subtitle = (f"{k('review.toggle_line')} toggle · {k('review.accept_file')} all · "
                                    f"{k('review.next')}/{k('review.prev')} · {k('review.accept')} accept · "
                                    f"{k('review.lines')} back")
            return
        self.border_title = (
            f"Review {hunk.number}/{len(self.hunks)} · {accepted} accepted · {rejected} rejected"
        )
        from ouroboros_tui.tui.widgets.gate_levels import hunk_warning_note

        more = f" · {context_label(CONTEXT_STEPS[self.context_step])}" if self.context_step else ""
        self.border_subtitle = f"{hunk.path} · risk {hunk.risk:.2f}{hunk_warning_note(self.record, hunk.id)}{more}"

    def _changed(self, split: bool = False) -> None:
        self._scroll_to_cursor()
        self._update_titles()
        self.refresh()
        self.post_message(self.DecisionsChanged(split))

    def move_to(self, index: int) -> None:
        if self.session is not None and self.session.hunks:
            self.session.move_to(index)
            self._changed()

    def _scroll_to_cursor(self) -> None:
        if not 0 <= self.cursor < len(self._hunk_rows):
            return  # scheduled by a resize, but the patch was cleared (committed) since
        start = self._hunk_rows[self.cursor]
        if self.choice is not None:  # line mode: the line under the cursor stays in view
            row = start + 1 + self.choice.line
            height = max(1, self.scrollable_content_region.height)
            if not self.scroll_offset.y <= row < self.scroll_offset.y + height:
                self.scroll_to(y=max(0, row - height // 2), animate=False, immediate=True)
            return
        end = self._hunk_rows[self.cursor + 1] - 1 if self.cursor + 1 < len(self._hunk_rows) else len(self._rows)
        height = max(1, self.scrollable_content_region.height)
        top = self.scroll_offset.y
        if start < top or end >= top + height:
            # Show the hunk with its file header above it when that fits.
            above_is_file = start > 0 and self._rows[start - 1].kind == "file"
            target = start - 1 if above_is_file and end - start + 1 < height else start
            self.scroll_to(y=max(0, target), animate=False, immediate=True)

    def on_resize(self) -> None:
        if self.hunks:  # e.g. the error box below took rows: keep the current hunk in view
            self.call_after_refresh(self._scroll_to_cursor)

    def _do(self, change: Callable[[ReviewSession], object]) -> None:
        """Apply one change to the session (if a patch is shown) and repaint. Any change but the
        line mode's own leaves line mode unchanged."""
        self.choice = None
        if self.session is not None and self.session.hunks:
            change(self.session)
            self._changed()

    # ---- actions (keys) ------------------------------------------------------------------
    def action_accept(self) -> None:
        if self.choice is not None:
            self._accept_lines()
            return
        self._do(lambda s: s.decide(ACCEPT))

    def action_reject(self) -> None:
        self._end_lines()
        self._do(lambda s: s.decide(REJECT))

    def action_accept_file(self) -> None:
        if self.choice is not None:  # line mode: every changed line, or none
            self.choice.toggle_all()
            self._changed()
            return
        self._do(lambda s: s.decide_file(ACCEPT))

    def action_reject_file(self) -> None:
        self._do(lambda s: s.decide_file(REJECT))

    def action_next_hunk(self) -> None:
        if self.choice is not None:  # line mode: j / k move between the hunk's changed lines
            self.choice.move(+1)
            self._changed()
            return
        self.move_to(self.cursor + 1)

    def action_prev_hunk(self) -> None:
        if self.choice is not None:
            self.choice.move(-1)
            self._changed()
            return
        self.move_to(self.cursor - 1)

    def action_next_file(self) -> None:
        self._do(ReviewSession.next_file)

    def action_prev_file(self) -> None:
        self._do(ReviewSession.prev_file)

    def action_undo(self) -> None:
        session = self.session
        if session is None or self._end_lines():
            return
        before = list(session.hunks)
        if not session.undo():
            self.notify("Nothing to undo.", severity="warning")
            return
        reshaped = [id(h) for h in before] != [id(h) for h in session.hunks]
        if reshaped:  # a split or a revised hunk was taken back
            if self.record is not None:
                self.record.patch = session.patch
            self._rebuild()
        self._changed(reshaped)

    def action_split(self) -> None:
        session = self.session
        self._end_lines()
        if session is None or session.current is None:
            return
        if session.current.edited:
            self.notify(f"This hunk is your version: {self.keys('review.undo')} takes it back, then it splits.",
                        severity="warning")
            return
        if not session.can_split():
            self.notify("This hunk has one change block; it cannot be split.", severity="warning")
            return
        parts = session.split()
        if self.record is not None:
            self.record.patch = session.patch
        self._rebuild()
        self._changed(split=True)
        self.notify(f"Split into {len(parts)} hunks.")

    def action_find(self) -> None:
        self._end_lines()
        if self.session is not None and self.session.hunks:
            self.post_message(self.FindRequested())

    def find(self, query: str) -> bool:
        """Go to hunk `#N`, or to the next hunk holding the text; False (and a word) if none."""
        self.last_find = query
        if self.session is None or self.session.find(query) is None:
            self.notify(f"No hunk matches {query!r}.", severity="warning")
            return False
        self._changed()
        return True

    def action_leave(self) -> None:
        if self._end_lines():  # escape in line mode leaves line mode, not the review
            return
        if self.session is not None:
            self.post_message(self.LeaveRequested())

    def action_reject_with_reason(self) -> None:
        self._end_lines()
        if self.current is not None:
            self.post_message(self.ReasonRequested(self.current.id))

    def reject_with_reason(self, hunk_id: str, reason: str) -> None:
        if self.session is None or hunk_id not in self.session:
            return  # the patch changed while the reason was typed
        feedback = self.session.reject_with_reason(hunk_id, reason)
        if self.record is not None:
            self.record.rejected[hunk_id] = reason
        self._changed()
        self.post_message(self.RegenerateRequested(feedback))

    def action_commit(self) -> None:
        self._end_lines()
        session = self.session
        if session is None or not session.hunks:
            return
        if session.all_rejected:
            self.post_message(self.AllRejected())
            return
        ids = session.accepted_ids()
        if not ids:
            self.notify(f"No hunk accepted yet: press {self.keys('review.accept')} on the hunks to commit.",
                        severity="warning")
            return
        self.post_message(self.CommitRequested(ids))

    def action_copy_hunk(self) -> None:
        hunk = self.current
        if hunk is None or self.patch is None:
            return
        self.app.copy_to_clipboard(self.patch.file(hunk.path).unified([hunk]))
        self.notify(f"Hunk {hunk.number} copied to the clipboard.")

    # ---- rendering -----------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        strip = self._render_row(self._rows[index])
        return strip.crop_extend(scroll_x, scroll_x + width, self.rich_style)
