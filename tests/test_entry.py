"""The `ouroboros` executable's fast path to the TUI: it must route exactly as the Typer app does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ouroboros_tui import cli, entry


def test_every_command_word_reaches_typer() -> None:
    names = {c.name for c in cli.app.registered_commands} | {g.name for g in cli.app.registered_groups}
    assert names <= entry.COMMANDS
    assert cli.COMMANDS <= entry.COMMANDS


def test_routing() -> None:
    assert entry._wants_tui([]) and entry._wants_tui(["some/repo", "-t", "a.py"])
    assert not entry._wants_tui(["status", "--latest"]) and not entry._wants_tui(["--help"])
    assert not entry._wants_tui(["-t", "a.py", "--json"])


def test_a_bad_flag_is_a_usage_error_without_a_traceback(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "ouroboros_tui", "--frobnicate"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "usage: ouroboros" in proc.stderr


def test_a_missing_repo_folder_is_an_error(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "ouroboros_tui", str(tmp_path / "nope")], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "is not a directory" in proc.stderr and "Traceback" not in proc.stderr
