"""A throwaway git repository per task, and the hidden tests run inside it.

The copy is committed (the pipeline reads what git knows; apply commits on top of it). The hidden
tests are copied in only after the change, so neither the compressor nor the model ever sees them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ouroboros_tui.bench.suite import HIDDEN_DIR, SuiteError, Task

TEST_TIMEOUT_S = 120
_IDENTITY = {"GIT_AUTHOR_NAME": "ouroboros bench", "GIT_AUTHOR_EMAIL": "bench@ouroboros.invalid",
             "GIT_COMMITTER_NAME": "ouroboros bench", "GIT_COMMITTER_EMAIL": "bench@ouroboros.invalid"}


@dataclass
class TestRun:
    passed: bool
    returncode: int
    seconds: float
    output: str  # the tail, for the report

    __test__ = False  # not a pytest class


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, **_IDENTITY, "GIT_CONFIG_NOSYSTEM": "1"}
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise SuiteError(f"git {' '.join(args)} failed in the bench sandbox: {proc.stderr.strip()}")


def make_sandbox(task: Task, parent: Path | None = None) -> Path:
    """Copy the task's repo/ into a fresh temp folder and commit it as the first commit."""
    root = Path(tempfile.mkdtemp(prefix=f"ouroboros-bench-{task.id[:40]}-", dir=parent))
    repo = root / "repo"
    shutil.copytree(task.repo, repo, ignore=shutil.ignore_patterns("__pycache__", "node_modules", ".git"))
    _git(repo, "init", "-q", "-b", "main")
    for key, value in (("user.name", "ouroboros bench"), ("user.email", "bench@ouroboros.invalid"),
                       ("commit.gpgsign", "false"), ("core.hooksPath", "/dev/null")):
        _git(repo, "config", key, value)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", f"bench task {task.id}")
    return repo


def remove_sandbox(repo: Path) -> None:
    shutil.rmtree(repo.parent, ignore_errors=True)


def test_command(task: Task, repo: Path) -> list[str]:
    if task.test_command:
        return [sys.executable if part == "{python}" else part for part in task.test_command]
    if task.language == "python":
        import importlib.util

        if importlib.util.find_spec("pytest") is None:  # else every Python task would read as a wrong answer
            raise SuiteError(f"task {task.id}: its hidden tests run with pytest, which is not installed here; "
                             "pip install 'ouroboros-tui[bench]' (or pytest).")
        return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", HIDDEN_DIR]
    files = sorted(p.relative_to(repo).as_posix() for p in (repo / HIDDEN_DIR).rglob("*")
                   if p.is_file() and p.suffix in (".js", ".mjs", ".cjs"))
    return ["node", "--test", *files]


def run_hidden_tests(task: Task, repo: Path, timeout_s: float = TEST_TIMEOUT_S) -> TestRun:
    """Copy hidden/ into the sandbox and run the task's tests there; exit status 0 means passed."""
    import time

    target = repo / HIDDEN_DIR
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(task.hidden, target, ignore=shutil.ignore_patterns("__pycache__"))
    command = test_command(task, repo)
    # No third-party pytest plugins (the user's environment is not the task's), no bytecode litter.
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONDONTWRITEBYTECODE": "1",
           "NODE_OPTIONS": "", "PYTHONPATH": str(repo)}
    start = time.perf_counter()
    try:
        proc = subprocess.run(command, cwd=repo, capture_output=True, text=True, env=env, timeout=timeout_s,
                              check=False, stdin=subprocess.DEVNULL)
    except FileNotFoundError as exc:
        raise SuiteError(f"task {task.id}: cannot run its tests: {command[0]} is not installed "
                         f"({'node 18 or later' if task.language == 'javascript' else command[0]} is needed).") from exc
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        return TestRun(False, -1, time.perf_counter() - start, _tail(out + f"\ntimed out after {timeout_s:.0f} s"))
    return TestRun(proc.returncode == 0, proc.returncode, time.perf_counter() - start,
                   _tail(proc.stdout + proc.stderr))


def _tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])
