"""Issue 12's friction list, through the real CLI: each confusing input gets a clear message and
the right exit code before any run starts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ouroboros_tui.cli import app
from ouroboros_tui.config import ConfigError, load_settings
from tests.conftest import git, write_mock_script


def refactor(repo: Path, *args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(app, ["refactor", "do it", *args, "--json", "--repo", str(repo)])
    return result.exit_code, json.loads(result.stdout)


def _no_runs(repo: Path) -> bool:
    runs = repo / ".ouroboros" / "runs"
    return not runs.exists() or not any(runs.iterdir())


def test_a_bare_repository_is_named_as_such(tmp_path: Path) -> None:
    bare = tmp_path / "bare.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    code, doc = refactor(bare, "-t", "x.py")
    assert code == 2 and "bare repository" in doc["error"] and "git init" not in doc["error"]


def test_a_symlinked_target_is_refused_before_the_run(git_repo: Path, tmp_path: Path) -> None:
    (git_repo / "real.py").write_text("a = 1\n")
    (git_repo / "alias.py").symlink_to("real.py")
    mock = write_mock_script(tmp_path, ("builder", "real.py\n<<<<<<< SEARCH\na = 1\n=======\na = 2\n>>>>>>> REPLACE\n"))
    code, doc = refactor(git_repo, "-t", "alias.py", "--mock", str(mock))
    assert code == 3 and "symbolic link" in doc["error"]
    assert _no_runs(git_repo)


def test_an_empty_mock_script_is_a_usage_error_like_other_malformed_ones(git_repo: Path, tmp_path: Path) -> None:
    mock = tmp_path / "empty.jsonl"
    mock.write_text("\n")
    code, doc = refactor(git_repo, "-t", "README.md", "--mock", str(mock))
    assert code == 2 and "no responses" in doc["error"]
    assert _no_runs(git_repo)


def test_an_ouroboros_toml_folder_is_an_error_not_ignored(tmp_path: Path) -> None:
    (tmp_path / "ouroboros.toml").mkdir()
    with pytest.raises(ConfigError, match="not a file"):
        load_settings(tmp_path, use_user_file=False)
