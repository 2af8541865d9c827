"""The gate levels past syntax for one run: after an attempt passes the syntax gate, run semantic,
security and tests on its changes, record every level's verdict in the attempt, and turn blocking
findings into the next attempt's errors (worded for the model, as syntax errors are).

The builder calls `check()` once per attempt; run.py reads `results_for(attempt)` of the attempt it
keeps for the record, the trailer, the risk and the review's per-hunk warnings.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from ouroboros_tui.gate.findings import Finding, LevelResult, safety_line
from ouroboros_tui.gate.levels import check_static, failure_report
from ouroboros_tui.patch.edit_types import AttemptFailure
from ouroboros_tui.patch.hunks import Patch
from ouroboros_tui.provenance.artifact import SafetyReport
from ouroboros_tui.runs import events as ev

Changes = dict[str, tuple[str | None, str]]


class LevelGate:
    def __init__(self, repo: Path, levels: tuple[str, ...], test_command: str = "", test_timeout_s: float = 300.0,
                 *, write: bool = True, cancel: threading.Event | None = None) -> None:
        self.levels = levels
        self.by_attempt: dict[int, dict[str, LevelResult]] = {}
        self.tests = None
        if "tests" in levels and test_command:
            from ouroboros_tui.pipeline.test_level import TestLevel

            # write=False (a dry run): a throwaway worktree, removed by close(), and no cache written
            self.tests = TestLevel(repo, test_command, test_timeout_s, throwaway=not write, cancel=cancel)

    def check(self, run_id: str, number: int, changes: Changes, syntax: list[Any], attempt: Any,
              emit: Any) -> list[AttemptFailure]:
        """Every level after syntax on one attempt's changes → failures for the retry prompt."""
        results: dict[str, LevelResult] = {"syntax": syntax_result(syntax)}
        failures: list[AttemptFailure] = []
        static = tuple(level for level in ("semantic", "security") if level in self.levels)
        if static:
            results.update(check_static(changes, static))
        if self.tests is not None and all(r.passed for r in results.values()):
            results["tests"] = self.tests.check(changes)
        self.by_attempt[number] = results
        attempt.levels = {level: result.to_dict() for level, result in results.items()}
        for level, result in results.items():
            if level == "syntax":
                continue
            emit(ev.LevelChecked(run_id, number, level, result.verdict(), result.detail,
                                 len(result.findings), len(result.warnings), result.ms))
            if result.status != "fail":
                continue
            if level == "tests":
                from ouroboros_tui.pipeline.test_level import tests_report

                failures.append(AttemptFailure("gate", tests_report(result)))
            else:
                paths = sorted({f.path for f in result.findings})
                failures.append(AttemptFailure("gate", failure_report(result, changes),
                                               paths[0] if len(paths) == 1 else ""))
        return failures

    def results_for(self, number: int) -> dict[str, LevelResult]:
        return self.by_attempt.get(number, {})

    def close(self) -> None:
        """End of the run: a throwaway tests worktree is removed (the reused one is kept, for speed)."""
        if self.tests is not None and self.tests.throwaway:
            self.tests.close()


def syntax_result(outcomes: list[Any]) -> LevelResult:
    """The builder's per-file syntax outcomes as a level."""
    result = LevelResult("syntax")
    checked = [g for g in outcomes if g.checked]
    result.checkers = sorted({g.checker for g in checked if g.checker})
    result.preexisting = sum(g.preexisting for g in outcomes)
    result.ms = sum(g.ms for g in outcomes)
    for g in outcomes:
        for error in g.new_errors:
            result.findings.append(Finding("syntax", g.path, error.line, error.column, f"syntax:{error.kind}",
                                           error.message, checker=g.checker))
    result.status = "fail" if result.findings or not all(g.is_valid for g in outcomes) else (
        "pass" if checked else "skip")
    return result


def summarise(results: dict[str, LevelResult], patch: Patch) -> SafetyReport:
    """What record.safety keeps: each level's verdict, the trailer's words, and warnings per hunk."""
    hunk_warnings: dict[str, list[str]] = {}
    for result in results.values():
        for finding in result.warnings + (result.findings if result.status == "fail" else []):
            hunk = _hunk_of(patch, finding)
            if hunk is not None:
                kind = "warning" if not finding.blocking else "blocking"
                hunk_warnings.setdefault(hunk, []).append(
                    f"{finding.level} {kind}: line {finding.line}: {finding.rule} {finding.message}")
    return SafetyReport(
        levels={level: result.to_dict() for level, result in results.items()},
        trailer=safety_line(results),
        hunk_warnings=hunk_warnings,
        warnings=sum(len(r.warnings) for r in results.values()),
        blocking=sum(len(r.findings) for r in results.values()),
    )


def _hunk_of(patch: Patch, finding: Finding) -> str | None:
    """The hunk whose new lines hold the finding's line (1-based, in the file after the change)."""
    if not finding.path:
        return None
    for file in patch.files:
        if file.path != finding.path:
            continue
        offset = 0
        for hunk in file.hunks:
            start = hunk.old_start + offset
            if start < finding.line <= start + len(hunk.new):
                return hunk.id
            offset += len(hunk.new) - len(hunk.old)
    return None
