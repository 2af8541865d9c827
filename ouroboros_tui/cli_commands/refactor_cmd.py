"""`ouroboros refactor TASK -t FILE …`: run the pipeline, show it, then review, apply or leave pending.

Exit codes: 0 done or pending, 1 the run failed (or was cancelled), 2 usage or config error,
3 refused for safety (a path outside the repo, --auto-apply over --max-risk or with gate warnings,
the file changed since generation).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from rich.console import Console, RenderableType
from rich.live import Live
from rich.markup import escape

from ouroboros_tui.cli_commands import refactor_view as view
from ouroboros_tui.cli_commands.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_REFUSED,
    CommandError,
    apply_command,
    console_for,
    print_json,
)
from ouroboros_tui.config import Settings, deep_merge, load_settings, scripted_flags
from ouroboros_tui.runs import events as ev
from ouroboros_tui.runs.progress import RunProgress
from ouroboros_tui.runs.record import RunRecord


def repo_root(repo: Path) -> Path:
    """The work tree's top level, or a usage error when `repo` is not inside a git repository."""
    if not repo.is_dir():
        raise CommandError(f"{repo} is not a directory.")
    proc = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=repo, capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0:
        bare = subprocess.run(["git", "rev-parse", "--is-bare-repository"], cwd=repo, capture_output=True,
                              text=True, check=False)
        if bare.returncode == 0 and bare.stdout.strip() == "true":
            raise CommandError(f"{repo.resolve()} is a bare repository: there is no work tree to change. "
                               "Run Ouroboros in a clone or a worktree of it (`git worktree add`).")
        raise CommandError(f"{repo.resolve()} is not inside a git repository; run `git init` first.")
    return Path(proc.stdout.strip()).resolve()


def refuse_linked_targets(root: Path, repo: Path, targets: list[str]) -> None:
    """A target that is a symbolic link (or goes through one) is refused now, not at apply: the
    change would be written through the link."""
    from ouroboros_tui.vcs.safe_paths import UnsafeWrite, worktree_path

    base = repo.resolve()
    for target in targets:
        full = Path(os.path.normpath(Path(target) if Path(target).is_absolute() else base / target))
        if root not in full.parents:
            continue  # outside the repository: the pipeline refuses it with its own message
        try:
            worktree_path(root, full.relative_to(root).as_posix())
        except UnsafeWrite as exc:
            raise UnsafeWrite(f"-t {target}: {exc}") from exc


def target_paths(root: Path, repo: Path, targets: list[str]) -> list[str]:
    """Targets relative to the repo root. Relative paths are read from --repo (as `git -C` does);
    a path that leads out of the repository is passed on unchanged so the pipeline refuses it."""
    out: list[str] = []
    base = repo.resolve()
    for target in targets:
        path = Path(target)
        full = (path if path.is_absolute() else base / path).resolve()
        if full == root or root not in full.parents:
            out.append(target)
        else:
            out.append(full.relative_to(root).as_posix())
    return out


def build_settings(root: Path, preset: str | None, max_risk: float | None, safe_mode: bool | None,
                   mock: Path | None, gate: str | None = None) -> Settings:
    flags: dict[str, Any] = {}
    if gate is not None:
        from ouroboros_tui.gate.findings import parse_levels

        try:
            flags["gate"] = {"levels": parse_levels(gate)}
        except ValueError as exc:
            raise CommandError(f"--gate {gate}: {exc}.") from exc
        if not flags["gate"]["levels"]:
            raise CommandError(f"--gate {gate!r}: name at least one level (syntax, semantic, security, tests).")
    pipeline: dict[str, Any] = {}
    if preset is not None:
        pipeline["preset"] = preset
    if max_risk is not None:
        pipeline["max_risk"] = max_risk
    if safe_mode is not None:
        pipeline["safe_mode"] = safe_mode
    if pipeline:
        flags["pipeline"] = pipeline
    if mock is not None:
        if not mock.is_file():
            raise CommandError(f"--mock {mock}: no such file.")
        from ouroboros_tui.models.base import ModelError
        from ouroboros_tui.models.scripted import read_script

        try:  # a malformed script is bad input (exit 2), found before a run is started and saved
            script = read_script(mock)
        except ModelError as exc:
            raise CommandError(f"--mock: {exc}.") from exc
        if not script:
            raise CommandError(f"--mock {mock}: the script has no responses; write one JSON line per model "
                               'answer, e.g. {"role": "builder", "text": "…"}.')
        flags = deep_merge(flags, scripted_flags(mock))
    return load_settings(root, flags)


