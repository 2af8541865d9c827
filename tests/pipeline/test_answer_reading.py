"""Reading answers as models write them: where a path is (and is not), what a cut-off answer keeps,
and the kind each failed attempt records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ouroboros_tui.cli import app
from ouroboros_tui.patch.edits import Edit, PathResolver, parse_answer
from ouroboros_tui.patch.paths import spellings_in_line
from tests.conftest import git, write_mock_script

CALC = "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n"


@pytest.mark.parametrize("line", ["python", "```python", "...", "Solution:", "Changes:", "Here is the fix:",
                                  "```", "1.", "**Explanation:**", "---"])
def test_never_a_path(line: str) -> None:
    assert [s for s in spellings_in_line(line) if s.strong] == []


@pytest.mark.parametrize("line, path", [
    ("```python src/calc.py", "src/calc.py"), ("```python:src/calc.py", "src/calc.py"),
    ("```src/calc.py", "src/calc.py"), ("In `src/calc.py`:", "src/calc.py"), ("1. src/calc.py", "src/calc.py"),
    ("### File: src/calc.py", "src/calc.py"), ("**src/calc.py**", "src/calc.py"), ("# src/calc.py", "src/calc.py"),
    ('```py title="src/calc.py"', "src/calc.py"),
])
def test_path_spellings(line: str, path: str) -> None:
    assert spellings_in_line(line)[0].text == path


def _resolver(targets: list[str], files: dict[str, str]) -> PathResolver:
    return PathResolver(targets, sorted(files), files.get)


def test_unknown_path_says_did_you_mean() -> None:
    resolver = _resolver(["src/calc.py", "src/app.py"], {"src/calc.py": CALC, "src/app.py": ""})
    _, failure = resolver.resolve(Edit("", "x\n", "y\n", "block", ("src/calculator.py",)))
    assert failure is not None and "Did you mean src/calc.py?" in failure.message


def test_without_a_path_the_target_where_search_matches_once() -> None:
    resolver = _resolver(["src/app.py", "src/calc.py"], {"src/calc.py": CALC, "src/app.py": "print(1)\n"})
    path, failure = resolver.resolve(Edit("", "def sub(a, b):\n", "def sub(a: int, b: int):\n"))
    assert failure is None and path == "src/calc.py"


def test_a_cut_answer_keeps_its_complete_blocks() -> None:
    answer = parse_answer("a.py\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n"
                          "a.py\n<<<<<<< SEARCH\nz\n=======\nw")
    assert answer.truncated and len(answer.edits) == 1 and "cut off" in answer.problems[0]


def _refactor(repo: Path, script: Path) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["refactor", "hint add and sub", "-t", "calc.py", "--mock", str(script),
                                      "--json", "--repo", str(repo)])
    doc: dict[str, Any] = json.loads(result.stdout)
    return json.loads((repo / ".ouroboros" / "runs" / doc["run_id"] / "artifact_metadata.json").read_text()) | {
        "cli": doc}


@pytest.fixture
def repo(git_repo: Path) -> Path:
    (git_repo / "calc.py").write_text(CALC)
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "calc")
    return git_repo


def test_the_next_attempt_continues_a_cut_answer(repo: Path, tmp_path: Path) -> None:
    first = ("calc.py\n<<<<<<< SEARCH\ndef add(a, b):\n=======\ndef add(a: int, b: int):\n>>>>>>> REPLACE\n"
             "calc.py\n<<<<<<< SEARCH\ndef sub(a, b):\n=======\ndef sub(a: int")
    rest = "calc.py\n<<<<<<< SEARCH\ndef sub(a, b):\n=======\ndef sub(a: int, b: int):\n>>>>>>> REPLACE\n"
    saved = _refactor(repo, write_mock_script(tmp_path, ("builder", first), ("builder", rest)))
    assert saved["cli"]["status"] == "pending"
    assert [a["truncated"] for a in saved["attempts"]] == [True, False]
    assert [p["kind"] for p in saved["attempts"][0]["problems"]] == ["parse"]
    assert "cut off at the token limit" in saved["attempts"][1]["prompt"][-1]["content"]
    diff = saved["cli"]["diff"]
    assert "+def add(a: int, b: int):" in diff and "+def sub(a: int, b: int):" in diff


def test_each_failed_attempt_records_its_kind(repo: Path, tmp_path: Path) -> None:
    answers = [
        ("builder", "I cannot see the file."),  # parse
        ("builder", "calc.py\n<<<<<<< SEARCH\ndef mul(a, b):\n=======\ndef mul(a: int, b):\n>>>>>>> REPLACE\n"),
        ("builder", "calc.py\n<<<<<<< SEARCH\ndef add(a, b):\n=======\ndef add(a, b:\n>>>>>>> REPLACE\n"),  # gate
    ]
    saved = _refactor(repo, write_mock_script(tmp_path, *answers))
    kinds = [[p["kind"] for p in a["problems"]] for a in saved["attempts"]]
    assert kinds == [["parse"], ["match"], ["gate"]]
    assert [[p["kind"] for p in a["problems"]] for a in saved["cli"]["attempts"]] == kinds  # --json says so too
    assert not any(f.startswith("gate:") for a in saved["attempts"] for f in a["failures"])
