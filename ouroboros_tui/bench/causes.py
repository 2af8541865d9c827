"""Why an answer (one builder attempt) was not accepted, read from the run record's attempts.

The builder records each failure as the text it feeds back to the model; the bench sorts those
texts into causes. Gate failures are told apart by level generically: a failure `gate[LEVEL]: …` or
`gate LEVEL: …`, else the level named by the attempt's failing gate results (`level`), else
`syntax` (the level every gate runs). A new gate level therefore shows up without a change here.
"""

from __future__ import annotations

import re
from typing import Any

# (cause, pattern) in order; the first match names the failure's cause.
_ANSWER_CAUSES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("model_error", re.compile(r"^model call failed", re.I)),
    ("unparsed", re.compile(r"could not be read as edits|no SEARCH/REPLACE block|without a file path", re.I)),
    ("unsafe_path", re.compile(r"Only files inside the repository|outside the repository", re.I)),
    ("no_match", re.compile(r"matches no lines", re.I)),
    ("ambiguous", re.compile(r"matches \d+ places", re.I)),
    ("missing_file", re.compile(r"no such file; to create it", re.I)),
    ("file_exists", re.compile(r"an empty SEARCH creates a file, but this file exists", re.I)),
    ("no_change", re.compile(r"edits change nothing", re.I)),
    ("not_text", re.compile(r"not UTF-8 text", re.I)),
)
_GATE = re.compile(r"^gate(?:\[(?P<a>[\w-]+)\]|\s+(?P<b>[\w-]+)|\((?P<c>[\w-]+)\))?\s*:", re.I)


def gate_level(failure: str, attempt: dict[str, Any]) -> str | None:
    """The gate level that refused this failure's file, or None if the failure is not the gate's."""
    found = _GATE.match(failure)
    if not found:
        return None
    named = found["a"] or found["b"] or found["c"]
    if named:
        return named.lower()
    levels = {str(doc.get("level")) for doc in attempt.get("gate", [])
              if isinstance(doc, dict) and doc.get("level") and doc.get("is_valid") is False}
    return sorted(levels)[0] if len(levels) == 1 else "syntax"


def answer_cause(failure: str) -> str:
    for cause, pattern in _ANSWER_CAUSES:
        if pattern.search(failure):
            return cause
    return "other"


# A typed failure's kind (attempts[].problems) when its message names no finer cause.
_KIND_CAUSE = {"parse": "unparsed", "match": "no_match", "path": "unsafe_path"}


def failed_levels(attempt: dict[str, Any]) -> list[str]:
    """The gate levels that failed in this attempt: syntax (a file's gate result) and each level past
    it whose verdict is `fail` (attempts[].levels); `syntax` when the record says no more."""
    syntax_failed = any(isinstance(d, dict) and d.get("is_valid") is False for d in attempt.get("gate", []))
    levels = ["syntax"] if syntax_failed else []
    levels += [name for name, doc in (attempt.get("levels") or {}).items()
               if name != "syntax" and isinstance(doc, dict) and doc.get("status") == "fail"]
    return levels or ["syntax"]


def classify_attempt(attempt: dict[str, Any]) -> dict[str, list[str]]:
    """{"gate": [levels that refused it], "answer": [causes it did not parse or match]} for one attempt
    (an artifact's attempt dict). An accepted attempt has both empty. Typed failures (`problems`,
    each with a kind: parse | match | path | gate) are read when the record has them."""
    gate: list[str] = []
    answer: list[str] = []
    problems = attempt.get("problems")
    if problems:
        for problem in problems:
            if problem.get("kind") == "gate":
                gate.extend(level for level in failed_levels(attempt) if level not in gate)
                continue
            cause = answer_cause(str(problem.get("message", "")))
            if cause == "other":
                cause = _KIND_CAUSE.get(str(problem.get("kind")), "other")
            if cause not in answer:
                answer.append(cause)
        return {"gate": gate, "answer": answer}
    for failure in attempt.get("failures", []):
        level = gate_level(failure, attempt)
        if level is not None:
            if level not in gate:
                gate.append(level)
        else:
            cause = answer_cause(failure)
            if cause not in answer:
                answer.append(cause)
    return {"gate": gate, "answer": answer}