def run(task: str, targets: list[str], preset: str | None, dry_run: bool, auto_apply: bool,
        max_risk: float | None, safe_mode: bool | None, mock: Path | None, as_json: bool, repo: Path,
        gate: str | None = None) -> int:
    console = console_for(as_json)
    root = repo_root(repo)
    if not targets:
        raise CommandError("no target files: name each file to change with -t FILE.")
    if not task.strip():
        raise CommandError("the task is empty: say what to change.")
    settings = build_settings(root, preset, max_risk, safe_mode, mock, gate)
    refuse_linked_targets(root, repo, targets)

    from ouroboros_tui.pipeline.run import Pipeline

    paths = target_paths(root, repo, targets)
    folders = [p for p in paths if (root / p).is_dir()]
    if folders:
        raise CommandError(f"{', '.join(folders)}: a directory; name the files to change with -t FILE.")
    missing = [p for p in paths if not (root / p).exists() and not Path(p).is_absolute()]
    if missing and not as_json:  # a typo or a file to create: say so now, not at apply
        console.print(f"[yellow]note[/] {escape(', '.join(missing))}: no such file yet; the run may create it.")
    pipeline = Pipeline(root, settings, persist=not dry_run)
    final = _watch(pipeline.run(task, paths), console, as_json)
    if isinstance(final, ev.RunFailed):
        return _failed(final, console, as_json, dry_run)
    assert isinstance(final, ev.PatchReady)
    return _ready(final, root, settings, console, as_json, dry_run, auto_apply)


def _watch(events: Any, console: Console, as_json: bool) -> ev.PatchReady | ev.RunFailed:
    """Show progress while the run goes; return its last event."""
    progress = RunProgress()
    final: ev.PatchReady | ev.RunFailed | None = None

    def render() -> RenderableType:
        return view.render_progress(progress)

    live = Live(render(), console=console, refresh_per_second=10, transient=False,
                get_renderable=render) if not as_json else None
    try:
        if live is not None:
            live.start()
        for event in events:
            progress.apply(event)
            if isinstance(event, ev.RunStarted) and not as_json:
                console.print(f"[bold]run[/] {event.run_id}  [dim]{escape(event.task)}[/]")
            elif isinstance(event, ev.AttemptFailed) and not as_json:
                console.print(view.attempt_failed(event))
            elif isinstance(event, ev.PatchReady | ev.RunFailed):
                final = event
    except KeyboardInterrupt:
        events.close()
        raise
    finally:
        if live is not None:
            live.stop()
            if not console.is_terminal:  # Rich leaves the last row open when it cannot redraw
                console.print()
    assert final is not None, "the pipeline always ends with PatchReady or RunFailed"
    return final


def _failed(event: ev.RunFailed, console: Console, as_json: bool, dry_run: bool) -> int:
    code = EXIT_REFUSED if event.kind == "refused" else EXIT_FAILED
    if as_json:
        print_json(view.json_document(event.record, status=event.kind, exit_code=code, dry_run=dry_run,
                                      failure=event.reason, details=event.details))
        return code
    console.print(f"[bold red]{event.kind}:[/] {escape(event.reason)}")
    for detail in event.details:
        console.print("  " + detail.replace("\n", "\n  "), style="red", highlight=False, markup=False)
    if event.record is not None and not dry_run:
        console.print(f"[dim]details: ouroboros status {event.run_id}[/]")
    return code


