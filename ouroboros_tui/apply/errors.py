"""Why an apply, undo or verify did not happen: ApplyError (could not be done), ApplyUsageError
(asked for something that cannot be done as asked) and ApplyRefused (refused for safety; nothing was
changed)."""

from __future__ import annotations

from ouroboros_tui.errors import OuroborosError, SafetyRefusal, UsageError


class ApplyError(OuroborosError):
    """Apply/undo/verify could not be done (a commit or write failed)."""


class ApplyUsageError(ApplyError, UsageError):
    """Not a repository, no git identity, a run that is not pending or has no commit to undo."""


class ApplyRefused(SafetyRefusal):
    """Refused for safety: nothing was changed."""
