"""`e` on a hunk, as `git add -p` does it: the hunk goes to the user's editor (git's own choice of
editor: `GIT_EDITOR`, `core.editor`, `VISUAL`, `EDITOR`, then `vi`), comes back parsed, and must pass
the run's static gate levels before it replaces the model's hunk. No UI here: the TUI suspends itself
around `command()`, the CLI prompt runs it on its own terminal.

The draft lives in the run folder (`runs/<id>/edits/hunk-N.diff`): nothing is written outside the
repository, and a refused edit is kept there, with the reasons on top, for the next try.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ouroboros_tui.patch.hunk_edit import edit_text, parse_edit
from ouroboros_tui.patch.hunks import FileDiff, Hunk, apply_hunks
from ouroboros_tui.provenance.run_folder import RunFolder

STATIC_LEVELS = ("syntax", "semantic", "security")


def git_editor(repo_root: Path) -> str:
    """The editor git would open here (`git var GIT_EDITOR` resolves the variables and config)."""
    try:
        proc = subprocess.run(["git", "var", "GIT_EDITOR"], cwd=repo_root, capture_output=True, text=True,
                              check=False, stdin=subprocess.DEVNULL, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "vi"
    return proc.stdout.strip() or "vi"


@dataclass
class HunkEdit:
    """One hunk out to the editor and back."""

    repo_root: Path
    run_id: str
    hunk: Hunk
    header: str  # `@@ -12,4 +12,6 @@`, as the review shows it
    problems: Sequence[str] = ()  # why the last try was refused: put on top of the draft
    path: Path | None = None  # the draft, once written

    @cached_property
    def editor(self) -> str:
        return git_editor(self.repo_root)

    def write_draft(self, previous: str | None = None) -> Path:
        """The draft to edit: the hunk (or the refused try, to fix), after the reasons it was refused."""
        text = previous if previous is not None else edit_text(self.hunk, self.header)
        if self.problems:
            notes = "".join(f"# {line}\n" for problem in self.problems for line in problem.splitlines())
            text = "# The last edit was not used:\n" + notes + "#\n" + _without_notes(text)
        self.path = RunFolder(self.repo_root).write_edit_draft(self.run_id, self.hunk.number, text)
        return self.path

    def command(self) -> list[str]:
        """What runs the editor on the draft, as git runs it (through the shell: an editor setting may
        carry arguments, `code --wait`)."""
        return ["sh", "-c", f'{self.editor} "$@"', self.editor, str(self.draft)]

    def failure(self, status: int) -> str:
        """What a non-zero exit of the editor means for the reviewer."""
        editor = self.editor
        if status == 127:
            return (f"the editor {editor!r} was not found: set GIT_EDITOR, VISUAL or EDITOR (or git's core.editor); "
                    "the hunk stays as it was")
        return f"the editor {editor!r} exited with status {status}: the hunk stays as it was"

    @property
    def draft(self) -> Path:
        if self.path is None:
            raise RuntimeError("write_draft() first")
        return self.path

    def edited_text(self) -> str:
        return self.draft.read_text(encoding="utf-8", errors="replace")

    def result(self) -> Hunk | None:
        """The edited hunk (the same object when nothing changed; None when nothing is left).
        Raises HunkEditError for an edit that moves the hunk's old side."""
        return parse_edit(self.hunk, self.edited_text())


def _without_notes(text: str) -> str:
    """A refused try's text without the reasons put on top of it last time."""
    lines = text.splitlines(keepends=True)
    if lines and lines[0].startswith("# The last edit was not used:"):
        end = next((i for i, line in enumerate(lines) if line.rstrip("\r\n") == "#"), 0)
        return "".join(lines[end + 1:])
    return text


def gate_revision(file: FileDiff, hunks: Iterable[Hunk], levels: Sequence[str]) -> list[str]:
    """The run's static levels on the file as `hunks` leave it: what they find (empty: it passes).
    Baseline-aware as at generation: what the file already had never blocks."""
    from ouroboros_tui.gate.levels import check_static

    text = apply_hunks(file.before or "", list(hunks), file.path)
    changes = {file.path: (file.before, text)}
    # Syntax first and alone: a file that does not parse makes every linter rule say so again.
    results = check_static(changes, ("syntax",))
    if not results["syntax"].findings:
        results = check_static(changes, tuple(level for level in STATIC_LEVELS[1:] if level in levels))
    return [_worded(level, finding) for level, result in results.items() for finding in result.findings]


def _worded(level: str, finding: Any) -> str:
    """`syntax: calc.py line 5, column 9: '(' was never closed` (the rule named for the linters)."""
    rule = "" if level == "syntax" else f" [{finding.rule}]"
    return f"{level}: {finding.path} line {finding.line}, column {finding.column}: {finding.message}{rule}"
