"""The answer corpus (tests/answer_corpus): every answer that should land lands exactly, every
answer that must be refused is refused, each through `ouroboros refactor --dry-run --json --mock`
with one builder attempt, in a fresh git repository."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ouroboros_tui.cli import app
from tests.answer_corpus.corpus import Case, load_cases, run_case

CASES = load_cases()
_runner = CliRunner()


def _invoke(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    result = _runner.invoke(app, args, env=env)
    return result.exit_code, result.stdout


def test_the_corpus_is_big_enough_and_has_both_sides() -> None:
    names = [c.name for c in CASES]
    assert len(CASES) >= 60 and len(set(names)) == len(names)
    assert sum(c.expect == "refuse" for c in CASES) >= 15
    assert all(c.after or c.expect == "refuse" for c in CASES)


# Every fourth case runs in the fast tier; all of them in the slow tier (about 30 s on 2 cores).
@pytest.mark.parametrize("case", [
    pytest.param(c, id=c.name, marks=() if i % 4 == 0 else (pytest.mark.slow,)) for i, c in enumerate(CASES)
])
def test_answer(case: Case, tmp_path: Path) -> None:
    outcome = run_case(case, tmp_path, _invoke)
    assert outcome.ok, f"{case.name}: expected {case.expect}, got {outcome.result}: {outcome.detail}"
