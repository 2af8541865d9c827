"""RunProgress folds a run's events (from real scripted runs on a temp git repo) into what both the
TUI's Stages pane and `ouroboros refactor`'s live display show."""

from __future__ import annotations

from pathlib import Path

import pytest

from ouroboros_tui.config import load_settings, scripted_flags
from ouroboros_tui.pipeline.run import Pipeline
from ouroboros_tui.runs import events as ev
from ouroboros_tui.runs.progress import RunProgress, classify
from tests.conftest import git, write_mock_script

CALC = "def add(a, b):\n    return a + b\n"
GOOD = "calc.py\n<<<<<<< SEARCH\ndef add(a, b):\n=======\ndef add(a: int, b: int) -> int:\n>>>>>>> REPLACE\n"
BROKEN = "calc.py\n<<<<<<< SEARCH\ndef add(a, b):\n=======\ndef add(a: int, b: int) -> int\n>>>>>>> REPLACE\n"
MISS = "calc.py\n<<<<<<< SEARCH\ndef sub(a, b):\n=======\ndef sub(a: int, b: int) -> int:\n>>>>>>> REPLACE\n"


@pytest.fixture
def repo(git_repo: Path) -> Path:
    (git_repo / "calc.py").write_text(CALC)
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "calc")
    return git_repo


def _events(repo: Path, tmp_path: Path, *answers: str, attempts: int = 2) -> list[ev.PipelineEvent]:
    mock = write_mock_script(tmp_path, *(("builder", a) for a in answers))
    flags = scripted_flags(mock)
    flags.setdefault("pipeline", {})["max_retry_attempts"] = attempts
    settings = load_settings(repo, flags, use_user_file=False)
    return list(Pipeline(repo, settings, persist=False).run("type hints", ["calc.py"]))


def _fold(events: list[ev.PipelineEvent]) -> RunProgress:
    clock = iter(float(i) for i in range(10_000))
    progress = RunProgress(clock=lambda: next(clock))
    for event in events:
        progress.apply(event)
    return progress


def test_a_clean_run_ends_ready_with_every_stage_done(repo: Path, tmp_path: Path) -> None:
    progress = _fold(_events(repo, tmp_path, GOOD))
    assert progress.status == "ready" and progress.failure is None and not progress.outcome
    assert {s.state for s in progress.stages.values()} == {"done"}
    assert progress.stages["builder"].tokens > 0 and progress.stages["builder"].tokens_per_s > 0
    assert "def add(a: int" in progress.output and progress.output_title == "Builder, attempt 1"
    # the syntax gate per file, then one note per gate level past syntax (docs/gate.md)
    assert [n.text for n in progress.notes] == ["attempt 1: gate calc.py", "attempt 1: semantic pass",
                                                "attempt 1: security pass"]
    assert all(n.ok for n in progress.notes)


def test_a_gate_failure_then_a_pass_keeps_the_log_but_no_failure(repo: Path, tmp_path: Path) -> None:
    progress = _fold(_events(repo, tmp_path, BROKEN, GOOD))
    kinds = [(n.kind, n.ok) for n in progress.notes]
    # a syntax failure stops the attempt before the other levels; the passing one runs them all
    assert kinds == [("gate", False), ("attempt", False), ("gate", True), ("gate", True), ("gate", True)]
    assert progress.notes[0].details[0].startswith("line 1, column")  # not a record's repr
    assert progress.notes[1].aside == " — retrying with the errors"
    assert progress.status == "ready" and progress.failure is None
    assert progress.stages["gate"].state == "done" and progress.stages["builder"].attempt == 2


def test_a_run_the_gate_never_passes_names_the_stage_the_file_and_the_error(repo: Path, tmp_path: Path) -> None:
    progress = _fold(_events(repo, tmp_path, BROKEN, BROKEN))
    assert progress.status == "failed"
    assert progress.stages["gate"].state == "failed"  # not "done" or "idle" for a failed run
    failure = progress.failure
    assert failure is not None and failure.stage == "gate" and failure.file == "calc.py"
    assert "syntax errors" in failure.message and "line 1, column" in failure.message
    assert failure.attempt == 2
    assert progress.headline().startswith("run failed: ") and "gate · calc.py: " in progress.headline()


