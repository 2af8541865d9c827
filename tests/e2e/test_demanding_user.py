"""The CLI driven as a demanding user would: answers written the way real models write them (blank
lines around SEARCH, plans in the documented format), runs kept without safe mode, failing hooks,
undo after later runs — and what each says to do next."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import git, write_mock_script
from tests.run_cli import ouroboros

CALC = ("def add(a, b):\n    return a + b\n\n\n" + "".join(f"N{i} = {i}\n" for i in range(8))
        + "\n\ndef sub(a, b):\n    return a - b\n")


@pytest.fixture
def repo(git_repo: Path) -> Path:
    (git_repo / "calc.py").write_text(CALC)
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "code")
    return git_repo


def mock(tmp_path: Path, *lines: tuple[str, str]) -> Path:
    return write_mock_script(tmp_path, *lines)


def cli(repo: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = ouroboros(*args, "--json", cwd=repo)
    return result.code, result.json()


def test_blank_lines_ending_both_search_and_replace_are_not_doubled(repo: Path, tmp_path: Path) -> None:
    # The model quotes the blank line after `add` in SEARCH and repeats it in REPLACE.
    answer = ("calc.py\n<<<<<<< SEARCH\ndef add(a, b):\n    return a + b\n\n=======\n"
              "def add(a: int, b: int) -> int:\n    return a + b\n\n>>>>>>> REPLACE\n")
    code, doc = cli(repo, "refactor", "type add", "-t", "calc.py", "--mock", str(mock(tmp_path, ("builder", answer))))
    assert code == 0, doc
    added = [line for line in doc["diff"].splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert added == ["+def add(a: int, b: int) -> int:"]
    code, doc = cli(repo, "apply", doc["run_id"], "--all")
    assert code == 0, doc
    assert (repo / "calc.py").read_text() == CALC.replace("def add(a, b):", "def add(a: int, b: int) -> int:")


def test_commit_body_lists_the_plan_steps_and_trailers_parse(repo: Path, tmp_path: Path) -> None:
    plan = {"steps": [{"file": "calc.py", "symbol": "add", "action": "annotate the parameters with int"},
                      {"file": "calc.py", "symbol": "sub", "action": "annotate the parameters with int"}]}
    answer = ("calc.py\n<<<<<<< SEARCH\ndef add(a, b):\n=======\ndef add(a: int, b: int) -> int:\n>>>>>>> REPLACE\n"
              "calc.py\n<<<<<<< SEARCH\ndef sub(a, b):\n=======\ndef sub(a: int, b: int) -> int:\n>>>>>>> REPLACE\n")
    script = mock(tmp_path, ("reasoner", "Plan:\n```json\n" + json.dumps(plan) + "\n```"), ("builder", answer))
    code, doc = cli(repo, "refactor", "type the calculator", "-t", "calc.py", "--mock", str(script))
    assert code == 0 and len(doc["hunks"]) == 2, doc
    code, _ = cli(repo, "apply", doc["run_id"], "--hunks", "2")
    assert code == 0
    message = git(repo, "log", "-1", "--format=%B")
    # Only hunk 2 (sub) was committed: the body describes what was committed (issue 13), not the
    # step whose hunk stayed out.
    assert "calc.py::add: annotate the parameters with int" not in message
    assert "calc.py::sub: annotate the parameters with int" in message
    parsed = subprocess.run(["git", "interpret-trailers", "--parse"], input=message, capture_output=True,
                            text=True, check=True).stdout
    trailers = dict(line.split(": ", 1) for line in parsed.splitlines())
    assert trailers["Ouroboros-Hunks"] == "1/2" and trailers["Ouroboros-Run"] == doc["run_id"]
    assert len(trailers) == 7


def test_a_run_kept_by_no_safe_mode_names_an_apply_that_works(repo: Path, tmp_path: Path) -> None:
    broken = "calc.py\n<<<<<<< SEARCH\ndef add(a, b):\n=======\ndef add(a, b:\n>>>>>>> REPLACE\n"
    script = mock(tmp_path, *[("builder", broken)] * 3)
    code, doc = cli(repo, "refactor", "type add", "-t", "calc.py", "--mock", str(script), "--no-safe-mode")
    assert code == 0 and doc["status"] == "pending", doc
    # The plain apply the note used to name refuses in safe mode: the note and the refusal say how.
    hint = f"OUROBOROS_PIPELINE__SAFE_MODE=false ouroboros apply {doc['run_id']} --all"
    assert hint in doc["note"]
    code, refused = cli(repo, "apply", doc["run_id"], "--all")
    assert code == 3 and "OUROBOROS_PIPELINE__SAFE_MODE=false" in refused["error"]
    assert git(repo, "status", "--porcelain") == "" and (repo / "calc.py").read_text() == CALC
    result = ouroboros("apply", doc["run_id"], "--all", cwd=repo, env={"OUROBOROS_PIPELINE__SAFE_MODE": "false"})
    assert result.code == 0, result.stderr
    assert "Ouroboros-Safety: syntax=fail " in git(repo, "log", "-1", "--format=%B")


def test_a_hook_that_reformats_then_fails_names_the_backup_and_the_run_stays_pending(repo: Path,
                                                                                      tmp_path: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho '# formatted' >> calc.py\necho 'files were modified by this hook' >&2\nexit 1\n")
    hook.chmod(0o755)
    answer = "calc.py\n<<<<<<< SEARCH\ndef add(a, b):\n=======\ndef add(a: int, b: int) -> int:\n>>>>>>> REPLACE\n"
    code, doc = cli(repo, "refactor", "type add", "-t", "calc.py", "--mock", str(mock(tmp_path, ("builder", answer))))
    run_id = doc["run_id"]
    code, failed = cli(repo, "apply", run_id, "--all")
    assert code == 1 and "files were modified by this hook" in failed["error"]
    assert "the run is still pending" in failed["error"]
    backup = f".ouroboros/runs/{run_id}/backups/calc.py"
    assert backup in failed["error"]  # the hook's edit is kept, so the way back is named
    code, shown = cli(repo, "status", run_id)
    assert shown["status"] == "pending" and git(repo, "rev-list", "--count", "HEAD") == "2\n"
    (repo / "calc.py").write_bytes((repo / backup).read_bytes())
    assert git(repo, "status", "--porcelain") == ""
    hook.unlink()
    code, applied = cli(repo, "apply", run_id, "--all")
    assert code == 0 and applied["commit"]


def test_undo_that_conflicts_names_only_the_conflicting_file(repo: Path, tmp_path: Path) -> None:
    (repo / "app.py").write_text("from calc import add\n\nprint(add(1, 2))\n")
    git(repo, "add", "app.py")
    git(repo, "commit", "-q", "-m", "app")
    first = ("calc.py\n<<<<<<< SEARCH\ndef add(a, b):\n=======\ndef add(a: int, b: int) -> int:\n>>>>>>> REPLACE\n"
             "app.py\n<<<<<<< SEARCH\nprint(add(1, 2))\n=======\nprint(add(2, 3))\n>>>>>>> REPLACE\n")
    code, one = cli(repo, "refactor", "one", "-t", "calc.py", "-t", "app.py", "--auto-apply", "--max-risk", "1",
                    "--mock", str(mock(tmp_path, ("builder", first))))
    assert code == 0 and one["commit"], one
    second = ("calc.py\n<<<<<<< SEARCH\ndef add(a: int, b: int) -> int:\n=======\n"
              "def add(a: float, b: float) -> float:\n>>>>>>> REPLACE\n")
    code, two = cli(repo, "refactor", "two", "-t", "calc.py", "--auto-apply", "--max-risk", "1",
                    "--mock", str(mock(tmp_path, ("builder", second))))
    assert code == 0 and two["commit"], two
    head = git(repo, "rev-parse", "HEAD")
    undo = ouroboros("undo", one["run_id"], cwd=repo)
    assert undo.code == 3 and git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "status", "--porcelain") == ""
    assert "conflicts with later changes to calc.py;" in " ".join(undo.stderr.split())  # app.py reverts cleanly


def test_status_shows_the_plan_steps_and_marks_a_file_that_does_not_exist(repo: Path, tmp_path: Path) -> None:
    plan = {"steps": [{"file": "calc.py", "symbol": "add", "action": "annotate with int"},
                      {"file": "lib/helpers.py", "action": "add a helper"}]}
    answer = "calc.py\n<<<<<<< SEARCH\ndef add(a, b):\n=======\ndef add(a: int, b: int) -> int:\n>>>>>>> REPLACE\n"
    # The first plan is malformed (a missing comma; trailing commas are read), the second is read.
    script = mock(tmp_path, ("reasoner", '{"steps": [{"file": "calc.py" "action": "x"}]}'),
                  ("reasoner", json.dumps(plan)), ("builder", answer))
    code, doc = cli(repo, "refactor", "type add", "-t", "calc.py", "--mock", str(script))
    assert code == 0 and doc["plan"]["source"] == "model" and doc["plan"]["attempts"] == 2
    shown = ouroboros("status", doc["run_id"], cwd=repo, columns=200).stdout
    assert "plan (2 reasoner answer(s)):" in shown
    assert "1. calc.py::add — annotate with int\n" in shown
    assert "2. lib/helpers.py — add a helper  (no such file)" in shown


def test_an_edit_to_a_file_that_is_not_a_target_is_flagged_but_not_a_gate_failure(repo: Path,
                                                                                    tmp_path: Path) -> None:
    answer = ("calc.py\n<<<<<<< SEARCH\ndef add(a, b):\n=======\ndef add(a: int, b: int) -> int:\n>>>>>>> REPLACE\n"
              "util/fmt.py\n<<<<<<< SEARCH\n=======\ndef fmt(x):\n    return str(x)\n>>>>>>> REPLACE\n")
    code, doc = cli(repo, "refactor", "type add", "-t", "calc.py", "--mock", str(mock(tmp_path, ("builder", answer))),
                    "--auto-apply", "--max-risk", "1")
    assert doc["warnings"] == ["the patch also changes util/fmt.py, which is not a target"]
    assert code == 0 and doc["status"] == "applied" and (repo / "util" / "fmt.py").exists()
