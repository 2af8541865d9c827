"""`/` in the file tree: a fuzzy file finder, as the finders users know (fzf, ctrl+p). Type to
filter the repository's files (Textual's own fuzzy matcher ranks them); up / down choose; `enter`
previews the file and shows where it lives (a breadcrumb); `enter` again, or `escape`, closes with
the tree's cursor on it, so `space` marks it as a target. Dismisses with the chosen path or None."""

from __future__ import annotations

from pathlib import Path

from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ouroboros_tui.tui import keymap

SHOWN = 200  # matches listed; the count says how many there are
PREVIEW_BYTES = 64_000


def rank(query: str, files: list[str], limit: int = SHOWN) -> tuple[list[str], int]:
    """The best `limit` files for `query` (all, in order, for an empty query) and how many match."""
    if not query.strip():
        return files[:limit], len(files)
    matcher = Matcher(query.strip(), case_sensitive=False)
    scored = [(score, path) for path in files if (score := matcher.match(path)) > 0]
    scored.sort(key=lambda item: (-item[0], len(item[1]), item[1]))
    return [path for _, path in scored[:limit]], len(scored)


def breadcrumb(path: str) -> str:
    return " › ".join(path.split("/"))


class FileFinderScreen(ModalScreen[str | None]):
    BINDINGS = keymap.bindings("finder")

    def __init__(self, repo: Path, files: list[str], marked: set[str], keys: keymap.KeyHints | None = None) -> None:
        super().__init__()
        self.repo = repo
        self.files = files
        self.marked = marked
        self.keys = keys or keymap.KeyHints()
        self.previewed: str | None = None
        self.shown: list[str] = []
        self.preview: Syntax | Text | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="finder-box"):
            yield Input(placeholder="type to filter the files (fuzzy)", id="finder-input")
            yield OptionList(id="finder-list")
            with VerticalScroll(id="finder-preview-scroll"):
                yield Static(id="finder-preview")

    def on_mount(self) -> None:
        box = self.query_one("#finder-box")
        box.border_subtitle = (f"enter: preview, again: go to it · {self.keys('finder.close')}: close")
        self.query_one("#finder-preview-scroll").display = False
        self._filter("")
        self.query_one(Input).focus()

    def _filter(self, query: str) -> None:
        self.shown, total = rank(query, self.files)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(("● " if p in self.marked else "  ") + p, id=p) for p in self.shown])
        if self.shown:
            options.highlighted = 0
        self.query_one("#finder-box").border_title = f"Files · {total} of {len(self.files)}"

    def on_input_changed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    @property
    def highlighted(self) -> str | None:
        options = self.query_one(OptionList)
        index = options.highlighted
        return self.shown[index] if index is not None and 0 <= index < len(self.shown) else None

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_choose()

    def action_choose(self) -> None:
        path = self.highlighted
        if path is None:
            return
        if path == self.previewed:
            self.dismiss(path)
            return
        self.previewed = path
        self.query_one("#finder-preview-scroll").display = True
        self.preview = self._preview(path)
        self.query_one("#finder-preview", Static).update(self.preview)
        self.query_one("#finder-box").border_title = breadcrumb(path)

    def _preview(self, path: str) -> Syntax | Text:
        try:
            data = (self.repo / path).read_bytes()[:PREVIEW_BYTES]
        except OSError as exc:
            return Text(f"cannot be read: {exc.strerror or exc}", style="red")
        if b"\0" in data:
            return Text("(a binary file)", style="dim")
        code = data.decode("utf-8", errors="replace")
        return Syntax(code, Syntax.guess_lexer(path, code), line_numbers=True, word_wrap=False,
                      theme="ansi_dark" if self.app.current_theme.dark else "ansi_light")

    def action_close(self) -> None:
        self.dismiss(self.previewed or self.highlighted)
