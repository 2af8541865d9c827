"""Task + context → plan: {"steps": [{"file", "symbol", "action"}]} (see docs/pipeline.md).

A plan that cannot be read is retried once with the parse error. After that the plan is the task
itself, and the run records why (`plan["source"] = "fallback"`, `plan["error"]`). A scripted
model with no reasoner lines is the documented pass-through (`source = "task"`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ouroboros_tui.models.base import GenerationResult, Generator, Message
from ouroboros_tui.pipeline import prompts
from ouroboros_tui.pipeline.plan_parse import PlanError, parse_plan
from ouroboros_tui.provenance.artifact import Plan

__all__ = ["PlanError", "PlanResult", "make_plan", "parse_plan"]

Call = Callable[[Generator, list[Message]], GenerationResult]


@dataclass
class PlanResult:
    plan: Plan
    generations: list[GenerationResult] = field(default_factory=list)


def make_plan(
    generator: Generator, task: str, targets: list[str], context: str, call: Call, has_script: bool = True
) -> PlanResult:
    """Ask for a plan; retry once on a parse error; fall back to the task. ModelError propagates."""
    if not has_script:
        return PlanResult({"source": "task", "steps": [], "text": task,
                           "note": "the mock script has no reasoner lines: the plan is the task"})
    messages = prompts.reasoner_messages(task, targets, context)
    result = PlanResult(plan={})
    errors: list[str] = []
    for _ in range(2):
        generation = call(generator, messages)
        result.generations.append(generation)
        try:
            steps = parse_plan(generation.text)
        except PlanError as exc:
            errors.append(str(exc))
            messages = prompts.reasoner_retry(messages, generation.text, str(exc))
            continue
        result.plan = {"source": "model", "steps": steps, "attempts": len(result.generations),
                       "errors": errors}
        return result
    result.plan = {"source": "fallback", "steps": [], "text": task, "error": errors[-1], "errors": errors,
                   "attempts": len(result.generations)}
    return result
