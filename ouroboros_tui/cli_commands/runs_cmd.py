"""`apply`, `status`, `list-runs`, `undo`, `verify`: the run folder and the user's repository."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from rich import box
from rich.markup import escape
from rich.table import Table

from ouroboros_tui.cli_commands.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    apply_command,
    console_for,
    print_json,
)
from ouroboros_tui.config import load_settings
from ouroboros_tui.runs.plan import step_label
from ouroboros_tui.runs.record import RunRecord


def _root(repo: Path) -> Path:
    """The repository's top level (where `.ouroboros/` lives); NotARepository (exit 2) if none."""
    from ouroboros_tui.vcs.git import GitRepo

    with GitRepo(repo) as opened:
        return opened.root


def _load(root: Path, run_id: str) -> RunRecord:
    from ouroboros_tui.runs.persist import load_record

    return load_record(root, run_id)


def parse_hunk_numbers(spec: str, record: RunRecord) -> list[str]:
    """'1,3,5-7' → hunk ids, in patch order. Unknown numbers are a usage error naming the range."""
    assert record.patch is not None
    by_number = {h.number: h.id for h in record.patch.hunks}
    wanted: set[int] = set()
    unknown: set[int] = set()
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        bounds = part.split("-", 1)
        # ASCII digits only: int() would read a full-width "２" as 2, a number the user never typed.
        if not all(re.fullmatch(r"[0-9]{1,18}", b.strip()) for b in bounds):
            raise CommandError(f"--hunks {spec!r}: use hunk numbers such as 1,3 or 2-4.")
        lo, hi = int(bounds[0]), int(bounds[-1])
        # Only the hunks the run has are looked at: a huge range costs nothing.
        inside = {n for n in by_number if lo <= n <= hi}
        wanted |= inside
        if hi < lo or lo not in by_number:
            unknown.add(lo)
        if hi not in by_number:
            unknown.add(hi)
    if unknown or not wanted:
        raise CommandError(f"--hunks {spec!r}: run {record.run_id} has hunks 1-{len(by_number)}"
                           + (f"; no hunk {', '.join(map(str, sorted(unknown)))}." if unknown else "."))
    return [by_number[n] for n in sorted(wanted)]


def apply(run_id: str, hunks: str | None, all_hunks: bool, as_json: bool, repo: Path) -> int:
    from ouroboros_tui.apply.apply_run import apply_run

    if hunks and all_hunks:
        raise CommandError("give either --hunks 1,3 or --all, not both.")
    if not hunks and not all_hunks:
        raise CommandError(f"choose what to apply: `ouroboros apply {run_id} --all` or "
                           f"`--hunks 1,3` (numbers from `ouroboros status {run_id}`).")
    root = _root(repo)
    record = _load(root, run_id)
    if record.patch is None or not record.patch.hunks:
        raise CommandError(f"run {record.run_id} has no patch (status: {record.status}).")
    ids = [h.id for h in record.patch.hunks] if all_hunks else parse_hunk_numbers(hunks or "", record)
    result = apply_run(root, record, ids, load_settings(root))
    numbers = [record.patch.hunk(i).number for i in result.applied]
    if as_json:
        print_json({"ok": True, "exit_code": EXIT_OK, **result.to_dict(), "hunk_numbers": numbers})
        return EXIT_OK
    console = console_for(False)
    where = "detached HEAD" if result.detached else (result.branch or "HEAD")
    console.print(f"[green]applied[/] {len(result.applied)}/{len(record.patch.hunks)} hunk(s) "
                  f"({', '.join(map(str, numbers))}) of {record.run_id} to {', '.join(result.files)}")
    console.print(f"commit [bold]{result.commit[:12]}[/] on {where} · safety: {escape(result.safety)}")
    for warning in result.warnings:
        console.print(f"[yellow]note:[/] {escape(warning)}")
    return EXIT_OK


