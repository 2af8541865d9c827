"""Shared by the command modules: consoles, exit codes, settings loading with clean errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

from ouroboros_tui.config import ConfigError, Settings, load_settings

if TYPE_CHECKING:
    from ouroboros_tui.runs.record import RunRecord

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_REFUSED = 0, 1, 2, 3

# Human output goes to stderr when --json owns stdout.
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


class CommandError(Exception):
    """Raised inside a command to stop with a message and an exit code."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def console_for(as_json: bool) -> Console:
    return err if as_json else out


def print_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, indent=2, default=str) + "\n")
    sys.stdout.flush()


def fail(message: str, code: int = EXIT_USAGE, as_json: bool = False) -> int:
    """Report an error (as JSON on stdout when --json) and return its exit code."""
    if as_json:
        print_json({"ok": False, "error": message, "exit_code": code})
    else:
        # Escaped: messages quote TOML sections, paths and tasks, which Rich would read as markup.
        err.print(f"[bold red]error:[/] {escape(message)}", markup=True, highlight=False, soft_wrap=True)
    return code


def settings_or_error(repo: Path, flags: dict[str, Any] | None = None) -> Settings:
    try:
        return load_settings(repo, flags)
    except ConfigError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from exc


def apply_command(record: RunRecord) -> str:
    """The command that applies a whole pending run. A run whose gate failed (kept by
    --no-safe-mode) is refused by a safe-mode apply, so the hint turns safe mode off for that one
    command instead of naming one that would refuse."""
    command = f"ouroboros apply {record.run_id} --all"
    gate_failed = record.safety.get("passed", True) is False
    return f"OUROBOROS_PIPELINE__SAFE_MODE=false {command}" if gate_failed else command
