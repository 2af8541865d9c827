"""`ouroboros ARGS` in-process: the real entry point with Click's isolated streams, no interpreter start.

The same `main()` the console script calls (the bare-REPO routing, --json's one-document rule, the
exit codes), under `CliRunner.isolation`: stdin is not a terminal (so nothing prompts, as with
`stdin=DEVNULL`), stdout and stderr are captured apart, the environment overrides are undone after.
An exception that escapes `main()` fails the test with its traceback, which is what a user would
have seen. Tests that need the real process (signals, a pseudo-terminal, the installed script's exit
status) still start one.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from ouroboros_tui.entry import main

# Rich sizes tables from COLUMNS, else from the terminal: pinned so the output does not depend on
# where pytest runs (a terminal, CI, an xdist worker).
COLUMNS = 120


@contextlib.contextmanager
def _console_width(columns: int) -> Iterator[None]:
    """The CLI's module-level consoles at `columns` for one run. Rich reads COLUMNS once, when a
    Console is made, so the first in-process run would otherwise fix the width for every later one."""
    from ouroboros_tui.cli_commands import common

    consoles = (common.out, common.err)
    # Rich has no public "unset": put back what each had (None: follow COLUMNS and the terminal).
    before = [(console._width, console._height) for console in consoles]
    for console in consoles:
        console.size = (columns, 50)
    try:
        yield
    finally:
        for console, (width, height) in zip(consoles, before, strict=True):
            console._width, console._height = width, height


@dataclass(frozen=True)
class CliResult:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        """The one JSON document --json prints (fails if stdout holds anything else)."""
        return json.loads(self.stdout)


def ouroboros(*args: str, cwd: Path | None = None, input: str | None = None, env: dict[str, str] | None = None,
              columns: int = COLUMNS) -> CliResult:  # fmt: skip
    """Run `ouroboros *args` in `cwd` and return its exit code and output."""
    overrides = {"COLUMNS": str(columns), "LINES": "50", **(env or {})}
    saved_argv = sys.argv
    code = 0
    with (contextlib.chdir(cwd or os.getcwd()), _console_width(columns),
          CliRunner().isolation(input=input, env=overrides) as (out, err, _)):  # fmt: skip
        sys.argv = ["ouroboros", *args]
        try:
            main()
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
        finally:
            sys.argv = saved_argv
            sys.stdout.flush()
            sys.stderr.flush()
        stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    return CliResult(code, stdout, stderr)
