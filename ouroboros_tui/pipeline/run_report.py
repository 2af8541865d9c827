"""What a run records about itself besides the patch: the models it used (per role: calls, tokens,
seconds) and the syntax gate's safety report. Pure functions of the run's results."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ouroboros_tui.config import ModelConfig
    from ouroboros_tui.models.base import GenerationResult, Generator
    from ouroboros_tui.pipeline.builder import BuildOutcome
    from ouroboros_tui.provenance.artifact import SafetyReport


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
