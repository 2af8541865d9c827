"""Reasoner and Builder for scripts: the CLI's pipeline, split where a script wants to look (the
plan) and ending in a GeneratedPatch that applies through the same apply as the CLI and the TUI."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ouroboros_tui.api.presets import Config, find_repo, relative_targets, resolve_settings
from ouroboros_tui.errors import OuroborosError, SafetyRefusal
from ouroboros_tui.errors import UsageError as _UsageKind
from ouroboros_tui.runs import events as ev

if TYPE_CHECKING:
    from ouroboros_tui.apply.apply_run import ApplyResult
    from ouroboros_tui.config import Settings
    from ouroboros_tui.patch.hunks import Hunk
    from ouroboros_tui.runs.record import Attempt, RunRecord

EventCallback = Callable[[ev.PipelineEvent], None]


class RunFailedError(OuroborosError):
    """The run ended without a patch for a reason other than the gate: a model error, a refusal
    (exit code 3, e.g. a target outside the repository) or a cancel. The message is the CLI's."""

    def __init__(self, message: str, kind: str, record: RunRecord | None) -> None:
        super().__init__(message)
        self.kind = kind
        self.record = record
        self.exit_code = 3 if kind == "refused" else 1


class RunRefusedError(RunFailedError, SafetyRefusal):
    """The run was refused for safety before any change (exit code 3): e.g. a target outside the
    repository, or a model that tried to edit outside it."""


class UsageError(_UsageKind):
    """A call the API cannot carry out as asked (exit code 2, as a CLI usage error): hunk numbers the
    patch does not have, a task without targets."""

    exit_code = 2


@dataclass
class Plan:
    """What the reasoner proposed: steps naming a file, a symbol and an action (docs/pipeline.md)."""

    task: str
    targets: list[str]
    data: dict[str, Any]
    repo: Path

    @property
    def steps(self) -> list[dict[str, Any]]:
        return list(self.data.get("steps") or [])

    @property
    def source(self) -> str:
        """`model` (read from the reasoner's answer), `fallback` (unreadable: the task is the plan)…"""
        return str(self.data.get("source", ""))


@dataclass
class GeneratedPatch:
    """The builder's result. `is_valid` is False when no attempt passed the gate (the attempts say
    why); the run is saved either way, so `ouroboros status RUN_ID` shows it."""

    record: RunRecord
    repo: Path
    settings: Settings
    is_valid: bool
    warnings: list[str] = field(default_factory=list)

    @property
    def run_id(self) -> str:
        return self.record.run_id

    @property
    def attempts(self) -> list[Attempt]:
        return list(self.record.attempts)

    @property
    def hunks(self) -> list[Hunk]:
        return self.record.patch.hunks if self.record.patch else []

    @property
    def diff(self) -> str:
        return self.record.patch.unified() if self.record.patch else ""

    @property
    def risk(self) -> float:
        return self.record.risk_score

    def apply(self, hunks: list[int] | None = None) -> ApplyResult:
        """Commit the hunks numbered `hunks` (1-based, as `ouroboros apply --hunks`; default: all)
        with the run's trailers. Raises ApplyRefused (exit 3) or ApplyError with the CLI's message."""
        from ouroboros_tui.apply.apply_run import apply_run

        patch = self.record.patch
        if not self.is_valid or patch is None or not patch.hunks:
            raise RunFailedError(f"run {self.run_id} has no patch (status: {self.record.status}).",
                                 "failed", self.record)
        by_number = {h.number: h.id for h in patch.hunks}
        wanted = sorted(set(hunks)) if hunks is not None else sorted(by_number)
        unknown = [n for n in wanted if n not in by_number]
        if unknown or not wanted:
            raise UsageError(f"hunks {hunks}: run {self.run_id} has hunks 1-{len(by_number)}"
                                     + (f"; no hunk {', '.join(map(str, unknown))}." if unknown else "."))
        return apply_run(self.repo, self.record, [by_number[n] for n in wanted], self.settings)


def _drain(events: Iterator[ev.PipelineEvent], on_event: EventCallback | None) -> ev.PipelineEvent | None:
    last: ev.PipelineEvent | None = None
    for event in events:
        if on_event is not None:
            on_event(event)
        if isinstance(event, ev.PlanReady | ev.PatchReady | ev.RunFailed):
            last = event
    return last


def _raise_failed(event: ev.RunFailed) -> None:
    if event.kind == "refused":
        raise RunRefusedError(f"refused: {event.reason}", event.kind, event.record)
    raise RunFailedError(event.reason, event.kind, event.record)


class Reasoner:
    """`Reasoner(config=BALANCED_CONFIG).plan(task, targets=[…])`: the compressor and the reasoner of a
    run, nothing written. `repo` defaults to the git repository around the current directory."""

    def __init__(self, config: Config = None, *, repo: str | Path | None = None,
                 on_event: EventCallback | None = None) -> None:
        self.repo = find_repo(repo)
        self.settings = resolve_settings(config, self.repo)
        self.on_event = on_event

    def plan(self, task: str, targets: list[str] | list[str | Path] | list[Path]) -> Plan:
        from ouroboros_tui.pipeline.run import Pipeline

        paths = relative_targets(self.repo, list(targets))
        pipeline = Pipeline(self.repo, self.settings, persist=False)
        last = _drain(pipeline.run(task, paths, stop_after_plan=True), self.on_event)
        if isinstance(last, ev.RunFailed):
            _raise_failed(last)
        if not isinstance(last, ev.PlanReady):
            raise RunFailedError("the run ended without a plan", "failed", None)
        return Plan(task=task, targets=list(last.targets), data=dict(last.plan), repo=self.repo)


class Builder:
    """`Builder(config=…, enable_safety_gate=True, max_retry_attempts=3).generate_patch(plan)`: the
    builder, the gate and its retries (every attempt recorded), ending in a pending run."""

    def __init__(self, config: Config = None, *, enable_safety_gate: bool = True, max_retry_attempts: int = 3,
                 repo: str | Path | None = None, on_event: EventCallback | None = None) -> None:
        self.repo = find_repo(repo)
        overrides = {"pipeline": {"safe_mode": enable_safety_gate, "max_retry_attempts": max_retry_attempts}}
        self.settings = resolve_settings(config, self.repo, overrides)
        self.on_event = on_event

    def generate_patch(self, plan: Plan | str, targets: list[str] | None = None) -> GeneratedPatch:
        """From a Plan (the reasoner is not asked again), or from a task and its targets (the whole
        run: compressor, reasoner, builder)."""
        from ouroboros_tui.pipeline.run import Pipeline

        pipeline = Pipeline(self.repo, self.settings)
        if isinstance(plan, Plan):
            events = pipeline.run(plan.task, plan.targets, plan=plan.data)
        else:
            if not targets:
                raise UsageError("generate_patch(task) needs targets=[…]: name each file to change.")
            events = pipeline.run(plan, relative_targets(self.repo, list(targets)))
        last = _drain(events, self.on_event)
        if isinstance(last, ev.PatchReady):
            return GeneratedPatch(last.record, self.repo, self.settings, True, list(last.warnings))
        if isinstance(last, ev.RunFailed):
            gate_never_passed = (last.kind == "failed" and last.record is not None and last.record.attempts
                                 and last.reason.startswith("no valid patch"))
            if gate_never_passed and last.record is not None:
                return GeneratedPatch(last.record, self.repo, self.settings, False, list(last.details))
            _raise_failed(last)
        raise RunFailedError("the run ended without a patch", "failed", None)
