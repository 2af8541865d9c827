"""How many model answers land: the answer corpus (tests/answer_corpus) through the real CLI.

Each case is one builder attempt of `ouroboros refactor --dry-run --json --mock` in a fresh git
repository; the landed diff is applied with `git apply` and compared with the expected files.
Prints landed / refused / wrong for the answers that should land and for those that must be refused.

Run: .venv/bin/python benchmarks/answers_bench.py [--subprocess] [--show]
  --subprocess  run the installed `ouroboros` binary per case instead of in-process (slower)
  --show        print every case's outcome, not only the misses
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subprocess", action="store_true")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    from tests.answer_corpus.corpus import load_cases, run_case, subprocess_invoke

    if args.subprocess:
        invoke = subprocess_invoke(str(Path(sys.executable).parent / "ouroboros"))
    else:
        from typer.testing import CliRunner

        from ouroboros_tui.cli import app

        runner = CliRunner()

        def invoke(argv: list[str], env: dict[str, str]) -> tuple[int, str]:
            result = runner.invoke(app, argv, env=env)
            return result.exit_code, result.stdout

    counts: dict[str, dict[str, int]] = {"land": {}, "refuse": {}}
    start = time.perf_counter()
    cases = load_cases()
    for case in cases:
        with tempfile.TemporaryDirectory() as tmp:
            outcome = run_case(case, Path(tmp), invoke)
        bucket = counts[case.expect]
        bucket[outcome.result] = bucket.get(outcome.result, 0) + 1
        if args.show or not outcome.ok:
            print(f"{'ok  ' if outcome.ok else 'MISS'} {case.name}: {outcome.result} {outcome.detail[:200]}")
    elapsed = time.perf_counter() - start
    print(f"\n{len(cases)} answers in {elapsed:.1f} s")
    for expect, label in (("land", "should land"), ("refuse", "must be refused")):
        c = counts[expect]
        total = sum(c.values())
        print(f"{label:>16}: {total:3d}  landed {c.get('landed', 0):3d}  refused {c.get('refused', 0):3d}  "
              f"wrong {c.get('wrong', 0):3d}")
    wrong = counts["land"].get("wrong", 0) + counts["refuse"].get("wrong", 0) + counts["refuse"].get("landed", 0)
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
