"""Hunk-by-hunk review, keys after `git add -p`.

A ScrollView on the Line API: the patch is flattened once into rows (file header, hunk header,
diff lines) and only the rows on screen are rendered, so a 2,000-hunk patch moves as fast as a
ten-hunk one. Syntax colour comes from Pygments per line, cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ouroboros_tui.tui import keymap

if TYPE_CHECKING:
    from pygments.lexer import Lexer
    from rich.syntax import SyntaxTheme

    from ouroboros_tui.patch.hunks import Hunk, Patch
    from ouroboros_tui.runs.record import RunRecord

ACCEPT, REJECT = "accept", "reject"


@dataclass(frozen=True)
class Row:
    kind: str  # file | hunk | line | note
    file: int
    hunk: Hunk | None = None
    index: int = 0  # line index inside the hunk
    text: str = ""


@lru_cache(maxsize=64)
def _lexer_for(path: str) -> Lexer | None:
    from pygments.lexers import get_lexer_for_filename
    from pygments.util import ClassNotFound

    try:
        return get_lexer_for_filename(path, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


_THEMES: dict[bool, SyntaxTheme] = {}


def _syntax_theme(dark: bool) -> SyntaxTheme:
    if dark not in _THEMES:
        from rich.syntax import PygmentsSyntaxTheme  # pygments loads with the first patch, not at start

        _THEMES[dark] = PygmentsSyntaxTheme("monokai" if dark else "default")
    return _THEMES[dark]


@lru_cache(maxsize=20_000)
def highlight(path: str, code: str, dark: bool) -> Text:
    """One line of code in colour (cached: scrolling back costs nothing)."""
    lexer = _lexer_for(path)
    text = Text(no_wrap=True)
    if lexer is None:
        text.append(code)
        return text
    theme = _syntax_theme(dark)
    for token_type, value in lexer.get_tokens(code):
        text.append(value.rstrip("\n"), style=theme.get_style_for_token(token_type))
    return text


class DiffReview(ScrollView, can_focus=True):
    BINDINGS = keymap.bindings("review")

    COMPONENT_CLASSES = {
        "diff-review--file", "diff-review--hunk", "diff-review--cursor", "diff-review--added",
        "diff-review--removed", "diff-review--context", "diff-review--accepted",
        "diff-review--rejected", "diff-review--risk-high", "diff-review--lowconf", "diff-review--note",
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
        pass

    class AllRejected(Message):
        """`c` with every hunk rejected: the run is declined, nothing to commit."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.patch: Patch | None = None
        self.record: RunRecord | None = None
        self.decisions: dict[str, str] = {}
        self.reasons: dict[str, str] = {}
        self.low_confidence: dict[str, set[int]] = {}
        self.cursor = 0  # index into self.hunks
        self.hunks: list[Hunk] = []
        self._rows: list[Row] = [Row("note", 0, text="No patch yet: write a task and press ctrl+r.")]
        self._hunk_rows: list[int] = []
        self._hunk_file: list[int] = []
        self.border_title = "Review"

    # ---- loading -------------------------------------------------------------------------
    def load(self, patch: Patch, record: RunRecord | None = None,
             low_confidence: dict[str, set[int]] | None = None) -> None:  # fmt: skip
        self.patch, self.record = patch, record
        self.decisions, self.reasons = {}, {}
        self.low_confidence = dict(low_confidence or {})
        self.cursor = 0
        self._rebuild()
        self.scroll_to(0, 0, animate=False)

    def clear_patch(self, note: str) -> None:
        self.patch, self.record, self.hunks = None, None, []
        self._rows = [Row("note", 0, text=note)]
        self._hunk_rows, self._hunk_file = [], []
        self.virtual_size = Size(self.size.width, 1)
        self._update_titles()
        self.refresh()

    def _rebuild(self) -> None:
        rows: list[Row] = []
        self.hunks, self._hunk_rows, self._hunk_file = [], [], []
        width = 0
        assert self.patch is not None
        for f_index, file in enumerate(self.patch.files):
            label = f"{file.path}{'  (new file)' if file.is_new else ''}"
            rows.append(Row("file", f_index, text=label))
            for hunk in file.hunks:
                self.hunks.append(hunk)
                self._hunk_rows.append(len(rows))
                self._hunk_file.append(f_index)
                rows.append(Row("hunk", f_index, hunk))
                for i, line in enumerate(hunk.lines):
                    rows.append(Row("line", f_index, hunk, i, line))
                    width = max(width, len(line))
        self._rows = rows
        self.cursor = min(self.cursor, max(0, len(self.hunks) - 1))
        self.virtual_size = Size(width + 4, len(rows))
        self._update_titles()
        self.refresh()

    # ---- state ---------------------------------------------------------------------------
    @property
    def current(self) -> Hunk | None:
        return self.hunks[self.cursor] if self.hunks else None

    def accepted_ids(self) -> list[str]:
        return [h.id for h in self.hunks if self.decisions.get(h.id) == ACCEPT]

    def _update_titles(self) -> None:
        if not self.hunks:
            self.border_title, self.border_subtitle = "Review", ""
            return
        accepted = sum(1 for v in self.decisions.values() if v == ACCEPT)
        rejected = sum(1 for v in self.decisions.values() if v == REJECT)
        hunk = self.hunks[self.cursor]
        self.border_title = (
            f"Review {hunk.number}/{len(self.hunks)} · {accepted} accepted · {rejected} rejected"
        )
        from ouroboros_tui.tui.widgets.gate_levels import hunk_warning_note

        self.border_subtitle = f"{hunk.path} · risk {hunk.risk:.2f}{hunk_warning_note(self.record, hunk.id)}"

    def _changed(self) -> None:
        self._update_titles()
        self.refresh()
        self.post_message(self.DecisionsChanged())

    def move_to(self, index: int) -> None:
        if not self.hunks:
            return
        self.cursor = max(0, min(index, len(self.hunks) - 1))
        self._scroll_to_cursor()
        self._changed()

    def _scroll_to_cursor(self) -> None:
        if not 0 <= self.cursor < len(self._hunk_rows):
            return  # scheduled by a resize, but the patch was cleared (committed) since
        start = self._hunk_rows[self.cursor]
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

    def _next_undecided(self) -> None:
        n = len(self.hunks)
        for step in range(1, n + 1):
            i = (self.cursor + step) % n
            if self.hunks[i].id not in self.decisions:
                self.move_to(i)
                return
        self.move_to(min(self.cursor + 1, n - 1))  # all decided: just step on

    def _decide(self, verdict: str, whole_file: bool = False) -> None:
        hunk = self.current
        if hunk is None:
            return
        self.decisions[hunk.id] = verdict
        if whole_file:
            for i in range(self.cursor + 1, len(self.hunks)):
                if self._hunk_file[i] == self._hunk_file[self.cursor]:
                    self.decisions.setdefault(self.hunks[i].id, verdict)
        self._next_undecided()

    # ---- actions (keys) ------------------------------------------------------------------
    def action_accept(self) -> None:
        self._decide(ACCEPT)

    def action_reject(self) -> None:
        self._decide(REJECT)

    def action_accept_file(self) -> None:
        self._decide(ACCEPT, whole_file=True)

    def action_reject_file(self) -> None:
        self._decide(REJECT, whole_file=True)

    def action_next_hunk(self) -> None:
        self.move_to(self.cursor + 1)

    def action_prev_hunk(self) -> None:
        self.move_to(self.cursor - 1)

    def action_next_file(self) -> None:
        if self.hunks:
            here = self._hunk_file[self.cursor]
            nxt = next((i for i in range(self.cursor, len(self.hunks)) if self._hunk_file[i] > here), None)
            if nxt is not None:
                self.move_to(nxt)

    def action_prev_file(self) -> None:
        if self.hunks:
            here = self._hunk_file[self.cursor]
            first_here = self._hunk_file.index(here)
            if self.cursor > first_here:
                self.move_to(first_here)
            elif here > 0:
                self.move_to(self._hunk_file.index(here - 1))

    def action_split(self) -> None:
        hunk = self.current
        if hunk is None or self.patch is None:
            return
        from ouroboros_tui.patch.risk import split_hunk_scored  # tree-sitter: not before the first frame
        from ouroboros_tui.source.tags import tags_for

        parts = split_hunk_scored(self.patch, hunk.id, tags_for)
        if len(parts) < 2:
            self.notify("This hunk has one change block; it cannot be split.", severity="warning")
            return
        decision = self.decisions.pop(hunk.id, None)
        if decision:
            for part in parts:
                self.decisions[part.id] = decision
        if self.record is not None:
            self.record.patch = self.patch
        self._rebuild()
        self.move_to(self.hunks.index(parts[0]))
        self.notify(f"Split into {len(parts)} hunks.")

    def action_reject_with_reason(self) -> None:
        if self.current is not None:
            self.post_message(self.ReasonRequested(self.current.id))

    def reject_with_reason(self, hunk_id: str, reason: str) -> None:
        self.decisions[hunk_id] = REJECT
        self.reasons[hunk_id] = reason
        if self.record is not None:
            self.record.rejected[hunk_id] = reason
        self._changed()
        hunk = next(h for h in self.hunks if h.id == hunk_id)
        feedback = f"The reviewer rejected this change to {hunk.path}:\n"
        feedback += "\n".join(hunk.lines) + f"\nReason: {reason}"
        self.post_message(self.RegenerateRequested(feedback))

    def action_commit(self) -> None:
        if not self.hunks:
            return
        ids = self.accepted_ids()
        if not ids and all(self.decisions.get(h.id) == REJECT for h in self.hunks):
            self.post_message(self.AllRejected())
            return
        if not ids:
            self.notify("No hunk accepted yet: press y on the hunks to commit.", severity="warning")
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

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"diff-review--{name}")

    def _render_row(self, row: Row) -> Strip:
        base = self.rich_style
        in_cursor = row.hunk is not None and self.current is not None and row.hunk.id == self.current.id
        gutter = Segment("▌ " if in_cursor else "  ", self._style("cursor") if in_cursor else base)
        if row.kind == "note":
            return Strip([Segment(" " + row.text, base + self._style("note"))])
        if row.kind == "file":
            assert self.patch is not None
            file = self.patch.files[row.file]
            title = f"━ {row.text}  {len(file.hunks)} hunk(s) "
            return Strip([Segment(title, base + self._style("file"))])
        hunk = row.hunk
        assert hunk is not None
        if row.kind == "hunk":
            return self._hunk_header(hunk, gutter, base, in_cursor)
        prefix, code = row.text[:1], row.text[1:]
        kind = {"+": "added", "-": "removed"}.get(prefix, "context")
        line_style = base + self._style(kind)
        text = Text(prefix, style=line_style, no_wrap=True, end="")
        body = highlight(hunk.path, code, self.app.current_theme.dark).copy()
        body.stylize(line_style, 0, len(body))
        body.style = line_style
        text.append_text(body)
        low = self.low_confidence.get(hunk.id)
        if low and row.index in low:
            text.stylize(self._style("lowconf"), 1, len(text))
        segments = [gutter, *text.render(self.app.console)]
        return Strip(segments)

    def _hunk_header(self, hunk: Hunk, gutter: Segment, base: Style, in_cursor: bool) -> Strip:
        decision = self.decisions.get(hunk.id)
        if decision == ACCEPT:
            mark, mark_style = "✓ accept", self._style("accepted")
        elif decision == REJECT:
            mark, mark_style = "✗ reject", self._style("rejected")
        else:
            mark, mark_style = "· ?     ", base
        risk_style = self._style("risk-high") if hunk.risk >= 0.5 else base
        header = base + self._style("hunk")
        segments = [
            gutter,
            Segment(f"#{hunk.number} ", header),
            Segment(mark, header + mark_style),
            Segment(f" risk {hunk.risk:.2f} ", header + risk_style),
            Segment(f"+{hunk.added} -{hunk.removed} ", header),
        ]
        reason = self.reasons.get(hunk.id)
        if reason:
            segments.append(Segment(f"— {reason}", header + self._style("rejected")))
        elif hunk.risk_factors:
            top = sorted(hunk.risk_factors.items(), key=lambda kv: -kv[1])[:2]
            segments.append(Segment(", ".join(f"{k} {v:.2f}" for k, v in top), header))
        return Strip(segments)
