"""Every command that reads a run folder, on run folders damaged every way we could think of: a
message naming the file, exit 2 (bad run data) or 1, one JSON document under --json, never a
traceback, and nothing in the repository changed."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ouroboros_tui.apply.apply_run import apply_run
from ouroboros_tui.cli import app
from tests.conftest import git
from tests.vcs.helpers import make_run, settings, snapshot

ARTIFACT = "artifact_metadata.json"


def _rewrite(change: Callable[[dict[str, Any]], Any]) -> Callable[[Path], None]:
    def corrupt(path: Path) -> None:
        path.write_text(json.dumps(change(json.loads(path.read_text()))))

    return corrupt


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _directory(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "x").write_text("{}")


CORRUPTIONS: dict[str, Callable[[Path], None]] = {
    "truncated": _truncate,
    "not-json": lambda p: p.write_text("this is not json {"),
    "empty": lambda p: p.write_text(""),
    "not-utf8": lambda p: p.write_bytes(b"\xff\xfe{\x00"),
    "a-list": lambda p: p.write_text("[1, 2, 3]"),
    "a-string": lambda p: p.write_text('"hello"'),
    "null": lambda p: p.write_text("null"),
    "no-run-id": _rewrite(lambda d: {k: v for k, v in d.items() if k != "run_id"}),
    "metadata-a-string": _rewrite(lambda d: {**d, "metadata": "oops"}),
    "targets-a-string": _rewrite(lambda d: {**d, "metadata": {**d["metadata"], "targets": "calc.py"}}),
    "unknown-status": _rewrite(lambda d: {**d, "metadata": {**d["metadata"], "status": "exploded"}}),
    "patch-files-a-dict": _rewrite(lambda d: {**d, "patch": {"files": {"calc.py": 1}}}),
    "hunk-missing-keys": _rewrite(lambda d: {**d, "patch": {"files": [{**d["patch"]["files"][0],
                                                                       "hunks": [{"path": "calc.py"}]}]}}),
    "plan-a-list": _rewrite(lambda d: {**d, "plan": ["step"]}),
    "attempt-a-number": _rewrite(lambda d: {**d, "attempts": [7]}),
    "risk-score-a-string": _rewrite(lambda d: {**d, "risk": {"score": "high"}}),
    "file-mods-odd": _rewrite(lambda d: {**d, "file_modifications": [{"path": 3}]}),
    "a-directory": _directory,
}


def run_cli(repo: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--repo", str(repo)], env={"COLUMNS": "160"})
    # A traceback would show as an exception other than the SystemExit of a chosen exit code.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def one_json(stdout: str) -> dict[str, Any]:
    doc = json.loads(stdout)  # raises if there is anything but one document
    assert isinstance(doc, dict)
    return doc


@pytest.fixture
def repo(git_repo: Path) -> Path:
    (git_repo / "calc.py").write_text("def add(a, b):\n    return a + b\n")
    git(git_repo, "add", "calc.py")
    git(git_repo, "commit", "-q", "-m", "calc")
    return git_repo


# One damage of each kind stays in the fast tier (cut bytes, bad encoding, the wrong top-level type, a
# missing key, a bad nested record, a folder for a file); the rest of the sweep is in the slow tier.
FAST_DAMAGE = {"truncated", "not-utf8", "a-list", "no-run-id", "hunk-missing-keys", "a-directory"}


@pytest.mark.parametrize("damage", [d if d in FAST_DAMAGE else pytest.param(d, marks=pytest.mark.slow)
                                    for d in sorted(CORRUPTIONS)])
def test_pending_run_with_a_damaged_artifact(repo: Path, damage: str) -> None:
    run = make_run(repo, {"calc.py": "def add(a: int, b: int) -> int:\n    return a + b\n"})
    CORRUPTIONS[damage](repo / ".ouroboros" / "runs" / run.run_id / ARTIFACT)
    before = snapshot(repo)

    for command in (["status", run.run_id], ["status", "--latest"], ["apply", run.run_id, "--all"]):
        code, out, _ = run_cli(repo, *command, "--json")
        doc = one_json(out)
        assert code == 2 and doc["exit_code"] == 2 and not doc["ok"], (command, doc)
        assert ARTIFACT in doc["error"] and doc["error_type"] == "CorruptRun", doc
        code, _, err = run_cli(repo, *command)
        assert code == 2 and ARTIFACT in err and "error:" in err

    code, _, err = run_cli(repo, "undo", run.run_id)
    assert code == 2 and ARTIFACT in err
    code, out, _ = run_cli(repo, "list-runs", "--json")  # the index is a cache: it skips what it cannot read
    assert code == 0 and isinstance(one_json(out)["runs"], list)
    code, out, _ = run_cli(repo, "verify", "--json")  # HEAD is not ours: nothing to verify
    assert code == 2 and "error" in one_json(out)
    assert snapshot(repo) == before


@pytest.mark.parametrize("damage", ["truncated", "a-list", "no-run-id", "metadata-a-string", "a-directory"])
def test_applied_run_with_a_damaged_artifact(repo: Path, damage: str) -> None:
    run = make_run(repo, {"calc.py": "def add(a: int, b: int) -> int:\n    return a + b\n"})
    apply_run(repo, run, [h.id for h in run.patch.hunks], settings(repo))  # type: ignore[union-attr]
    CORRUPTIONS[damage](repo / ".ouroboros" / "runs" / run.run_id / ARTIFACT)
    before = snapshot(repo)

    code, out, _ = run_cli(repo, "verify", "--json")  # the artifact no longer matches its trailer
    doc = one_json(out)
    assert code == 1 and not doc["ok"] and doc["problems"], doc
    code, out, _ = run_cli(repo, "status", run.run_id, "--json")
    assert code == 2 and ARTIFACT in one_json(out)["error"]
    code, _, err = run_cli(repo, "undo", run.run_id)
    assert code == 2 and ARTIFACT in err
    assert snapshot(repo) == before


@pytest.mark.parametrize("content", ["{", "[]", '"x"', '{"commit": 5}', '{"undo": "yes"}'])
def test_damaged_commit_json_is_named_not_ignored(repo: Path, content: str) -> None:
    """Ignoring a damaged commit.json would make a committed run look pending (and its frozen
    artifact writable): every command names the file instead."""
    run = make_run(repo, {"calc.py": "def add(a: int, b: int) -> int:\n    return a + b\n"})
    apply_run(repo, run, [h.id for h in run.patch.hunks], settings(repo))  # type: ignore[union-attr]
    commit_json = repo / ".ouroboros" / "runs" / run.run_id / "commit.json"
    commit_json.write_text(content)
    before = snapshot(repo)
    for command in (["status", run.run_id, "--json"], ["apply", run.run_id, "--all", "--json"]):
        code, out, _ = run_cli(repo, *command)
        doc = one_json(out)
        assert code == 2 and "commit.json" in doc["error"], (command, doc)
    code, _, err = run_cli(repo, "undo", run.run_id)
    assert code == 2 and "commit.json" in err
    assert snapshot(repo) == before


def test_runs_folder_that_is_a_file_or_holds_junk(repo: Path) -> None:
    run = make_run(repo, {"calc.py": "x = 1\n"})
    runs = repo / ".ouroboros" / "runs"
    (runs / "stray-file").write_text("not a run")
    (runs / "empty-folder").mkdir()
    code, out, _ = run_cli(repo, "list-runs", "--json")
    assert code == 0 and [r["run_id"] for r in one_json(out)["runs"]] == [run.run_id]
    for odd in ("empty-folder", "..", ".", "../runs", "x" * 300):
        code, out, _ = run_cli(repo, "status", odd, "--json")
        assert code == 2 and "no run" in one_json(out)["error"], odd
    shutil.rmtree(runs)
    runs.write_text("a file where the runs folder belongs")
    for command in (["status", "--latest", "--json"], ["status", run.run_id, "--json"]):
        code, out, _ = run_cli(repo, *command)
        doc = one_json(out)
        assert code in (1, 2) and not doc["ok"], (command, doc)
    code, out, _ = run_cli(repo, "list-runs", "--json")  # served from the index, a cache of the folders
    assert code == 0 and one_json(out)["ok"]
