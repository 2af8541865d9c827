"""Gate levels benchmark. Every ratio is against a baseline measured in the same run, interleaved:

1. a 50-file change (50 real standard-library modules, a function added to each): the time each
   static level adds (semantic, security, both as a run does them) ÷ the syntax gate alone on the
   same change; and pyflakes in-process ÷ syntax, the alternative ruff was chosen over;
2. the tests level (isolated worktree reset, change written, test command, output read; baseline
   cached as from the second attempt on) ÷ running the same test command directly in the repo;
   plus the first attempt's cost (worktree created, baseline run on HEAD).

Run: .venv/bin/python benchmarks/gate_levels_bench.py [--repeats N]
"""

from __future__ import annotations

import argparse
import ast
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ouroboros_tui.gate import levels as levels_module  # noqa: E402
from ouroboros_tui.gate.levels import check_static  # noqa: E402
from ouroboros_tui.gate.test_output import run_command  # noqa: E402
from ouroboros_tui.gate.validator import SyntaxValidator  # noqa: E402
from ouroboros_tui.pipeline.test_level import TestLevel  # noqa: E402

STDLIB = Path(os.__file__).parent
ADDED = ("\n\ndef _bench_added(values):\n    total = 0\n    for value in values:\n        total += value\n"
         "    return total\n")


def fifty_file_change() -> dict[str, tuple[str | None, str]]:
    files: list[Path] = []
    for folder in ("json", "email", "http", "logging", "importlib", "asyncio", "concurrent/futures", "xml/dom"):
        files += sorted((STDLIB / folder).glob("*.py"))
    changes: dict[str, tuple[str | None, str]] = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        if 2_000 < len(text) < 120_000:
            changes[str(path.relative_to(STDLIB))] = (text, text + ADDED)
        if len(changes) == 50:
            break
    return changes


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def syntax_only(changes: dict[str, tuple[str | None, str]]) -> None:
    validator = SyntaxValidator()
    for path, (before, after) in changes.items():
        validator.validate_change(before, after, path=path)


def pyflakes_only(changes: dict[str, tuple[str | None, str]]) -> None:
    from pyflakes.checker import Checker

    for path, (before, after) in changes.items():
        for text in (before, after):
            if text is not None:
                Checker(ast.parse(text), filename=path)


def static_levels(repeats: int) -> None:
    changes = fifty_file_change()
    lines = sum(len(after.splitlines()) for _, after in changes.values())
    print(f"50-file change: {len(changes)} stdlib modules, {lines} lines after the change")
    def first(levels: list[str]) -> Callable[[], object]:
        """A run's first attempt: the files' findings before the change are not known yet."""
        return lambda: (levels_module._BEFORE.clear(), check_static(changes, levels))

    cases: dict[str, Callable[[], object]] = {
        "syntax": lambda: syntax_only(changes),
        "semantic": first(["semantic"]),
        "security": first(["security"]),
        "semantic+security (a run's first attempt)": first(["semantic", "security"]),
        "semantic+security (a retry: before-side cached)": lambda: check_static(changes, ["semantic", "security"]),
    }
    try:
        import pyflakes  # noqa: F401

        cases["pyflakes (in-process, semantic alternative)"] = lambda: pyflakes_only(changes)
    except ImportError:
        pass
    check_static(changes, ["security"])  # warm-up: imports detect-secrets' plugins once
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(repeats):
        for name, fn in cases.items():
            times[name].append(timed(fn))
    base = statistics.median(times["syntax"])
    print(f"{'level':46} {'median s':>9} {'added ÷ syntax':>15}")
    for name, values in times.items():
        median = statistics.median(values)
        added = "" if name == "syntax" else f"{median / base:15.2f}"
        print(f"{name:46} {median:9.3f} {added}")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def tests_level(repeats: int) -> None:
    with tempfile.TemporaryDirectory(prefix="ouroboros-bench-") as tmp:
        repo = Path(tmp)
        git(repo, "init", "-q", "-b", "main")
        git(repo, "config", "user.email", "b@example.com")
        git(repo, "config", "user.name", "bench")
        (repo / "calc.py").write_text("def add(a, b):\n    return a + b\n")
        tests = "".join(f"\n\ndef test_add_{i}():\n    assert add({i}, 1) == {i + 1}\n" for i in range(40))
        (repo / "test_calc.py").write_text("from calc import add\n" + tests)
        git(repo, "add", ".")
        git(repo, "commit", "-qm", "bench")
        command = f"PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 {sys.executable} -m pytest -q -p no:cacheprovider"
        change = {"calc.py": ("def add(a, b):\n    return a + b\n",
                              "def add(a: int, b: int) -> int:\n    return a + b\n")}
        level = TestLevel(repo, command, 300)
        first = timed(lambda: level.check(change))
        direct: list[float] = []
        gated: list[float] = []
        for _ in range(repeats):
            direct.append(timed(lambda: run_command(command, str(repo), 300)))
            gated.append(timed(lambda: TestLevel(repo, command, 300).check(change)))
        result = TestLevel(repo, command, 300).check(change)
        d, g = statistics.median(direct), statistics.median(gated)
        print(f"\ntests level (pytest, 40 tests), verdict {result.verdict()}")
        print(f"first attempt (worktree created + baseline on HEAD + the change): {first:.2f} s")
        print(f"the command run directly: median {d:.2f} s; tests level (worktree reused, baseline cached): "
              f"median {g:.2f} s; ratio {g / d:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    static_levels(args.repeats)
    tests_level(max(3, args.repeats // 2 + 1))


if __name__ == "__main__":
    main()