def test_a_search_miss_is_the_builder_stage_with_the_matcher_message(repo: Path, tmp_path: Path) -> None:
    progress = _fold(_events(repo, tmp_path, MISS, attempts=1))
    failure = progress.failure
    assert failure is not None and failure.stage == "builder" and failure.file == "calc.py"
    assert failure.message.startswith("the SEARCH block matches no lines")
    assert progress.stages["builder"].state == "failed" and progress.stages["gate"].state == "idle"


def test_cancel_and_a_crash_mark_running_stages_cancelled() -> None:
    clock = iter(float(i) for i in range(100))
    progress = RunProgress(clock=lambda: next(clock))
    progress.apply(ev.RunStarted("r", "t", ("a.py",)))
    progress.apply(ev.StageStarted("r", "builder", "m", attempt=1))
    progress.apply(ev.StageFinished("r", "builder", 0.0, ok=False, attempt=1, detail="stopped"))
    progress.apply(ev.RunFailed("r", "cancelled by the user", kind="cancelled"))
    assert progress.stages["builder"].state == "cancelled" and progress.status == "cancelled"
    assert progress.failure is None and progress.headline() == "run cancelled: cancelled by the user"

    progress.apply(ev.RunStarted("s", "t", ("a.py",)))
    assert progress.outcome == "" and progress.status == "running" and not progress.notes
    progress.apply(ev.StageStarted("s", "reasoner", "m"))
    progress.stop("run stopped: boom")
    assert progress.stages["reasoner"].state == "cancelled" and progress.headline() == "run stopped: boom"


def test_tokens_per_second_come_from_the_clock() -> None:
    now = [10.0]
    progress = RunProgress(clock=lambda: now[0])
    progress.apply(ev.StageStarted("r", "builder", "m", attempt=1))
    now[0] = 12.0
    progress.apply(ev.TokenDelta("r", "builder", "abc", 50, attempt=1))
    assert progress.stages["builder"].tokens_per_s == 25.0 and progress.elapsed("builder") == 2.0


def test_a_model_error_without_attempt_failures_is_summarised_from_the_run() -> None:
    progress = RunProgress()
    progress.apply(ev.StageStarted("r", "builder", "m", attempt=1))
    progress.apply(ev.StageFinished("r", "builder", 0.0, ok=False, attempt=1, detail="CUDA out of memory"))
    progress.apply(ev.RunFailed("r", "model call failed: CUDA out of memory"))
    assert progress.failure is not None and progress.failure.stage == "builder" and progress.failure.file is None
    assert progress.headline() == "run failed: model call failed: CUDA out of memory"


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("gate: a b.py: the change introduces syntax errors (x):\n  line 2, column 1: boom",
         ("gate", None, "a b.py: the change introduces syntax errors (x): line 2, column 1: boom")),
        ("The answer could not be read as edits: no SEARCH block", ("builder", None,
         "The answer could not be read as edits: no SEARCH block")),
        ("", ("builder", None, "")),
    ],
)
def test_classify_reads_the_builders_failure_text(reason: str, expected: tuple[str, str | None, str]) -> None:
    assert classify(reason) == expected


def test_both_views_draw_a_failed_stage_as_failed(repo: Path, tmp_path: Path) -> None:
    """The CLI's live display and the TUI's stage table render the same model."""
    import io

    from rich.console import Console

    from ouroboros_tui.cli_commands.refactor_view import render_progress
    from ouroboros_tui.tui.widgets.stages import StagesPane

    progress = _fold(_events(repo, tmp_path, MISS, attempts=1))
    out = io.StringIO()
    Console(file=out, width=100, color_system=None).print(render_progress(progress))
    lines = {line.split()[1]: line.split()[0] for line in out.getvalue().splitlines() if line.strip()}
    assert lines == {"Compressor": "✓", "Reasoner": "✓", "Builder": "✗", "Gate": "·"}
    pane = StagesPane()
    pane.progress = progress
    table = io.StringIO()
    Console(file=table, width=100, color_system=None).print(pane.table())
    builder_row = next(line.strip() for line in table.getvalue().splitlines() if "Builder" in line)
    assert builder_row.split()[1] == "failed"
