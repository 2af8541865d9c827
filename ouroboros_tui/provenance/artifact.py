"""The shape of a run folder's JSON ★: artifact_metadata.json and commit.json, as TypedDicts.

They are the documents themselves (what `json.loads` gives back), so the types are TypedDicts, not
classes: `RunRecord.to_artifact()` builds an `Artifact`, `RunFolder` writes and reads it.
Reading checks the shape (`check_artifact`, `check_commit_info`) with pydantic, made for exactly this:
a file edited by hand, truncated or from another tool becomes a `CorruptRun` naming the file and the
key, never a TypeError three calls later. Keys are documented in docs/apply.md ("Run data").

pydantic needs typing_extensions' TypedDict on Python 3.11; it is imported only when a file is read.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NotRequired, cast

from typing_extensions import TypedDict

from ouroboros_tui.errors import UsageError

if TYPE_CHECKING:
    from pydantic import TypeAdapter

class CorruptRun(UsageError):
    """A run folder's JSON cannot be read or does not have the documented shape; the message names
    the file and what is wrong with it."""


# pending: patch ready, nothing written · applied: committed · failed: gate never passed / model
# error · refused: safety refusal before a patch · cancelled · rejected: every hunk declined ·
# undone: its commit was reverted
RunStatus = Literal["running", "pending", "applied", "failed", "refused", "cancelled", "rejected", "undone"]
# How a run ended without a patch (RunFailed.kind; also its status).
FailureKind = Literal["failed", "refused", "cancelled"]


class PlanStep(TypedDict):
    file: str
    symbol: NotRequired[str]  # "" or absent: the step is about the whole file
    action: str


class Plan(TypedDict, total=False):
    source: Literal["model", "fallback", "task"]  # fallback: the reasoner's answer could not be read
    steps: list[PlanStep]
    attempts: int  # reasoner answers asked for
    errors: list[str]  # why each unreadable answer was refused
    error: str  # fallback: the last of them
    text: str  # fallback / task: the plan is this text (the task)
    note: str
    builder_mode: Literal["edits", "infill"]
    infill_skipped: str
    infill_region: str
    infill_length: int
    edit_format: str  # the answer shape the builder was asked for (auto resolved)
    max_new_tokens: int  # the builder's last answer limit, sized to the change and the context window


class ModelUsage(TypedDict, total=False):
    """models_used[role]: what one role's model cost in this run."""

    model: str
    backend: str
    calls: int
    tokens: int
    seconds: float
    tokens_per_s: float
    load_s: float


class SafetyReport(TypedDict, total=False):
    """safety_checks: the gate's verdict on the generated patch; `apply` adds the re-check of the
    applied subset."""

    passed: bool
    checkers: list[str]
    files: int
    files_checked: int
    unchecked: list[str]
    ms: float
    results: list[dict[str, Any]]  # one gate result per file (gate.results.ValidationResult.to_dict)
    apply: dict[str, Any]
    # gate levels (docs/gate.md): the levels the run checked, each one's verdict and findings on the kept
    # attempt (gate.findings.LevelResult.to_dict), the Safety trailer's words, the gate's findings per
    # hunk id, and how many findings the change adds that block / only warn
    levels_run: list[str]
    levels: dict[str, dict[str, Any]]
    trailer: str
    hunk_warnings: dict[str, list[str]]
    warnings: int
    blocking: int


class RiskReport(TypedDict, total=False):
    """risk: the run's score in [0, 1] and the factors it came from (patch/risk.py)."""

    score: float
    factors: dict[str, float | None]  # None: not known (no confidence from this backend)
    weights: dict[str, float]
    hunk_weights: dict[str, float]
    removed_public: dict[str, list[str]]
    confidence_known: bool


class FileModification(TypedDict):
    """file_modifications[]: one file the run changes. Generation writes the first six keys; apply
    rewrites the list with what it committed (action, the committed and staged hashes, the hunks)."""

    path: str
    before_sha256: str | None  # None: the file is new
    after_sha256: str | None
    diff: str
    backup: str | None  # repo-relative path of the file as it was before apply
    new_file: NotRequired[bool]
    action: NotRequired[Literal["created", "modified"]]
    committed_sha256: NotRequired[str | None]
    staged_sha256: NotRequired[str | None]
    hunks: NotRequired[list[str]]
    hunk_numbers: NotRequired[list[int]]
    mode: NotRequired[str | None]  # in the commit (HEAD's mode)
    index_mode: NotRequired[str | None]  # in the user's index; None: the path stays out of it
    intent_to_add: NotRequired[bool]  # it was `git add -N` before the apply


