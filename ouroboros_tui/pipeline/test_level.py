"""The `tests` gate level: the repository's own test command on HEAD + the candidate change, in an
isolated `git worktree` under .ouroboros/worktrees/tests.

Never the user's work tree: their uncommitted and staged work is not in the worktree (the change is
rebased onto HEAD's version of each file), and nothing there or in their index changes. The worktree
is created once and reset (checkout + clean) before each attempt; `node_modules` at the repo root,
being ignored and slow to rebuild, is linked in. The baseline (the command on HEAD alone) is run once
per HEAD sha and command, and cached under .ouroboros/test-baselines/, so a test that already failed
does not block.

A run that must write nothing (`refactor --dry-run`) still runs the level, in a throwaway worktree
(`.ouroboros/worktrees/dry-run-<random>`) removed at the end of the run with its registration under
.git/worktrees and any folder it had to make: it reads a cached baseline but writes none, takes no
lock, and leaves the reused worktree alone.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import subprocess
import threading
from dataclasses import asdict
from pathlib import Path

from ouroboros_tui.gate.findings import Finding, LevelResult
from ouroboros_tui.gate.test_output import CommandRun, read_report, run_command, trimmed
from ouroboros_tui.patch.hunks import HunkConflict, make_patch, rebase_hunks

WORKTREE = Path(".ouroboros") / "worktrees" / "tests"
BASELINES = Path(".ouroboros") / "test-baselines"
_LINKED = ("node_modules",)


class TestLevelError(Exception):
    """The worktree could not be prepared; the level is skipped with this reason."""


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise TestLevelError(f"`git {' '.join(args)}` failed: {done.stderr.strip()[:300]}")
    return done.stdout


class TestLevel:
    def __init__(self, repo: Path, command: str, timeout_s: float, *, throwaway: bool = False,
                 cancel: threading.Event | None = None) -> None:
        self.repo = repo
        self.cancel = cancel
        self.command = command
        self.timeout_s = timeout_s
        self.throwaway = throwaway
        self.path = repo / WORKTREE
        self._head: str | None = None
        self._made: list[Path] = []  # folders a throwaway worktree made, removed with it
        self._baseline: dict[str, object] | None = None
        if throwaway:
            self.path = repo / WORKTREE.parent / f"dry-run-{secrets.token_hex(4)}"

    # -- the worktree -----------------------------------------------------------------------------
    def head(self) -> str:
        if self._head is None:
            try:
                self._head = _git(self.repo, "rev-parse", "--verify", "HEAD^{commit}").strip()
            except TestLevelError:
                raise TestLevelError("the repository has no commit yet: the tests level needs HEAD") from None
        return self._head

    def _reset(self) -> None:
        """The worktree at HEAD, with nothing left from a previous attempt."""
        sha = self.head()
        if self.throwaway:
            self._make_parents()
        else:
            (self.repo / ".ouroboros").mkdir(exist_ok=True)
            ignore = self.repo / ".ouroboros" / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Ouroboros run data: local provenance, never committed.\n*\n", encoding="utf-8")
        if (self.path / ".git").exists():
            try:
                _git(self.path, "checkout", "--force", "--detach", sha)
            except TestLevelError:  # not a worktree of this repository any more (deleted, moved, broken)
                shutil.rmtree(self.path, ignore_errors=True)
        if not (self.path / ".git").exists():
            shutil.rmtree(self.path, ignore_errors=True)
            if not self.throwaway:  # a dry run leaves others' stale registrations as they are
                _git(self.repo, "worktree", "prune")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _git(self.repo, "worktree", "add", "--force", "--detach", str(self.path), sha)
        _git(self.path, "clean", "-fdxq", *[arg for name in _LINKED for arg in ("-e", f"/{name}")])
        for name in _LINKED:
            source, link = self.repo / name, self.path / name
            if source.is_dir() and not link.exists():
                link.symlink_to(source, target_is_directory=True)

    def _make_parents(self) -> None:
        """The throwaway's parent folders, each one made remembered so that close() removes it."""
        for folder in reversed(self.path.relative_to(self.repo).parents[:-1]):
            target = self.repo / folder
            if not target.exists():
                target.mkdir()
                self._made.append(target)

    def _write(self, changes: dict[str, tuple[str | None, str]]) -> None:
        """HEAD's version of each file with the change's hunks on it (the user's own edits left out)."""
        sha = self.head()
        for path, (before, after) in changes.items():
            head_text = self._head_text(sha, path)
            if head_text == before or head_text is None:
                text = after
            else:
                patch = make_patch({path: (before, after)})
                try:
                    text = rebase_hunks(head_text, patch.files[0].hunks, path)
                except HunkConflict as exc:
                    raise TestLevelError(f"{path}: the change touches lines you edited but have not committed, "
                                         "so it cannot be tested on HEAD alone") from exc
            target = self.path / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))

    def _head_text(self, sha: str, path: str) -> str | None:
        done = subprocess.run(["git", "show", f"{sha}:{path}"], cwd=self.repo, capture_output=True,
                              stdin=subprocess.DEVNULL)
        return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None

    def _env(self) -> dict[str, str]:
        """The user's environment, with the worktree first on PYTHONPATH so an editable install of the
        user's tree does not shadow the copy under test."""
        env = dict(os.environ)
        paths = [str(self.path)] + ([str(self.path / "src")] if (self.path / "src").is_dir() else [])
        env["PYTHONPATH"] = os.pathsep.join(paths + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
        return env

    def _run(self) -> CommandRun:
        run = run_command(self.command, str(self.path), self.timeout_s, self._env(), cancel=self.cancel)
        if run.cancelled:  # the run stops after this level (the builder checks the flag); nothing cached
            raise TestLevelError("the run was cancelled; tests stopped")
        return run

    # -- baseline ---------------------------------------------------------------------------------
    def baseline(self) -> dict[str, object]:
        """The command on HEAD alone: cached on disk per HEAD and command; a throwaway reads the cache
        but keeps its own baseline in memory only."""
        if self._baseline is not None:
            return self._baseline
        key = hashlib.sha256(self.command.encode()).hexdigest()[:12]
        cache = self.repo / BASELINES / f"{self.head()}-{key}.json"
        if cache.is_file():
            try:
                self._baseline = dict(json.loads(cache.read_text(encoding="utf-8")))
                return self._baseline
            except ValueError:
                pass
        self._reset()
        run = self._run()
        report = read_report(run.output)
        data: dict[str, object] = {"command": self.command, "exit_code": run.exit_code, "timed_out": run.timed_out,
                                   "seconds": round(run.seconds, 3), **asdict(report)}
        if not self.throwaway:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_text(json.dumps(data, indent=1), encoding="utf-8")
        self._baseline = data
        return data

    # -- the level --------------------------------------------------------------------------------
    def check(self, changes: dict[str, tuple[str | None, str]]) -> LevelResult:
        """HEAD + `changes` through the test command. Runs in other processes on the same repository
        (the TUI and a CLI run) take turns: one worktree, one lock. A throwaway is this run's alone."""
        if self.throwaway:
            return self._check(changes)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with (self.path.parent / "tests.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                return self._check(changes)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _check(self, changes: dict[str, tuple[str | None, str]]) -> LevelResult:
        result = LevelResult("tests", checkers=[self.command])
        try:
            base = self.baseline()
            self._reset()
            self._write(changes)
        except TestLevelError as exc:
            result.status, result.detail = "skip", str(exc)
            return result
        except OSError as exc:  # e.g. .ouroboros is a file, or the disk is full
            result.status, result.detail = "skip", f"the tests worktree could not be prepared: {exc}"
            return result
        if base.get("timed_out"):
            result.status = "skip"
            result.detail = (f"`{self.command}` does not finish in {self.timeout_s:g} s on HEAD either; tests not "
                             "checked (raise [gate] test_timeout_s)")
            return result
        if base.get("exit_code") in (126, 127):  # the shell's "cannot execute" / "command not found"
            result.status = "skip"
            result.detail = (f"`{self.command}` could not be run (exit {base.get('exit_code')}: not found or not "
                             "executable); set [gate] test_command to a command that runs your tests")
            return result
        try:
            run = self._run()
        except TestLevelError as exc:
            result.status, result.detail = "skip", str(exc)
            return result
        result.ms = run.seconds * 1000
        report = read_report(run.output)
        result.count = report.passed
        if run.timed_out:
            result.status = "fail"
            result.detail = (f"`{self.command}` did not finish in {self.timeout_s:g} s with the change (it does on "
                             "HEAD) and was stopped: the change probably makes a test hang")
            result.findings.append(Finding("tests", "", 0, 0, "tests-timeout", result.detail,
                                           line_text="\n".join(trimmed(run.output, 15))))
            return result
        old = set(base.get("failing") or [])  # type: ignore[call-overload]
        result.preexisting = len(old & set(report.failing))
        if run.exit_code == 0:
            result.detail = f"`{self.command}` passed in {run.seconds:.1f} s"
            return result
        new = [name for name in report.failing if name not in old]
        if not new and report.failing:
            result.detail = f"only tests that already fail on HEAD failed ({', '.join(report.failing[:5])})"
            return result
        if not report.failing and base.get("exit_code") == run.exit_code:
            result.detail = (f"`{self.command}` fails on HEAD too (exit {run.exit_code}) and names no tests Ouroboros "
                             "can read; not blocking")
            result.warnings.append(Finding("tests", "", 0, 0, "tests-unreadable", result.detail))
            return result
        result.status = "fail"
        names = new or [f"exit code {run.exit_code}"]
        result.detail = f"{len(names)} test(s) fail with the change: {', '.join(names[:5])}"
        details = "\n".join(trimmed(run.output))
        for name in names[:20]:
            result.findings.append(Finding("tests", "", 0, 0, "test-failed", f"{name} fails", symbol=name,
                                           line_text=details))
        return result

    def close(self) -> None:
        """Remove the worktree (its registration too; git removes .git/worktrees when it is left
        empty). The reused one is kept between runs otherwise, for speed; a throwaway's folders go too."""
        if (self.path / ".git").exists():
            with contextlib.suppress(OSError):
                subprocess.run(["git", "worktree", "remove", "--force", str(self.path)], cwd=self.repo,
                               capture_output=True, stdin=subprocess.DEVNULL)
        if self.throwaway:
            shutil.rmtree(self.path, ignore_errors=True)  # a checkout that failed half way
            for folder in reversed(self._made):
                with contextlib.suppress(OSError):  # not empty: another run's worktree is there now
                    folder.rmdir()
            self._made = []


def tests_report(result: LevelResult) -> str:
    """The failed tests level worded for the model: which tests, and the assertion/traceback lines."""
    lines = [f"the repository's tests fail with this change ({result.detail}):"]
    names = [f.symbol for f in result.findings if f.symbol]
    if names:
        lines.append("  failing tests: " + ", ".join(names[:20]))
    detail = next((f.line_text for f in result.findings if f.line_text), "")
    if detail:
        lines.append("  output:")
        lines.extend("    " + line for line in detail.splitlines())
    return "\n".join(lines)
