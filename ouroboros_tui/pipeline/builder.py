"""Plan + context → model → edits → applied in memory → gate → retry with the problems fed back.

Every attempt starts again from the files as they are on disk (nothing is written here) and is
recorded: prompt, response, edits, gate result per file, failures, timings and tokens. The gate is
baseline-aware: an error the file already had does not block.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ouroboros_tui.models.base import GenerationResult, Generator, Message
from ouroboros_tui.patch.edits import (
    Edit,
    EditParseError,
    UnsafePath,
    apply_edits,
    check_path,
    parse_edits,
)
from ouroboros_tui.pipeline import prompts
from ouroboros_tui.pipeline.infill import Region
from ouroboros_tui.runs import events as ev
from ouroboros_tui.runs.record import Attempt
from ouroboros_tui.source.files import read_current

Call = Callable[[Generator, list[Message], int], GenerationResult]
Emit = Callable[[ev.PipelineEvent], None]


class Cancelled(Exception):
    """The run's cancel flag was set between steps."""


@dataclass
class Infill:
    """Region infill for a masked-diffusion builder: `fill(messages, attempt)` denoises the body."""

    region: Region
    length: int  # masked tokens
    fill: Callable[[list[Message], int], GenerationResult]

    def canvas(self) -> str:
        return f"{self.region.before}<|mask|>×{self.length}\n{self.region.after}"


@dataclass
class GateOutcome:
    path: str
    is_valid: bool
    checked: bool
    summary: str
    doc: dict[str, Any]
    new_errors: list[Any] = field(default_factory=list)
    preexisting: int = 0
    checker: str = ""
    ms: float = 0.0
    result: Any = None  # the gate's ValidationResult for the after text


@dataclass
class BuildOutcome:
    attempts: list[Attempt] = field(default_factory=list)
    changes: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # of the accepted attempt
    gate: list[GateOutcome] = field(default_factory=list)
    ok: bool = False
    unsafe_paths: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    generations: list[GenerationResult] = field(default_factory=list)


def _format_gate_failure(outcome: GateOutcome) -> str:
    lines = [f"{outcome.path}: the change introduces syntax errors ({outcome.checker}):"]
    for error in outcome.new_errors[:8]:
        lines.append(f"  line {error.line}, column {error.column}: {error.message}")
        if error.context:
            lines.extend("    " + c for c in error.context.splitlines())
    if len(outcome.new_errors) > 8:
        lines.append(f"  … and {len(outcome.new_errors) - 8} more")
    if not outcome.new_errors:
        lines.append(f"  {outcome.summary}")
    return "\n".join(lines)


def gate_file(validator: Any, path: str, before: str | None, after: str) -> GateOutcome:
    """One touched file through the gate, compared with its text before the change (None: new file)."""
    start = time.perf_counter()
    change = validator.validate_change(before, after, path=path)
    ms = (time.perf_counter() - start) * 1000
    result = change.result
    checked = getattr(result, "checked", True)
    doc = result.to_dict(path)
    doc["new_errors"] = [e.to_dict() for e in change.new_errors]
    doc["preexisting_errors"] = len(change.preexisting_errors)
    doc["checked"] = checked
    return GateOutcome(
        path=path, is_valid=change.is_valid, checked=checked, summary=change.error_summary, doc=doc,
        new_errors=list(change.new_errors), preexisting=len(change.preexisting_errors),
        checker=result.checker, ms=ms, result=result,
    )


def _reader(repo: Path) -> Callable[[str], str | None]:
    def read(path: str) -> str | None:
        return read_current(repo, path)
    return read


