"""The gate levels in the TUI: the stages pane's line per level and the review's per-hunk warning."""

from __future__ import annotations

from types import SimpleNamespace

from ouroboros_tui.runs.events import LevelChecked
from ouroboros_tui.runs.progress import RunProgress
from ouroboros_tui.tui.widgets.gate_levels import hunk_warning_note, levels_summary


def test_a_failed_level_says_how_many_findings_and_why() -> None:
    progress = RunProgress()
    progress.apply(LevelChecked("gen_x", 1, "tests", "fail", "2 test(s) fail with the change: test_a, test_b", 2, 0))
    progress.apply(LevelChecked("gen_x", 2, "tests", "pass(41)", "", 0, 1))
    first, second = progress.notes
    assert (first.ok, first.text) == (False, "attempt 1: tests fail (2 new findings)")
    assert "test_a, test_b" in first.details[0]
    assert (second.ok, second.text, second.details) == (True, "attempt 2: tests pass(41) (1 warning)", ())


def test_review_subtitle_names_the_hunks_gate_warning() -> None:
    record = SimpleNamespace(safety={"hunk_warnings": {"abc": ["semantic warning: line 7: F841 unused", "x"]}})
    assert hunk_warning_note(record, "abc") == " · ⚠ semantic warning: line 7: F841 unused (+1 more)"
    assert hunk_warning_note(record, "other") == "" and hunk_warning_note(None, "abc") == ""


def test_run_detail_levels_summary() -> None:
    levels = {"syntax": {"verdict": "pass"}, "semantic": {"verdict": "fail"}}
    assert levels_summary(levels).plain == "syntax=pass semantic=fail "