def _status_doc(record: RunRecord, root: Path) -> dict[str, Any]:
    from ouroboros_tui.provenance.run_folder import RunFolder

    logger = RunFolder(root)
    return {"ok": True, "exit_code": EXIT_OK, "run_id": record.run_id, "status": record.status,
            "commit": record.commit, "run_dir": str(logger.run_dir(record.run_id)),
            "commit_info": logger.read_commit_info(record.run_id), "run": record.to_artifact()}


def status(run_id: str | None, latest: bool, as_json: bool, repo: Path) -> int:
    from ouroboros_tui.runs.persist import latest_record

    if run_id and latest:
        raise CommandError("give a run id or --latest, not both.")
    root = _root(repo)
    if run_id:
        record = _load(root, run_id)
    else:
        found = latest_record(root)
        if found is None:
            raise CommandError(f"no runs yet in {root}. Start one with `ouroboros refactor`.")
        record = found
    if as_json:
        print_json(_status_doc(record, root))
        return EXIT_OK
    _print_status(record, root)
    return EXIT_OK


def _print_status(record: RunRecord, root: Path) -> None:
    from ouroboros_tui.provenance.run_folder import RunFolder

    console = console_for(False)
    undo = (RunFolder(root).read_commit_info(record.run_id) or {}).get("undo") or {}
    undo_note = f" · reverted by {str(undo.get('revert_commit', ''))[:12]}" if undo else ""
    console.print(f"[bold]{record.run_id}[/] · {record.status}" + (f" · commit {record.commit[:12]}" if record.commit
                                                                    else "") + undo_note)
    console.print(f"task: {escape(record.task)}")
    console.print(f"created {record.created_at} · attempts {record.attempts_used} · risk {record.risk_score:.2f}")
    models = "; ".join(f"{role}={info.get('label') or info.get('model', '?')}"
                       for role, info in record.models_used.items())
    if models:
        console.print(f"models: {escape(models)}")
    for line in _plan_lines(record, root):
        console.print(escape(line))
    if record.failure:
        console.print(f"[red]failure:[/] {escape(record.failure)}")
    for warning in record.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}")
    if record.patch is None:
        return
    table = Table(box=None, pad_edge=False)
    for column in ("#", "file", "lines", "+/-", "risk", "state"):
        table.add_column(column)
    applied = set(record.selection)
    for hunk in record.patch.hunks:
        state = "applied" if hunk.id in applied else ("rejected" if hunk.id in record.rejected else "")
        if hunk.edited:  # the reviewer's version (line mode or `e`), not the model's text
            state = f"{state} (yours)".strip()
        table.add_row(str(hunk.number), escape(hunk.path), f"{hunk.old_start + 1}-{hunk.old_start + len(hunk.old)}",
                      f"+{hunk.added}/-{hunk.removed}", f"{hunk.risk:.2f}", state)
    console.print(table)
    if record.status == "pending":
        console.print(f"apply with `{apply_command(record)}` or `--hunks 1,3`")


def _plan_lines(record: RunRecord, root: Path) -> list[str]:
    """The plan as the builder read it, with where it came from: the steps are what the review is
    checked against, and a fallback plan says why the reasoner's answer was not used. A step on a
    file that neither exists nor is created by the patch is marked (models invent paths)."""
    plan = record.plan or {}
    source = plan.get("source")
    if source == "model":
        touched = {f.path for f in record.patch.files} if record.patch is not None else set()
        lines = [f"plan ({plan.get('attempts', 1)} reasoner answer(s)):"]
        for i, step in enumerate(plan.get("steps") or [], start=1):
            name = step["file"]
            missing = "  (no such file)" if name not in touched and not (root / name).exists() else ""
            lines.append(f"  {i}. {step_label(step)}{missing}")
        return lines
    if source == "fallback":
        return [f"plan: the task itself (the reasoner's answer could not be read: {plan.get('error', '?')})"]
    return []


def _when(created_at: str) -> str:
    try:
        return datetime.fromisoformat(created_at).astimezone().strftime("%m-%d %H:%M")
    except ValueError:
        return created_at


