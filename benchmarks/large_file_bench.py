"""A one-line change to an ~11 MB file: what `refactor`, `apply` and the artifact cost, against git
doing the same change (`git diff` + `git commit -a`) in a copy of the same repository.

    .venv/bin/python benchmarks/large_file_bench.py [--mb 11]

The pipeline runs as a user runs it (`ouroboros refactor --mock SCRIPT --json`, then
`ouroboros apply RUN --all --json`), each in its own process so its peak memory is its own. The
scripted model answers with one SEARCH/REPLACE block changing one line. Printed: seconds, peak RSS,
the bytes the run folder keeps (artifact, patch, backups), and the ratios against git.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIG = "data/big_table.py"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def make_repo(folder: Path, megabytes: float) -> Path:
    repo = folder / "repo"
    (repo / "data").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    for key, value in (("user.name", "Bench"), ("user.email", "bench@example.com"), ("commit.gpgsign", "false")):
        git(repo, "config", key, value)
    lines, size, i = [], 0, 0
    while size < megabytes * 1_000_000:
        line = f"ROW_{i:07d} = ({i}, 'value number {i}', {i * 7 % 1000} / 10)\n"
        lines.append(line)
        size += len(line)
        i += 1
    (repo / BIG).write_text("".join(lines))
    (repo / "main.py").write_text("from data.big_table import ROW_0000001\n\nprint(ROW_0000001)\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "big table")
    return repo


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in bytes (of this child alone), stdout."""
    wrapper = [sys.executable, "-c", (
        "import resource, subprocess, sys, json;"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True, stdin=subprocess.DEVNULL);"
        "sys.stderr.write(p.stderr);"
        "print(json.dumps({'rc': p.returncode, 'out': p.stdout,"
        " 'rss': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024}))"), *cmd]
    started = time.perf_counter()
    proc = subprocess.run(wrapper, cwd=cwd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    result = json.loads(proc.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {result['rc']}: {proc.stderr[-2000:]}{result['out'][-2000:]}")
    return seconds, int(result["rss"]), result["out"]


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=11.0)
    args = parser.parse_args()
    ouroboros = str(Path(sys.executable).parent / "ouroboros")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    with tempfile.TemporaryDirectory(prefix="ouroboros-bigfile-") as tmp:
        folder = Path(tmp)
        repo = make_repo(folder, args.mb)
        baseline = folder / "baseline"
        shutil.copytree(repo, baseline, symlinks=True)
        size = (repo / BIG).stat().st_size
        row = min(100_000, int(args.mb * 1_000_000 / 60 / 2))  # the middle row of a small file
        old, new = f"ROW_{row:07d} = ({row}, 'value number {row}', {row * 7 % 1000} / 10)\n", \
                   f"ROW_{row:07d} = ({row}, 'value number {row}', {row * 7 % 1000 + 1} / 10)\n"
        assert old in (repo / BIG).read_text()
        block = f"{BIG}\n<<<<<<< SEARCH\n{old}=======\n{new}>>>>>>> REPLACE\n"
        mock = folder / "mock.jsonl"
        mock.write_text(json.dumps({"role": "builder", "text": block}) + "\n")

        refactor_s, refactor_rss, out = timed([ouroboros, "refactor", f"fix row {row}", "-t", BIG, "--mock",
                                               str(mock), "--json"], repo, env)
        run_id = json.loads(out)["run_id"]
        stages = json.loads(out).get("timings") or {}
        apply_s, apply_rss, out = timed([ouroboros, "apply", run_id, "--all", "--json"], repo, env)
        assert json.loads(out)["commit"], out
        run_dir = repo / ".ouroboros" / "runs" / run_id
        artifact = (run_dir / "artifact_metadata.json").stat().st_size
        kept = folder_bytes(run_dir)
        assert git(repo, "show", "HEAD", "--stat").count(BIG) == 1

        started = time.perf_counter()
        text = (baseline / BIG).read_text()
        (baseline / BIG).write_text(text.replace(old, new))
        git(baseline, "diff")
        git(baseline, "commit", "-q", "-a", "-m", f"fix row {row}")
        git_s = time.perf_counter() - started

    print(f"one-line change to a {size / 1e6:.1f} MB file")
    print(f"  refactor (compress, gate, diff, save)  {refactor_s:7.2f} s   peak {refactor_rss / 2**20:7.0f} MiB")
    known = sum(float(stages.get(k) or 0) for k in ("compressor_s", "reasoner_s", "builder_s"))
    compressor, builder = float(stages.get("compressor_s") or 0), float(stages.get("builder_s") or 0)
    print(f"    compressor {compressor:.1f} s, builder {builder:.1f} s "
          f"(gate {float(stages.get('gate_ms') or 0) / 1000:.1f} s), after the builder (diff, risk, save) "
          f"{float(stages.get('total_s') or 0) - known:.1f} s")
    print(f"  apply (checks, gate, write, commit)    {apply_s:7.2f} s   peak {apply_rss / 2**20:7.0f} MiB")
    print(f"  artifact_metadata.json                 {artifact / 1e3:9.1f} kB; run folder {kept / 1e6:.1f} MB")
    print(f"  git diff + git commit -a               {git_s:7.2f} s")
    print(f"  ratio refactor / git                   {refactor_s / git_s:7.1f}x")
    print(f"  ratio apply / git                      {apply_s / git_s:7.1f}x")
    print(f"  artifact / file size                   {artifact / size:7.4f}")
    print(json.dumps({"file_mb": size / 1e6, "refactor_s": refactor_s, "refactor_peak_mib": refactor_rss / 2**20,
                      "stages": stages, "apply_s": apply_s, "apply_peak_mib": apply_rss / 2**20,
                      "artifact_bytes": artifact, "run_folder_bytes": kept, "git_s": git_s}))


if __name__ == "__main__":
    main()
