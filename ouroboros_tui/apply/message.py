"""The commit message of an apply ★: the task as subject, the plan steps the committed hunks carry
out, and the trailers that tie the commit to its run (docs/apply.md, "Commit message and trailers")."""

from __future__ import annotations

from ouroboros_tui.patch.hunks import Patch
from ouroboros_tui.runs.plan import committed_steps, step_label
from ouroboros_tui.runs.record import RunRecord
from ouroboros_tui.vcs.trailers import build_message, subject_line


def commit_message(record: RunRecord, ordered: list[str], safety: str, artifact_sha: str) -> str:
    """The message for committing the hunks `ordered` of `record` (the artifact hashed as given)."""
    assert record.patch is not None
    trailers = {
        "Ouroboros-Run": record.run_id,
        "Ouroboros-Models": _models_trailer(record),
        "Ouroboros-Safety": safety,
        "Ouroboros-Attempts": str(record.attempts_used),
        "Ouroboros-Risk": f"{record.risk_score:.2f}",
        "Ouroboros-Hunks": f"{len(ordered)}/{len(record.patch.hunks)}",
        "Ouroboros-Artifact": f"sha256:{artifact_sha}",
    }
    edited = edited_count(record.patch, ordered)
    if edited:  # the reviewer's text, not the model's: said where `git log` shows it
        trailers["Ouroboros-Edited"] = f"{edited}/{len(ordered)}"
    return build_message(subject_line(record.task), _plan_summary(record, ordered), trailers)


def _plan_summary(record: RunRecord, hunk_ids: list[str]) -> str:
    """The commit body: the whole task when the subject had to cut it, then the plan's steps that
    the committed hunks carry out (a step whose hunks were all rejected is not described)."""
    steps = list((record.plan or {}).get("steps") or [])
    if record.patch is not None:
        steps = committed_steps(steps, record.patch, hunk_ids)
    lines = [f"- {step_label(step, ': ')}" for step in steps]
    if subject_line(record.task) != record.task.strip():
        lines.insert(0, record.task.strip())
    return "\n".join(lines)


def edited_count(patch: Patch, hunk_ids: list[str]) -> int:
    """How many of the committed hunks the reviewer changed (line staging or `e`)."""
    chosen = set(hunk_ids)
    return sum(1 for h in patch.hunks if h.id in chosen and h.edited)


def _models_trailer(record: RunRecord) -> str:
    def label(role: str) -> str:
        info = record.models_used.get(role) or {}
        return str(info.get("label") or info.get("model") or info.get("id") or "none")

    return f"reasoner={label('reasoner')}; builder={label('builder')}"
