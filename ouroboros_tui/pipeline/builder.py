"""Plan + context → model → edits → applied in memory → gate → retry with the problems fed back.

Every attempt starts again from the files as they are on disk (nothing is written here) and is
recorded: prompt, response, edits, gate result per file, failures, timings and tokens. The gate is
baseline-aware: an error the file already had does not block.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ouroboros_tui.models.base import GenerationResult, Generator, Message
from ouroboros_tui.patch.edits import (
    Answer,
    AttemptFailure,
    Edit,
    PathResolver,
    UnsafePath,
    apply_edits,
    check_path,
    parse_answer,
)
from ouroboros_tui.pipeline import feedback as retry_feedback
from ouroboros_tui.pipeline import prompts
from ouroboros_tui.pipeline.infill import Region
from ouroboros_tui.runs import events as ev
from ouroboros_tui.runs.record import Attempt
from ouroboros_tui.source.files import list_files, read_current

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
    edit_format: str = "search-replace",
    levels: Any = None,
) -> BuildOutcome:
    """Run up to `max_attempts`. Pass `outcome` to see the attempts even if a model call raises.
    With `infill`, each attempt denoises the region's body instead of asking for edits.
    `edit_format` is the shape asked for (search-replace, whole, diff); every shape is accepted."""
    outcome = outcome if outcome is not None else BuildOutcome()
    first = prompts.builder_messages(task, plan, context, targets, feedback, edit_format)
    messages = first
    last_changes: dict[str, tuple[str | None, str]] = {}
    last_gate: list[GateOutcome] = []
    problems: list[str] = [feedback] if feedback else []
    kept: list[Edit] = []  # complete blocks of an answer cut at the token limit
    repo_files = list_files(repo)
    mentioned = _may_drop(task, plan)
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
            attempt.problems = [AttemptFailure("parse", f"model call failed: {exc}")]
            attempt.failures = [f.message for f in attempt.problems]
            emit(ev.StageFinished(run_id, "builder", 0.0, ok=False, attempt=number, detail=str(exc)))
            raise
        outcome.generations.append(generation)
        attempt.response = generation.text
        attempt.model_s = generation.total_s
        attempt.tokens = generation.token_count
        emit(ev.StageFinished(run_id, "builder", generation.total_s, tokens=generation.token_count,
                              tokens_per_s=generation.tokens_per_s, attempt=number))
        if infill is not None:
            answer = Answer(edits=[infill.region.edit(generation.text)], shape="infill")
        else:
            answer = parse_answer(generation.text, targets)
        attempt.truncated = answer.truncated
        found = _resolve(repo, answer, targets, repo_files, attempt, outcome)
        edits = _merge(kept, found.edits)
        failures, changes, gate = _check_attempt(repo, run_id, number, edits, found.failures, attempt, emit,
                                                 node_check, mentioned)
        if levels is not None and changes and not failures:  # gate levels past syntax (pipeline/gate_levels.py)
            failures = levels.check(run_id, number, changes, gate, attempt, emit)
        attempt.problems = failures
        attempt.failures = [f.message for f in failures]
        problems = attempt.failures
        if changes:
            last_changes, last_gate = changes, gate
        if not failures:
            attempt.ok = True
            outcome.ok = True
            outcome.changes, outcome.gate = changes, gate
            return outcome
        # A cut answer's complete blocks that placed cleanly wait for the rest of the answer.
        matched = {f.block for f in failures if f.kind in ("match", "path")}
        kept = [e for e in edits if _block_id(e) not in matched] if answer.truncated and answer.edits else []
        will_retry = number < max_attempts
        emit(ev.AttemptFailed(run_id, number, tuple(attempt.failures), will_retry, tuple(failures)))
        text = retry_feedback.render(failures, number, truncated=answer.truncated, kept=len(kept),
                                     edit_format=edit_format)
        messages = prompts.builder_retry(first, generation.text, text)
    # Out of attempts. Without safe mode, a patch whose only problem is the gate is still offered.
    last = outcome.attempts[-1] if outcome.attempts else None
    gate_only = last is not None and bool(last.problems) and all(f.kind == "gate" for f in last.problems)
    if not safe_mode and last_changes and gate_only:
        outcome.ok = True
        outcome.changes, outcome.gate = last_changes, last_gate
        outcome.warnings = [
            f"safe mode is off: {g.path} has new syntax errors: {g.summary}" for g in last_gate
            if not g.is_valid
        ]
    return outcome


_REMOVAL = re.compile(r"\b(remove|delete|drop|rename|merge|move|inline|replace|consolidate)", re.IGNORECASE)


def _may_drop(task: str, plan: str) -> frozenset[str]:
    """Definitions a whole-file answer may leave out: those named by a task or plan that removes,
    renames or moves code. Otherwise none — a whole file missing a definition is a partial answer."""
    text = f"{task}\n{plan}"
    return frozenset(re.findall(r"[A-Za-z_$][\w$]*", text)) if _REMOVAL.search(text) else frozenset()


@dataclass
class _Resolved:
    edits: list[Edit] = field(default_factory=list)
    failures: list[AttemptFailure] = field(default_factory=list)


def _block_id(edit: Edit) -> str:
    return f"{edit.path}\n<<<<<<< SEARCH\n{edit.search}=======\n{edit.replace}>>>>>>> REPLACE"


def _merge(kept: list[Edit], new: list[Edit]) -> list[Edit]:
    """Kept blocks first; a block the new answer repeats is not applied twice."""
    seen = {(e.path, e.search, e.replace) for e in kept}
    return [*kept, *(e for e in new if (e.path, e.search, e.replace) not in seen)]


def _resolve(repo: Path, answer: Answer, targets: list[str], repo_files: list[str], attempt: Attempt,
             outcome: BuildOutcome) -> _Resolved:
    """Each edit's path, checked to be inside the repository; the answer's reading problems."""
    out = _Resolved(failures=[AttemptFailure("parse", p) for p in answer.problems])
    resolver = PathResolver(targets, repo_files, _reader(repo))
    for edit in answer.edits:
        if edit.path:
            path: str | None = edit.path
        else:
            path, failure = resolver.resolve(edit)
            if failure is not None:
                out.failures.append(AttemptFailure("path", failure.message, failure.path,
                                                   _block_id(Edit(failure.path, edit.search, edit.replace))))
                continue
        assert path is not None
        try:
            safe = check_path(repo, path)
        except UnsafePath as exc:
            out.failures.append(AttemptFailure("path", f"{exc}. Only files inside the repository can be edited.",
                                               path))
            outcome.unsafe_paths.append(path)
            continue
        out.edits.append(Edit(safe, edit.search, edit.replace, edit.kind, edit.hints, edit.header))
    attempt.edits = [e.to_dict() for e in out.edits]
    return out


def _check_attempt(
    repo: Path, run_id: str, number: int, edits: list[Edit], failures: list[AttemptFailure],
    attempt: Attempt, emit: Emit, node_check: bool, mentioned: frozenset[str] = frozenset(),
) -> tuple[list[AttemptFailure], dict[str, tuple[str | None, str]], list[GateOutcome]]:
    """Place and gate one answer's edits. Returns (failures, changes, gate outcomes)."""
    failures = list(failures)
    try:
        applied = apply_edits(edits, _reader(repo), mentioned)
    except UnicodeDecodeError:
        unreadable = AttemptFailure("path", "An edit names a file that is not UTF-8 text; leave it alone.")
        return [*failures, unreadable], {}, []
    failures.extend(AttemptFailure(f.failure_kind, f.message, f.path, f.block) for f in applied.failures)
    changes = {p: ba for p, ba in applied.files.items() if ba[0] != ba[1]}
    if not changes and not failures:
        failures.append(AttemptFailure("match", "The edits change nothing: every REPLACE equals its SEARCH."))
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
                failures.append(AttemptFailure("gate", _format_gate_failure(result), path))
        attempt.gate_ms = (time.perf_counter() - start) * 1000
        bad = [g.path for g in gate if not g.is_valid]
        emit(ev.StageFinished(run_id, "gate", attempt.gate_ms / 1000, ok=not bad, attempt=number,
                              detail=f"{len(gate) - len(bad)}/{len(gate)} files valid"))
    return failures, changes, gate
