"""A run's plan: the steps the reasoner proposed, and how one step reads to people and the builder."""

from __future__ import annotations

from ouroboros_tui.provenance.artifact import PlanStep


def step_label(step: PlanStep, separator: str = " — ") -> str:
    """One plan step as people and the builder read it: `path::symbol — action` (no symbol: the file)."""
    where = step["file"] + (f"::{step['symbol']}" if step.get("symbol") else "")
    return f"{where}{separator}{' '.join(step['action'].split())}"
