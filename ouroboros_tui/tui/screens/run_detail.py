"""One run in full: plan, attempts with their gate errors and diffs, budget report, trailers."""

from __future__ import annotations

import io
import subprocess
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from ouroboros_tui.provenance.artifact import Plan
from ouroboros_tui.runs.progress import error_text
from ouroboros_tui.tui import keymap
from ouroboros_tui.tui.context import ScreenContext
from ouroboros_tui.tui.messages import ReviewPendingRun
from ouroboros_tui.tui.screens.run_actions import RunActionsScreen

if TYPE_CHECKING:
    from ouroboros_tui.runs.record import RunRecord

DIFF_LINES = 400  # the detail shows the start of a huge diff; the review shows all of it


def _heading(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")


def _value(value: Any) -> str:
    """One value of a report in words: lists and small objects inline, never as JSON."""
    if isinstance(value, dict):
        return ", ".join(f"{k} {_value(v)}" for k, v in value.items()) or "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(v) for v in value) or "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def fields(report: Any) -> Text:
    """A report (the compressor's budget report) as `key: value` lines. A list of entries (files
    kept, dropped) gets a line per entry, its path first."""
    if not isinstance(report, dict) or not report:
        return Text("—")
    text = Text()
    for key, value in report.items():
        label = str(key).replace("_", " ")
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            text.append(f"{label} ({len(value)}):\n", style="bold")
            for entry in value[:20]:
                rest = {k: v for k, v in entry.items() if k != "path"}
                text.append(f"  {entry.get('path', '')}", style="")
                text.append(f"  {_value(rest)}\n" if rest else "\n", style="dim")
            if len(value) > 20:
                text.append(f"  … {len(value) - 20} more\n", style="dim")
        else:
            text.append(f"{label}: ", style="bold")
            text.append(f"{_value(value)}\n")
    text.rstrip()
    return text


def _plan(plan: Plan) -> Text:
    if not isinstance(plan, dict) or not plan:
        return Text("—")
    steps = plan.get("steps")
    text = Text(f"from {plan.get('source', '?')}\n", style="dim")
    if not isinstance(steps, list) or not steps:
        text.append("no steps")
    for i, step in enumerate(steps or [], start=1):
        if isinstance(step, dict):
            symbol = f" · {step['symbol']}" if step.get("symbol") else ""
            text.append(f"{i}. {step.get('file', '?')}{symbol}: ", style="bold")
            text.append(f"{step.get('action', '')}\n")
        else:
            text.append(f"{i}. {step}\n")
    for error in plan.get("errors") or []:
        text.append(f"\n{error}", style="red")
    text.rstrip()
    return text


def gate_errors(gate: dict[str, Any], limit: int = 10) -> Text:
    """One file's gate errors as the Stages pane says them, with the caret context under each."""
    text = Text()
    for err in (gate.get("errors") or [])[:limit]:
        text.append(f"\n  {gate.get('path', '?')}: {error_text(err)}", style="red")
        context = err.get("context") if isinstance(err, dict) else None
        if context:
            for line in str(context).splitlines():
                text.append(f"\n      {line}", style="dim")
    return text


def rejections(record: RunRecord) -> Text:
    """The reviewer's reasons by hunk number (`#2 calc.py: …`), as the review shows the hunks."""
    hunks = {h.id: h for h in record.patch.hunks} if record.patch is not None else {}
    text = Text()
    for hunk_id, reason in record.rejected.items():
        hunk = hunks.get(hunk_id)
        where = f"#{hunk.number} {hunk.path}" if hunk else "a hunk of an earlier patch"
        text.append(f"{where}: ", style="bold")
        text.append(f"{reason}\n")
    text.rstrip()
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
    risk = f"{record.risk_score:.2f}" if record.patch is not None else "— (no patch)"
    head.append(f" · risk {risk} · attempts {record.attempts_used}")
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
            line.append_text(gate_errors(gate))
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
        yours = [h for h in record.patch.hunks if h.edited]
        if yours:  # whose text it is: the provenance says, so does the detail
            how = {"lines": "some of the model's lines", "edit": "edited by hand"}
            parts.append(Text("Your version, not the model's: " + "; ".join(
                f"#{h.number} {h.path} ({how.get(h.edited, h.edited)})" for h in yours), style="bold"))
        shown = "\n".join(lines[:DIFF_LINES])
        parts.append(Syntax(shown, "diff", theme="ansi_dark", word_wrap=False))
        if len(lines) > DIFF_LINES:
            parts.append(Text(f"… {len(lines) - DIFF_LINES} more lines ({reopen_key} reopens the review)", style="dim"))
    parts += [_heading("Budget report"), fields(record.budget_report)]
    if record.rejected:
        parts += [_heading("Rejected with reasons"), rejections(record)]
    parts.append(_heading("Trailers"))
    parts.append(Text(trailers(repo, record.commit) if record.commit else "— (not committed)"))
    return parts


class RunDetailScreen(RunActionsScreen):
    BINDINGS = keymap.bindings("help") + keymap.bindings("detail")

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
        self.confirm_undo(self.run_id)

    def run_undone(self, run_id: str, revert: str) -> None:
        self.reload()
        self.notify(f"Undone by {revert[:7]}.", title="Undone")

    def action_verify_run(self) -> None:
        if self.record is None or not self.record.commit:
            self.notify("This run has no commit to verify.", severity="warning")
            return
        self.verify_in_background(self.record.commit)
