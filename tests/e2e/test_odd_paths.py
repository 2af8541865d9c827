"""Paths a model may name that the work tree cannot take: through a file (`calc.py/x.py`), a
directory, inside a nested repository or submodule, through a `.git` folder. Each is refused with
its reason (fed back to the model, then exit 3), never a traceback, and nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ouroboros_tui.cli import app
from tests.conftest import git
from tests.vcs.helpers import snapshot


def create(path: str) -> str:
    return f"{path}\n<<<<<<< SEARCH\n=======\nx = 2\n>>>>>>> REPLACE\n"


@pytest.fixture
def repo(git_repo: Path) -> Path:
    (git_repo / "calc.py").write_text("def add(a, b):\n    return a + b\n")
    (git_repo / "pkg").mkdir()
    (git_repo / "pkg" / "m.py").write_text("y = 1\n")
    nested = git_repo / "vendor"
    nested.mkdir()
    git(nested, "init", "-q")
    (nested / "lib.py").write_text("z = 1\n")
    git(git_repo, "add", "calc.py", "pkg")
    git(git_repo, "commit", "-q", "-m", "base")
    return git_repo


@pytest.mark.parametrize(("path", "reason"), [
    ("calc.py/x.py", "calc.py is a file, not a folder"),
    ("pkg", "a directory, not a file"),
    ("vendor/lib.py", "nested repository"),
    ("vendor/.git/hooks/post-commit", ".git"),
    ("pkg/.git/config", ".git"),
])
def test_a_path_the_tree_cannot_take_is_refused(repo: Path, tmp_path: Path, path: str, reason: str) -> None:
    mock = tmp_path / "mock.jsonl"
    mock.write_text("".join(json.dumps({"role": "builder", "text": create(path)}) + "\n" for _ in range(5)))
    before = snapshot(repo)
    result = CliRunner().invoke(app, ["refactor", "add x", "-t", "calc.py", "--mock", str(mock), "--json",
                                      "--repo", str(repo)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    doc = json.loads(result.stdout)
    assert result.exit_code == 3 and doc["status"] == "refused", doc
    assert reason in json.dumps(doc["details"]), doc["details"]
    assert snapshot(repo) == before
    assert not (repo / "vendor" / ".git" / "hooks" / "post-commit").exists()
