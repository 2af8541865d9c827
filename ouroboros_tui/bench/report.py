"""A bench run as one JSON document: per-task results, totals, settings and versions; saved so two
runs can be compared. Saved under `.ouroboros/bench/` of the current repository, or, outside one, a
folder in the system's temp dir (the document says which in `saved_in`)."""

from __future__ import annotations

import json
import platform
import secrets
import tempfile
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from ouroboros_tui.bench.suite import Suite
from ouroboros_tui.config import Settings
from ouroboros_tui.errors import UsageError

SCHEMA = 1
PACKAGES = ("ouroboros-tui", "torch", "transformers", "tokenizers")


class ReportError(UsageError):
    """A saved bench result that cannot be found or read."""


def new_bench_id(now: datetime | None = None) -> str:
    now = now or datetime.now()
    return f"bench_{now:%Y%m%d_%H%M%S}_{secrets.token_hex(2)}"


def versions() -> dict[str, str | None]:
    """Installed versions, read from package metadata (importing torch just to ask would cost seconds)."""
    found: dict[str, str | None] = {"python": platform.python_version(), "platform": platform.platform()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def settings_doc(settings: Settings, oracle: bool, script: str) -> dict[str, Any]:
    models = {}
    for role, m in settings.models.items():
        entry = {"backend": m.backend, "model": m.label, "device": m.device, "dtype": m.dtype,
                 "max_new_tokens": m.max_new_tokens, "temperature": m.temperature, "top_p": m.top_p, "seed": m.seed}
        if m.backend in ("masked-diffusion", "block-diffusion"):
            entry.update(steps=m.steps, block_length=m.block_length, remasking=m.remasking, threshold=m.threshold)
        for extra in ("edit_format",):  # keys other engineers add to ModelConfig show up when present
            if hasattr(m, extra):
                entry[extra] = getattr(m, extra)
        if oracle:
            entry.update(backend="scripted", model=f"scripted:<task>/{script}")
        models[role] = entry
    doc: dict[str, Any] = {"preset": settings.preset, "max_retry_attempts": settings.max_retry_attempts,
                           "safe_mode": settings.safe_mode, "budget_tokens": settings.budget_tokens,
                           "oracle": oracle, "models": models}
    for extra in ("gate_levels", "levels"):
        if hasattr(settings, extra):
            doc["gate_levels"] = list(getattr(settings, extra))
    return doc


def _fraction(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def totals(results: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(results)
    passed = sum(r["passed"] for r in results)
    first = sum(r["pass_at_1"] for r in results)
    gate: dict[str, int] = {}
    causes: dict[str, int] = {}
    outcomes: dict[str, int] = {}
    for r in results:
        outcomes[r["outcome"]] = outcomes.get(r["outcome"], 0) + 1
        for level, count in r.get("gate_refusals", {}).items():
            gate[level] = gate.get(level, 0) + count
        for cause, count in r.get("answer_failures", {}).items():
            causes[cause] = causes.get(cause, 0) + count
    tokens = sum(r.get("tokens", 0) for r in results)
    model_s = sum(r.get("model_s", 0.0) for r in results)
    seconds = sum(r.get("seconds", 0.0) for r in results)
    gpu = [r["gpu_peak_mb"] for r in results if r.get("gpu_peak_mb") is not None]
    untouched = [r["fails_untouched"] for r in results if "fails_untouched" in r]
    out: dict[str, Any] = {
        "tasks": n, "passed": passed, "passed_first_attempt": first,
        "pass_at_1": _fraction(first, n), "pass_at_n": _fraction(passed, n),
        "self_healing_gain": _fraction(passed - first, n),
        "answers": sum(r.get("attempts", 0) for r in results),
        "gate_refusals": dict(sorted(gate.items())),
        "answer_failures": dict(sorted(causes.items())),
        "wrong_applies": sum(r.get("wrong_apply", False) for r in results),
        "outcomes": dict(sorted(outcomes.items())),
        "tokens": tokens, "model_s": round(model_s, 3),
        "tokens_per_s": round(tokens / model_s, 2) if model_s > 0 else 0.0,
        "seconds": round(seconds, 3), "seconds_per_task": round(seconds / n, 3) if n else 0.0,
        "peak_rss_mb": max((r.get("peak_rss_mb", 0.0) for r in results), default=0.0),
        "gpu_peak_mb": max(gpu) if gpu else None,
    }
    if untouched:
        out["tests_fail_untouched"] = sum(untouched)
    return out


def document(bench_id: str, suite: Suite, settings: dict[str, Any], results: list[dict[str, Any]],
             selection: str | None, attempts: int, complete: bool = True) -> dict[str, Any]:
    total = totals(results)
    return {
        "schema": SCHEMA, "bench_id": bench_id,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "complete": complete,
        "suite": {"name": suite.name, "path": str(suite.path), "builtin": suite.builtin,
                  "tasks_in_suite": len(suite.tasks), "selection": selection or "all"},
        "attempts": attempts,
        "settings": settings, "versions": versions(),
        "pass_at_1": total["pass_at_1"], "pass_at_n": total["pass_at_n"],
        "totals": total, "tasks": results,
    }


def repo_root(cwd: Path) -> Path | None:
    """The git work tree holding `cwd`, or None outside one."""
    import subprocess

    proc = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=cwd, capture_output=True, text=True,
                          check=False)
    return Path(proc.stdout.strip()).resolve() if proc.returncode == 0 and proc.stdout.strip() else None


def bench_folder(cwd: Path) -> tuple[Path, str]:
    """(folder, "repo" | "temp"): the repository's .ouroboros/bench/, else a temp folder."""
    root = repo_root(cwd)
    if root is not None:
        from ouroboros_tui.provenance.run_folder import RunFolder

        base = RunFolder(root).ensure()  # its .gitignore keeps git status clean
        return base / "bench", "repo"
    return Path(tempfile.gettempdir()) / "ouroboros-bench", "temp"


def save(doc: dict[str, Any], cwd: Path) -> Path:
    folder, where = bench_folder(cwd)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{doc['bench_id']}.json"
    doc["saved_to"], doc["saved_in"] = str(path), where
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, indent=2, default=str) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def load(ref: str, cwd: Path) -> dict[str, Any]:
    """A saved run by path, by bench id, or `latest` / `previous` (in the folder `save` uses)."""
    path = Path(ref).expanduser()
    if not path.is_file():
        folder, _ = bench_folder(cwd)
        saved = sorted(folder.glob("bench_*.json")) if folder.is_dir() else []
        named = {p.stem: p for p in saved}
        if ref in ("latest", "previous") and len(saved) >= (1 if ref == "latest" else 2):
            path = saved[-1] if ref == "latest" else saved[-2]
        elif ref in named:
            path = named[ref]
        else:
            known = ", ".join(p.stem for p in saved[-5:]) or "none yet"
            raise ReportError(f"{ref}: no such bench result (a file, a bench id, latest or previous); "
                              f"saved in {folder}: {known}.")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError(f"{path}: not a readable bench result ({exc}).") from exc
    if not isinstance(doc, dict) or "tasks" not in doc or "totals" not in doc:
        raise ReportError(f"{path}: not a bench result (no tasks and totals).")
    return doc


