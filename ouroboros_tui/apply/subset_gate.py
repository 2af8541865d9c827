"""The gate on the selected subset: each file as the selection leaves it, through syntax and the
run's other static levels (the tests level's verdict is the run's only when every hunk is applied). A
file left exactly as the generation gate passed it keeps that verdict. In safe mode a failure refuses
the apply, naming the hunks whose absence (or presence) breaks the file."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from ouroboros_tui.apply.errors import ApplyRefused
from ouroboros_tui.apply.plan import FilePlan
from ouroboros_tui.patch.hunks import HunkConflict
from ouroboros_tui.runs.record import RunRecord


def _gated_at_generation(plan: FilePlan, generated: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The generation gate's passing result for this file, when the selection leaves the file exactly
    as that gate saw it (every hunk of the file selected): gating the same text again would cost as
    much as the first time (seconds for a large file) and say the same."""
    if not generated or generated.get("passed") is not True or plan.after != plan.diff.after:
        return None
    for doc in generated.get("results") or []:
        if isinstance(doc, dict) and doc.get("path") == plan.diff.path and doc.get("is_valid") is True:
            return doc
    return None


def gate_selection(plans: list[FilePlan], selected: set[str], safe_mode: bool, record: RunRecord | None = None,
                   levels: tuple[str, ...] = ("syntax",)) -> tuple[str, dict[str, Any]]:
    """Re-check each file as the subset leaves it: syntax, then the run's other static levels (the
    tests level is not re-run: its verdict is the run's when every hunk is applied, else `skip`). A file
    left exactly as the generation gate passed it keeps that result. Returns the Safety trailer
    (`syntax=pass semantic=pass …`) and a report."""
    from ouroboros_tui.gate.findings import LevelResult, safety_line

    generated: Mapping[str, Any] | None = record.safety if record is not None else None
    from ouroboros_tui.gate.validator import SyntaxValidator

    validator = SyntaxValidator()
    checkers: set[str] = set()
    files: list[dict[str, Any]] = []
    total_ms = 0.0
    failures: list[str] = []
    unchecked = 0
    for plan in plans:
        rel = plan.diff.path
        earlier = _gated_at_generation(plan, generated)
        if earlier is not None:
            checker = str(earlier.get("checker") or "")
            checked = bool(earlier.get("checked", bool(checker)))
            if checked and checker:
                checkers.add(checker)
            unchecked += 0 if checked else 1
            total_ms += float(earlier.get("total_ms") or 0.0)
            files.append({"path": rel, "is_valid": True, "checked": checked, "checker": checker,
                          "new_errors": [], "reused": "passed at generation; the selection is that text"})
            continue
        change = validator.validate_change(plan.before, plan.after, path=rel)
        result = change.result
        total_ms += float(getattr(result, "total_ms", 0.0) or getattr(result, "parse_ms", 0.0))
        checked = bool(getattr(result, "checked", True))
        if checked and result.checker:
            checkers.add(result.checker)
        unchecked += 0 if checked else 1
        files.append({"path": rel, "is_valid": change.is_valid, "checked": checked,
                      "checker": result.checker, "new_errors": [e.describe() for e in change.new_errors]})
        if not change.is_valid:
            failures.append(_explain_failure(validator, plan, selected, change.error_summary))
    results = {"syntax": LevelResult("syntax", status="fail" if failures else ("pass" if checkers else "skip"),
                                     checkers=sorted(checkers), ms=total_ms)}
    static = tuple(level for level in ("semantic", "security") if level in levels)
    if static and not failures:
        results.update(_static_on_subset(plans, static, generated))
        for level in static:
            for finding in results[level].findings:
                failures.append(f"{level}: {finding.describe()} ({_hunks_named(plans, finding.path, selected)})")
    if "tests" in levels and record is not None:
        ran = (record.safety.get("levels") or {}).get("tests") or {}
        whole = record.patch is not None and selected >= {h.id for h in record.patch.hunks}
        results["tests"] = LevelResult("tests", status=ran.get("status", "skip") if whole else "skip",
                                       count=ran.get("count") if whole else None,
                                       detail="" if whole else "not re-run on a subset of the hunks")
        if results["tests"].status == "fail":  # kept by --no-safe-mode at generation
            failures.append(f"tests: {ran.get('detail') or 'the tests failed with this change'}")
    if failures and safe_mode:
        raise ApplyRefused("the selected hunks do not pass the safety gate: " + " | ".join(failures)
                           + ". To commit them anyway, apply with safe mode off "
                           "(OUROBOROS_PIPELINE__SAFE_MODE=false, or safe_mode = false under [pipeline]); "
                           "the commit's Ouroboros-Safety trailer then says failed.")
    trailer = safety_line(results, "safe mode off" if failures else "")
    report = {"passed": not failures, "summary": trailer, "files": files, "failures": failures,
              "unchecked_files": unchecked, "total_ms": round(total_ms, 3),
              "levels": {level: r.to_dict() for level, r in results.items()}}
    return trailer, report


def _static_on_subset(plans: list[FilePlan], static: tuple[str, ...],
                      generated: Mapping[str, Any] | None) -> dict[str, Any]:
    """The static levels on the files the selection changes from the generated text; a level that
    passed at generation needs no second look at the files left exactly as generated."""
    from ouroboros_tui.gate.findings import LevelResult
    from ouroboros_tui.gate.levels import check_static

    recorded = (generated or {}).get("levels") or {}
    passed = all((recorded.get(level) or {}).get("status") in ("pass", "skip") for level in static)
    todo = [p for p in plans if not passed or p.after != p.diff.after]
    if not todo:
        return {level: LevelResult(level, status=recorded[level]["status"],
                                   checkers=recorded[level].get("checkers", []),
                                   detail="passed at generation; the selection is that text") for level in static}
    return check_static({p.diff.path: (p.before, p.after) for p in todo}, static)


def _hunks_named(plans: list[FilePlan], path: str, selected: set[str]) -> str:
    plan = next((p for p in plans if p.diff.path == path), None)
    if plan is None:
        return path
    chosen = ", ".join(str(h.number) for h in plan.hunks)
    left = [str(h.number) for h in plan.diff.hunks if h.id not in selected]
    return f"{path} hunk(s) {chosen}" + (f"; left out: {', '.join(left)}" if left else "")


def _explain_failure(validator: Any, plan: FilePlan, selected: set[str], summary: str) -> str:
    """Name the hunks whose absence breaks the file, when the whole patch was fine."""
    rel, diff = plan.diff.path, plan.diff
    chosen = [h.number for h in plan.hunks]
    left_out = [h for h in diff.hunks if h.id not in selected]
    if not left_out or not validator.validate_change(diff.before, diff.after, path=rel).is_valid:
        return f"{rel}: {summary}"
    needed = []
    for hunk in left_out:
        with contextlib.suppress(HunkConflict):
            text = diff.apply({h.id for h in plan.hunks} | {hunk.id})
            if validator.validate_change(diff.before, text, path=rel).is_valid:
                needed.append(hunk.number)
    if needed:
        alts = " or ".join(f"hunk {n}" for n in needed)
        return (f"{rel}: hunk(s) {', '.join(map(str, chosen))} need {alts}, which you left out "
                f"({summary}); select it too, or regenerate")
    return (f"{rel}: selected hunk(s) {', '.join(map(str, chosen))} conflict with the unselected "
            f"hunk(s) {', '.join(str(h.number) for h in left_out)} ({summary}); select them together")
