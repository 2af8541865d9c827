"""A run's plan: the steps the reasoner proposed, and how one step reads to people and the builder."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ouroboros_tui.provenance.artifact import PlanStep

if TYPE_CHECKING:
    from ouroboros_tui.patch.hunks import Patch


def step_label(step: PlanStep, separator: str = " — ") -> str:
    """One plan step as people and the builder read it: `path::symbol — action` (no symbol: the file)."""
    where = step["file"] + (f"::{step['symbol']}" if step.get("symbol") else "")
    return f"{where}{separator}{' '.join(step['action'].split())}"


def committed_steps(steps: list[PlanStep], patch: Patch, hunk_ids: Iterable[str]) -> list[PlanStep]:
    """The plan steps the committed hunks carry out: the commit body describes what was committed.

    A step is kept when its file has a committed hunk, unless it names a symbol that only
    uncommitted hunks change (the symbol's name on a changed line of a hunk). A step whose symbol
    no hunk names is kept with its file: there is nothing to tell it apart by."""
    committed = set(hunk_ids)
    kept: list[PlanStep] = []
    for step in steps:
        hunks = [h for h in patch.hunks if h.path == step["file"]]
        if not any(h.id in committed for h in hunks):
            continue
        symbol = (step.get("symbol") or "").rsplit(".", 1)[-1]
        if symbol:
            named = re.compile(rf"(?<!\w){re.escape(symbol)}(?!\w)")
            touching = [h for h in hunks if any(named.search(line) for line in h.lines if line[:1] in "+-")]
            if touching and not any(h.id in committed for h in touching):
                continue
        kept.append(step)
    return kept
