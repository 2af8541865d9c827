"""Pipeline benchmarks, each a ratio against a baseline measured in the same run.

1. Compressor on a generated repository (N Python files calling each other) ÷ the bare cost of
   what it cannot avoid: listing the files with git, reading them and parsing each once with
   tree-sitter. The ratio is the price of tags + PageRank + cutting to the budget.
2. The same compressor counting with a real tokenizer (the tiny Qwen's) ÷ with the estimate.
3. A whole scripted run (`Pipeline.run`, nothing persisted) with 3 attempts ÷ with 1: what each
   retry costs beyond the model (prompt building, edit matching, gate).

Run: .venv/bin/python benchmarks/pipeline_bench.py [--files 400]
"""

from __future__ import annotations

import argparse
import json
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
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def make_repo(root: Path, files: int) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    for i in range(files):
        callee = (i * 7 + 3) % files
        body = [f"from pkg.mod{callee} import func{callee}\n\n"]
        for j in range(8):
            body.append(f"def func{i}{'_' + str(j) if j else ''}(x):\n    y = func{callee}(x) + {j}\n"
                        f"    return y * 2\n\n\n")
        body.append(f"class Thing{i}:\n    def run(self):\n        return func{i}(1)\n")
        path = root / "pkg" / f"mod{i}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(body))
    subprocess.run(["git", "add", "."], cwd=root, check=True)


def best_of(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=400)
    args = parser.parse_args()

    from ouroboros_tui.config import ModelConfig, load_settings, scripted_flags
    from ouroboros_tui.gate.languages import get_parser
    from ouroboros_tui.models.tokens import TokenCounter, estimate_tokens, token_counter
    from ouroboros_tui.pipeline.compressor import compress
    from ouroboros_tui.pipeline.run import Pipeline
    from ouroboros_tui.source.files import list_files, read_text
    from tests.fixtures.tiny_models import build_tiny_qwen

    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        repo.mkdir()
        make_repo(repo, args.files)
        target = "pkg/mod0.py"
        estimate = TokenCounter(estimate_tokens, "estimate", exact=False)

        def baseline() -> None:
            ts = get_parser("python")
            for path in list_files(repo):
                text, _ = read_text(repo, path)
                if text is not None:
                    ts.parse(text.encode())

        def compressor(counter: TokenCounter) -> Callable[[], object]:
            return lambda: compress(repo, "make func0 faster", [target], counter, 6000)

        base_s = best_of(baseline)
        comp_s = best_of(compressor(estimate))
        print(f"1. compressor, {args.files} files: {comp_s * 1000:.0f} ms vs list+read+parse "
              f"{base_s * 1000:.0f} ms → ratio {comp_s / base_s:.2f}")

        model_dir = Path(tmp) / "tiny"
        model_dir.mkdir()
        build_tiny_qwen(model_dir)
        real = token_counter(ModelConfig(role="builder", backend="autoregressive", model=str(model_dir)))
        real_s = best_of(compressor(real), runs=3)
        print(f"2. compressor with the tiny tokenizer: {real_s * 1000:.0f} ms vs the estimate "
              f"{comp_s * 1000:.0f} ms → ratio {real_s / comp_s:.2f}")

        broken = f"{target}\n<<<<<<< SEARCH\ndef func0(x):\n=======\ndef func0(x:\n>>>>>>> REPLACE\n"
        good = f"{target}\n<<<<<<< SEARCH\ndef func0(x):\n=======\ndef func0(x: int):\n>>>>>>> REPLACE\n"

        def scripted_run(attempts: int) -> float:
            mock = Path(tmp) / f"mock{attempts}.jsonl"
            lines = [broken] * (attempts - 1) + [good]
            mock.write_text("".join(json.dumps({"role": "builder", "text": t}) + "\n" for t in lines))
            settings = load_settings(repo, scripted_flags(mock), use_user_file=False)
            start = time.perf_counter()
            final = list(Pipeline(repo, settings, persist=False).run("hints", [target]))[-1]
            elapsed = time.perf_counter() - start
            assert type(final).__name__ == "PatchReady", final
            return elapsed

        scripted_run(1), scripted_run(3)  # warm-up: grammars, gate caches
        ones, threes = [], []
        for _ in range(7):  # interleaved, so load from other processes hits both alike
            ones.append(scripted_run(1))
            threes.append(scripted_run(3))
        one, three = statistics.median(ones), statistics.median(threes)
        print(f"3. scripted run, 3 attempts: {three * 1000:.0f} ms vs 1 attempt {one * 1000:.0f} ms "
              f"→ ratio {three / one:.2f}")


if __name__ == "__main__":
    main()
