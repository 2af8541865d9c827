"""How the review draws one row (diff_review.py keeps the state and the keys): the hunk header with
its decision and risk, diff lines with syntax colour under the added / removed background, the file
around a hunk dimmed, and, in line mode, which lines of the hunk are chosen."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from ouroboros_tui.patch.review import ACCEPT, REJECT
from ouroboros_tui.patch.risk import risk_band
from ouroboros_tui.tui.syntax_colour import Palette, code_palette, highlight
from ouroboros_tui.tui.widgets.diff_rows import Row

if TYPE_CHECKING:
    from ouroboros_tui.patch.hunk_edit import LineChoice
    from ouroboros_tui.patch.hunks import Hunk, Patch

DIM = Style(dim=True)
LEFT_OUT = Style(dim=True, strike=True)


if TYPE_CHECKING:  # the widget it is mixed into, for the type checker
    from textual.scroll_view import ScrollView as _Widget
else:
    _Widget = object


class ReviewPainting(_Widget):
    """Mixed into DiffReview: these are the widget's own attributes and Textual's."""

    low_confidence: dict[str, set[int]]
    choice: LineChoice | None
    if TYPE_CHECKING:  # declared for the type checker only: at run time they are DiffReview's own
        @property
        def patch(self) -> Patch | None: ...
        @property
        def current(self) -> Hunk | None: ...
        @property
        def decisions(self) -> Mapping[str, str]: ...
        @property
        def reasons(self) -> Mapping[str, str]: ...

    def _palette(self) -> Palette:
        return code_palette(self.app.theme_variables)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"diff-review--{name}")

    def _render_row(self, row: Row) -> Strip:
        base = self.rich_style
        in_cursor = row.hunk is not None and row.hunk is self.current and row.kind != "context"
        gutter = Segment("▌ " if in_cursor else "  ", self._style("cursor") if in_cursor else base)
        if row.kind in ("note", "gap"):
            return Strip([Segment(" " + row.text, base + self._style("note"))])
        if row.kind == "file":
            assert self.patch is not None
            file = self.patch.files[row.file]
            title = f"━ {row.text}  {len(file.hunks)} hunk(s) "
            return Strip([Segment(title, base + self._style("file"))])
        if row.kind == "context":
            assert self.patch is not None
            return self._code_line(self.patch.files[row.file].path, " ", row.text[1:], base + DIM,
                                   Segment("  ", base))  # fmt: skip
        hunk = row.hunk
        assert hunk is not None
        if row.kind == "hunk":
            return self._hunk_header(hunk, gutter, base, in_cursor, row.text)
        prefix, code = row.text[:1], row.text[1:]
        kind = {"+": "added", "-": "removed"}.get(prefix, "context")
        choice = self.choice if self.choice is not None and self.choice.hunk is hunk else None
        left_out = choice is not None and prefix in "+-" and row.index not in choice.chosen
        if choice is not None and row.index == choice.line:
            gutter = Segment("▶ ", self._style("cursor"))
        if left_out and prefix == "-":  # not removed after all: the line stays, as context
            prefix, kind = " ", "context"
        line_style = base + self._style(kind)
        if left_out:
            line_style += LEFT_OUT
        sign_style = line_style + self._style(f"{kind}-sign") if kind != "context" else line_style
        low = self.low_confidence.get(hunk.id) if self.low_confidence else None
        mark = self._style("lowconf") if low and row.index in low else None
        return self._code_line(hunk.path, prefix, code, line_style, gutter, sign_style, mark)

    def _code_line(self, path: str, prefix: str, code: str, line_style: Style, gutter: Segment,
                   sign_style: Style | None = None, mark: Style | None = None) -> Strip:  # fmt: skip
        text = Text(no_wrap=True, end="")
        text.append(prefix, style=sign_style or line_style)
        # The line's style is the base under the token spans, never painted over them: the
        # background marks added / removed, the tokens keep their colours on top.
        body = highlight(path, code, self._palette()).copy()
        body.style = line_style
        text.append_text(body)
        if mark is not None:  # the Builder was unsure of these tokens
            text.stylize(mark, 1, len(text))
        return Strip([gutter, *text.render(self.app.console)])

    def _hunk_header(self, hunk: Hunk, gutter: Segment, base: Style, in_cursor: bool, where: str = "") -> Strip:
        decision = self.decisions.get(hunk.id)
        if decision == ACCEPT:
            mark, mark_style = "✓ accept", self._style("accepted")
        elif decision == REJECT:
            mark, mark_style = "✗ reject", self._style("rejected")
        else:
            mark, mark_style = "· ?     ", base
        band = risk_band(hunk.risk)
        risk_style = base if band == "low" else self._style(f"risk-{band}")
        header = base + self._style("hunk")
        segments = [
            gutter,
            Segment(f"#{hunk.number} ", header),
            Segment(mark, header + mark_style),
            Segment(f" risk {hunk.risk:.2f} ", header + risk_style),
            Segment(f"+{hunk.added} -{hunk.removed} ", header),
            Segment(f"{where} ", header),  # `@@ -12,4 +12,6 @@`: where it is, as git says it
        ]
        if hunk.edited:  # the reviewer's text now, not the model's
            segments.append(Segment("✎ yours ", header + self._style("accepted")))
        reason = self.reasons.get(hunk.id)
        if reason:
            segments.append(Segment(f"— {reason}", header + self._style("rejected")))
        elif hunk.risk_factors:
            top = sorted(hunk.risk_factors.items(), key=lambda kv: -kv[1])[:2]
            segments.append(Segment(", ".join(f"{k} {v:.2f}" for k, v in top), header))
        return Strip(segments)
