"""The static gate levels on a set of changed files: syntax, semantic, security.

`check_static(changes, levels)` takes {path: (text before or None, text after)} and returns one
`LevelResult` per level asked for. Every level is baseline-aware: only findings the change adds
block (findings.py says how they are matched). The `tests` level needs git and lives in
pipeline/test_level.py.

| level    | Python                              | JavaScript / TypeScript              | other files        |
|----------|-------------------------------------|--------------------------------------|--------------------|
| syntax   | tree-sitter + compile()             | tree-sitter (+ node --check)         | tree-sitter        |
| semantic | ruff F (pyflakes' rules)            | tree-sitter: undefined, duplicates   | —                  |
| security | ruff S (bandit's rules) + secrets   | tree-sitter sinks + secrets          | secrets            |
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from ouroboros_tui.gate.findings import Finding, LevelResult, new_findings
from ouroboros_tui.gate.js_checks import js_findings, js_language
from ouroboros_tui.gate.python_checks import CheckerMissing, is_python, ruff_findings
from ouroboros_tui.gate.secrets import secrets_in_changes

Changes = dict[str, tuple[str | None, str]]


def check_static(changes: Changes, levels: Sequence[str], *, validator: Any = None) -> dict[str, LevelResult]:
    """Run the asked static levels (syntax, semantic, security; others are ignored) on `changes`."""
    results: dict[str, LevelResult] = {}
    if "syntax" in levels:
        results["syntax"] = _syntax(changes, validator)
    wanted = tuple(level for level in ("semantic", "security") if level in levels)
    if not wanted:
        return results
    found: dict[str, dict[str, list[Finding]]] = {level: {"before": [], "after": []} for level in wanted}
    results.update({level: LevelResult(level) for level in wanted})
    checked: dict[str, set[str]] = {level: set() for level in wanted}

    start = time.perf_counter()
    python = {p: ba for p, ba in changes.items() if is_python(p)}
    try:
        _ruff(python, wanted, found, checked)
    except CheckerMissing as exc:
        for level in wanted:
            results[level].detail = f"Python not checked: {exc}"
    ruff_ms = (time.perf_counter() - start) * 1000
    for level in wanted:
        results[level].ms += ruff_ms / len(wanted)

    for path, (before, after) in changes.items():
        if js_language(path) is None:
            continue
        start = time.perf_counter()
        for side, text in (("before", before), ("after", after)):
            if text is None:
                continue
            for finding in js_findings(path, text, wanted):
                found[finding.level][side].append(finding)
        for level in wanted:
            checked[level].add("tree-sitter")
            results[level].ms += (time.perf_counter() - start) * 1000 / len(wanted)

    if "security" in wanted:
        start = time.perf_counter()
        try:
            for findings in secrets_in_changes(changes).values():
                found["security"]["after"] += findings
            checked["security"].add("detect-secrets")
        except ImportError:
            results["security"].detail = "secrets not checked: detect-secrets is not installed"
        results["security"].ms += (time.perf_counter() - start) * 1000

    for level in wanted:
        _settle(results[level], found[level]["before"], found[level]["after"], checked[level])
    return results


def _ruff(python: Changes, wanted: tuple[str, ...], found: dict[str, dict[str, list[Finding]]],
          checked: dict[str, set[str]]) -> None:
    if not python:
        return
    select = tuple(code for level, code in (("semantic", "F"), ("security", "S")) if level in wanted)
    texts: dict[str, str] = {}
    cached: dict[str, list[Finding]] = {}
    for path, (before, after) in python.items():
        texts[f"after/{path}"] = after
        if before is not None:
            memo = _BEFORE.get((path, select, hashlib.sha256(before.encode()).hexdigest()))
            if memo is not None:
                cached[f"before/{path}"] = memo
            else:
                texts[f"before/{path}"] = before
    fresh = ruff_findings(texts, select)
    for key, findings in fresh.items():
        side, path = key.split("/", 1)
        for finding in findings:
            finding.path = path
        if side == "before":
            _remember((path, select, hashlib.sha256(texts[key].encode()).hexdigest()), findings)
    for key, findings in {**fresh, **cached}.items():
        side = key.split("/", 1)[0]
        for finding in findings:
            found[finding.level][side].append(finding)
    for level in wanted:
        checked[level].add("ruff")


# The files before the change are the same on every attempt of a run: their findings are kept.
_BEFORE: OrderedDict[tuple[str, tuple[str, ...], str], list[Finding]] = OrderedDict()
_BEFORE_MAX = 256


def _remember(key: tuple[str, tuple[str, ...], str], findings: list[Finding]) -> None:
    _BEFORE[key] = findings
    while len(_BEFORE) > _BEFORE_MAX:
        _BEFORE.popitem(last=False)


def _settle(result: LevelResult, before: list[Finding], after: list[Finding], checkers: set[str]) -> None:
    fresh, result.preexisting = new_findings(before, after)
    result.findings = [f for f in fresh if f.blocking]
    result.warnings = [f for f in fresh if not f.blocking]
    result.checkers = sorted(checkers)
    if result.findings:
        result.status = "fail"
    elif not checkers:
        result.status = "skip"
        result.detail = result.detail or "no file this level can check"


def _syntax(changes: Changes, validator: Any) -> LevelResult:
    """The syntax gate (gate/validator.py) as a level, for callers that want every level at once."""
    from ouroboros_tui.gate.validator import SyntaxValidator

    validator = validator or SyntaxValidator()
    result = LevelResult("syntax")
    start = time.perf_counter()
    checkers: set[str] = set()
    for path, (before, after) in sorted(changes.items()):
        change = validator.validate_change(before, after, path=path)
        if getattr(change.result, "checked", True) and change.result.checker:
            checkers.add(change.result.checker)
        result.preexisting += len(change.preexisting_errors)
        for error in change.new_errors:
            result.findings.append(Finding(
                level="syntax", path=path, line=error.line, column=error.column, rule=f"syntax:{error.kind}",
                message=error.message, line_text="", checker=change.result.checker))
    result.checkers = sorted(checkers)
    result.ms = (time.perf_counter() - start) * 1000
    result.status = "fail" if result.findings else ("pass" if checkers else "skip")
    return result


def failure_report(result: LevelResult, changes: Changes) -> str:
    """A failed level worded for the model's next attempt: per file, each finding with its lines."""
    lines: list[str] = []
    by_path: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_path.setdefault(finding.path, []).append(finding)
    for path, findings in sorted(by_path.items()):
        what = {"semantic": "semantic problems (names, imports)", "security": "security problems"}.get(
            result.level, f"{result.level} problems")
        lines.append(f"{path}: the change introduces {what} ({', '.join(result.checkers)}):")
        text = changes.get(path, (None, ""))[1]
        for finding in findings[:8]:
            lines.append(finding.for_model(text))
        if len(findings) > 8:
            lines.append(f"  … and {len(findings) - 8} more")
    return "\n".join(lines)
