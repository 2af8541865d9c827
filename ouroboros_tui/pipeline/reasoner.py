"""Task + context → plan: {"steps": [{"file", "symbol", "action"}]} (see docs/pipeline.md).

A plan that cannot be read is retried once with the parse error. After that the plan is the task
itself, and the run records why (`plan["source"] = "fallback"`, `plan["error"]`). A scripted
model with no reasoner lines is the documented pass-through (`source = "task"`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ouroboros_tui.models.base import GenerationResult, Generator, Message
from ouroboros_tui.pipeline import prompts
from ouroboros_tui.provenance.artifact import Plan, PlanStep

Call = Callable[[Generator, list[Message]], GenerationResult]
FENCED_JSON = re.compile(r"```(?:json)?\s*\n(.*?)```", re.DOTALL)


class PlanError(ValueError):
    """The reasoner's answer is not a plan in the documented format."""


@dataclass
class PlanResult:
    plan: Plan
    generations: list[GenerationResult] = field(default_factory=list)


def _json_candidates(text: str) -> list[str]:
    found = [m.group(1) for m in FENCED_JSON.finditer(text)]
    start, end = text.find("{"), text.rfind("}")
    if start != -1 and end > start:
        found.append(text[start : end + 1])
    return found


def parse_plan(text: str) -> list[PlanStep]:
    """The steps of a plan answer. Raises PlanError saying what is wrong."""
    candidates = _json_candidates(text)
    if not candidates:
        raise PlanError("no JSON object found in the answer")
    data: Any = None
    last_error = ""
    for candidate in candidates:
        try:
            data = json.loads(candidate)
            break
        except json.JSONDecodeError as exc:
            last_error = f"invalid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
    if data is None:
        raise PlanError(last_error)
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
        raise PlanError('the object has no "steps" list')
    if not data["steps"]:
        raise PlanError('"steps" is empty')
    steps: list[PlanStep] = []
    for i, step in enumerate(data["steps"], start=1):
        if not isinstance(step, dict):
            raise PlanError(f"step {i} is not an object")
        for key in ("file", "action"):
            if not isinstance(step.get(key), str) or not step[key].strip():
                raise PlanError(f'step {i} needs a non-empty "{key}" string')
        symbol = step.get("symbol", "")
        if not isinstance(symbol, str):
            raise PlanError(f'step {i}: "symbol" must be a string')
        steps.append({"file": step["file"].strip(), "symbol": symbol.strip(), "action": step["action"].strip()})
    return steps


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
