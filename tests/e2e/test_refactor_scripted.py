"""`ouroboros refactor` end to end on temp git repos, with the scripted backend (the real CLI entry
point in-process, the real gate, real git; a real process where a terminal is needed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import git, write_mock_script
from tests.run_cli import ouroboros

CALC = "def add(a, b):\n    return a + b\n\n\ndef main():\n    print(add(1, 2))\n"
CALLER = "from calc import add\n\nprint(add(3, 4))\n"
OUROBOROS = str(Path(sys.executable).parent / "ouroboros")


def block(path: str, search: str, replace: str) -> str:
    return f"{path}\n<<<<<<< SEARCH\n{search}=======\n{replace}>>>>>>> REPLACE\n"


GOOD = block("calc.py", "def add(a, b):\n    return a + b\n", "def add(a: int, b: int) -> int:\n    return a + b\n")
BROKEN = block("calc.py", "def add(a, b):\n", "def add(a, b:\n")


@pytest.fixture
def repo(git_repo: Path) -> Path:
    (git_repo / "calc.py").write_text(CALC)
    (git_repo / "app.py").write_text(CALLER)
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "code")
    return git_repo


def script(tmp_path: Path, *lines: tuple[str, str]) -> Path:
    return write_mock_script(tmp_path, *lines)


def refactor(repo: Path, mock: Path, *args: str, task: str = "add type hints to add",
             targets: tuple[str, ...] = ("calc.py",)) -> tuple[int, dict[str, Any], str]:
    result = ouroboros("refactor", task, *(x for t in targets for x in ("-t", t)), "--mock", str(mock), "--json",
                       *args, cwd=repo)
    return result.code, result.json(), result.stderr


def status(repo: Path) -> str:
    return git(repo, "status", "--porcelain", "--untracked-files=all", "--ignored=no")


def artifact(repo: Path, run_id: str) -> dict[str, Any]:
    return json.loads((repo / ".ouroboros" / "runs" / run_id / "artifact_metadata.json").read_text())


def test_invalid_then_valid_gives_two_attempts_and_a_valid_pending_patch(repo: Path, tmp_path: Path) -> None:
    code, doc, _ = refactor(repo, script(tmp_path, ("builder", BROKEN), ("builder", GOOD)))
    assert code == 0 and doc["status"] == "pending"
    assert [a["ok"] for a in doc["attempts"]] == [False, True]
    assert "syntax error" in doc["attempts"][0]["failures"][0]
    assert doc["attempts"][0]["gate"][0]["is_valid"] is False
    assert doc["safety"]["passed"] is True
    assert "+def add(a: int, b: int) -> int:" in doc["diff"]
    assert doc["hunks"] and 0.0 <= doc["hunks"][0]["risk"] <= 1.0
    assert doc["risk"]["factors"]["attempts_used"] > 0
    assert doc["models"]["builder"]["calls"] == 2
    # Nothing written: the run is pending, the work tree is as committed.
    assert (repo / "calc.py").read_text() == CALC
    assert status(repo) == ""
    saved = artifact(repo, doc["run_id"])
    assert saved["metadata"]["status"] == "pending" and len(saved["attempts"]) == 2
    # The failed attempt's gate errors were fed into the second prompt.
    assert "syntax error" in saved["attempts"][1]["prompt"][-1]["content"]


def test_always_invalid_exits_1_and_writes_nothing(repo: Path, tmp_path: Path) -> None:
    code, doc, _ = refactor(repo, script(tmp_path, *[("builder", BROKEN)] * 3))
    assert code == 1 and doc["status"] == "failed"
    assert len(doc["attempts"]) == 3 and not any(a["ok"] for a in doc["attempts"])
    assert status(repo) == "" and (repo / "calc.py").read_text() == CALC
    assert artifact(repo, doc["run_id"])["metadata"]["status"] == "failed"


def test_search_miss_goes_into_the_next_prompt_with_closest_lines(repo: Path, tmp_path: Path) -> None:
    miss = block("calc.py", "def add(x, y):\n    return x + y\n", "def add(x: int, y: int) -> int:\n")
    code, doc, _ = refactor(repo, script(tmp_path, ("builder", miss), ("builder", GOOD)))
    assert code == 0 and len(doc["attempts"]) == 2
    prompt = artifact(repo, doc["run_id"])["attempts"][1]["prompt"]
    feedback = prompt[-1]["content"]
    assert "matches no lines" in feedback
    # The closest lines verbatim (copyable, no line-number prefixes) and the failing block repeated.
    assert "```\ndef add(a, b):\n    return a + b\n```" in feedback
    assert "The block that failed:\n```\ncalc.py\n<<<<<<< SEARCH\ndef add(x, y):" in feedback
    assert artifact(repo, doc["run_id"])["attempts"][0]["problems"][0]["kind"] == "match"


def test_ambiguous_search_says_where_in_the_next_prompt(repo: Path, tmp_path: Path) -> None:
    (repo / "calc.py").write_text(CALC + "\n\ndef add3(a, b, c):\n    return a + b + c\n\n\ndef twice(a, b):\n"
                                  "    return a + b\n")
    git(repo, "commit", "-qam", "more")
    vague = block("calc.py", "    return a + b\n", "    return b + a\n")
    code, doc, _ = refactor(repo, script(tmp_path, ("builder", vague), ("builder", GOOD)))
    assert code == 0 and [a["ok"] for a in doc["attempts"]] == [False, True]
    feedback = artifact(repo, doc["run_id"])["attempts"][1]["prompt"][-1]["content"]
    assert "matches 2 places (line 2, line 14)" in feedback


def test_edit_outside_the_repo_is_refused_with_exit_3(repo: Path, tmp_path: Path) -> None:
    evil = block("../evil.py", "", "import os\n")
    code, doc, _ = refactor(repo, script(tmp_path, *[("builder", evil)] * 3))
    assert code == 3 and doc["status"] == "refused"
    assert "outside the repository" in doc["failure"]
    assert not (repo.parent / "evil.py").exists() and status(repo) == ""


def test_target_outside_the_repo_is_refused(repo: Path, tmp_path: Path) -> None:
    code, doc, _ = refactor(repo, script(tmp_path, ("builder", GOOD)), targets=("../elsewhere.py",))
    assert code == 3 and doc["status"] == "refused"
    assert "outside" in doc["failure"]


def test_malformed_plan_is_retried_once_then_falls_back_to_the_task(repo: Path, tmp_path: Path) -> None:
    mock = script(tmp_path, ("reasoner", "Step one: do it."), ("reasoner", '{"steps": "no"}'),
                  ("builder", GOOD))
    code, doc, _ = refactor(repo, mock)
    assert code == 0
    plan = doc["plan"]
    assert plan["source"] == "fallback" and plan["attempts"] == 2
    assert "steps" in plan["error"]
    assert doc["models"]["reasoner"]["calls"] == 2


def test_valid_plan_reaches_the_builder_prompt(repo: Path, tmp_path: Path) -> None:
    plan = json.dumps({"steps": [{"file": "calc.py", "symbol": "add", "action": "annotate with int"}]})
    code, doc, _ = refactor(repo, script(tmp_path, ("reasoner", plan), ("builder", GOOD)))
    assert code == 0 and doc["plan"]["source"] == "model"
    prompt = artifact(repo, doc["run_id"])["attempts"][0]["prompt"]
    assert "1. calc.py::add — annotate with int" in prompt[-1]["content"]


def test_dry_run_writes_nothing_anywhere(repo: Path, tmp_path: Path) -> None:
    code, doc, _ = refactor(repo, script(tmp_path, ("builder", GOOD)), "--dry-run")
    assert code == 0 and doc["dry_run"] is True and doc["hunks"]
    assert not (repo / ".ouroboros").exists()
    assert status(repo) == "" and (repo / "calc.py").read_text() == CALC


def test_no_safe_mode_keeps_gate_failures_as_warnings(repo: Path, tmp_path: Path) -> None:
    code, doc, _ = refactor(repo, script(tmp_path, *[("builder", BROKEN)] * 3), "--no-safe-mode")
    assert code == 0 and doc["status"] == "pending"
    assert doc["warnings"] and "syntax errors" in doc["warnings"][0]
    assert doc["safety"]["passed"] is False


def test_auto_apply_over_max_risk_is_refused_and_stays_pending(repo: Path, tmp_path: Path) -> None:
    code, doc, _ = refactor(repo, script(tmp_path, ("builder", BROKEN), ("builder", GOOD)),
                            "--auto-apply", "--max-risk", "0.01")
    assert code == 3 and doc["status"] == "pending" and "max-risk" in doc["note"]
    assert status(repo) == ""
    assert artifact(repo, doc["run_id"])["metadata"]["status"] == "pending"


def test_auto_apply_under_max_risk_commits(repo: Path, tmp_path: Path) -> None:
    code, doc, _ = refactor(repo, script(tmp_path, ("builder", GOOD)), "--auto-apply", "--max-risk", "0.9")
    assert code == 0 and doc["status"] == "applied" and doc["commit"]
    assert (repo / "calc.py").read_text().startswith("def add(a: int, b: int) -> int:")
    assert git(repo, "rev-parse", "HEAD").strip() == doc["commit"]
    assert f"Ouroboros-Run: {doc['run_id']}" in git(repo, "log", "-1", "--format=%B")


def test_usage_errors_exit_2(tmp_path: Path, repo: Path) -> None:
    mock = script(tmp_path, ("builder", GOOD))
    not_repo = tmp_path / "plain"
    not_repo.mkdir()
    result = ouroboros("refactor", "x", "-t", "a.py", "--mock", str(mock), "--json", cwd=not_repo)
    assert result.code == 2 and "git" in result.json()["error"]
    result = ouroboros("refactor", "x", "--mock", str(mock), "--json", cwd=repo)
    assert result.code == 2 and "-t" in result.json()["error"]
    result = ouroboros("refactor", "x", "-t", "calc.py", "--config", "turbo", "--json", cwd=repo)
    assert result.code == 2 and "preset" in result.json()["error"]


def test_script_running_out_is_a_failure_naming_the_script(repo: Path, tmp_path: Path) -> None:
    code, doc, _ = refactor(repo, script(tmp_path, ("builder", BROKEN)))
    assert code == 1 and "mock.jsonl" in doc["failure"]
    assert len(doc["attempts"]) == 2  # the second attempt's model call failed


def test_human_output_shows_stages_attempts_and_diff(repo: Path, tmp_path: Path) -> None:
    mock = script(tmp_path, ("builder", BROKEN), ("builder", GOOD))
    result = ouroboros("refactor", "add hints", "-t", "calc.py", "--mock", str(mock), cwd=repo)
    assert result.code == 0
    out = result.stdout
    for text in ("Compressor", "Reasoner", "Builder", "Gate", "attempt 1 rejected", "risk",
                 "+def add(a: int, b: int) -> int:", "ouroboros apply"):
        assert text in out, text


def _run_in_terminal(repo: Path, args: list[str], keys: bytes) -> tuple[int, str]:
    """Run the CLI with a pseudo-terminal as stdin/stdout (so it asks), typing `keys`."""
    import pty
    import select

    master, slave = pty.openpty()
    proc = subprocess.Popen([OUROBOROS, *args], cwd=repo, stdin=slave, stdout=slave, stderr=slave,
                            env={**os.environ, "COLUMNS": "120", "TERM": "xterm"})
    os.close(slave)
    output = b""
    sent = False
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if not sent and b"Apply this hunk" in output:
            os.write(master, keys)
            sent = True
    code = proc.wait(timeout=30)
    os.close(master)
    return code, output.decode("utf-8", "replace")


def test_terminal_review_accepts_a_hunk_and_commits(repo: Path, tmp_path: Path) -> None:
    mock = script(tmp_path, ("builder", GOOD))
    code, out = _run_in_terminal(repo, ["refactor", "hints", "-t", "calc.py", "--mock", str(mock)], b"y\n")
    assert code == 0, out
    assert "Apply this hunk [y,n,a,d,q,e,?]" in out and "applied 1 hunk(s) in commit" in out
    assert (repo / "calc.py").read_text().startswith("def add(a: int, b: int) -> int:")
    assert "Ouroboros-Run:" in git(repo, "log", "-1", "--format=%B")


def test_terminal_review_rejecting_everything_writes_nothing(repo: Path, tmp_path: Path) -> None:
    mock = script(tmp_path, ("builder", GOOD))
    code, out = _run_in_terminal(repo, ["refactor", "hints", "-t", "calc.py", "--mock", str(mock)], b"n\n")
    assert code == 0, out
    assert "every hunk rejected" in out
    assert status(repo) == "" and git(repo, "log", "--format=%s").splitlines()[0] == "code"


def test_square_brackets_in_tasks_and_errors_are_shown_not_read_as_markup(repo: Path, tmp_path: Path) -> None:
    # Rich reads "[...]" as markup: "[/]" in a task crashed the CLI with a traceback, and a config
    # error naming the section [pipelin] lost the section name.
    mock = script(tmp_path, ("builder", GOOD))
    result = ouroboros("refactor", "use list[str] and fix [/] bug", "-t", "calc.py", "--mock", str(mock), cwd=repo)
    assert result.code == 0 and "Traceback" not in result.stderr  # an escaping exception fails here too
    assert "use list[str] and fix [/] bug" in result.stdout
    (repo / "ouroboros.toml").write_text("[pipelin]\nmax_risk = 0.5\n")
    for command in (["refactor", "x", "-t", "calc.py"], ["config", "show"]):
        result = ouroboros(*command, cwd=repo)
        assert result.code == 2 and "unknown section [pipelin]" in result.stderr, result.stderr


@pytest.mark.parametrize("content", ["not json\n", '{"role": "critic", "text": "x"}\n', '["builder", "x"]\n'])
def test_malformed_mock_script_is_a_usage_error_before_any_run(repo: Path, tmp_path: Path, content: str) -> None:
    mock = tmp_path / "mock.jsonl"
    mock.write_text(content)
    code, doc, _ = refactor(repo, mock)
    assert code == 2 and str(mock) in doc["error"] and "line 1" in doc["error"]
    assert not (repo / ".ouroboros" / "runs").exists() and status(repo) == ""
