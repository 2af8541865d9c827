"""`ouroboros bench` and `bench compare` end to end: the real CLI in a subprocess, real temp git repos,
real hidden test runs. Few tasks per call, to keep the file quick.

The fast tier keeps one bench run (the oracle JSON test), the usage errors and `compare`'s error path
(these two in-process: refused before any task runs). The other runs, a few seconds each (a CLI start,
a temp repo and a hidden-test run per task), are in the slow tier; the scripts' causes and totals are
also unit-tested in test_causes.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ouroboros_tui.bench.suite import load_suite
from tests.conftest import git
from tests.run_cli import ouroboros

OUROBOROS = str(Path(sys.executable).parent / "ouroboros")
CORE = load_suite("core")


def bench(cwd: Path, *args: str, tmpdir: Path | None = None) -> tuple[int, Any, str]:
    env = {**os.environ, "TMPDIR": str(tmpdir or cwd), "COLUMNS": "120"}
    proc = subprocess.run([OUROBOROS, "bench", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)
    doc = json.loads(proc.stdout) if "--json" in args else proc.stdout
    return proc.returncode, doc, proc.stderr


def ids_with(script: str, language: str = "python") -> list[str]:
    return [t.id for t in CORE.tasks if (t.folder / script).is_file() and t.language == language]


def test_oracle_json_is_one_document_saved_in_the_repo(git_repo: Path) -> None:
    code, doc, _ = bench(git_repo, "--oracle", "--tasks", "1,27", "--json")
    assert code == 0
    assert [t["id"] for t in doc["tasks"]] == [CORE.tasks[0].id, CORE.tasks[26].id]
    assert doc["pass_at_1"] == doc["pass_at_n"] == 1.0
    assert all(t["outcome"] == "passed" and t["fails_untouched"] for t in doc["tasks"])
    assert doc["settings"]["oracle"] is True and doc["settings"]["max_retry_attempts"] == 3
    assert doc["versions"]["python"] and "ouroboros-tui" in doc["versions"]
    saved = Path(doc["saved_to"])
    assert doc["saved_in"] == "repo" and saved.parent == git_repo / ".ouroboros" / "bench"
    assert json.loads(saved.read_text())["bench_id"] == doc["bench_id"]
    assert git(git_repo, "status", "--porcelain") == ""  # .ouroboros/ ignores itself


@pytest.mark.slow
def test_retry_scripts_show_the_self_healing_gain_and_each_cause(tmp_path: Path) -> None:
    chosen = ["01-rename-with-callers", "02-extract-function", "04-add-caching"]
    code, doc, _ = bench(tmp_path, "--script", "retry", "--tasks", ",".join(chosen), "--json")
    assert code == 0
    assert doc["pass_at_1"] == 0.0 and doc["pass_at_n"] == 1.0
    assert doc["totals"]["self_healing_gain"] == 1.0
    assert doc["totals"]["gate_refusals"] == {"syntax": 1}
    assert doc["totals"]["answer_failures"] == {"no_match": 1, "unparsed": 1}
    assert [t["accepted_attempt"] for t in doc["tasks"]] == [2, 2, 2]
    assert doc["saved_in"] == "temp" and Path(doc["saved_to"]).parent == tmp_path / "ouroboros-bench"


@pytest.mark.slow
def test_with_one_attempt_the_failures_are_reported_by_cause(tmp_path: Path) -> None:
    code, out, _ = bench(tmp_path, "--script", "retry", "--tasks", "1,2,4", "--attempts", "1")
    assert code == 0  # the bench ran; the model (here a script) scored zero
    assert "pass@1 (first attempt)" in out and "0 %  (0/3)" in out
    assert "syntax 1" in out and "no_match 1" in out and "unparsed 1" in out
    assert "no_patch" in out


@pytest.mark.slow
def test_wrong_answers_are_caught_only_by_the_hidden_tests(tmp_path: Path) -> None:
    code, doc, _ = bench(tmp_path, "--script", "wrong", "--tasks", "3,7", "--json")
    assert code == 0
    assert doc["totals"]["wrong_applies"] == 2 and doc["pass_at_n"] == 0.0
    for task in doc["tasks"]:
        assert task["outcome"] == "wrong_apply" and task["accepted_attempt"] == 1
        assert task["tests"]["passed"] is False and "failed" in task["tests"]["output"]


@pytest.mark.slow
def test_a_users_suite_whose_oracle_never_passes_fails_the_self_test(tmp_path: Path) -> None:
    suite = tmp_path / "my-suite"
    shutil.copytree(CORE.tasks[6].folder, suite / "pagination")
    broken = json.dumps({"role": "builder", "text": "pages.py\n<<<<<<< SEARCH\n    start = page * size\n=======\n"
                                                   "    start = (page - 1 * size\n>>>>>>> REPLACE\n"})
    (suite / "pagination" / "oracle.jsonl").write_text((broken + "\n") * 2)
    code, doc, _ = bench(tmp_path, "--oracle", "--suite", str(suite), "--attempts", "2", "--json")
    assert code == 1
    (task,) = doc["tasks"]
    assert task["outcome"] == "no_patch" and task["gate_refusals"] == {"syntax": 2}
    assert doc["suite"]["name"] == "my-suite" and doc["suite"]["builtin"] is False


@pytest.mark.slow
def test_compare_names_what_changed(tmp_path: Path) -> None:
    assert bench(tmp_path, "--oracle", "--tasks", "7", "--json")[0] == 0
    assert bench(tmp_path, "--script", "wrong", "--tasks", "7", "--json")[0] == 0
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    proc = subprocess.run([OUROBOROS, "bench", "compare", "previous", "latest", "--json"], cwd=tmp_path,
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    diff = json.loads(proc.stdout)
    metrics = {m["metric"]: m for m in diff["metrics"]}
    assert metrics["pass_at_n"]["delta"] == -1.0 and metrics["pass_at_n"]["better"] is False
    assert metrics["wrong_applies"]["b"] == 1
    assert diff["tasks"] == [{"id": "07-fix-bug-pagination", "a": "passed", "b": "wrong_apply",
                              "a_attempt": 1, "b_attempt": 1}]
    assert any(row["key"] == "models.builder.model" for row in diff["settings"])
    human = subprocess.run([OUROBOROS, "bench", "compare", "previous", "latest"], cwd=tmp_path,
                           capture_output=True, text=True, env=env, timeout=60)
    assert "07-fix-bug-pagination: passed (1) → wrong_apply (1)" in human.stdout
    assert diff["same_tasks"] is True and "not comparable" not in human.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--suite", "no-such-suite"], "no shipped suite of that name"),
    (["--tasks", "99"], "not a range within 1-"),
    (["--tasks", "one"], "neither a number"),
    (["--script", "../x"], "give a script's name"),
    (["--script", "nothing"], "no selected task has a nothing.jsonl"),
    (["--attempts", "0"], "--attempts"),
])
def test_bad_input_is_a_usage_error_with_one_json_document(tmp_path: Path, args: list[str], message: str) -> None:
    # In-process (tests/run_cli.py): refused before any task runs, so an interpreter start per case
    # would be most of the test's time.
    result = ouroboros("bench", *args, "--json", cwd=tmp_path, env={"TMPDIR": str(tmp_path)})
    assert result.code == 2
    doc = result.json()
    assert doc["ok"] is False and message in doc["error"]


def test_compare_of_unknown_runs_says_what_exists(tmp_path: Path) -> None:
    result = ouroboros("bench", "compare", "nope", "latest", cwd=tmp_path, env={"TMPDIR": str(tmp_path)})
    assert result.code == 2 and "no such bench result" in result.stderr and "Traceback" not in result.stderr
