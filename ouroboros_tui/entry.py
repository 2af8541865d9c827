"""The `ouroboros` executable. Opening the TUI (`ouroboros [REPO] [-t FILE …]`, no command word) is
the path a user waits on, so it skips Typer (about a third of a second of imports before Textual can
start) and reads its two arguments with argparse; every other command goes through `cli.py`."""

from __future__ import annotations

import sys

# Kept in step with cli.COMMANDS by a test.
COMMANDS = {"tui", "demo", "refactor", "apply", "status", "list-runs", "undo", "verify", "validate",
            "models", "config", "bench"}


def _wants_tui(argv: list[str]) -> bool:
    if any(a in ("-h", "--help", "--json") for a in argv):
        return False
    first = next((a for a in argv if not a.startswith("-")), None)
    return first not in COMMANDS


def _open_tui(argv: list[str]) -> int:
    import argparse
    from pathlib import Path

    parser = argparse.ArgumentParser(prog="ouroboros", description="Open the full-screen app.")
    parser.add_argument("repo", nargs="?", default=".", help="Repository (default: the current directory).")
    parser.add_argument("-t", "--target", action="append", default=[], help="Pre-mark a file as a target.")
    args = parser.parse_args(argv)  # a bad flag: usage on stderr, exit 2, as Click does
    from ouroboros_tui.cli_commands import tui_cmd
    from ouroboros_tui.cli_commands.errors import run_command

    return run_command(lambda: tui_cmd.run(Path(args.repo), list(args.target)))


def main() -> None:
    argv = sys.argv[1:]
    if _wants_tui(argv):
        try:
            sys.exit(_open_tui(argv))
        except KeyboardInterrupt:
            sys.exit(130)
    from ouroboros_tui.cli import main as cli_main

    cli_main()
