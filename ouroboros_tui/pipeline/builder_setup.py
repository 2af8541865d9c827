"""What the run prepares for the builder once the plan is known: large targets' windows drawn again
around the plan's symbols, and the answer's token limit (pipeline/answer_budget.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ouroboros_tui.config import ModelConfig
from ouroboros_tui.models.base import Message
from ouroboros_tui.provenance.artifact import Plan
from ouroboros_tui.source.files import read_current


def focus_targets(repo: Path, task: str, plan: Plan, context: Any, count: Callable[[str], int],
                  budget: int) -> Any:
    """Windows of a large target drawn again around the symbols the plan names, too. Returns a new
    context: the compressor may hand the same one to a later run (reject-with-reason reuses it)."""
    import dataclasses

    from ouroboros_tui.pipeline.target_view import render

    symbols = {s.get("symbol", "").split(".")[-1].split("::")[-1] for s in plan.get("steps", []) if s.get("symbol")}
    if not symbols or not context.target_views:
        return context
    context = dataclasses.replace(context, target_views=dict(context.target_views))
    spare = max(0, budget - count(context.text))
    for path, old in list(context.target_views.items()):
        names = symbols | set(re.findall(r"[A-Za-z_]\w+", task))
        new = render(path, read_current(repo, path) or "", context.target_definitions.get(path, []), names,
                     count, count(old) + spare)
        if new and new != old and old in context.text:
            context.text = context.text.replace(old, new)
            context.target_views[path] = new
            spare = max(0, budget - count(context.text))
    return context


def fitted_budget(config: ModelConfig, budget_tokens: int, count: Callable[[str], int], task: str,
                  targets: list[str]) -> int:
    """The compressor's budget, lowered when the builder's context window cannot hold it plus the
    rest of the builder prompt (counted with the model's tokenizer) and room for an answer: a
    2k-token model with the default budget would otherwise fail every run before generating."""
    from ouroboros_tui.models.window import context_window
    from ouroboros_tui.pipeline import prompts
    from ouroboros_tui.pipeline.answer_budget import MIN_ANSWER_TOKENS

    window = context_window(config)
    if window is None:
        return budget_tokens
    formats = ("search-replace", "whole", "diff") if config.edit_format == "auto" else (config.edit_format,)
    plan_room = 2 * count(task) + 64  # the plan is not known yet: a few numbered steps
    overhead = max(sum(count(m["content"]) + 8 for m in prompts.builder_messages(task, "", "", targets, None, f))
                   for f in formats) + plan_room
    answer = max(MIN_ANSWER_TOKENS, min(config.max_new_tokens, window // 4))
    return max(64, min(budget_tokens, window - overhead - answer))


def edit_format_for(config: ModelConfig, count: Callable[[str], int], texts: dict[str, str]) -> str:
    """The edit format the builder is asked for (`auto` resolved: pipeline/answer_budget.py)."""
    from ouroboros_tui.pipeline.answer_budget import choose_edit_format

    return choose_edit_format(config.edit_format, config.backend, config.model,
                              [len(t.splitlines()) for t in texts.values()],
                              sum(count(t) for t in texts.values()), config.max_new_tokens)


def answer_sizer(config: ModelConfig, count: Callable[[str], int], edit_format: str,
                 texts: dict[str, str]) -> Callable[[list[Message]], int]:
    """messages → max_new_tokens for the builder; raises PromptTooLong before generating."""
    from ouroboros_tui.models.window import context_window
    from ouroboros_tui.pipeline.answer_budget import size_answer

    window = context_window(config)
    target_tokens = sum(count(t) for t in texts.values())

    def size(messages: list[Message]) -> int:
        return size_answer(messages, count, configured=config.max_new_tokens, edit_format=edit_format,
                           target_tokens=target_tokens, window=window, model=config.label).max_new_tokens

    return size
