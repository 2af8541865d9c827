"""The one exception base of the package, and its three kinds.

Every error a user can cause or meet derives from `OuroborosError` and carries a message meant for
them. Domain code says *what kind* of error it is; only the CLI layer turns a kind into an exit code
(cli_commands/errors.py): OuroborosError → 1 (could not be done), UsageError → 2 (bad input, config or
run data), SafetyRefusal → 3 (refused for safety; nothing was changed)."""

from __future__ import annotations


class OuroborosError(Exception):
    """An operation could not be done; the message says why and, where there is one, the fix."""


class UsageError(OuroborosError):
    """Bad input: arguments, configuration, an unknown or unreadable run, not a repository."""


class SafetyRefusal(OuroborosError):
    """Refused for safety before anything changed: a path outside the repository, a file changed
    since generation, a conflict with the user's own work."""
