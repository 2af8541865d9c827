"""One run in full: plan, attempts with their gate errors and diffs, budget report, trailers."""

from __future__ import annotations

import io
import json
import subprocess
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from ouroboros_tui.provenance.artifact import Plan
from ouroboros_tui.tui import keymap
from ouroboros_tui.tui.context import ScreenContext
from ouroboros_tui.tui.messages import ReviewPendingRun
from ouroboros_tui.tui.screens.run_actions import RunActionsScreen

if TYPE_CHECKING:
    from ouroboros_tui.runs.record import RunRecord

DIFF_LINES = 400  # the detail shows the start of a huge diff; the review shows all of it


def _heading(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")


def _pretty(value: Any) -> str:
    return json.dumps(value, indent=2, default=str) if value else "—"


def _plan(plan: Plan) -> Text:
    steps = plan.get("steps") if isinstance(plan, dict) else None
    if not isinstance(steps, list) or not steps:
        return Text(_pretty(plan))
    text = Text(f"from {plan.get('source', '?')}\n", style="dim")
    for i, step in enumerate(steps, start=1):
        if isinstance(step, dict):
            symbol = f" · {step['symbol']}" if step.get("symbol") else ""
            text.append(f"{i}. {step.get('file', '?')}{symbol}: ", style="bold")
            text.append(f"{step.get('action', '')}\n")
        else:
            text.append(f"{i}. {step}\n")
    return text


def trailers(repo: Any, commit: str) -> str:
    try:
        return subprocess.run(
            ["git", "log", "-1", "--format=%(trailers)", commit],
            cwd=repo, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "(commit not found)"


def describe(record: RunRecord, repo: Any, reopen_key: str = "p") -> list[RenderableType]:
    parts: list[RenderableType] = []
    head = Text()
    head.append(record.task + "\n", style="bold")
    head.append(f"{record.run_id} · {record.status} · {record.created_at} · preset {record.preset or '—'}")
    head.append(f" · risk {record.risk_score:.2f} · attempts {record.attempts_used}")
    if record.commit:
        head.append(f" · commit {record.commit[:7]}")
    if record.failure:
        head.append(f"\nfailure: {record.failure}", style="red")
    parts.append(head)
    models = ", ".join(f"{role}={m.get('label') or m.get('model') or m}" for role, m in record.models_used.items())
    parts.append(Text(f"targets: {', '.join(record.targets)}\nmodels: {models or '—'}"))
    parts += [_heading("Plan"), _plan(record.plan)]
    parts.append(_heading("Attempts"))
    for attempt in record.attempts:
        line = Text(f"#{attempt.number} ", style="bold")
        line.append("passed" if attempt.ok else "failed", style="green" if attempt.ok else "bold red")
        line.append(f" · model {attempt.model_s:.1f}s · gate {attempt.gate_ms:.0f} ms · {attempt.tokens} tokens")
        for failure in attempt.failures:
            line.append(f"\n  {failure}", style="red")
        for gate in attempt.gate:
            for err in gate.get("errors", [])[:10]:
                where = f"{gate.get('path', '?')}:{err.get('line', '?')}" if isinstance(err, dict) else ""
                msg = err.get("message", err) if isinstance(err, dict) else err
                line.append(f"\n  gate {where} {msg}", style="red")
        if attempt.levels:
            from ouroboros_tui.tui.widgets.gate_levels import levels_summary

            line.append("\n  levels: ")
            line.append_text(levels_summary(attempt.levels))
        parts.append(line)
        if attempt.response:
            parts.append(Syntax(attempt.response[:4000], "text", word_wrap=True, theme="ansi_dark"))
    if not record.attempts:
        parts.append(Text("—"))
    if record.patch is not None:
        diff = record.patch.unified()
        lines = diff.splitlines()
        parts.append(_heading(f"Diff ({len(record.patch.hunks)} hunks, {len(record.selection)} applied)"))
        shown = "\n".join(lines[:DIFF_LINES])
        parts.append(Syntax(shown, "diff", theme="ansi_dark", word_wrap=False))
        if len(lines) > DIFF_LINES:
            parts.append(Text(f"… {len(lines) - DIFF_LINES} more lines ({reopen_key} reopens the review)", style="dim"))
    parts += [_heading("Budget report"), Text(_pretty(record.budget_report))]
    if record.rejected:
        parts += [_heading("Rejected with reasons"), Text(_pretty(record.rejected))]
    parts.append(_heading("Trailers"))
    parts.append(Text(trailers(repo, record.commit) if record.commit else "— (not committed)"))
    return parts


class RunDetailScreen(RunActionsScreen):
    BINDINGS = keymap.bindings("detail")

    def __init__(self, ctx: ScreenContext, run_id: str) -> None:
        super().__init__(ctx)
        self.run_id = run_id
        self.record: RunRecord | None = None
        self.parts: list[RenderableType] = []

    def compose(self) -> ComposeResult:
        yield Header(icon="∞")
        with VerticalScroll(id="detail-scroll"):
            yield Static(id="detail-body")
        yield Footer(compact=True)  # room for every key at 80 columns

    def on_mount(self) -> None:
        self.sub_title = self.run_id
        self.reload()
        self.query_one("#detail-scroll").focus()

    def reload(self) -> None:
        from ouroboros_tui.runs.persist import load_record

        body = self.query_one("#detail-body", Static)
        try:
            self.record = load_record(self.ctx.repo, self.run_id)
        except Exception as exc:
            body.update(Text(f"Cannot read run {self.run_id}: {exc}", style="red"))
            return
        self.parts = describe(self.record, self.ctx.repo, self.ctx.keys("detail.reopen"))
        body.update(Group(*self.parts))

    def plain_text(self, width: int = 100) -> str:
        """What the detail shows, as plain text (tests, and a quick look in a log)."""
        from rich.console import Console

        console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
        console.print(Group(*self.parts))
        return console.export_text()

    def palette_commands(self) -> list[tuple[str, str, str]]:
        hint = self.ctx.keys.hint
        return [
            ("Undo run", hint("Revert exactly this run's commit", "detail.undo"), "undo_run"),
            ("Verify run", hint("Re-check the commit", "detail.verify"), "verify_run"),
            ("Review pending run", hint("Open the pending patch in the review", "detail.reopen"), "reopen"),
            ("Copy commit sha", hint("OSC 52 clipboard", "detail.copy"), "copy_commit"),
            ("Back", hint("Return to history", "detail.back"), "back"),
        ]

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_copy_commit(self) -> None:
        if self.record is None or not self.record.commit:
            self.notify("This run has no commit.", severity="warning")
            return
        self.app.copy_to_clipboard(self.record.commit)
        self.notify(f"Copied {self.record.commit[:7]} to the clipboard.")

    def action_reopen(self) -> None:
        if self.record is None or self.record.status != "pending" or self.record.patch is None:
            self.notify("Only a pending run with a patch can be reviewed again.", severity="warning")
            return
        self.post_message(ReviewPendingRun(self.record))

    def action_undo_run(self) -> None:
        self.undo_in_background(self.run_id)

    def run_undone(self, run_id: str, revert: str) -> None:
        self.reload()
        self.notify(f"Undone by {revert[:7]}.", title="Undone")

    def action_verify_run(self) -> None:
        if self.record is None or not self.record.commit:
            self.notify("This run has no commit to verify.", severity="warning")
            return
        self.verify_in_background(self.record.commit)
