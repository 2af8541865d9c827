"""The API's failures: the package's own errors with the CLI's messages and exit codes, never a
traceback from deep inside; a patch whose gate never passed is returned, not raised."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ouroboros_tui
from ouroboros_tui import (
    FAST_CONFIG,
    Builder,
    OuroborosError,
    ProvenanceLogger,
    Reasoner,
    RunFailedError,
    UsageError,
    events,
)
from ouroboros_tui.api.presets import NotARepositoryError
from tests.conftest import git

BROKEN = "calc.py\n<<<<<<< SEARCH\ndef add(a, b):\n=======\ndef add(a, b)\n>>>>>>> REPLACE\n"
GOOD = "calc.py\n<<<<<<< SEARCH\ndef add(a, b):\n=======\ndef add(a: int, b: int) -> int:\n>>>>>>> REPLACE\n"


def scripted(monkeypatch: pytest.MonkeyPatch, folder: Path, *answers: tuple[str, str]) -> None:
    script = folder / "answers.jsonl"
    script.write_text("".join(json.dumps({"role": r, "text": t}) + "\n" for r, t in answers))
    for role in ("REASONER", "BUILDER"):
        monkeypatch.setenv(f"OUROBOROS_MODELS__{role}__BACKEND", "scripted")
        monkeypatch.setenv(f"OUROBOROS_MODELS__{role}__SCRIPT", str(script))


@pytest.fixture
def calc_repo(git_repo: Path) -> Path:
    (git_repo / "calc.py").write_text("def add(a, b):\n    return a + b\n")
    git(git_repo, "add", "calc.py")
    git(git_repo, "commit", "-q", "-m", "calc")
    return git_repo


def test_outside_a_repository_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(NotARepositoryError, match="is not inside a git repository; run `git init` first") as info:
        Reasoner(repo=tmp_path)
    assert isinstance(info.value, OuroborosError) and info.value.exit_code == 2


def test_gate_never_passing_returns_an_invalid_patch_that_cannot_be_applied(
        calc_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scripted(monkeypatch, calc_repo.parent, ("builder", BROKEN), ("builder", BROKEN))
    seen: list[events.PipelineEvent] = []
    patch = Builder(FAST_CONFIG, max_retry_attempts=2, repo=calc_repo, on_event=seen.append).generate_patch(
        "add type hints", targets=["calc.py"])
    assert not patch.is_valid and len(patch.attempts) == 2 and patch.hunks == [] and patch.diff == ""
    assert any(isinstance(e, events.AttemptFailed) for e in seen)
    assert isinstance(seen[-1], events.RunFailed)
    with pytest.raises(RunFailedError, match="has no patch"):
        patch.apply()
    assert git(calc_repo, "status", "--porcelain") == ""


def test_a_target_outside_the_repository_is_refused_with_exit_code_3(
        calc_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scripted(monkeypatch, calc_repo.parent, ("builder", GOOD))
    with pytest.raises(RunFailedError, match="refused: target") as info:
        Builder(repo=calc_repo).generate_patch("add type hints", targets=["../elsewhere.py"])
    assert info.value.exit_code == 3 and info.value.kind == "refused"
    assert isinstance(info.value, ouroboros_tui.errors.SafetyRefusal)  # the CLI's handler says 3 too


def test_unknown_hunk_numbers_name_the_hunks_there_are(calc_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scripted(monkeypatch, calc_repo.parent, ("builder", GOOD))
    patch = Builder(repo=calc_repo).generate_patch("add type hints", targets=["calc.py"])
    assert patch.is_valid and len(patch.hunks) == 1
    with pytest.raises(UsageError, match=r"has hunks 1-1; no hunk 7\."):
        patch.apply(hunks=[7])
    assert git(calc_repo, "status", "--porcelain") == ""
    result = patch.apply()
    assert result.commit == git(calc_repo, "rev-parse", "HEAD").strip()


def test_a_bad_setting_in_the_environment_is_the_cli_s_config_error(
        calc_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUROBOROS_PIPELINE__MAX_RETRY_ATTEMPTS", "lots")
    with pytest.raises(Exception, match="OUROBOROS_PIPELINE__MAX_RETRY_ATTEMPTS") as info:
        Reasoner(repo=calc_repo)
    assert isinstance(info.value, ouroboros_tui.ConfigError)


def test_a_plan_is_reused_by_the_builder_without_asking_the_reasoner_again(
        calc_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan_answer = json.dumps({"steps": [{"file": "calc.py", "symbol": "add", "action": "add type hints"}]})
    scripted(monkeypatch, calc_repo.parent, ("reasoner", plan_answer), ("builder", GOOD))
    plan = Reasoner(repo=calc_repo).plan("add type hints", targets=[str(calc_repo / "calc.py")])
    assert plan.targets == ["calc.py"] and plan.steps[0]["symbol"] == "add"
    assert not (calc_repo / ".ouroboros" / "runs").exists() or not any((calc_repo / ".ouroboros/runs").iterdir())
    patch = Builder(repo=calc_repo).generate_patch(plan)  # the script has no second reasoner answer
    assert patch.is_valid and patch.record.plan["steps"] == plan.steps


def test_the_logger_refuses_entries_after_finalize(calc_repo: Path) -> None:
    logger = ProvenanceLogger(repo=calc_repo)
    logger.log_file_modification("calc.py", "def add(a, b):\n    return a + b\n", "def add(a, b):\n    return b + a\n")
    first = logger.finalize()
    assert logger.finalize() == first
    with pytest.raises(OuroborosError, match="is finalized"):
        logger.log_model_usage("builder", "x", tokens=1, seconds=1.0)
