"""How `ouroboros refactor` shows a run: live stage progress, attempts, gate errors, the diff with
per-hunk risk, and the one JSON document of `--json`."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from rich.console import Group, RenderableType
from rich.spinner import Spinner
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from ouroboros_tui.patch.hunks import Hunk, Patch
from ouroboros_tui.runs import events as ev
from ouroboros_tui.runs.record import RunRecord

STAGE_LABELS = {"compressor": "Compressor", "reasoner": "Reasoner", "builder": "Builder", "gate": "Gate"}


@dataclass
class StageRow:
    state: str = "waiting"  # waiting | running | done | failed
    started: float = 0.0
    elapsed: float = 0.0
    detail: str = ""
    model: str = ""
    attempt: int = 0
    tokens: int = 0
    tokens_per_s: float = 0.0


@dataclass
class Progress:
    """What the live display shows, updated from pipeline events."""

    run_id: str = ""
    stages: dict[str, StageRow] = field(default_factory=lambda: {s: StageRow() for s in ev.STAGES})
    stream: str = ""  # the tail of the text the model is writing

    def update(self, event: ev.PipelineEvent) -> None:
        self.run_id = event.run_id
        if isinstance(event, ev.StageStarted):
            row = self.stages[event.stage]
            row.state, row.started, row.attempt = "running", time.perf_counter(), event.attempt
            row.model = event.model or row.model
            if event.stage == "builder":
                self.stream = ""
        elif isinstance(event, ev.StageFinished):
            row = self.stages[event.stage]
            row.state = "done" if event.ok else "failed"
            row.elapsed, row.detail = event.elapsed_s, event.detail
            row.tokens, row.tokens_per_s = event.tokens, event.tokens_per_s
        elif isinstance(event, ev.TokenDelta):
            self.stream = (self.stream + event.text)[-400:]
        elif isinstance(event, ev.DiffusionDraft):
            self.stream = event.text[-400:]
        elif isinstance(event, ev.ModelLoading):
            self.stages["reasoner" if event.role == "reasoner" else "builder"].detail = event.message

    def render(self) -> RenderableType:
        table = Table.grid(padding=(0, 2))
        for name, row in self.stages.items():
            icon: RenderableType
            if row.state == "running":
                icon = Spinner("dots", style="cyan")
                elapsed = time.perf_counter() - row.started
            else:
                icon = Text({"waiting": "·", "done": "✓", "failed": "✗"}[row.state],
                            style={"waiting": "dim", "done": "green", "failed": "red"}[row.state])
                elapsed = row.elapsed
            label = STAGE_LABELS[name] + (f" #{row.attempt}" if row.attempt else "")
            speed = f"{row.tokens} tok" if row.tokens else ""
            if row.tokens_per_s > 0:
                speed += f", {row.tokens_per_s:.1f} tok/s"
            table.add_row(icon, Text(label, style="bold"), Text(f"{elapsed:6.2f}s" if row.state != "waiting"
                          else "", style="dim"), Text(speed, style="dim"), Text(row.detail or row.model,
                          style="dim", overflow="ellipsis", no_wrap=True))
        tail = self.stream.splitlines()[-3:]
        if tail and self.stages["builder"].state == "running":
            return Group(table, Text("\n".join(tail), style="italic dim", overflow="ellipsis", no_wrap=True))
        return table


def attempt_failed(event: ev.AttemptFailed) -> RenderableType:
    head = Text(f"attempt {event.attempt} rejected" + (", retrying with the errors" if event.will_retry
                else ""), style="yellow bold")
    return Group(head, *(Text("  " + r.replace("\n", "\n  "), style="yellow") for r in event.reasons))


def risk_style(score: float) -> str:
    return "green" if score < 0.3 else "yellow" if score < 0.6 else "red"


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
            {"number": a.number, "ok": a.ok, "failures": a.failures, "gate": a.gate, "edits": len(a.edits),
             "tokens": a.tokens, "model_s": round(a.model_s, 4), "gate_ms": round(a.gate_ms, 3),
             "levels": {name: level.get("verdict") for name, level in a.levels.items()}}
            for a in record.attempts
        ],
        "models": record.models_used,
        "hunks": [
            {"id": h.id, "number": h.number, "path": h.path, "added": h.added, "removed": h.removed,
             "risk": h.risk, "risk_factors": h.risk_factors}
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
