"""The one place errors become exit codes ★ and messages: every command runs inside `run_command`.

    0 done · 1 the run failed / could not be done · 2 usage, config or run-data error · 3 refused for
    safety (nothing was changed)

Domain code raises an `OuroborosError` of the right kind (ouroboros_tui/errors.py); this module maps
the kind to the code, prints the message (under `--json`: the one JSON document on stdout), and turns
anything unexpected into a message too, never a traceback (OUROBOROS_DEBUG=1 shows it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from ouroboros_tui.errors import OuroborosError, SafetyRefusal, UsageError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_REFUSED = 0, 1, 2, 3


def exit_code_for(exc: BaseException) -> int:
    if isinstance(exc, SafetyRefusal):
        return EXIT_REFUSED
    if isinstance(exc, UsageError):
        return EXIT_USAGE
    return EXIT_FAILED


def message_for(exc: BaseException) -> str:
    if isinstance(exc, SafetyRefusal):
        return f"refused: {exc}"
    if isinstance(exc, OuroborosError):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:  # the OS says which file and why
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror}"
    return (f"internal error ({type(exc).__name__}: {exc}). This is a bug in Ouroboros; "
            "OUROBOROS_DEBUG=1 shows the traceback.")


def report(exc: BaseException, as_json: bool = False) -> int:
    """Print the error (a JSON document on stdout under --json) and return its exit code."""
    from ouroboros_tui.cli_commands.common import fail

    return fail(message_for(exc), exit_code_for(exc), as_json, kind=type(exc).__name__)


def run_command(body: Callable[[], int], as_json: bool = False) -> int:
    """Run a command's body; an error becomes its message and exit code."""
    try:
        return body()
    except OuroborosError as exc:
        return report(exc, as_json)
    except Exception as exc:
        if _typer_flow(exc) or os.environ.get("OUROBOROS_DEBUG"):
            raise
        return report(exc, as_json)


def _typer_flow(exc: Exception) -> bool:
    """Typer's own ways out (Exit, Abort, its usage errors) are not ours to report. Looked up, not
    imported: the TUI's entry runs commands without loading Typer."""
    typer = sys.modules.get("typer")
    return typer is not None and isinstance(exc, (typer.Exit, typer.Abort, typer.TyperException))
