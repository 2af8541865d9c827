"""The reasoner's answer → plan steps, read as small models write it.

Accepted besides the documented object: a bare list of steps, `"symbol": null`, trailing commas,
single quotes, `//` `#` `/* */` comments, prose or `<think>` around the JSON, other key names
(path / filename, function / name, description / change …), and a numbered list
(`1. src/a.py::f — what to do`). What cannot be read raises PlanError saying why.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

from ouroboros_tui.patch.blocks import clean_answer
from ouroboros_tui.patch.paths import looks_like_path
from ouroboros_tui.provenance.artifact import PlanStep

FENCED = re.compile(r"```[\w-]*\s*\n(.*?)```", re.DOTALL)
FILE_KEYS = ("file", "path", "filename", "file_path", "filepath", "target", "target_file", "module")
SYMBOL_KEYS = ("symbol", "function", "name", "class", "method", "symbol_name", "target_symbol", "def")
ACTION_KEYS = ("action", "description", "change", "what", "step", "task", "details", "summary",
               "instruction", "instructions", "todo", "edit")
LIST_KEYS = ("steps", "plan", "changes", "edits", "tasks", "actions")
NUMBERED = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s+(.*)$")


class PlanError(ValueError):
    """The reasoner's answer is not a plan in any shape we read."""


def _candidates(text: str) -> list[str]:
    found = [m.group(1) for m in FENCED.finditer(text)]
    for open_, close in (("{", "}"), ("[", "]")):
        start, end = text.find(open_), text.rfind(close)
        if start != -1 and end > start:
            found.append(text[start:end + 1])
    return found


def _strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    out = []
    for line in text.split("\n"):
        # a comment starts at // or # outside a string (an even number of quotes before it)
        for m in re.finditer(r"(//|#)", line):
            before = line[:m.start()]
            if before.count('"') % 2 == 0 and before.count("'") % 2 == 0:
                line = before
                break
        out.append(line)
    return "\n".join(out)


def _load(candidate: str) -> Any:
    try:
        return json.loads(candidate)
    except json.JSONDecodeError as exc:
        first = f"invalid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
    repaired = re.sub(r",\s*([}\]])", r"\1", _strip_comments(candidate))
    try:
        return json.loads(repaired)
    except json.JSONDecodeError:
        pass
    python = re.sub(r"\btrue\b", "True", re.sub(r"\bfalse\b", "False", re.sub(r"\bnull\b", "None", repaired)))
    try:
        return ast.literal_eval(python)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        raise PlanError(first) from None


def _pick(step: dict[str, Any], keys: tuple[str, ...]) -> str:
    lowered = {str(k).lower(): v for k, v in step.items()}
    for key in keys:
        value = lowered.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return "; ".join(v.strip() for v in value)
    return ""


def _steps_of(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        lowered = {str(k).lower(): v for k, v in data.items()}
        for key in LIST_KEYS:
            if isinstance(lowered.get(key), list):
                return list(lowered[key])
        if _pick(data, FILE_KEYS) or _pick(data, ACTION_KEYS):
            return [data]
    raise PlanError('the JSON has no "steps" list')


def _normalise(raw_steps: list[Any]) -> list[PlanStep]:
    if not raw_steps:
        raise PlanError('"steps" is empty')
    steps: list[PlanStep] = []
    for i, step in enumerate(raw_steps, start=1):
        if isinstance(step, str):
            parsed = _line_step(step)
            if parsed is None:
                raise PlanError(f"step {i} names no file")
            steps.append(parsed)
            continue
        if not isinstance(step, dict):
            raise PlanError(f"step {i} is not an object")
        file, action = _pick(step, FILE_KEYS), _pick(step, ACTION_KEYS)
        if not file:
            raise PlanError(f'step {i} needs a non-empty "file" string')
        if not action:
            raise PlanError(f'step {i} needs a non-empty "action" string')
        symbol = _pick(step, SYMBOL_KEYS)
        steps.append({"file": file, "symbol": "" if symbol == file else symbol, "action": action})
    return steps


def _line_step(line: str) -> PlanStep | None:
    """`src/a.py::f — do this`, ``In `src/a.py`, change `f` to …``: file, symbol, action."""
    text = line.strip()
    paths = [t.strip("`'\"*,.:;()") for t in re.findall(r"[`'\"]?[\w./\\-]+(?:::[\w.]+)?[`'\"]?", text)]
    for token in paths:
        path, _, symbol = token.partition("::")
        if looks_like_path(path):
            if not symbol:
                names = [n for n in re.findall(r"`([A-Za-z_][\w.]*)(?:\(\))?`", text) if n != path]
                symbol = names[0] if names else ""
            action = re.sub(r"^\W*" + re.escape(token) + r"\W*", "", text) or text
            return {"file": path.replace("\\", "/"), "symbol": symbol, "action": action.strip(" —-:")}
    return None


def parse_plan(text: str) -> list[PlanStep]:
    """The steps of a plan answer. Raises PlanError saying what is wrong."""
    text = clean_answer(text)
    errors: list[str] = []
    for candidate in _candidates(text):
        try:
            return _normalise(_steps_of(_load(candidate)))
        except PlanError as exc:
            errors.append(str(exc))
    numbered = [m.group(1) for line in text.split("\n") if (m := NUMBERED.match(line))]
    steps = [s for s in (_line_step(x) for x in numbered) if s]
    if steps:
        return steps
    if errors:
        raise PlanError(errors[0])
    if "{" in text or "[" in text:
        raise PlanError("the JSON is never closed (the answer may have been cut off)")
    raise PlanError("no JSON object and no numbered list of steps found in the answer")
