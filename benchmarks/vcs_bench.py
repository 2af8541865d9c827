"""Apply + stage + commit of a 20-file, 200-hunk selection, against git doing the same job, and
`list-runs` over 10,000 indexed runs.

    .venv/bin/python benchmarks/vcs_bench.py [--rounds 7]

Figures are medians over fresh copies of the same repository, measured in the same run:
  ouroboros      apply_run(): base-hash checks, the gate on the 20 files, backups, atomic writes
                 (fsync), artifact, scratch-index commit with trailers, real-index update, history row
  ouroboros-vcs  the same minus the gate (what git does not do either)
  git --cached   `git apply --cached patch` + `git commit` (index only: the issue's baseline)
  git --index    `git apply --index patch` + `git commit` (work tree + index: the same job as ours)
  vcs, no fsync  ouroboros-vcs with fsync stubbed out: what durability costs (never how it runs)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ouroboros_tui.apply.apply_run import apply_run
from ouroboros_tui.config import load_settings
from ouroboros_tui.patch.hunks import make_patch
from ouroboros_tui.runs.persist import load_record, run_store, save_record
from ouroboros_tui.runs.record import RunRecord, sha256_text

FILES, HUNKS_PER_FILE, LINES = 20, 10, 400


def git(repo: Path, *args: str, input: bytes | None = None) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, input=input)


def source(i: int) -> str:
    return "".join(f"def f{i}_{n}(x):\n    return x + {n}\n\n" for n in range(LINES // 3))


def changed(i: int) -> str:
    text = source(i)
    step = (LINES // 3) // HUNKS_PER_FILE
    for k in range(HUNKS_PER_FILE):
        n = k * step + 2
        text = text.replace(f"    return x + {n}\n", f"    return x * {n}  # changed\n")
    return text


def make_template(root: Path) -> tuple[Path, str, str]:
    repo = root / "template"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Bench")
    git(repo, "config", "user.email", "bench@example.com")
    git(repo, "config", "commit.gpgsign", "false")
    for i in range(FILES):
        (repo / f"mod{i:02d}.py").write_text(source(i))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    patch = make_patch({f"mod{i:02d}.py": (source(i), changed(i)) for i in range(FILES)})
    assert len(patch.hunks) == FILES * HUNKS_PER_FILE, len(patch.hunks)
    record = RunRecord(run_id="gen_20261123_000000_bench", task="Bench: multiply",
                       targets=[f.path for f in patch.files], repo=str(repo), status="pending", patch=patch,
                       base_hashes={f.path: sha256_text(f.before) for f in patch.files},
                       models_used={"builder": {"model": "bench"}}, risk={"score": 0.1})
    save_record(repo, record)
    return repo, record.run_id, patch.unified()


def timed(rounds: int, prepare: Callable[[Path], None], actions: dict[str, Callable[[Path], None]], root: Path,
          template: Path) -> dict[str, float]:
    """Round-robin over the variants, so a busy moment on the machine hits them all alike."""
    samples: dict[str, list[float]] = {name: [] for name in actions}
    for r in range(rounds):
        for name, action in actions.items():
            work = root / f"w{time.monotonic_ns()}_{r}"
            shutil.copytree(template, work, symlinks=True)
            prepare(work)
            started = time.perf_counter()
            action(work)
            samples[name].append(time.perf_counter() - started)
            shutil.rmtree(work, ignore_errors=True)
    return {name: statistics.median(values) for name, values in samples.items()}


def bench_apply(rounds: int, root: Path) -> dict[str, float]:
    template, run_id, diff = make_template(root)
    settings = load_settings(template, use_user_file=False)
    patch_file = root / "bench.patch"
    patch_file.write_text(diff)
    message = root / "msg.txt"
    message.write_text("Bench: multiply\n\nOuroboros-Run: x\n")

    def ours(repo: Path) -> None:
        record = load_record(repo, run_id)
        apply_run(repo, record, [h.id for h in record.patch.hunks], settings)  # type: ignore[union-attr]

    def ours_no_gate(repo: Path) -> None:
        def skipped(*args: object, **kwargs: object) -> tuple[str, dict[str, object]]:
            return "skipped", {}

        with mock.patch("ouroboros_tui.apply.apply_run.gate_selection", skipped):
            ours(repo)

    def ours_no_fsync(repo: Path) -> None:
        """Only to show what durability costs: git itself fsyncs neither work tree nor loose objects."""
        with mock.patch("os.fsync", lambda fd: None):
            ours_no_gate(repo)

    def git_cached(repo: Path) -> None:
        git(repo, "apply", "--cached", str(patch_file))
        git(repo, "commit", "-q", "-F", str(message))

    def git_index(repo: Path) -> None:
        git(repo, "apply", "--index", str(patch_file))
        git(repo, "commit", "-q", "-F", str(message))

    def refresh(repo: Path) -> None:
        """A copied repo's index has stale stat data: refresh it (untimed), as a real one would be."""
        git(repo, "update-index", "-q", "--refresh")
        os.sync()  # the copy's dirty pages would otherwise be flushed by our first fsync, on our clock

    actions = {"git --cached": git_cached, "git --index": git_index, "ouroboros": ours,
               "ouroboros-vcs": ours_no_gate, "vcs, no fsync": ours_no_fsync}
    return timed(rounds, refresh, actions, root, template)


