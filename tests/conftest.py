"""Suite-wide setup: never touch the network, never read the developer's own config."""

from __future__ import annotations

import json
import os
import shutil

# Set before anything imports huggingface_hub / transformers.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import subprocess
from pathlib import Path

import pytest

# Session-scoped tiny random models (built once, offline) live in tests/fixtures/tiny_models.py.
pytest_plugins = ["tests.fixtures.tiny_models"]

TINY_MODELS = {"tiny_qwen_dir", "tiny_diffusion_gemma_dir"}


@pytest.hookimpl(tryfirst=True)  # before `-m "not slow"` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that needs a tiny model is in the slow tier (docs/testing.md): building or loading real
    weights imports torch and transformers and costs seconds before the test starts."""
    for item in items:
        if TINY_MODELS & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _isolated_user_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets an empty per-user config dir and no OUROBOROS_* variables."""
    home = tmp_path_factory.mktemp("user-config")
    monkeypatch.setenv("OUROBOROS_CONFIG_HOME", str(home))
    for name in list(os.environ):
        if name.startswith("OUROBOROS_") and name != "OUROBOROS_CONFIG_HOME":
            monkeypatch.delenv(name)


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` and return stdout (raises on failure)."""
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="session")
def _git_repo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("git-repo-template") / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test User")
    git(repo, "config", "user.email", "test@example.com")
    git(repo, "config", "commit.gpgsign", "false")
    (repo / "README.md").write_text("# test repo\n")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "initial")
    return repo


@pytest.fixture
def git_repo(tmp_path: Path, _git_repo_template: Path) -> Path:
    """A fresh repository with one commit and a configured identity.

    A copy of one made once per session: a few hundred tests take this fixture, and its six git
    starts cost ~4 times the copy. Each test still gets its own repository to change.
    """
    repo = tmp_path / "repo"
    shutil.copytree(_git_repo_template, repo, symlinks=True)
    # The index holds each file's inode and ctime, which the copy changed: refresh it so the copy is
    # clean to every git command (`ls-files -m` and `diff-files` do not refresh on their own).
    git(repo, "update-index", "-q", "--refresh")
    return repo


def write_mock_script(folder: Path, *lines: tuple[str, str]) -> Path:
    """A scripted-backend file (the mock-script format of docs/models.md): one (role, text) answer per line."""
    path = folder / "mock.jsonl"
    path.write_text("".join(json.dumps({"role": role, "text": text}) + "\n" for role, text in lines))
    return path
