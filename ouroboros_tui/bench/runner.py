"""Run tasks through the real pipeline: sandbox → Pipeline.run → apply when the gate passes →
hidden tests. One result dict per task; the report module totals them.

The settings come from where the user stands (their ouroboros.toml, variables, flags), so the bench
measures *their* model setup; `--oracle` swaps both roles for the task's own oracle script.
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ouroboros_tui.bench.causes import classify_attempt
from ouroboros_tui.bench.sandbox import make_sandbox, remove_sandbox, run_hidden_tests
from ouroboros_tui.bench.suite import Task
from ouroboros_tui.config import Settings, deep_merge, load_settings, scripted_flags
from ouroboros_tui.models.base import Generator

# outcome → what it means (report.py and docs/bench.md use these words)
OUTCOMES = {
    "passed": "applied and the hidden tests pass",
    "wrong_apply": "the gate passed and it was applied, but the hidden tests fail (caught only by tests)",
    "no_patch": "no attempt produced an answer that parsed, matched and passed the gate",
    "refused": "refused for safety (e.g. an edit outside the repository)",
    "apply_refused": "the patch could not be applied",
    "error": "the model or the pipeline failed",
    "cancelled": "cancelled",
}


@dataclass(frozen=True)
class BenchSettings:
    """What the user asked for: the flags layered over their own configuration."""

    origin: Path  # the folder whose ouroboros.toml applies (the current repo, or the cwd)
    preset: str | None = None
    attempts: int | None = None
    oracle: bool = False
    script: str = "oracle.jsonl"  # with oracle: which script in each task folder plays the model

    def flags(self) -> dict[str, Any]:
        pipeline: dict[str, Any] = {"safe_mode": True}  # auto-apply only what the gate passed
        if self.preset is not None:
            pipeline["preset"] = self.preset
        if self.attempts is not None:
            pipeline["max_retry_attempts"] = self.attempts
        return {"pipeline": pipeline}

    def for_task(self, task: Task) -> Settings:
        flags = self.flags()
        if self.oracle:
            flags = deep_merge(flags, scripted_flags(task.folder / self.script))
        return load_settings(self.origin, flags)


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (2**20 if sys.platform == "darwin" else 2**10), 1)


class Runner:
    """Runs tasks one by one, sharing one generator per role across tasks (models load once)."""

    def __init__(self, bench: BenchSettings, on_stage: Callable[[Task, str], None] | None = None) -> None:
        self.bench = bench
        self.on_stage = on_stage or (lambda task, stage: None)
        self._generators: dict[str, Generator] = {}

    def _generators_for(self, settings: Settings) -> dict[str, Generator]:
        if self.bench.oracle:  # a scripted generator plays its script once: a fresh one per task
            return {}
        from ouroboros_tui.models import make_generator

        for role, config in settings.models.items():
            if role not in self._generators:
                self._generators[role] = make_generator(config)
        return self._generators

    def run(self, task: Task) -> dict[str, Any]:
        from ouroboros_tui.models.memory import gpu_peak_mb

        gpu_peak_mb(reset=True)
        start = time.perf_counter()
        result: dict[str, Any] = {"number": task.number, "id": task.id, "kind": task.kind,
                                  "language": task.language, "targets": list(task.targets),
                                  "target_lines": _target_lines(task)}
        if self.bench.oracle:
            self.on_stage(task, "untouched")
            result["fails_untouched"] = _fails_untouched(task)
        settings = self.bench.for_task(task)
        repo = make_sandbox(task)
        try:
            self._pipeline(task, repo, settings, result)
            if result["outcome"] == "applied":
                self.on_stage(task, "tests")
                tests = run_hidden_tests(task, repo)
                result["tests"] = asdict(tests)
                if tests.passed:
                    result["tests"]["output"] = ""  # kept only when it explains a failure
                result["outcome"] = "passed" if tests.passed else "wrong_apply"
        finally:
            remove_sandbox(repo)
        result["passed"] = result["outcome"] == "passed"
        result["pass_at_1"] = result["passed"] and result.get("accepted_attempt") == 1
        result["wrong_apply"] = result["outcome"] == "wrong_apply"
        result["seconds"] = round(time.perf_counter() - start, 3)
        result["peak_rss_mb"] = peak_rss_mb()
        result["gpu_peak_mb"] = gpu_peak_mb()
        return result

    def _pipeline(self, task: Task, repo: Path, settings: Settings, result: dict[str, Any]) -> None:
        from ouroboros_tui.pipeline.run import Pipeline
        from ouroboros_tui.runs import events as ev

        self.on_stage(task, "model")
        pipeline = Pipeline(repo, settings, generators=self._generators_for(settings))
        final: Any = None
        for event in pipeline.run(task.task, list(task.targets)):
            if isinstance(event, ev.StageStarted):
                self.on_stage(task, event.stage if not event.attempt else f"{event.stage} #{event.attempt}")
            if isinstance(event, ev.PatchReady | ev.RunFailed):
                final = event
        record = final.record
        _fill_from_record(result, record)
        if isinstance(final, ev.RunFailed):
            result["outcome"] = {"refused": "refused", "cancelled": "cancelled"}.get(
                final.kind, "no_patch" if record is not None and record.attempts and _all_answer_failures(result)
                else "error")
            result["failure"] = final.reason
            return
        if not record.safety.get("passed", False):  # only without safe mode, which the bench forces on
            result["outcome"], result["failure"] = "no_patch", "the gate did not pass"
            return
        self.on_stage(task, "apply")
        from ouroboros_tui.apply.apply_run import ApplyError, ApplyRefused, apply_run

        try:
            applied = apply_run(repo, record, [h.id for h in record.patch.hunks], settings)
        except (ApplyRefused, ApplyError) as exc:
            result["outcome"], result["failure"] = "apply_refused", str(exc)
            return
        result["outcome"] = "applied"
        result["files_changed"] = len(applied.files)


def _fill_from_record(result: dict[str, Any], record: Any) -> None:
    attempts = [asdict(a) for a in record.attempts] if record is not None else []
    answers = []
    gate: dict[str, int] = {}
    causes: dict[str, int] = {}
    for attempt in attempts:
        found = classify_attempt(attempt)
        answers.append({"attempt": attempt["number"], "ok": attempt["ok"], **found})
        for level in found["gate"]:
            gate[level] = gate.get(level, 0) + 1
        for cause in found["answer"]:
            causes[cause] = causes.get(cause, 0) + 1
    accepted = next((a["number"] for a in attempts if a["ok"]), None)
    builder = (record.models_used.get("builder", {}) if record is not None else {})
    tokens = sum(int(m.get("tokens", 0)) for m in (record.models_used.values() if record is not None else []))
    model_s = sum(float(m.get("seconds", 0.0)) for m in (record.models_used.values() if record is not None else []))
    result.update(
        run_id=record.run_id if record is not None else None,
        attempts=len(attempts), accepted_attempt=accepted, answers=answers,
        gate_refusals=gate, answer_failures=causes,
        tokens=tokens, model_s=round(model_s, 4),
        tokens_per_s=round(tokens / model_s, 2) if model_s > 0 else 0.0,
        builder_tokens_per_s=builder.get("tokens_per_s", 0.0),
        risk=record.risk_score if record is not None else None,
        models={role: {"model": m.get("model"), "backend": m.get("backend")}
                for role, m in (record.models_used.items() if record is not None else [])},
        failure="", files_changed=0,
    )


def _all_answer_failures(result: dict[str, Any]) -> bool:
    """Every attempt was an answer the builder refused (not a model crash)."""
    return all(a["gate"] or (a["answer"] and a["answer"] != ["model_error"]) for a in result["answers"])


def _target_lines(task: Task) -> int:
    lines = 0
    for target in task.targets:
        try:
            lines = max(lines, len((task.repo / target).read_text(encoding="utf-8").splitlines()))
        except (OSError, UnicodeDecodeError):
            continue
    return lines


def _fails_untouched(task: Task) -> bool:
    """The suite's own check: the hidden tests must fail on the repository as shipped."""
    folder = Path(tempfile.mkdtemp(prefix=f"ouroboros-bench-untouched-{task.id[:40]}-"))
    try:
        repo = folder / "repo"
        shutil.copytree(task.repo, repo, ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
        return not run_hidden_tests(task, repo).passed
    finally:
        shutil.rmtree(folder, ignore_errors=True)
