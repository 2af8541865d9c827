"""Big repositories: the compressor's cold and warm cost and peak memory, as ratios against reading
and parsing the same files once (what no compressor can avoid), on

1. a generated repository (deterministic, tests/fixtures/synthetic_repo.py; --files, 50,000 by
   default) and a quarter of it (memory should grow linearly: the ratio of the two peaks, less the
   interpreter's own, is printed next to the ratio of the file counts);
2. a real tree: the installed `transformers` package, copied into a temporary git repository.

Each measurement runs in its own process (peak memory = that process's max RSS):
  baseline  list the files with git, read each, parse those with a grammar once (tree-sitter);
  cold      compress() with no tag cache (.ouroboros/ removed first);
  warm      compress() again, same content: tags from the cache.
The task names one symbol of the target, as a user would. Goals (issue 15): cold ≤ 1.5× baseline,
warm ≤ 0.2× cold, memory linear. Cancel latency (goal < 0.5 s in every stage) is measured on cold
runs with the flag set 0.3, 1, 3 and 10 s in (listing, attributes, tagging, …) and on warm runs 0.1
and 0.5 s in (listing, the stored index, ranking); the worst is printed, with any child process left
behind (there must be none). The machine's load average is printed before and after.

Run: .venv/bin/python benchmarks/bigrepo_bench.py [--files 50000] [--skip-transformers]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


COLD_CANCELS = (0.3, 1.0, 3.0, 10.0)
WARM_CANCELS = (0.1, 0.5)


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min) / {five:.1f} (5 min) on {os.cpu_count()} CPUs"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, repo: Path, target: str, task: str) -> dict[str, float]:
    """One measurement in this process; prints its JSON."""
    from ouroboros_tui.gate.languages import get_parser
    from ouroboros_tui.models.tokens import TokenCounter, estimate_tokens
    from ouroboros_tui.pipeline.compressor import Stopped, compress
    from ouroboros_tui.source.files import list_files
    from ouroboros_tui.source.grammar import language_for
    from ouroboros_tui.source.tags import DEFINITIONS

    idle = peak_mb()
    start = time.perf_counter()
    result: dict[str, float] = {}
    if mode == "baseline":
        for path in list_files(repo):
            data = (repo / path).read_bytes()
            language = language_for(path)
            if language in DEFINITIONS and b"\0" not in data[:8192]:
                get_parser(language).parse(data)
    elif mode.startswith("cancel"):
        import psutil

        cancel = threading.Event()
        fired: list[float] = []
        timer = threading.Timer(float(mode.split(":")[1]), lambda: (fired.append(time.perf_counter()), cancel.set()))
        timer.start()
        try:
            compress(repo, task, [target], TokenCounter(estimate_tokens, "estimate", exact=False), 8000,
                     cancel=cancel)
            timer.cancel()  # finished first
        except Stopped:
            result["latency_s"] = time.perf_counter() - fired[0]
        result["children_left"] = len(psutil.Process().children(recursive=True))
    else:
        ctx = compress(repo, task, [target], TokenCounter(estimate_tokens, "estimate", exact=False), 8000)
        result["kept"] = len(ctx.report["kept"])
        result["report_bytes"] = len(json.dumps(ctx.report))
        result["tagged"] = ctx.report["files"]["tagged"]
    result.update(seconds=time.perf_counter() - start, peak_mb=peak_mb(), idle_mb=idle)
    return result


def measure(mode: str, repo: Path, target: str, task: str) -> dict[str, float]:
    proc = subprocess.run([sys.executable, __file__, "--child", mode, str(repo), target, task],
                          capture_output=True, text=True, check=True, timeout=1800)
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def bench(label: str, repo: Path, target: str, task: str) -> dict[str, float]:
    cancels = []
    for delay in COLD_CANCELS:
        shutil.rmtree(repo / ".ouroboros", ignore_errors=True)
        cancels.append(("cold", delay, measure(f"cancel:{delay}", repo, target, task)))
    shutil.rmtree(repo / ".ouroboros", ignore_errors=True)
    base = measure("baseline", repo, target, task)
    cold = measure("compress", repo, target, task)
    warm = measure("compress", repo, target, task)
    for delay in WARM_CANCELS:
        cancels.append(("warm", delay, measure(f"cancel:{delay}", repo, target, task)))
    stopped = [(kind, delay, c["latency_s"]) for kind, delay, c in cancels if "latency_s" in c]
    worst = max(stopped, key=lambda s: s[2], default=("-", 0.0, float("nan")))
    left = sum(c["children_left"] for _, _, c in cancels)
    print(f"{label}:")
    print(f"  read + parse     {base['seconds']:8.2f} s  peak {base['peak_mb']:7.0f} MB")
    print(f"  cold compressor  {cold['seconds']:8.2f} s  peak {cold['peak_mb']:7.0f} MB  "
          f"→ {cold['seconds'] / base['seconds']:.2f}× read+parse (goal ≤ 1.5), {cold['tagged']:.0f} files tagged")
    print(f"  warm compressor  {warm['seconds']:8.2f} s  peak {warm['peak_mb']:7.0f} MB  "
          f"→ {warm['seconds'] / cold['seconds']:.2f}× cold (goal ≤ 0.2), {warm['tagged']:.0f} files tagged")
    print(f"  report {warm['report_bytes']:.0f} bytes, {warm['kept']:.0f} pieces kept")
    print("  cancel latency " + ", ".join(f"{k} +{d:g} s: {lat * 1000:.0f} ms" for k, d, lat in stopped)
          + f" → worst {worst[2] * 1000:.0f} ms (goal < 500); {len(cancels) - len(stopped)} runs finished "
          f"before the flag; child processes left: {left}")
    return {"cold_peak": cold["peak_mb"], "idle": cold["idle_mb"]}


def copy_into_git(source: Path, repo: Path) -> None:
    shutil.copytree(source, repo, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    env = ["-c", "user.name=Bench", "-c", "user.email=bench@example.com", "-c", "commit.gpgsign=false",
           "-c", "gc.auto=0", "-c", "maintenance.auto=false"]  # no detached gc left repacking
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", *env, "commit", "-q", "-m", "copy"], cwd=repo, check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=50_000)
    parser.add_argument("--skip-transformers", action="store_true")
    parser.add_argument("--child", nargs=4, metavar=("MODE", "REPO", "TARGET", "TASK"))
    args = parser.parse_args()
    if args.child:
        mode, repo, target, task = args.child
        print(json.dumps(child(mode, Path(repo), target, task)))
        return

    from tests.fixtures.synthetic_repo import module_path, write_repo

    print(f"start: {load_average()}")
    with tempfile.TemporaryDirectory(prefix="ouroboros-bigrepo-") as tmp:
        peaks = []
        for files in (args.files // 4, args.files):
            repo = Path(tmp) / f"synthetic{files}"
            started = time.perf_counter()
            write_repo(repo, files)
            print(f"(generated {files} files in {time.perf_counter() - started:.0f} s)")
            n = files // 2
            peaks.append((files, bench(f"synthetic, {files} files", repo, module_path(n),
                                       f"make compute_{n} return a float")))
            shutil.rmtree(repo)
        (small, a), (big, b) = peaks
        growth = (b["cold_peak"] - b["idle"]) / max(1.0, a["cold_peak"] - a["idle"])
        print(f"memory: {big / small:.1f}× the files → {growth:.1f}× the compressor's own peak "
              "(linear: about the same)")
        version = f"python{sys.version_info.major}.{sys.version_info.minor}"
        source = Path(sys.prefix) / "lib" / version / "site-packages" / "transformers"
        if not args.skip_transformers and source.is_dir():
            repo = Path(tmp) / "transformers"
            copy_into_git(source, repo)
            bench("transformers (installed package)", repo, "models/bert/modeling_bert.py",
                  "make BertForQuestionAnswering return the start and end logits as floats")
    print(f"end: {load_average()}")


if __name__ == "__main__":
    main()
