"""Shared by the command modules: consoles, JSON output, the error printer, exit codes."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

from ouroboros_tui.cli_commands.errors import EXIT_FAILED, EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from ouroboros_tui.errors import UsageError

if TYPE_CHECKING:
    from ouroboros_tui.runs.record import RunRecord

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_REFUSED", "EXIT_USAGE", "CommandError", "apply_command", "console_for",
           "err", "fail", "out", "print_json"]

# Human output goes to stderr when --json owns stdout.
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


class CommandError(UsageError):
    """Raised inside a command for bad arguments: a message and exit 2 (cli_commands/errors.py)."""


def console_for(as_json: bool) -> Console:
    return err if as_json else out


def print_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, indent=2, default=str) + "\n")
    sys.stdout.flush()


def fail(message: str, code: int = EXIT_USAGE, as_json: bool = False, kind: str | None = None) -> int:
    """Report an error (as JSON on stdout when --json) and return its exit code."""
    if as_json:
        print_json({"ok": False, "error": message, "exit_code": code, **({"error_type": kind} if kind else {})})
    else:
        # Escaped: messages quote TOML sections, paths and tasks, which Rich would read as markup.
        err.print(f"[bold red]error:[/] {escape(message)}", markup=True, highlight=False, soft_wrap=True)
    return code


def apply_command(record: RunRecord) -> str:
    """The command that applies a whole pending run. A run whose gate failed (kept by
    --no-safe-mode) is refused by a safe-mode apply, so the hint turns safe mode off for that one
    command instead of naming one that would refuse."""
    command = f"ouroboros apply {record.run_id} --all"
    gate_failed = record.safety.get("passed", True) is False
    return f"OUROBOROS_PIPELINE__SAFE_MODE=false {command}" if gate_failed else command