def build(
    *,
    repo: Path,
    run_id: str,
    task: str,
    plan: str,
    context: str,
    targets: list[str],
    generator: Generator,
    call: Call,
    emit: Emit,
    max_attempts: int,
    safe_mode: bool,
    cancel: threading.Event,
    feedback: str | None = None,
    node_check: bool = False,
    outcome: BuildOutcome | None = None,
    infill: Infill | None = None,
    levels: Any = None,
) -> BuildOutcome:
    """Run up to `max_attempts`. Pass `outcome` to see the attempts even if a model call raises.
    With `infill`, each attempt denoises the region's body instead of asking for SEARCH/REPLACE."""
    outcome = outcome if outcome is not None else BuildOutcome()
    first = prompts.builder_messages(task, plan, context, targets, feedback)
    messages = first
    last_changes: dict[str, tuple[str | None, str]] = {}
    last_gate: list[GateOutcome] = []
    problems: list[str] = [feedback] if feedback else []
    for number in range(1, max_attempts + 1):
        if cancel.is_set():
            raise Cancelled()
        if infill is not None:
            from ouroboros_tui.pipeline.infill import infill_messages

            messages = infill_messages(task, plan, infill.region, problems)
        attempt = Attempt(number=number, prompt=[dict(m) for m in messages])
        if infill is not None:
            attempt.prompt.append({"role": "canvas", "content": infill.canvas()})
        outcome.attempts.append(attempt)
        emit(ev.StageStarted(run_id, "builder", model=generator.model_label, attempt=number))
        try:
            if infill is not None:
                generation = infill.fill(messages, number)
            else:
                generation = call(generator, messages, number)
        except Exception as exc:
            attempt.failures = [f"model call failed: {exc}"]
            emit(ev.StageFinished(run_id, "builder", 0.0, ok=False, attempt=number, detail=str(exc)))
            raise
        outcome.generations.append(generation)
        attempt.response = generation.text
        attempt.model_s = generation.total_s
        attempt.tokens = generation.token_count
        emit(ev.StageFinished(run_id, "builder", generation.total_s, tokens=generation.token_count,
                              tokens_per_s=generation.tokens_per_s, attempt=number))
        if infill is not None:
            edits: list[Edit] | str = [infill.region.edit(generation.text)]
        else:
            edits = _parse(generation.text)
        failures, changes, gate = _check_attempt(repo, run_id, number, edits, attempt, emit, outcome, node_check)
        if levels is not None and changes and not failures:  # gate levels past syntax (pipeline/gate_levels.py)
            failures = levels.check(run_id, number, changes, gate, attempt, emit)
        attempt.failures = failures
        problems = failures
        if changes:
            last_changes, last_gate = changes, gate
        if not failures:
            attempt.ok = True
            outcome.ok = True
            outcome.changes, outcome.gate = changes, gate
            return outcome
        will_retry = number < max_attempts
        emit(ev.AttemptFailed(run_id, number, tuple(failures), will_retry))
        messages = prompts.builder_retry(first, generation.text, failures, number)
    # Out of attempts. Without safe mode, a patch whose only problem is the gate is still offered.
    last = outcome.attempts[-1] if outcome.attempts else None
    gate_only = last is not None and all(f.startswith("gate:") for f in last.failures)
    if not safe_mode and last_changes and gate_only:
        outcome.ok = True
        outcome.changes, outcome.gate = last_changes, last_gate
        outcome.warnings = [
            f"safe mode is off: {g.path} has new syntax errors: {g.summary}" for g in last_gate
            if not g.is_valid
        ]
    return outcome


def _parse(response: str) -> list[Edit] | str:
    """The answer's edits, or why it could not be read."""
    try:
        return parse_edits(response)
    except EditParseError as exc:
        return f"The answer could not be read as edits: {exc}"


def _check_attempt(
    repo: Path, run_id: str, number: int, edits: list[Edit] | str, attempt: Attempt, emit: Emit,
    outcome: BuildOutcome, node_check: bool,
) -> tuple[list[str], dict[str, tuple[str | None, str]], list[GateOutcome]]:
    """Place and gate one answer's edits. Returns (failures, changes, gate outcomes)."""
    if isinstance(edits, str):
        return [edits], {}, []
    failures: list[str] = []
    safe: list[Edit] = []
    for edit in edits:
        try:
            path = check_path(repo, edit.path)
        except UnsafePath as exc:
            failures.append(f"{exc}. Only files inside the repository can be edited.")
            outcome.unsafe_paths.append(edit.path)
            continue
        safe.append(Edit(path, edit.search, edit.replace))
    attempt.edits = [e.to_dict() for e in edits]
    try:
        applied = apply_edits(safe, _reader(repo))
    except UnicodeDecodeError:
        return [*failures, "An edit names a file that is not UTF-8 text; leave it alone."], {}, []
    failures.extend(f.message for f in applied.failures)
    changes = {p: ba for p, ba in applied.files.items() if ba[0] != ba[1]}
    if not changes and not failures:
        failures.append("The edits change nothing: every REPLACE equals its SEARCH.")
    gate: list[GateOutcome] = []
    if changes:
        from ouroboros_tui.gate.validator import SyntaxValidator

        validator = SyntaxValidator(node_check=node_check)
        emit(ev.StageStarted(run_id, "gate", attempt=number))
        start = time.perf_counter()
        for path, (before, after) in sorted(changes.items()):
            result = gate_file(validator, path, before, after)
            gate.append(result)
            attempt.gate.append(result.doc)
            emit(ev.GateChecked(run_id, number, path, result.is_valid, result.result, tuple(result.new_errors),
                                result.preexisting))
            if not result.is_valid:
                failures.append("gate: " + _format_gate_failure(result))
        attempt.gate_ms = (time.perf_counter() - start) * 1000
        bad = [g.path for g in gate if not g.is_valid]
        emit(ev.StageFinished(run_id, "gate", attempt.gate_ms / 1000, ok=not bad, attempt=number,
                              detail=f"{len(gate) - len(bad)}/{len(gate)} files valid"))
    return failures, changes, gate
