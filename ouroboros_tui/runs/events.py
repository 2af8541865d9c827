"""Events a pipeline run emits. Plain dataclasses: the CLI prints them, the TUI posts them as
messages, tests assert on them. Nothing here knows about screens."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ouroboros_tui.gate.results import ValidationResult
    from ouroboros_tui.patch.edit_types import AttemptFailure
    from ouroboros_tui.patch.hunks import Patch
    from ouroboros_tui.provenance.artifact import FailureKind
    from ouroboros_tui.runs.record import RunRecord

STAGES = ("compressor", "reasoner", "builder", "gate")


@dataclass(frozen=True)
class PipelineEvent:
    run_id: str


@dataclass(frozen=True)
class RunStarted(PipelineEvent):
    task: str
    targets: tuple[str, ...]


@dataclass(frozen=True)
class StageStarted(PipelineEvent):
    stage: str  # one of STAGES
    model: str = ""
    attempt: int = 0


@dataclass(frozen=True)
class StageFinished(PipelineEvent):
    stage: str
    elapsed_s: float
    ok: bool = True
    detail: str = ""
    tokens: int = 0
    tokens_per_s: float = 0.0
    attempt: int = 0


@dataclass(frozen=True)
class ModelLoading(PipelineEvent):
    role: str
    model: str
    message: str
    fraction: float | None = None


@dataclass(frozen=True)
class TokenDelta(PipelineEvent):
    role: str
    text: str
    tokens_so_far: int
    attempt: int = 0


@dataclass(frozen=True)
class DiffusionDraft(PipelineEvent):
    role: str
    text: str
    step: int
    total_steps: int
    masked: int
    attempt: int = 0


@dataclass(frozen=True)
class GateChecked(PipelineEvent):
    attempt: int
    path: str
    is_valid: bool
    result: ValidationResult | None = None
    new_errors: tuple[Any, ...] = ()
    preexisting_errors: int = 0


@dataclass(frozen=True)
class LevelChecked(PipelineEvent):
    """One gate level past syntax (semantic, security, tests) judged one attempt."""

    attempt: int
    level: str
    verdict: str  # pass | fail | skip | pass(41)
    detail: str = ""
    blocking: int = 0  # new findings that block
    warnings: int = 0  # new findings shown in review only
    ms: float = 0.0


@dataclass(frozen=True)
class AttemptFailed(PipelineEvent):
    attempt: int
    reasons: tuple[str, ...]  # human-readable: gate errors, SEARCH misses, refused paths
    will_retry: bool
    failures: tuple[AttemptFailure, ...] = ()  # the same, typed: kind (parse | match | path | gate), path


@dataclass(frozen=True)
class PlanReady(PipelineEvent):
    """The run was asked to stop after planning (the API's Reasoner)."""

    plan: dict[str, Any]
    targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class PatchReady(PipelineEvent):
    patch: Patch
    record: RunRecord
    warnings: tuple[str, ...] = ()  # gate failures kept under --no-safe-mode


@dataclass(frozen=True)
class RunFailed(PipelineEvent):
    reason: str
    kind: FailureKind = "failed"
    record: RunRecord | None = None
    details: tuple[str, ...] = field(default_factory=tuple)
