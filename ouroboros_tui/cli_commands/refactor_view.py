"""How `ouroboros refactor` shows a run: live stage progress, attempts, gate errors, the diff with
per-hunk risk, and the one JSON document of `--json`."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.spinner import Spinner
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from ouroboros_tui.patch.hunks import Hunk, Patch
from ouroboros_tui.patch.risk import risk_band
from ouroboros_tui.runs import events as ev
from ouroboros_tui.runs.progress import RunProgress
from ouroboros_tui.runs.record import RunRecord

BAND_STYLE = {"low": "green", "medium": "yellow", "high": "red"}

STAGE_LABELS = {"compressor": "Compressor", "reasoner": "Reasoner", "builder": "Builder", "gate": "Gate"}
ICONS = {"idle": ("·", "dim"), "done": ("✓", "green"), "failed": ("✗", "red"), "cancelled": ("-", "magenta")}


def render_progress(progress: RunProgress) -> RenderableType:
    """The live display of `refactor`: one line per stage, then the tail of what the Builder writes."""
    table = Table.grid(padding=(0, 2))
    for name, row in progress.stages.items():
        icon: RenderableType
        if row.state == "running":
            icon = Spinner("dots", style="cyan")
        else:
            icon = Text(ICONS[row.state][0], style=ICONS[row.state][1])
        label = STAGE_LABELS[name] + (f" #{row.attempt}" if row.attempt else "")
        speed = f"{row.tokens} tok" if row.tokens else ""
        if row.tokens_per_s > 0:
            speed += f", {row.tokens_per_s:.1f} tok/s"
        elapsed = f"{progress.elapsed(name):6.2f}s" if row.state != "idle" else ""
        table.add_row(icon, Text(label, style="bold"), Text(elapsed, style="dim"), Text(speed, style="dim"),
                      Text(row.detail or row.model, style="dim", overflow="ellipsis", no_wrap=True))
    tail = progress.output.splitlines()[-3:]
    if tail and progress.stages["builder"].state == "running":
        return Group(table, Text("\n".join(tail), style="italic dim", overflow="ellipsis", no_wrap=True))
    return table


def attempt_failed(event: ev.AttemptFailed) -> RenderableType:
    head = Text(f"attempt {event.attempt} rejected" + (", retrying with the errors" if event.will_retry
                else ""), style="yellow bold")
    return Group(head, *(Text("  " + r.replace("\n", "\n  "), style="yellow") for r in event.reasons))


def risk_style(score: float) -> str:
    return BAND_STYLE[risk_band(score)]


def hunk_view(hunk: Hunk, total: int) -> RenderableType:
    factors = ", ".join(f"{k} {v:.2f}" for k, v in hunk.risk_factors.items() if v)
    head = Text.assemble(
        (f"{hunk.path}", "bold"), f"  hunk {hunk.number}/{total}  ",
        (f"risk {hunk.risk:.2f}", risk_style(hunk.risk)), (f"  ({factors})" if factors else "", "dim"),
    )
    code = "\n".join(hunk.lines)
    body = Syntax(code, "diff", theme="ansi_dark", background_color="default", word_wrap=False)
    return Group(head, body)


def patch_view(patch: Patch, record: RunRecord, hunks: bool = True) -> RenderableType:
    """The whole diff with each hunk's risk, then the run's risk (only that with hunks=False)."""
    total = len(patch.hunks)
    parts: list[RenderableType] = []
    for file in patch.files if hunks else []:
        parts.append(Text(f"{'new file ' if file.is_new else ''}{file.path}", style="bold underline"))
        parts.extend(hunk_view(h, total) for h in file.hunks)
    score = record.risk_score
    factors = record.risk.get("factors", {})
    shown = ", ".join(f"{k} {v:.2f}" for k, v in factors.items() if v is not None)
    parts.append(Text.assemble(("run risk ", "bold"), (f"{score:.2f}", risk_style(score)), f"  ({shown})"))
    return Group(*parts)


def json_document(
    record: RunRecord | None, *, status: str, exit_code: int, dry_run: bool, failure: str = "",
    details: tuple[str, ...] | list[str] = (), commit: str | None = None, applied: list[str] | None = None,
    warnings: tuple[str, ...] | list[str] = (), note: str = "",
) -> dict[str, Any]:
    doc: dict[str, Any] = {"ok": exit_code == 0, "status": status, "exit_code": exit_code, "dry_run": dry_run}
    if record is None:
        doc.update({"run_id": None, "failure": failure})
        return doc
    patch = record.patch
    doc.update({
        "run_id": record.run_id,
        "task": record.task,
        "targets": record.targets,
        "plan": record.plan,
        "attempts": [
            {"number": a.number, "ok": a.ok, "failures": a.failures,
             "problems": [{"kind": p.kind, "message": p.message, "path": p.path} for p in a.problems],
             "truncated": a.truncated, "gate": a.gate, "edits": len(a.edits),
             "tokens": a.tokens, "model_s": round(a.model_s, 4), "gate_ms": round(a.gate_ms, 3),
             "levels": {name: level.get("verdict") for name, level in a.levels.items()}}
            for a in record.attempts
        ],
        "models": record.models_used,
        "hunks": [
            {"id": h.id, "number": h.number, "path": h.path, "added": h.added, "removed": h.removed,
             "risk": h.risk, "risk_factors": h.risk_factors, "edited": h.edited or None}
            for h in (patch.hunks if patch else [])
        ],
        "risk": record.risk,
        "safety": {k: v for k, v in record.safety.items() if k != "results"},
        "warnings": list(warnings) or record.warnings,
        "budget_report": record.budget_report,
        "timings": record.timings,
        "diff": patch.unified() if patch else "",
        "failure": failure or record.failure,
        "details": list(details),
        "commit": commit,
        "applied_hunks": applied or [],
    })
    if note:
        doc["note"] = note
    return doc
