"""Findings of the semantic and security levels, and the baseline rule that only new ones count.

A finding is matched with the file's findings before the change by rule + symbol + the text of its
line with whitespace squeezed, never by line number: code inserted above an old finding moves it,
and a moved finding is still the old one. Each old finding excuses at most one new one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

LEVELS = ("syntax", "semantic", "security", "tests")
STATIC_LEVELS = ("syntax", "semantic", "security")
_CONTEXT = 2  # lines either side in a retry prompt


def normalise(line: str) -> str:
    return " ".join(line.split())


def line_at(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


@dataclass
class Finding:
    level: str  # semantic | security
    path: str
    line: int  # 1-based, in the text checked
    column: int
    rule: str  # e.g. F821, S602, js-eval, secret:AWS Access Key
    message: str
    symbol: str = ""  # the name the finding is about, when it has one
    line_text: str = ""
    blocking: bool = True  # False: a warning shown in review, never a reason to retry
    checker: str = ""  # ruff, detect-secrets, tree-sitter

    def key(self) -> tuple[str, str, str, str]:
        return (self.path, self.rule, self.symbol, normalise(self.line_text))

    def describe(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.rule} {self.message}"

    def for_model(self, text: str) -> str:
        """The finding as a retry prompt shows it: where, what, and the lines around it."""
        lines = text.splitlines()
        first, last = max(1, self.line - _CONTEXT), min(len(lines), self.line + _CONTEXT)
        out = [f"  line {self.line}, column {self.column}: {self.rule} {self.message}"]
        for number in range(first, last + 1):
            mark = ">" if number == self.line else " "
            body = self.line_text if number == self.line else lines[number - 1]
            out.append(f"    {mark} {number:>4} | {body[:160]}")
        return "\n".join(out)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class LevelResult:
    """One level's verdict on one attempt (or on an applied subset, or a commit)."""

    level: str
    status: str = "pass"  # pass | fail | skip
    findings: list[Finding] = field(default_factory=list)  # new and blocking
    warnings: list[Finding] = field(default_factory=list)  # new, not blocking
    preexisting: int = 0  # findings the files already had (never block)
    checkers: list[str] = field(default_factory=list)
    detail: str = ""  # why skipped, the test command's summary…
    count: int | None = None  # tests: how many passed
    ms: float = 0.0

    @property
    def passed(self) -> bool:
        return self.status != "fail"

    def verdict(self) -> str:
        """`pass`, `fail`, `skip`, or `pass(41)` for a test count: the trailer's word for the level."""
        return f"{self.status}({self.count})" if self.count is not None and self.status == "pass" else self.status

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "status": self.status, "verdict": self.verdict(),
                "findings": [f.to_dict() for f in self.findings], "warnings": [f.to_dict() for f in self.warnings],
                "preexisting": self.preexisting, "checkers": self.checkers, "detail": self.detail,
                "count": self.count, "ms": round(self.ms, 3)}


def new_findings(before: list[Finding], after: list[Finding]) -> tuple[list[Finding], int]:
    """The findings of `after` that `before` did not have, and how many were excused."""
    old = Counter(f.key() for f in before)
    fresh: list[Finding] = []
    excused = 0
    for finding in after:
        if old[finding.key()] > 0:
            old[finding.key()] -= 1
            excused += 1
        else:
            fresh.append(finding)
    return fresh, excused


def safety_line(results: dict[str, LevelResult], suffix: str = "") -> str:
    """The Ouroboros-Safety trailer: `syntax=pass semantic=pass security=pass tests=pass(41)`."""
    words = " ".join(f"{level}={results[level].verdict()}" for level in LEVELS if level in results)
    return f"{words} ({suffix})" if suffix else words


def parse_levels(text: str | list[str] | tuple[str, ...]) -> list[str]:
    """`syntax,semantic` (or a list) → the levels in their fixed order; ValueError names a bad one."""
    items = text.split(",") if isinstance(text, str) else list(text)
    names = [str(i).strip().lower() for i in items if str(i).strip()]
    bad = [n for n in names if n not in LEVELS]
    if bad:
        raise ValueError(f"unknown gate level {', '.join(map(repr, bad))}; choose from {', '.join(LEVELS)}")
    return [level for level in LEVELS if level in names]
