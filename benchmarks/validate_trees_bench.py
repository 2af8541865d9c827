"""The gate on real trees nobody here wrote: false rejects (valid files the gate flags), false
accepts (files the language's own checker rejects and the gate passes), and throughput as a ratio
against tree-sitter's parse plus the reference checker alone.

1. JavaScript: every .js file of npm as installed next to node. Reference: node's parser through
   the same long-lived worker (baseline), and `node --check` as a process for the verdicts.
2. Shell: scripts found in /usr/bin, /usr/sbin, /usr/lib/git-core (by `.sh` or a sh/bash shebang).
   Reference: `bash -n`.

Run: .venv/bin/python benchmarks/validate_trees_bench.py [--limit N]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def shell_scripts(limit: int) -> list[Path]:
    found: list[Path] = []
    for folder in ("/usr/bin", "/usr/sbin", "/usr/lib/git-core"):
        for path in sorted(Path(folder).glob("*")):
            try:
                if not path.is_file() or path.stat().st_size > 200_000:
                    continue
                head = path.open("rb").read(32)
            except OSError:
                continue
            if path.suffix == ".sh" or head.startswith((b"#!/bin/sh", b"#!/bin/bash", b"#!/usr/bin/env bash")):
                found.append(path)
    return found[:limit]


def run(label: str, files: list[Path], language: str, reference: list[str]) -> None:
    from ouroboros_tui.gate import node_check
    from ouroboros_tui.gate import reference as ref
    from ouroboros_tui.gate.languages import get_parser
    from ouroboros_tui.gate.validator import SyntaxValidator

    texts = [(f, f.read_bytes()) for f in files]
    texts = [(f, d) for f, d in texts if b"\0" not in d[:8192]]
    validator = SyntaxValidator()
    parser = get_parser(language)
    node = shutil.which("node") or "node"
    bash = shutil.which("bash") or "bash"
    validator.validate("1;\n", language=language)  # start the node worker before timing

    start = time.perf_counter()
    for _path, data in texts:  # baseline: parse, then the reference checker alone
        tree = parser.parse(data)
        text = data.decode("utf-8", "replace")
        if language == "javascript":
            node_check.run_node_check(text, tree, str(_path), node)
        else:
            ref.bash_error(text, bash)
    base = time.perf_counter() - start
    start = time.perf_counter()
    verdicts = [validator.validate(data, language=language, path=str(path)) for path, data in texts]
    gate = time.perf_counter() - start

    false_rejects, false_accepts, rejected = [], [], 0
    for (path, _data), result in zip(texts, verdicts, strict=True):
        ok = subprocess.run([*reference, str(path)], capture_output=True).returncode == 0
        rejected += not ok
        if ok and not result.is_valid:
            false_rejects.append(str(path))
        if not ok and result.is_valid:
            false_accepts.append(str(path))
    ts_rejects = sum(1 for _p, d in texts if parser.parse(d).root_node.has_error)
    print(f"{label}: {len(texts)} files, {rejected} rejected by `{' '.join(reference)}`; tree-sitter alone "
          f"flags {ts_rejects}")
    print(f"  gate: false rejects {len(false_rejects)}, false accepts {len(false_accepts)} "
          f"{(false_rejects + false_accepts)[:3]}")
    print(f"  throughput: gate {gate:.2f} s vs parse + reference checker {base:.2f} s → {gate / base:.2f}× "
          "(goal ≤ 1.5)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--only", choices=("javascript", "bash"))
    args = parser.parse_args()
    node = shutil.which("node")
    if node and args.only != "bash":
        npm = Path(node).resolve().parent.parent / "lib" / "node_modules" / "npm"
        files = sorted(npm.rglob("*.js"))[: args.limit]
        if files:
            run("JavaScript (npm)", files, "javascript", [node, "--check"])
    if shutil.which("bash") and args.only != "javascript":
        run("shell (system scripts)", shell_scripts(args.limit), "bash", ["bash", "-n"])


if __name__ == "__main__":
    main()
