"""After an undo: give back the user's own copy of files that were untracked when the run was applied.

Applying a run to a file that is not in HEAD commits the file as the run leaves it (docs/apply.md).
Reverting that commit deletes the file, and with it the user's own uncommitted text, which the
commit had only carried along. The run's backup holds those bytes; put them back, untracked again,
so that undo leaves the work tree as it was before the apply.
"""

from __future__ import annotations

import stat
from typing import Any

from ouroboros_tui.provenance.logger import ProvenanceLogger
from ouroboros_tui.vcs.atomic import atomic_write_bytes
from ouroboros_tui.vcs.git import GitRepo


def restore_untracked_originals(repo: GitRepo, logger: ProvenanceLogger, run_id: str, commit: str) -> list[str]:
    """Write back each modified file the undo removed that the run's commit's parent did not hold.
    Returns the restored paths. Never overwrites: a path that exists now is left alone."""
    try:
        mods: list[dict[str, Any]] = logger.read_artifact(run_id).get("file_modifications") or []
    except (OSError, ValueError):
        return []
    parents = repo.repo.commit(commit).parents
    restored = []
    for mod in mods:
        rel, backup = mod.get("path"), mod.get("backup")
        if mod.get("action") != "modified" or not rel or not backup:
            continue
        if parents and repo.file_at(parents[0].hexsha, rel) is not None:
            continue  # tracked before the run: the revert already brought back the committed text
        target, source = repo.root / rel, repo.root / backup
        if target.exists() or target.is_symlink() or not source.is_file():
            continue
        atomic_write_bytes(target, source.read_bytes(), stat.S_IMODE(source.stat().st_mode))
        restored.append(rel)
    return restored