def _ready(event: ev.PatchReady, root: Path, settings: Settings, console: Console, as_json: bool,
           dry_run: bool, auto_apply: bool) -> int:
    record = event.record
    patch = event.patch
    interactive = not (as_json or dry_run or auto_apply) and sys.stdin.isatty() and sys.stdout.isatty()
    if not as_json:  # the review shows the hunks one by one, so only the summary here
        console.print(view.patch_view(patch, record, hunks=not interactive))
        for warning in event.warnings:
            console.print(f"[bold yellow]warning:[/] {escape(warning)}")
    if dry_run:
        note = "dry run: nothing was written and the run was not saved"
        return _done(record, as_json, console, EXIT_OK, "pending", dry_run=True, note=note)
    if auto_apply:
        return _auto_apply(record, root, settings, console, as_json, event.warnings)
    if not interactive:
        note = f"run pending: apply with `{apply_command(record)}`"
        return _done(record, as_json, console, EXIT_OK, "pending", note=note)
    return _interactive(record, root, settings, console)


def _auto_apply(record: RunRecord, root: Path, settings: Settings, console: Console, as_json: bool,
                warnings: tuple[str, ...]) -> int:
    problems = []
    # The gate verdict decides, not the warnings: a note that the patch touches a non-target file
    # is not a gate failure.
    if not record.safety.get("passed", False):
        problems.append("the gate did not pass")
    if record.risk_score > settings.max_risk:
        problems.append(f"risk {record.risk_score:.2f} is above --max-risk {settings.max_risk:.2f}")
    if problems:
        note = (f"refused to auto-apply: {'; '.join(problems)}. The run stays pending: "
                f"review it with `{apply_command(record)}` or in the TUI.")
        return _done(record, as_json, console, EXIT_REFUSED, "pending", note=note)
    assert record.patch is not None
    return _apply(record, root, settings, console, as_json, [h.id for h in record.patch.hunks])


def _apply(record: RunRecord, root: Path, settings: Settings, console: Console, as_json: bool,
           hunk_ids: list[str]) -> int:
    from ouroboros_tui.apply.apply_run import apply_run
    from ouroboros_tui.cli_commands.errors import exit_code_for
    from ouroboros_tui.errors import OuroborosError, SafetyRefusal

    try:
        result = apply_run(root, record, hunk_ids, settings)
    except OuroborosError as exc:  # the run stays pending: said in the run's own document
        verb = "refused" if isinstance(exc, SafetyRefusal) else "failed"
        return _done(record, as_json, console, exit_code_for(exc), "pending", note=f"apply {verb}: {exc}")
    record.status, record.commit, record.selection = "applied", result.commit, list(result.applied)
    note = f"applied {len(result.applied)} hunk(s) in commit {result.commit[:12]}"
    return _done(record, as_json, console, EXIT_OK, "applied", note=note, commit=result.commit,
                 applied=result.applied)


def _interactive(record: RunRecord, root: Path, settings: Settings, console: Console) -> int:
    from ouroboros_tui.cli_commands.review_prompt import review
    from ouroboros_tui.patch.review import ReviewSession
    from ouroboros_tui.runs.persist import save_record

    assert record.patch is not None
    patch = record.patch

    def save_split() -> None:
        save_record(root, record)

    def ask(prompt: str) -> str:
        return console.input(prompt, markup=False)

    def edit(session: ReviewSession) -> bool:
        from ouroboros_tui.cli_commands.hunk_edit_prompt import edit_current

        levels = record.safety.get("levels_run") or settings.gate_levels
        return edit_current(session, root, record.run_id, levels, console, ask)

    console.print(f"\n[bold]Review {len(patch.hunks)} hunk(s)[/]")
    try:
        chosen = review(patch, console, ask, on_split=save_split, edit=edit)
    except (EOFError, KeyboardInterrupt):
        console.print(f"\nrun pending: apply with `{apply_command(record)}`")
        return EXIT_OK
    if not chosen:
        record.status = "rejected"
        save_record(root, record)
        console.print("every hunk rejected; nothing written")
        return EXIT_OK
    return _apply(record, root, settings, console, False, chosen)


def _done(record: RunRecord, as_json: bool, console: Console, code: int, status: str, *, dry_run: bool = False,
          note: str = "", commit: str | None = None, applied: list[str] | None = None) -> int:
    if as_json:
        print_json(view.json_document(record, status=status, exit_code=code, dry_run=dry_run, note=note,
                                      commit=commit, applied=applied))
    else:
        style = "green" if code == EXIT_OK else "yellow" if code == EXIT_REFUSED else "red"
        console.print(note, style=style, highlight=False, markup=False)
    return code

