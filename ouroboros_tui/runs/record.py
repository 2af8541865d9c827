"""RunRecord: everything one run knows, from task to commit. The pipeline fills it, apply updates
it, provenance stores `to_artifact()` as runs/<run_id>/artifact_metadata.json, and the history
pane and `status` read it back with `from_artifact()`."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from ouroboros_tui.patch.edit_types import AttemptFailure
from ouroboros_tui.patch.hunks import Patch
from ouroboros_tui.provenance.artifact import (
    Artifact,
    FileModification,
    ModelUsage,
    Plan,
    RiskReport,
    RunStatus,
    SafetyReport,
)
from ouroboros_tui.provenance.artifact import Attempt as AttemptDoc
from ouroboros_tui.provenance.store import IndexRow


def new_run_id(now: datetime | None = None) -> str:
    now = now or datetime.now()
    return f"gen_{now:%Y%m%d_%H%M%S}_{secrets.token_hex(2)}"


def sha256_text(text: str | None) -> str | None:
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Attempt:
    number: int
    prompt: list[dict[str, str]]
    response: str = ""
    edits: list[dict[str, Any]] = field(default_factory=list)
    gate: list[dict[str, Any]] = field(default_factory=list)  # per file: path, is_valid, errors…
    levels: dict[str, Any] = field(default_factory=dict)  # gate level → its verdict and findings
    failures: list[str] = field(default_factory=list)  # the messages of `problems`, for people
    ok: bool = False
    model_s: float = 0.0
    gate_ms: float = 0.0
    tokens: int = 0
    problems: list[AttemptFailure] = field(default_factory=list)  # typed: kind parse|match|path|gate
    truncated: bool = False  # the answer stopped at the token limit

    @classmethod
    def from_dict(cls, data: AttemptDoc) -> Attempt:
        fields: dict[str, Any] = dict(data)
        fields["problems"] = [AttemptFailure(**p) for p in data.get("problems", [])]  # type: ignore[arg-type]
        return cls(**fields)


@dataclass
class RunRecord:
    run_id: str
    task: str
    targets: list[str]
    repo: str
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    status: RunStatus = "running"
    preset: str = ""
    safe_mode: bool = True
    models_used: dict[str, ModelUsage] = field(default_factory=dict)
    plan: Plan = field(default_factory=lambda: Plan())
    budget_report: dict[str, Any] = field(default_factory=dict)
    attempts: list[Attempt] = field(default_factory=list)
    base_hashes: dict[str, str | None] = field(default_factory=dict)
    patch: Patch | None = None
    risk: RiskReport = field(default_factory=lambda: RiskReport())
    safety: SafetyReport = field(default_factory=lambda: SafetyReport())
    warnings: list[str] = field(default_factory=list)
    failure: str = ""
    selection: list[str] = field(default_factory=list)  # hunk ids applied
    rejected: dict[str, str] = field(default_factory=dict)  # hunk id → reason given with `r`
    commit: str | None = None
    applied_at: str | None = None
    file_modifications: list[FileModification] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def attempts_used(self) -> int:
        return len(self.attempts)

    @property
    def risk_score(self) -> float:
        return float(self.risk.get("score", 0.0))

    def to_artifact(self) -> Artifact:
        """The artifact_metadata.json document: the seed's keys first, then everything else."""
        return {
            "schema": 1,
            "run_id": self.run_id,
            "models_used": self.models_used,
            "safety_checks": self.safety,
            "file_modifications": self.file_modifications,
            "metadata": {
                "task": self.task,
                "targets": self.targets,
                "repo": self.repo,
                "created_at": self.created_at,
                "status": self.status,
                "preset": self.preset,
                "safe_mode": self.safe_mode,
                "timings": self.timings,
                "failure": self.failure,
                "warnings": self.warnings,
            },
            "plan": self.plan,
            "attempts": [cast(AttemptDoc, asdict(a)) for a in self.attempts],
            "risk": self.risk,
            "compressor": self.budget_report,
            "base_hashes": self.base_hashes,
            "patch": self.patch.to_dict() if self.patch else None,
            "selection": self.selection,
            "rejected": self.rejected,
            "commit": self.commit,
            "applied_at": self.applied_at,
        }

    @classmethod
    def from_artifact(cls, data: Artifact) -> RunRecord:
        """A record from an artifact whose shape was checked (RunFolder.read_artifact)."""
        meta = data.get("metadata", {})
        return cls(
            run_id=data["run_id"],
            task=meta.get("task", ""),
            targets=list(meta.get("targets", [])),
            repo=meta.get("repo", ""),
            created_at=meta.get("created_at", ""),
            status=meta.get("status", "pending"),
            preset=meta.get("preset", ""),
            safe_mode=meta.get("safe_mode", True),
            models_used=dict(data.get("models_used", {})),
            plan=data.get("plan", Plan()),
            budget_report=dict(data.get("compressor", {})),
            attempts=[Attempt.from_dict(a) for a in data.get("attempts", [])],
            base_hashes=data.get("base_hashes", {}),
            patch=Patch.from_dict(patch) if (patch := data.get("patch")) else None,
            risk=data.get("risk", RiskReport()),
            safety=data.get("safety_checks", SafetyReport()),
            warnings=list(meta.get("warnings", [])),
            failure=meta.get("failure", ""),
            selection=list(data.get("selection", [])),
            rejected=dict(data.get("rejected", {})),
            commit=data.get("commit"),
            applied_at=data.get("applied_at"),
            file_modifications=list(data.get("file_modifications", [])),
            timings=dict(meta.get("timings", {})),
        )

    def index_row(self) -> IndexRow:
        """What history.sqlite3 keeps for the history pane and `list-runs`."""
        return {
            "run_id": self.run_id,
            "created_at": self.created_at,
            "task": self.task,
            "status": self.status,
            "attempts": self.attempts_used,
            "risk": self.risk_score,
            "commit_sha": self.commit,
            "targets": ",".join(self.targets),
            "hunks_total": len(self.patch.hunks) if self.patch else 0,
            "hunks_applied": len(self.selection),
        }