def list_runs(limit: int, as_json: bool, repo: Path) -> int:
    from ouroboros_tui.runs.persist import run_store

    root = _root(repo)
    with run_store(root) as store:
        rows = store.list_runs(limit=limit)
        rebuilt = store.rebuilt_from
    console = console_for(as_json)
    if rebuilt:
        console.print(f"[yellow]note:[/] the history index was {rebuilt}; rebuilt it from the run folders")
    if as_json:
        print_json({"ok": True, "exit_code": EXIT_OK, "runs": rows})
        return EXIT_OK
    if not rows:
        console.print("no runs yet. Start one with `ouroboros refactor TASK -t FILE`.")
        return EXIT_OK
    wide = console.width >= 100
    # One space between columns, ids and shas whole (they get copied into commands): an 80-column
    # terminal still shows every run id; the task gives way first.
    table = Table(title=f"runs in {root}", title_justify="left", box=box.SIMPLE_HEAD, padding=(0, 0), show_edge=False,
                  pad_edge=False)
    columns = [("time", "left"), ("run id", "left"), ("task", "left"), ("status", "left"),
               ("attempts", "right"), ("risk", "right")] + ([("hunks", "right")] if wide else []) + [("commit", "left")]
    widths = {"time": 11, "run id": max(len(r["run_id"]) for r in rows), "commit": 7 if not wide else 12,
              "status": max(len(r["status"]) for r in rows)}
    for column, justify in columns:
        table.add_column(column, justify=justify, no_wrap=True,  # type: ignore[arg-type]
                         overflow="ellipsis" if column == "task" else "fold",
                         min_width=8 if column == "task" else widths.get(column, len(column)))
    for row in rows:
        cells = [_when(row["created_at"]), row["run_id"], escape(row["task"]), row["status"], str(row["attempts"]),
                 f"{row['risk']:.2f}"]
        if wide:
            cells.append(f"{row['hunks_applied']}/{row['hunks_total']}")
        cells.append((row["commit_sha"] or "")[:7 if not wide else 12])
        table.add_row(*cells)
    console.print(table)
    return EXIT_OK


def undo(run_id: str, repo: Path) -> int:
    from ouroboros_tui.apply.undo import undo_run

    root = _root(repo)
    record = _load(root, run_id)
    revert = undo_run(root, record.run_id, run_hooks=load_settings(root).run_git_hooks)
    console_for(False).print(f"[green]undone[/] {record.run_id}: commit {revert[:12]} reverts "
                             f"{(record.commit or '')[:12]}")
    return EXIT_OK


def verify(commit: str, as_json: bool, repo: Path) -> int:
    from ouroboros_tui.apply.undo import verify_commit

    report = verify_commit(_root(repo), commit)
    # No trailers: nothing to verify, a usage error; a mismatch: the check failed.
    code = EXIT_USAGE if not report.has_trailers else (EXIT_OK if report.ok else EXIT_FAILED)
    refusal = None
    if not report.has_trailers:
        undone = report.trailers.get("Ouroboros-Undo")
        why = f"it is the undo of run {undone}; verify that run's commit" if undone else "nothing to verify"
        refusal = f"commit {report.commit[:12]} has no Ouroboros-Run trailer: {why}."
    if as_json:  # a script reads the reason from "error", as for every other exit 2
        print_json({**report.to_dict(), "exit_code": code, **({"error": refusal} if refusal else {})})
        return code
    console = console_for(False)
    if refusal:
        console.print(refusal, markup=False)
        return code
    for check in report.checks:
        mark = "[green]ok[/]" if check["ok"] else "[red]MISMATCH[/]"
        console.print(f"{mark} {escape(check['detail'])}")
    for note in report.notes:
        console.print(f"[yellow]note:[/] {escape(note)}")
    verdict = "[green]verified[/]" if report.ok else "[red]does not match its artifact[/]"
    console.print(f"commit {report.commit[:12]} (run {report.run_id}): {verdict}")
    return code
