"""The one exception base of the package. Every error a user can cause or meet derives from it and
carries a message meant for them; the CLI layer maps each kind to an exit code (cli_commands/errors)."""

from __future__ import annotations


class OuroborosError(Exception):
    """An error with a message for the user (never a traceback). `exit_code` is the CLI's default."""

    exit_code: int = 1
