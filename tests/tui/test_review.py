"""The diff review's keys (after `git add -p`), on patches made from real file edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from ouroboros_tui.tui.screens.reason import ReasonScreen
from ouroboros_tui.tui.widgets.diff_review import ACCEPT, REJECT, DiffReview
from tests.tui.helpers import demo_app, numbered_file, review_record, run_to_review, wait_until


def _two_files() -> dict[str, tuple[str | None, str]]:
    a = numbered_file(60, "a")
    b = numbered_file(60, "b")
    # Three far-apart changes in a.py, two in b.py: five hunks.
    a_new = a.replace("a_5 = 5", "a_5 = 50").replace("a_30 = 30", "a_30 = 300").replace("a_55 = 55", "a_55 = 0")
    b_new = b.replace("b_10 = 10", "b_10 = -1").replace("b_40 = 40", "b_40 = -2")
    return {"a.py": (a, a_new), "b.py": (b, b_new)}


async def test_keys_move_decide_and_copy(tmp_path: Path) -> None:
    app, repo = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        record = review_record(repo, _two_files())
        app.main_screen.show_patch(record)  # type: ignore[union-attr]
        await pilot.pause()
        review = app.screen.query_one(DiffReview)
        assert app.focused is review
        assert [h.path for h in review.hunks] == ["a.py"] * 3 + ["b.py"] * 2

        await pilot.press("j", "j", "k")
        assert review.cursor == 1
        await pilot.press("J")
        assert review.current.path == "b.py" and review.cursor == 3  # type: ignore[union-attr]
        await pilot.press("K")
        assert review.cursor == 0
        await pilot.press("K")  # back to the first hunk of the previous file... already first
        assert review.cursor == 0

        await pilot.press("n")  # reject a#1, move on
        assert review.decisions[review.hunks[0].id] == REJECT and review.cursor == 1
        await pilot.press("a")  # accept the rest of a.py, jump to the first undecided (b.py)
        assert [review.decisions.get(h.id) for h in review.hunks[:3]] == [REJECT, ACCEPT, ACCEPT]
        assert review.cursor == 3
        await pilot.press("d")  # reject the rest of b.py
        assert all(review.decisions[h.id] == REJECT for h in review.hunks[3:])
        assert review.accepted_ids() == [review.hunks[1].id, review.hunks[2].id]
        assert "2 accepted · 3 rejected" in str(review.border_title)

        await pilot.press("k", "o")  # copy the current hunk (OSC 52 in a real terminal)
        hunk = review.current
        assert hunk is not None
        assert app.clipboard == record.patch.file(hunk.path).unified([hunk])
        assert "-b_10 = 10" in app.clipboard or "-a_" in app.clipboard


async def test_split_hunk(tmp_path: Path) -> None:
    app, repo = demo_app(tmp_path)
    base = numbered_file(30, "x")
    # Two changes four lines apart fall in one hunk; `s` splits it in two.
    after = base.replace("x_10 = 10", "x_10 = 1").replace("x_15 = 15", "x_15 = 2")
    async with app.run_test(size=(80, 24)) as pilot:
        record = review_record(repo, {"x.py": (base, after)})
        app.main_screen.show_patch(record)  # type: ignore[union-attr]
        await pilot.pause()
        review = app.screen.query_one(DiffReview)
        assert len(review.hunks) == 1
        await pilot.press("s")
        assert len(review.hunks) == 2
        assert record.patch.hunks == review.hunks  # the record's patch is what apply will use
        assert all(h.risk > 0 and h.risk_factors for h in review.hunks)  # each part shows its own risk
        await pilot.press("y", "n")
        accepted = review.accepted_ids()
        assert record.patch.files[0].apply(accepted) == base.replace("x_10 = 10", "x_10 = 1")
        await pilot.press("s")  # a one-block hunk does not split
        assert len(review.hunks) == 2


@pytest.mark.slow
async def test_virtual_rendering_with_2000_hunks(tmp_path: Path) -> None:
    """Only visible rows are rendered: moving to the last of 2,000 hunks puts it on screen."""
    app, repo = demo_app(tmp_path)
    base = numbered_file(16_000, "v")
    after = "".join(
        line.replace(" = ", " == ") if i % 8 == 0 else line for i, line in enumerate(base.splitlines(True))
    )
    async with app.run_test(size=(80, 24)) as pilot:
        record = review_record(repo, {"big.py": (base, after)})
        app.main_screen.show_patch(record)  # type: ignore[union-attr]
        await pilot.pause()
        review = app.screen.query_one(DiffReview)
        assert len(review.hunks) == 2000
        review.move_to(1999)
        await pilot.pause()
        assert review.scroll_offset.y > 10_000
        visible = "\n".join(review.render_line(y).text for y in range(review.size.height))
        assert "#2000" in visible


# Slow tier: two whole runs; the reason in the prompt is unit-tested in
# tests/patch/test_review_session.py and tests/pipeline/test_run.py.
@pytest.mark.slow
async def test_reject_with_reason_regenerates_with_feedback(tmp_path: Path) -> None:
    seen: list[str] = []

    def recording(settings):  # type: ignore[no-untyped-def]
        from ouroboros_tui.models import make_generator

        class Recorder:
            def __init__(self, inner):  # type: ignore[no-untyped-def]
                self.inner, self.role = inner, inner.role
                self.model_label, self.backend = inner.model_label, inner.backend

            def __getattr__(self, name):  # type: ignore[no-untyped-def]
                return getattr(self.inner, name)

            def generate(self, messages, on_event=None, cancel=None, max_new_tokens=None):  # type: ignore[no-untyped-def]
                seen.append("\n".join(m["content"] for m in messages))
                return self.inner.generate(messages, on_event, cancel, max_new_tokens)

        return {role: Recorder(make_generator(settings.models[role])) for role in settings.models}

    app, repo = demo_app(tmp_path, targets=["calc.py"], task="type hints", generators=recording)
    async with app.run_test(size=(80, 24)) as pilot:
        review = await run_to_review(pilot, app)
        first = app.main_screen.record  # type: ignore[union-attr]
        calls_first_run = len(seen)
        await pilot.press("j", "r")
        assert isinstance(app.screen, ReasonScreen)
        app.screen.query_one(Input).focus()
        await pilot.press(*"keep the old signature", "enter")
        await wait_until(pilot, lambda: len(seen) > calls_first_run)
        assert any("keep the old signature" in prompt for prompt in seen[calls_first_run:])
        await wait_until(pilot, lambda: len(review.hunks) == 3)  # the regenerated patch is up
        # The superseded run is declined with its reason, not left pending in history.
        from ouroboros_tui.runs.persist import load_record

        await wait_until(pilot, lambda: load_record(repo, first.run_id).status == "rejected")
        assert "keep the old signature" in str(load_record(repo, first.run_id).rejected)


async def test_u_undoes_the_last_decision_and_a_split(tmp_path: Path) -> None:
    app, repo = demo_app(tmp_path)
    base = numbered_file(30, "x")
    after = base.replace("x_10 = 10", "x_10 = 1").replace("x_15 = 15", "x_15 = 2")
    async with app.run_test(size=(80, 24)) as pilot:
        record = review_record(repo, {"x.py": (base, after)})
        app.main_screen.show_patch(record)  # type: ignore[union-attr]
        await pilot.pause()
        review = app.screen.query_one(DiffReview)
        await pilot.press("s", "y")
        assert len(review.hunks) == 2 and review.decisions == {review.hunks[0].id: ACCEPT}
        await pilot.press("u")
        assert not review.decisions and review.cursor == 0
        assert "0 accepted · 0 rejected" in str(review.border_title)
        await pilot.press("u")  # the split
        assert len(review.hunks) == 1 and record.patch.hunks == review.hunks
        visible = "\n".join(review.render_line(y).text for y in range(review.size.height))
        assert "#1" in visible and "#2" not in visible
        await pilot.press("u")
        assert "Nothing to undo" in "\n".join(n.message for n in app._notifications)


# Slow tier: two whole runs; the carry-over is unit-tested in tests/patch/test_review_session.py.
@pytest.mark.slow
async def test_a_regenerate_keeps_the_decisions_on_unchanged_hunks(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path, targets=["calc.py"], task="type hints")
    async with app.run_test(size=(80, 24)) as pilot:
        review = await run_to_review(pilot, app)
        main = app.main_screen
        assert main is not None and main.record is not None
        first_run, first_ids = main.record.run_id, [h.id for h in review.hunks]
        await pilot.press("y", "r")  # accept hunk 1, reject hunk 2 with a reason
        app.screen.query_one(Input).focus()
        await pilot.press(*"no", "enter")
        await wait_until(pilot, lambda: review.record is not None and review.record.run_id != first_run)
        # The demo's scripted model answers the same again: every hunk is unchanged, so the
        # accept and the rejection (with its reason) stay; the third hunk is still to decide.
        assert [h.id for h in review.hunks] == first_ids
        assert dict(review.decisions) == {first_ids[0]: ACCEPT, first_ids[1]: REJECT}
        assert dict(review.reasons) == {first_ids[1]: "no"} and review.cursor == 2
