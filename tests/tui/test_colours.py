"""The review's colours as a terminal draws them: added and removed lines stay apart after Rich's
downgrade to the 256-colour palette (TERM=xterm-256color without COLORTERM, as SSH + tmux give),
and syntax colour shows on top of the line's background, in the active theme's colours."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style

from ouroboros_tui.tui.themes import load_themes
from ouroboros_tui.tui.widgets.diff_review import DiffReview
from tests.tui.helpers import demo_app, review_record, wait_until

BEFORE = "def add(a, b):\n    return a + b\n\n\nX = 1\n"
AFTER = "def add(a: float, b: float) -> float:\n    return a + b  # sum\n\n\nX = 1\n"
SYSTEMS = {"256": ColorSystem.EIGHT_BIT, "truecolor": ColorSystem.TRUECOLOR}


def _sgr_background(style: Style, system: ColorSystem) -> str:
    """The background as the terminal receives it: the SGR parameters Rich writes for `style`."""
    ansi = style.render("x", color_system=system)
    match = re.search(r"\x1b\[([0-9;]*)m", ansi)
    params = match.group(1) if match else ""
    found = re.search(r"48;5;\d+|48;2;\d+;\d+;\d+", params)
    return found.group(0) if found else "default"


def _code_segments(review: DiffReview, sign: str) -> list[Segment]:
    """The rendered segments of the first diff line starting with `sign`, past the gutter and sign."""
    for y in range(review.scrollable_content_region.height):
        segments = list(review.render_line(y))
        text = "".join(s.text for s in segments)
        if text[2:3] == sign and text[3:].strip():
            return [s for s in segments[2:] if s.text.strip()]
    raise AssertionError(f"no {sign!r} line on screen")


# Slow tier: renders the review once per theme.
@pytest.mark.slow
async def test_added_and_removed_lines_differ_in_256_colours_for_every_theme(tmp_path: Path) -> None:
    app, repo = demo_app(tmp_path)
    themes = [t.name for t in load_themes().themes]
    assert {"ouroboros-dark", "ouroboros-light", "ouroboros-high-contrast"} <= set(themes)
    async with app.run_test(size=(80, 24)) as pilot:
        app.main_screen.show_patch(review_record(repo, {"calc.py": (BEFORE, AFTER)}))  # type: ignore[union-attr]
        review = app.screen.query_one(DiffReview)
        await wait_until(pilot, lambda: bool(review.hunks))
        for name in [*themes, "textual-dark", "textual-light"]:
            app.theme = name
            await pilot.pause()
            for label, system in SYSTEMS.items():
                added = {_sgr_background(s.style, system) for s in _code_segments(review, "+") if s.style}
                removed = {_sgr_background(s.style, system) for s in _code_segments(review, "-") if s.style}
                context = _sgr_background(review.rich_style, system)
                assert len(added) == 1 and len(removed) == 1, (name, label, added, removed)
                assert added != removed, f"{name} in {label}: added and removed lines share {added}"
                assert context not in added | removed, f"{name} in {label}: a changed line looks like context"


# Slow tier: the review's look at 80x24 is test_snapshots.py's (fast).
@pytest.mark.slow
async def test_syntax_colour_shows_over_the_line_in_the_theme_colours(tmp_path: Path) -> None:
    app, repo = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.main_screen.show_patch(review_record(repo, {"calc.py": (BEFORE, AFTER)}))  # type: ignore[union-attr]
        review = app.screen.query_one(DiffReview)
        await wait_until(pilot, lambda: bool(review.hunks))
        seen: dict[str, str] = {}
        for name in ("ouroboros-dark", "ouroboros-light"):
            app.theme = name
            await pilot.pause()
            segments = _code_segments(review, "+")
            keyword = next(s for s in segments if s.text == "def")
            name_segment = next(s for s in segments if s.text == "add")
            plain = next(s for s in segments if s.text.startswith("("))  # "(a" in the line colour
            assert keyword.style and name_segment.style and plain.style
            # The keyword has the theme's keyword colour, not the line's foreground painted over it…
            assert keyword.style.color is not None
            assert keyword.style.color.triplet is not None
            assert keyword.style.color.triplet.hex.lower() == app.theme_variables["code-keyword"].lower()
            assert keyword.style.color != plain.style.color != name_segment.style.color
            # …and keeps the added line's background under it.
            assert keyword.style.bgcolor == plain.style.bgcolor
            assert _sgr_background(keyword.style, ColorSystem.EIGHT_BIT) == _sgr_background(
                plain.style, ColorSystem.EIGHT_BIT
            )
            seen[name] = keyword.style.color.triplet.hex
        assert seen["ouroboros-dark"] != seen["ouroboros-light"]  # from the theme, not a fixed scheme
