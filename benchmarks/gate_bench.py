"""Safety-gate benchmark. Every figure is measured in this run, against a baseline measured in the
same run:

1. gate time ÷ (raw tree-sitter parse + compile()) on a large real Python file (~170-230 KB)
   — goal ≤ 1.15 (the gate should cost little beyond the two checks it is made of);
2. re-validation time after a one-line edit of a ~10,000-line real Python file — goal ≤ 5 ms;
3. verdict agreement on single-token mutants: tree-sitter alone vs compile() / `node --check`,
   and the gate vs the same judges (should be 0 false accepts and 0 false rejects for Python).

Run: .venv/bin/python benchmarks/gate_bench.py [--quick]
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ouroboros_tui.gate import SyntaxValidator  # noqa: E402
from ouroboros_tui.gate.languages import get_parser  # noqa: E402
from tests.gate.mutants import js_mutants, python_mutants  # noqa: E402

STDLIB = Path(os.__file__).parent
SITE = Path(sys.prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
LARGE_CANDIDATES = [STDLIB / "tkinter" / "__init__.py", STDLIB / "_pydecimal.py"]
TEN_K_CANDIDATES = [SITE / "mypy" / "checker.py", SITE / "torch" / "_inductor" / "scheduler.py",
                    SITE / "torch" / "_meta_registrations.py"]


def compiles(text: str, name: str = "<bench>") -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, name, "exec", dont_inherit=True)
    except SyntaxError:
        return False
    return True


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def bench_full(repeats: int) -> None:
    path = next(p for p in LARGE_CANDIDATES if p.is_file())
    text = path.read_text(encoding="utf-8")
    parser = get_parser("python")
    validator = SyntaxValidator()

    def baseline() -> None:
        parser.parse(text.encode())
        compiles(text, str(path))

    def gate() -> None:
        assert validator.validate(text, path=path).is_valid

    gate(), baseline()  # warm up grammar, caches
    base_runs, gate_runs = [], []
    for _ in range(repeats):  # interleaved so drift on a shared machine hits both alike
        base_runs.append(median_ms(baseline, 1))
        gate_runs.append(median_ms(gate, 1))
    base, ours = statistics.median(base_runs), statistics.median(gate_runs)
    print(f"[1] full check of {path.name} ({len(text) / 1024:.0f} KB, {text.count(chr(10))} lines), "
          f"median of {repeats}:")
    print(f"    baseline tree-sitter parse + compile(): {base:.2f} ms")
    print(f"    gate validate():                       {ours:.2f} ms")
    print(f"    ratio gate / baseline = {ours / base:.3f}  (goal <= 1.15)")


def _ten_k_file() -> tuple[str, str]:
    for path in TEN_K_CANDIDATES:
        if path.is_file():
            return str(path), path.read_text(encoding="utf-8")
    # No such file installed: glue real stdlib modules together up to 10,000 lines.
    lines: list[str] = []
    for name in ("_pydecimal.py", "tkinter/__init__.py", "typing.py", "argparse.py"):
        lines += (STDLIB / name).read_text(encoding="utf-8").split("\n")
    return "stdlib modules glued", "\n".join(lines[:10000])


def bench_incremental(repeats: int) -> None:
    name, text = _ten_k_file()
    assert compiles(text), name
    lines = text.split("\n")
    rng = random.Random(1)
    # One-line assignments inside functions: the kind of line a hunk typically changes.
    candidates = [
        node.lineno - 1 for fn in ast.walk(ast.parse(text)) if isinstance(fn, ast.FunctionDef)
        for node in fn.body if isinstance(node, ast.Assign) and node.lineno == node.end_lineno
        and " = " in lines[node.lineno - 1]
    ]
    validator = SyntaxValidator()
    validator.validate_incremental("big.py", text)
    full = median_ms(lambda: SyntaxValidator().validate(text, path="big.py"), 5)
    compile_only = median_ms(lambda: compiles(text), 5)
    valid_times, invalid_times, scopes = [], [], {}
    for _ in range(repeats):
        index = rng.choice(candidates)
        edited = lines[:]
        edited[index] = edited[index].replace(" = ", " = 1 + ", 1)  # still valid
        new_text = "\n".join(edited)
        validator.validate_incremental("big.py", text)  # back to the known-good version (not timed)
        t0 = time.perf_counter()
        result = validator.validate_incremental("big.py", new_text)
        valid_times.append((time.perf_counter() - t0) * 1000)
        scopes[result.reference_scope] = scopes.get(result.reference_scope, 0) + 1
        assert result.is_valid == compiles(new_text)
        edited[index] = edited[index].replace(" = 1 + ", " = (1 + ", 1)  # now broken
        t0 = time.perf_counter()
        broken = validator.validate_incremental("big.py", "\n".join(edited))
        invalid_times.append((time.perf_counter() - t0) * 1000)
        assert not broken.is_valid
    n = len(lines)
    print(f"[2] one-line edits of {name} ({n} lines), {repeats} edits each way:")
    print(f"    full validate() of the file: {full:.1f} ms (compile() alone {compile_only:.1f} ms)")
    print(f"    re-validate after a valid one-line edit: median {statistics.median(valid_times):.2f} ms, "
          f"p90 {sorted(valid_times)[int(0.9 * len(valid_times))]:.2f} ms  (goal <= 5 ms); "
          f"compile() scope used: {scopes}")
    print(f"    re-validate after a breaking one-line edit (needs compile()'s full verdict and errors): "
          f"median {statistics.median(invalid_times):.2f} ms")


def bench_python_mutants(count: int) -> None:
    parser = get_parser("python")
    validator = SyntaxValidator()
    accepted = rejected = ts_fa = ts_fr = gate_fa = gate_fr = 0
    for file_name, code, _how in python_mutants(count):
        ok = compiles(code, file_name)
        ts_ok = not parser.parse(code.encode()).root_node.has_error
        gate_ok = validator.validate(code, path=file_name).is_valid
        accepted += ok
        rejected += not ok
        ts_fa += ts_ok and not ok
        ts_fr += ok and not ts_ok
        gate_fa += gate_ok and not ok
        gate_fr += ok and not gate_ok
    print(f"[3] Python: {count} single-token mutants of stdlib modules "
          f"({rejected} rejected by compile(), {accepted} accepted)")
    print(f"    tree-sitter alone: false accepts {ts_fa}/{rejected} = {100 * ts_fa / max(rejected, 1):.1f}%, "
          f"false rejects {ts_fr}/{accepted} = {100 * ts_fr / max(accepted, 1):.1f}%")
    print(f"    gate:              false accepts {gate_fa}/{rejected}, false rejects {gate_fr}/{accepted}")


def bench_js_mutants(count: int) -> None:
    node = shutil.which("node")
    if node is None:
        print("[4] JavaScript: node not on PATH, skipped")
        return
    parser = get_parser("javascript")
    with_node = SyntaxValidator(node_check=True)
    accepted = rejected = ts_fa = ts_fr = gate_fa = gate_fr = 0
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "mutant.js"
        for code, _how in js_mutants(count):
            file.write_text(code, encoding="utf-8")
            ok = subprocess.run([node, "--check", str(file)], capture_output=True).returncode == 0
            ts_ok = not parser.parse(code.encode()).root_node.has_error
            gate_ok = with_node.validate(code, path="mutant.js").is_valid
            accepted += ok
            rejected += not ok
            ts_fa += ts_ok and not ok
            ts_fr += ok and not ts_ok
            gate_fa += gate_ok and not ok
            gate_fr += ok and not gate_ok
    print(f"[4] JavaScript: {count} single-token mutants of tests/gate/fixtures/inventory.js "
          f"({rejected} rejected by node --check, {accepted} accepted)")
    print(f"    tree-sitter alone:      false accepts {ts_fa}/{rejected} = "
          f"{100 * ts_fa / max(rejected, 1):.1f}%, false rejects {ts_fr}/{accepted}")
    print(f"    gate with node --check: false accepts {gate_fa}/{rejected}, false rejects {gate_fr}/{accepted}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and mutants")
    args = parser.parse_args()
    quick = args.quick
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    bench_full(7 if quick else 21)
    bench_incremental(20 if quick else 100)
    bench_python_mutants(200 if quick else 1000)
    bench_js_mutants(40 if quick else 200)


if __name__ == "__main__":
    main()
