"""Low-confidence spans: added lines written with an unlikely token are marked in the review."""

from __future__ import annotations

from pathlib import Path

from ouroboros_tui.patch.hunks import make_patch
from ouroboros_tui.tui.confidence import low_confidence_map, unsure_lines
from ouroboros_tui.tui.widgets.diff_review import DiffReview
from tests.tui.helpers import demo_app, review_record

BEFORE = "def area(w, h):\n    return w * h\n\n\ndef perimeter(w, h):\n    return 2 * (w + h)\n"
AFTER = BEFORE.replace("    return w * h\n", "    assert w >= 0\n    return w * h\n")


def _answer() -> tuple[list[str], list[float]]:
    # The Builder's answer as tokens, with the probability of each; "assert" was a guess.
    tokens = ["shapes.py", "\n", "<<<<<<< SEARCH", "\n", "    return", " w * h", "\n", "=======", "\n",
              "    ", "assert", " w >= 0", "\n", "    return", " w * h", "\n", ">>>>>>> REPLACE", "\n"]  # fmt: skip
    probs = [0.99] * len(tokens)
    probs[tokens.index("assert")] = 0.21
    return tokens, probs


def test_unsure_lines_are_the_lines_holding_unlikely_tokens() -> None:
    tokens, probs = _answer()
    assert unsure_lines(tokens, probs) == {"assert w >= 0"}
    assert unsure_lines(tokens, [0.9] * len(tokens)) == set()


def test_map_points_at_the_added_line() -> None:
    patch = make_patch({"shapes.py": (BEFORE, AFTER)})
    tokens, probs = _answer()
    marks = low_confidence_map(patch, tokens, probs)
    hunk = patch.hunks[0]
    assert [hunk.lines[i] for i in marks[hunk.id]] == ["+    assert w >= 0"]
    assert low_confidence_map(patch, None, None) == {}  # backends without probabilities


async def test_review_underlines_marked_lines(tmp_path: Path) -> None:
    app, repo = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        record = review_record(repo, {"shapes.py": (BEFORE, AFTER)})
        tokens, probs = _answer()
        marks = low_confidence_map(record.patch, tokens, probs)
        app.main_screen.show_patch(record, low_confidence=marks)  # type: ignore[union-attr]
        await pilot.pause()
        review = app.screen.query_one(DiffReview)
        underlined = []
        for y in range(review.size.height):
            strip = review.render_line(y)
            if any(seg.style is not None and seg.style.underline for seg in strip):
                underlined.append(strip.text.lstrip("▌ ").rstrip())
        assert underlined == ["+    assert w >= 0"]
