"""`e` in `ouroboros refactor`'s per-hunk prompt, as in `git add -p`: the hunk opens in the user's
editor on this terminal; an edit that moves the hunk's old lines or fails the run's gate levels is
explained and offered again; a good one replaces the model's hunk, accepted. The same parts as the
TUI's `e` (`runs/hunk_editor.py`, `patch/hunk_edit.py`)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.console import Console

from ouroboros_tui.errors import OuroborosError
from ouroboros_tui.patch.hunk_edit import HunkEditError
from ouroboros_tui.patch.review import REJECT, ReviewSession
from ouroboros_tui.runs.hunk_editor import HunkEdit, gate_revision


def new_side_header(session: ReviewSession) -> str:
    """The current hunk's `@@` header with the new side moved by the hunks above it (as git shows it)."""
    hunk = session.current
    assert hunk is not None
    file = session.patch.file(hunk.path)
    offset = 0
    for other in file.hunks:
        if other is hunk:
            break
        offset += len(other.new) - len(other.old)
    return hunk.header(offset)


def edit_current(session: ReviewSession, repo_root: Path, run_id: str, levels: Sequence[str], console: Console,
                 ask: Callable[[str], str]) -> bool:  # fmt: skip
    """Edit the current hunk until the edit is used or given up; True when it replaced the hunk."""
    hunk = session.current
    assert hunk is not None
    edit = HunkEdit(repo_root, run_id, hunk, new_side_header(session))
    previous: str | None = None
    while True:
        try:
            edit.write_draft(previous)
            status = subprocess.run(edit.command(), check=False).returncode
            if status != 0:
                console.print(edit.failure(status), style="yellow", markup=False, highlight=False)
                return False
            previous = edit.edited_text()
        except (OSError, OuroborosError) as exc:  # the draft deleted by the editor, an unsafe run folder…
            console.print(f"could not edit the hunk: {exc}", style="yellow", markup=False, highlight=False)
            return False
        try:
            revised = edit.result()
        except HunkEditError as exc:
            problems: tuple[str, ...] = (str(exc),)
        else:
            if revised is None or revised is hunk:
                console.print("[dim]no change: the hunk stays as it was[/]")
                return False
            file = session.patch.file(hunk.path)
            others = [h for h in file.hunks if h is not hunk and session.decision(h.id) != REJECT]
            problems = tuple(gate_revision(file, [*others, revised], levels))
            if not problems:
                session.revise(revised)
                console.print("[green]your edit passed the gate and is accepted[/]")
                return True
        console.print("[yellow]your edit was not used:[/]")
        for problem in problems:
            console.print(f"  {problem}", markup=False, highlight=False)
        if ask("Edit again [y,n]? ").strip().lower()[:1] != "y":
            console.print("[dim]the hunk stays as it was[/]")
            return False
        edit = HunkEdit(repo_root, run_id, hunk, edit.header, problems)
