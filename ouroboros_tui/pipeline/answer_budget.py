"""How the builder is asked: the answer shape (`edit_format`) and how many tokens it may write.

`auto` asks models under 7B, and any change to small files, for whole files (small models write
malformed SEARCH/REPLACE too often; a small file costs little to repeat) when the configured
`max_new_tokens` can hold them, SEARCH/REPLACE otherwise.
A whole-file answer needs the targets' size plus margin; any answer must fit in the model's context
window after the prompt — when it cannot, the run fails before generating and says what to change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ouroboros_tui.models.base import Message, ModelError

SMALL_FILE_LINES = 150
SMALL_MODEL_BILLIONS = 7.0
MIN_ANSWER_TOKENS = 256


class PromptTooLong(ModelError):
    """Prompt + the answer it needs do not fit in the model's context window."""


def model_billions(model: str) -> float | None:
    """Parameters in billions from a checkpoint's name ("Qwen2.5-Coder-1.5B-Instruct" → 1.5)."""
    found = re.findall(r"(?<![\d.])(\d+(?:\.\d+)?)[bB](?![a-zA-Z])", model.split("/")[-1])
    return float(found[-1]) if found else None


def whole_answer_tokens(target_tokens: int) -> int:
    """What a whole-file answer needs: the targets again, plus fences, paths and a little prose."""
    return int(target_tokens * 1.15) + 64


def choose_edit_format(edit_format: str, backend: str, model: str, target_lines: list[int],
                       target_tokens: int = 0, max_new_tokens: int | None = None) -> str:
    """The shape to ask for. `auto` never asks for whole files the configured answer limit cannot
    hold (an explicit `whole` raises the limit instead)."""
    if edit_format != "auto":
        return edit_format
    if backend == "scripted":
        return "search-replace"
    if max_new_tokens is not None and whole_answer_tokens(target_tokens) > max_new_tokens:
        return "search-replace"
    size = model_billions(model)
    if size is not None and size < SMALL_MODEL_BILLIONS:
        return "whole"
    if target_lines and max(target_lines) <= SMALL_FILE_LINES:
        return "whole"
    return "search-replace"


@dataclass(frozen=True)
class AnswerBudget:
    max_new_tokens: int
    prompt_tokens: int
    window: int | None


def size_answer(
    messages: list[Message], count: Callable[[str], int], *, configured: int, edit_format: str,
    target_tokens: int, window: int | None, model: str,
) -> AnswerBudget:
    """Tokens the answer may take. Raises PromptTooLong naming the fix."""
    prompt = sum(count(m["content"]) + 8 for m in messages)  # + the chat template's few tokens per turn
    want = configured
    need = MIN_ANSWER_TOKENS
    if edit_format == "whole":
        need = whole_answer_tokens(target_tokens)
        want = max(configured, int(target_tokens * 1.3) + 128)
    if window is None:
        return AnswerBudget(want, prompt, None)
    room = window - prompt
    if room < need:
        fixes = ["lower [compressor] budget_tokens"]
        if edit_format == "whole":
            fixes.append('set [models.builder] edit_format = "search-replace" (whole files need the '
                         "file's size again as answer)")
        fixes.append("use a model with a longer context")
        raise PromptTooLong(
            f"the builder prompt ({prompt} tokens) leaves {max(room, 0)} of {model}'s {window}-token context "
            f"window for the answer, which needs about {need}: {', or '.join(fixes)}."
        )
    return AnswerBudget(min(want, room), prompt, window)
