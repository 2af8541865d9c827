"""`apply`, `status`, `list-runs`, `undo`, `verify` through the CLI on real temp repos: a pending run
made by `refactor --mock`, then reviewed, applied, listed, verified and undone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import git
from tests.run_cli import ouroboros
from tests.vcs.helpers import make_run, numbered

OUROBOROS = str(Path(sys.executable).parent / "ouroboros")
CALC = "def add(a, b):\n    return a + b\n" + "\n\n# padding\n" * 6 + "\ndef sub(a, b):\n    return a - b\n"


def block(path: str, search: str, replace: str) -> str:
    return f"{path}\n<<<<<<< SEARCH\n{search}=======\n{replace}>>>>>>> REPLACE\n"


def cli(repo: Path, *args: str) -> tuple[int, str]:
    result = ouroboros(*args, "--repo", str(repo), columns=160)
    return result.code, result.stdout


def cli_json(repo: Path, *args: str) -> tuple[int, dict[str, Any]]:
    code, out = cli(repo, *args, "--json")
    return code, json.loads(out)


@pytest.fixture
def pending(git_repo: Path, tmp_path: Path) -> tuple[Path, str]:
    """A pending two-hunk run made by the real `ouroboros refactor --mock` (no terminal: pending)."""
    (git_repo / "calc.py").write_text(CALC)
    git(git_repo, "add", "calc.py")
    git(git_repo, "commit", "-q", "-m", "calc")
    edits = (block("calc.py", "def add(a, b):\n", "def add(a: int, b: int) -> int:\n")
             + block("calc.py", "def sub(a, b):\n", "def sub(a: int, b: int) -> int:\n"))
    mock = tmp_path / "mock.jsonl"
    mock.write_text(json.dumps({"role": "builder", "text": edits}) + "\n")
    result = ouroboros("refactor", "add type hints", "-t", "calc.py", "--mock", str(mock), "--json", cwd=git_repo)
    assert result.code == 0, result.stderr
    return git_repo, result.json()["run_id"]


def test_apply_needs_a_selection(pending: tuple[Path, str]) -> None:
    repo, run_id = pending
    code, out = cli_json(repo, "apply", run_id)
    assert code == 2 and "--all" in out["error"] and "--hunks 1,3" in out["error"]
    code, out = cli_json(repo, "apply", run_id, "--hunks", "7")
    assert code == 2 and "hunks 1-2" in out["error"]
    code, out = cli_json(repo, "apply", "gen_nope")
    assert code == 2


def test_review_apply_list_verify_undo(pending: tuple[Path, str]) -> None:
    repo, run_id = pending
    code, doc = cli_json(repo, "status", run_id)
    assert code == 0 and doc["status"] == "pending" and len(doc["run"]["patch"]["files"][0]["hunks"]) == 2

    code, doc = cli_json(repo, "apply", run_id, "--hunks", "2")
    assert code == 0 and doc["hunk_numbers"] == [2] and doc["files"] == ["calc.py"]
    committed = git(repo, "show", "HEAD:calc.py")
    assert "def sub(a: int, b: int) -> int:" in committed and "def add(a, b):" in committed
    assert f"Ouroboros-Run: {run_id}" in git(repo, "log", "-1", "--format=%B")

    code, doc = cli_json(repo, "status", "--latest")
    assert code == 0 and doc["status"] == "applied" and doc["commit"] == git(repo, "rev-parse", "HEAD").strip()

    code, out = cli(repo, "list-runs")
    assert code == 0 and run_id in out and "applied" in out and "1/2" in out
    code, doc = cli_json(repo, "list-runs", "--limit", "5")
    assert [r["run_id"] for r in doc["runs"]] == [run_id]

    code, out = cli(repo, "verify")
    assert code == 0 and "verified" in out
    code, out = cli(repo, "verify", "HEAD~1")
    assert code == 2 and "no Ouroboros-Run trailer" in out
    code, doc = cli_json(repo, "verify", "HEAD~1")
    assert code == 2 and doc["ok"] is False and "no Ouroboros-Run trailer" in doc["error"]

    code, out = cli(repo, "undo", run_id)
    assert code == 0 and "undone" in out
    code, out = cli(repo, "verify")
    assert code == 2 and f"undo of run {run_id}" in out
    assert (repo / "calc.py").read_text() == CALC
    code, doc = cli_json(repo, "status", run_id)
    assert doc["status"] == "undone" and doc["commit_info"]["undo"]["revert_commit"]


def test_apply_refused_when_file_changed_exits_3(pending: tuple[Path, str]) -> None:
    repo, run_id = pending
    (repo / "calc.py").write_text(CALC + "# my edit\n")
    code, doc = cli_json(repo, "apply", run_id, "--all")
    assert code == 3 and "calc.py changed since" in doc["error"] and "Regenerate" in doc["error"]
    assert (repo / "calc.py").read_text().endswith("# my edit\n")


def test_verify_exit_1_after_tampering(pending: tuple[Path, str]) -> None:
    repo, run_id = pending
    assert cli(repo, "apply", run_id, "--all")[0] == 0
    artifact = repo / ".ouroboros" / "runs" / run_id / "artifact_metadata.json"
    artifact.write_text(artifact.read_text().replace('"status": "applied"', '"status": "pending"'))
    code, doc = cli_json(repo, "verify")
    assert code == 1 and not doc["ok"] and any("does not match" in p for p in doc["problems"])


def test_undo_conflict_exits_3_and_leaves_everything(git_repo: Path) -> None:
    (git_repo / "a.py").write_text(numbered(20))
    git(git_repo, "add", "a.py")
    git(git_repo, "commit", "-qm", "a")
    run = make_run(git_repo, {"a.py": numbered(20).replace("v5 = 5", "v5 = 50")})
    assert cli(git_repo, "apply", run.run_id, "--all")[0] == 0
    (git_repo / "a.py").write_text((git_repo / "a.py").read_text().replace("v5 = 50", "v5 = 500"))
    git(git_repo, "commit", "-qam", "mine")
    head = git(git_repo, "rev-parse", "HEAD")
    code, _ = cli(git_repo, "undo", run.run_id)
    assert code == 3
    assert git(git_repo, "rev-parse", "HEAD") == head and git(git_repo, "status", "--porcelain") == ""


def test_not_a_repository_exits_2(tmp_path: Path) -> None:
    code, doc = cli_json(tmp_path, "list-runs")
    assert code == 2 and "not inside a git repository" in doc["error"]
    code, _ = cli(tmp_path, "verify")
    assert code == 2


def test_list_runs_human_table_on_empty_history(git_repo: Path) -> None:
    code, out = cli(git_repo, "list-runs")
    assert code == 0 and "no runs yet" in out
    # The history index it created sits in the ignored run folder: `git status` stays clean.
    assert (git_repo / ".ouroboros" / "history.sqlite3").is_file()
    assert git(git_repo, "status", "--porcelain", "--untracked-files=all") == ""


def test_undo_of_a_run_on_an_untracked_file_gives_the_users_file_back(git_repo: Path, tmp_path: Path) -> None:
    # The user's own file, never committed: apply commits it as the run leaves it (docs/apply.md);
    # undoing that commit must not delete the user's text with it.
    mine = "def mul(a, b):\n    return a * b\n"
    (git_repo / "mine.py").write_text(mine)
    mock = tmp_path / "mock.jsonl"
    mock.write_text(json.dumps({"role": "builder",
                                "text": block("mine.py", "def mul(a, b):\n", "def mul(a: int, b: int):\n")}) + "\n")
    result = ouroboros("refactor", "hints", "-t", "mine.py", "--mock", str(mock), "--auto-apply", "--json",
                       cwd=git_repo)
    doc = result.json()
    assert result.code == 0 and doc["status"] == "applied", result.stdout
    code, _ = cli(git_repo, "undo", doc["run_id"])
    assert code == 0
    assert (git_repo / "mine.py").read_text() == mine
    assert git(git_repo, "status", "--porcelain") == "?? mine.py\n"


@pytest.mark.parametrize("args", [["list-runs", "--limit", "0"], ["list-runs", "--limit", "x"], ["validate"],
                                  ["refactor"], ["status", "--nope"]])
def test_a_bad_flag_with_json_still_prints_one_json_document(git_repo: Path, args: list[str]) -> None:
    # Click rejects these before any command runs; --json still owns stdout.
    result = ouroboros(*args, "--json", cwd=git_repo)
    assert result.code == 2
    doc = result.json()
    assert doc["ok"] is False and doc["exit_code"] == 2 and doc["error"]
    assert "Traceback" not in result.stderr and doc["error"] in result.stderr


def test_the_installed_command_exits_2_with_one_json_document_on_a_bad_flag(git_repo: Path) -> None:
    # The console script itself (not main() in-process): its exit status is what scripts see.
    proc = subprocess.run([OUROBOROS, "list-runs", "--limit", "x", "--json"], cwd=git_repo, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert json.loads(proc.stdout)["exit_code"] == 2


def test_an_ignored_file_is_never_committed(git_repo: Path, tmp_path: Path) -> None:
    # A file the user keeps out of git on purpose (secrets, local settings): the commit would add it
    # whole. Refused (exit 3), as `git add` refuses it without -f; nothing changes.
    (git_repo / ".gitignore").write_text("local_settings.py\nbuild/\n")
    git(git_repo, "add", ".gitignore")
    git(git_repo, "commit", "-qm", "ignore")
    (git_repo / "local_settings.py").write_text("TOKEN = 'secret'\n")
    edits = {"local_settings.py": block("local_settings.py", "TOKEN = 'secret'\n", "TOKEN = 'other'\n"),
             "build/gen.py": block("build/gen.py", "", "x = 1\n")}
    for target, text in edits.items():
        mock = tmp_path / "mock.jsonl"
        mock.write_text(json.dumps({"role": "builder", "text": text}) + "\n")
        head = git(git_repo, "rev-parse", "HEAD")
        result = ouroboros("refactor", "edit", "-t", "local_settings.py", "--mock", str(mock), "--auto-apply",
                           "--max-risk", "1", "--json", cwd=git_repo)
        doc = result.json()
        assert result.code == 3 and doc["status"] == "pending", (target, result.stdout)
        assert "ignored by git" in doc["note"]
        assert git(git_repo, "rev-parse", "HEAD") == head and git(git_repo, "ls-files") == ".gitignore\nREADME.md\n"
        assert (git_repo / "local_settings.py").read_text() == "TOKEN = 'secret'\n"
        assert not (git_repo / "build").exists()
