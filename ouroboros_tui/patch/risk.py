"""Risk in [0, 1] per hunk and per run, from named factors each in [0, 1] (docs/pipeline.md).

Factors combine as a weighted noisy-OR, score = 1 - Π(1 - weight·factor): any one strong factor
raises the score on its own, several weak ones add up, and the result never leaves [0, 1].

Per hunk: share of the file changed, lines deleted, public definitions removed or renamed (tree-sitter:
top-level public names of the file before that are gone after, whose definition the hunk touches),
new file (source/removed_defs.py looks only where the change re-shaped the syntax). Per run: the
riskiest hunk, files touched, attempts used, the model's confidence where
the backend reports one, public definitions removed across the patch, new files.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from ouroboros_tui.patch.hunks import FileDiff, Hunk, Patch

if TYPE_CHECKING:  # `risk_band` is drawn with the first frame; the artifact's shapes load later
    from ouroboros_tui.provenance.artifact import RiskReport

HUNK_WEIGHTS = {
    "share_changed": 0.5,  # changed lines / lines in the file before
    "lines_deleted": 0.3,  # deleted lines / 40, capped at 1
    "public_removed": 0.7,  # public top-level definitions this hunk removes or renames (/2, capped)
    "new_file": 0.15,  # the hunk creates a file
}
RUN_WEIGHTS = {
    "max_hunk": 1.0,  # the riskiest hunk's score
    "files_touched": 0.3,  # (files - 1) / 4, capped
    "attempts_used": 0.3,  # (attempts - 1) / (max attempts - 1)
    "low_confidence": 0.4,  # 1 - mean token probability, where the backend reports it
    "public_removed": 0.5,  # public definitions removed or renamed in the whole patch (/3, capped)
    "new_files": 0.1,  # share of touched files that are new
    "gate_findings": 0.4,  # gate findings the change adds: 1 with a blocking one, else warnings / 3
}
DELETED_LINES_FULL = 40


def combine(factors: dict[str, float | None], weights: dict[str, float]) -> float:
    keep = 1.0
    for name, weight in weights.items():
        value = factors.get(name)
        if value is None:
            continue
        keep *= 1.0 - weight * max(0.0, min(1.0, value))
    return round(1.0 - keep, 4)


# (path, text before or None for a new file, text after) → public top-level names the change
# removes or renames → their line before (source/removed_defs.removed_public).
RemovedOf = Callable[[str, str | None, str], dict[str, int]]


def hunk_factors(hunk: Hunk, before_lines: int, is_new: bool, removed: dict[str, int]) -> dict[str, float]:
    deleted = hunk.removed
    changed = max(hunk.removed, hunk.added)
    first, last = hunk.old_start + 1, hunk.old_start + len(hunk.old)
    hit = [name for name, line in removed.items() if first <= line <= last]
    return {
        "share_changed": round(1.0 if is_new else min(1.0, changed / max(1, before_lines)), 4),
        "lines_deleted": round(min(1.0, deleted / DELETED_LINES_FULL), 4),
        "public_removed": round(min(1.0, len(hit) / 2), 4),
        "new_file": 1.0 if is_new else 0.0,
    }


def _score_file_hunks(file: FileDiff, removed_of: RemovedOf) -> dict[str, int]:
    """Fill the risk of each of the file's hunks; returns the public names the file loses."""
    removed = removed_of(file.path, file.before, file.after)
    before_lines = len((file.before or "").splitlines())
    for hunk in file.hunks:
        hunk.risk_factors = hunk_factors(hunk, before_lines, file.is_new, removed)
        hunk.risk = combine(dict(hunk.risk_factors), HUNK_WEIGHTS)
    return removed


def split_hunk_scored(patch: Patch, hunk_id: str, removed_of: RemovedOf) -> list[Hunk]:
    """`s` in review (CLI and TUI): split the hunk and score the parts as hunks of their own. The run's
    risk stays as generated: the change the run makes is the same, only the review is finer."""
    parts = patch.split(hunk_id)
    if len(parts) > 1:
        _score_file_hunks(patch.file(parts[0].path), removed_of)
    return parts


def score_patch(
    patch: Patch,
    removed_of: RemovedOf,
    attempts_used: int,
    max_attempts: int,
    confidences: list[float] | None = None,
    gate_findings: tuple[int, int] | None = None,
) -> RiskReport:
    """Fill each hunk's risk and risk_factors; return the run's score and the factors it came from."""
    all_removed: dict[str, list[str]] = {}
    new_files = 0
    for file in patch.files:
        removed = _score_file_hunks(file, removed_of)
        if removed:
            all_removed[file.path] = sorted(removed)
        new_files += file.is_new
    hunks = patch.hunks
    files = len(patch.files)
    mean_conf = sum(confidences) / len(confidences) if confidences else None
    factors: dict[str, float | None] = {
        "max_hunk": max((h.risk for h in hunks), default=0.0),
        "files_touched": round(min(1.0, max(0, files - 1) / 4), 4),
        "attempts_used": round(max(0, attempts_used - 1) / max(1, max_attempts - 1), 4),
        "low_confidence": None if mean_conf is None else round(1.0 - mean_conf, 4),
        "public_removed": round(min(1.0, sum(len(v) for v in all_removed.values()) / 3), 4),
        "new_files": round(new_files / files, 4) if files else 0.0,
        "gate_findings": None if gate_findings is None else
        (1.0 if gate_findings[0] else round(min(1.0, gate_findings[1] / 3), 4)),
    }
    return {
        "score": combine(factors, RUN_WEIGHTS),
        "factors": factors,
        "weights": RUN_WEIGHTS,
        "hunk_weights": HUNK_WEIGHTS,
        "removed_public": all_removed,
        "confidence_known": mean_conf is not None,
    }


RiskBand = Literal["low", "medium", "high"]
# The one place the bands are decided (CLI colours, the TUI's hunk headers): below the default
# --max-risk is low; from twice that on, high.
MEDIUM_FROM = 0.3
HIGH_FROM = 0.6


def risk_band(score: float) -> RiskBand:
    """low < 0.3 ≤ medium < 0.6 ≤ high."""
    if score >= HIGH_FROM:
        return "high"
    return "medium" if score >= MEDIUM_FROM else "low"
