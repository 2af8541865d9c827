"""What a run records about itself besides the patch: the models it used (per role: calls, tokens,
seconds), the syntax gate's safety report, the risk scores and the proposed file list. Pure functions
of the run's results."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ouroboros_tui.runs.record import sha256_text

if TYPE_CHECKING:
    from ouroboros_tui.config import ModelConfig
    from ouroboros_tui.models.base import GenerationResult, Generator
    from ouroboros_tui.patch.hunks import Patch
    from ouroboros_tui.pipeline.builder import BuildOutcome
    from ouroboros_tui.provenance.artifact import FileModification, RiskReport, SafetyReport


def models_used(usage: Mapping[str, list[GenerationResult]], models: Mapping[str, ModelConfig],
                generators: Mapping[str, Generator]) -> dict[str, Any]:
    """Per role that has a configured model: the label it ran under, its backend, calls and speed."""
    out: dict[str, Any] = {}
    for role, results in usage.items():
        config = models.get(role)
        if config is None:
            continue
        generator = generators.get(role)
        tokens = sum(r.token_count for r in results)
        seconds = sum(r.total_s for r in results)
        out[role] = {
            "model": generator.model_label if generator else config.label,
            "backend": config.backend,
            "calls": len(results),
            "tokens": tokens,
            "seconds": round(seconds, 4),
            "tokens_per_s": round(tokens / seconds, 2) if seconds > 0 else 0.0,
            "load_s": round(max((r.load_s for r in results), default=0.0), 4),
        }
    return out


def syntax_safety(outcome: BuildOutcome) -> SafetyReport:
    """The syntax gate's report over the files of the kept attempt."""
    checked = [g for g in outcome.gate if g.checked]
    return {
        "passed": all(g.is_valid for g in outcome.gate),
        "checkers": sorted({g.checker for g in checked if g.checker}),
        "files": len(outcome.gate),
        "files_checked": len(checked),
        "unchecked": [g.path for g in outcome.gate if not g.checked],
        "ms": round(sum(g.ms for g in outcome.gate), 3),
        "results": [g.doc for g in outcome.gate],
    }


def score_outcome(outcome: BuildOutcome, patch: Patch, max_attempts: int,
                  gate_findings: tuple[int, int]) -> RiskReport:  # fmt: skip
    """Each hunk's risk and the run's, from the kept attempt (its confidences, its gate's trees)."""
    from ouroboros_tui.patch.risk import score_patch
    from ouroboros_tui.source.removed_defs import removed_public

    confidences = next((g.confidences for g in reversed(outcome.generations) if g.confidences), None)
    # The gate parsed each file after the change: risk re-parses only the file before, from it.
    trees = {g.path: getattr(g.result, "tree", None) for g in outcome.gate}

    def removed_of(path: str, before: str | None, after: str) -> dict[str, int]:
        return removed_public(path, before, after, trees.get(path))

    return score_patch(patch, removed_of, len(outcome.attempts), max_attempts, confidences,
                       gate_findings=gate_findings)


def proposed_modifications(patch: Patch) -> list[FileModification]:
    """The artifact's file list before an apply: each file's before / after hashes and its diff."""
    return [{"path": f.path, "before_sha256": sha256_text(f.before), "after_sha256": sha256_text(f.after),
             "new_file": f.is_new, "diff": f.unified(), "backup": None} for f in patch.files]