class HunkDoc(TypedDict):
    id: NotRequired[str]
    number: NotRequired[int]
    path: str
    old_start: int
    old: list[str]
    new: list[str]
    lines: list[str]
    risk: NotRequired[float]
    risk_factors: NotRequired[dict[str, float]]
    edited: NotRequired[str]  # "lines" | "edit": the reviewer changed the model's hunk
    proposed: NotRequired[list[str]]  # then the model's new lines


class TextRef(TypedDict):
    sha256: str
    git_blob: NotRequired[str]


class FileDiffDoc(TypedDict):
    path: str
    before: str | None
    after: str  # "" with `texts`: a big file named by hash (runs/artifact_texts.py)
    texts: NotRequired[dict[str, TextRef]]
    language: NotRequired[str | None]
    hunks: list[HunkDoc]


class PatchDoc(TypedDict):
    files: list[FileDiffDoc]


class Attempt(TypedDict):
    """attempts[]: one builder attempt (runs/record.py's Attempt, as written)."""

    number: int
    prompt: list[dict[str, str]]  # the messages sent to the model
    response: NotRequired[str]
    edits: NotRequired[list[dict[str, Any]]]
    gate: NotRequired[list[dict[str, Any]]]  # per file: path, is_valid, errors…
    failures: NotRequired[list[str]]
    ok: NotRequired[bool]
    model_s: NotRequired[float]
    gate_ms: NotRequired[float]
    tokens: NotRequired[int]
    levels: NotRequired[dict[str, Any]]  # gate level → its verdict and findings on this attempt
    problems: NotRequired[list[dict[str, str]]]  # typed failures: kind (parse|match|path|gate), message, path
    truncated: NotRequired[bool]  # the answer stopped at the token limit


class Metadata(TypedDict, total=False):
    task: str
    targets: list[str]
    repo: str
    created_at: str
    status: RunStatus
    preset: str
    safe_mode: bool
    timings: dict[str, float]
    failure: str
    warnings: list[str]


class Artifact(TypedDict, total=False):
    """artifact_metadata.json: the seed's keys first (run_id, models_used, safety_checks,
    file_modifications, metadata), then the rest. Only run_id is required to read one."""

    schema: int
    run_id: str
    models_used: dict[str, ModelUsage]
    safety_checks: SafetyReport
    file_modifications: list[FileModification]
    metadata: Metadata
    plan: Plan
    attempts: list[Attempt]
    risk: RiskReport
    compressor: dict[str, Any]  # the compressor's budget report (pipeline/compressor.py)
    base_hashes: dict[str, str | None]
    patch: PatchDoc | None
    selection: list[str]
    rejected: dict[str, str]
    commit: str | None
    applied_at: str | None


class UndoInfo(TypedDict, total=False):
    revert_commit: str
    at: str
    restored_untracked: list[str]
    warnings: list[str]


class CommitInfo(TypedDict, total=False):
    """commit.json: written after the commit (the artifact is frozen by then), updated by undo."""

    commit: str | None
    parent: str | None
    branch: str | None
    detached: bool
    root_commit: bool
    artifact_sha256: str
    committed_at: str
    warnings: list[str]
    undo: UndoInfo | None
    hook_rewrites: dict[str, str]  # path → sha256 of what a commit hook made of the reviewed text


@cache
def _adapter(kind: type) -> TypeAdapter[Any]:
    from pydantic import TypeAdapter

    return TypeAdapter(kind)


def _check(kind: type, document: object, path: Path, required: tuple[str, ...] = ()) -> None:
    """Raise CorruptRun naming the file and the first few keys that do not fit `kind`."""
    from pydantic import ValidationError

    if not isinstance(document, dict):
        raise CorruptRun(f"{path}: expected a JSON object, found {type(document).__name__}; "
                         "the run folder is damaged (restore it or delete the folder).")
    missing = [key for key in required if key not in document]
    if missing:
        raise CorruptRun(f"{path}: no {', '.join(repr(k) for k in missing)}; the run folder is damaged "
                         "(restore it or delete the folder).")
    try:  # strict: a "3" where a number belongs is damage, not something to coerce
        _adapter(kind).validate_python(document, strict=True)
    except ValidationError as exc:
        problems = [f"{'.'.join(map(str, e['loc'])) or '(top)'}: {e['msg']}" for e in exc.errors()[:3]]
        more = f" (and {exc.error_count() - 3} more)" if exc.error_count() > 3 else ""
        raise CorruptRun(f"{path} does not have the shape of a run's data: {'; '.join(problems)}{more}. "
                         "Restore the file or delete the run folder.") from None


def check_artifact(document: object, path: Path) -> Artifact:
    """The document as an Artifact, or CorruptRun."""
    _check(Artifact, document, path, required=("run_id",))
    return cast(Artifact, document)


def check_commit_info(document: object, path: Path) -> CommitInfo:
    """The document as a CommitInfo, or CorruptRun."""
    _check(CommitInfo, document, path)
    return cast(CommitInfo, document)
