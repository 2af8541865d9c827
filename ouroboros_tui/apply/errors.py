"""Why an apply, undo or verify did not happen: ApplyError (could not be done) and ApplyRefused
(refused for safety; nothing was changed)."""

from __future__ import annotations

from ouroboros_tui.errors import OuroborosError


class ApplyError(OuroborosError):
    """Apply/undo/verify could not be done (exit 1; 2 for usage: not a repo, no identity…)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class ApplyRefused(OuroborosError):
    """Refused for safety (exit 3): nothing was changed."""

    exit_code = 3