def bench_list_runs(root: Path, count: int = 10_000) -> dict[str, float]:
    repo = root / "history"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    stamps = [start + timedelta(minutes=7 * i) for i in range(count)]
    rows = [{"run_id": f"gen_{stamps[i]:%Y%m%d_%H%M%S}_{i % 65536:04x}",
             "created_at": stamps[i].isoformat(timespec="seconds"), "task": f"task number {i}",
             "status": ("applied", "pending", "failed", "undone")[i % 4], "attempts": i % 3 + 1,
             "risk": (i % 100) / 100, "commit_sha": f"{i:040x}" if i % 4 == 0 else None, "targets": "a.py",
             "hunks_total": 4, "hunks_applied": 2} for i in range(count)]
    with run_store(repo) as store:
        store.upsert_many(rows)
        assert store.count() == count

    def query() -> None:
        with run_store(repo) as store:
            assert len(store.list_runs(limit=20)) == 20

    def cli() -> None:
        from ouroboros_tui.cli_commands import common, runs_cmd

        with open(os.devnull, "w") as sink, mock.patch.object(common, "out", common.Console(file=sink)):
            assert runs_cmd.list_runs(limit=20, as_json=False, repo=repo) == 0

    out = {}
    for name, action in (("open + query 20 newest", query), ("list-runs command (in-process, table)", cli)):
        action()  # warm imports and the OS cache
        samples = []
        for _ in range(15):
            started = time.perf_counter()
            action()
            samples.append(time.perf_counter() - started)
        out[name] = statistics.median(samples)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ouroboros-vcs-bench-") as tmp:
        root = Path(tmp)
        apply = bench_apply(args.rounds, root)
        print(f"apply + stage + commit: {FILES} files, {FILES * HUNKS_PER_FILE} hunks, median of {args.rounds}")
        for name, seconds in apply.items():
            print(f"  {name:<15} {seconds * 1000:8.1f} ms")
        base = apply["git --cached"]
        print(f"  ratio ouroboros     / git --cached = {apply['ouroboros'] / base:.2f}   (goal <= 1.0)")
        print(f"  ratio ouroboros-vcs / git --cached = {apply['ouroboros-vcs'] / base:.2f}")
        print(f"  ratio ouroboros-vcs / git --index  = {apply['ouroboros-vcs'] / apply['git --index']:.2f}")
        print(f"  ratio vcs, no fsync / git --cached = {apply['vcs, no fsync'] / base:.2f}")
        listing = bench_list_runs(root)
        print("list-runs over 10,000 indexed runs, median of 15")
        for name, seconds in listing.items():
            print(f"  {name:<40} {seconds * 1000:7.2f} ms   ({seconds * 1000 / 50:.2f} of the 50 ms goal)")


if __name__ == "__main__":
    main()
