"""What can be done to a committed run: undo it (revert exactly its commit, also after later commits,
and give back files that were untracked before it) and verify it against its trailers and artifact."""

from __future__ import annotations

import contextlib
import stat
from datetime import UTC, datetime
from pathlib import Path

from ouroboros_tui.apply.errors import ApplyError, ApplyRefused, ApplyUsageError
from ouroboros_tui.apply.guard import check_writable, lock_repo, open_repo
from ouroboros_tui.provenance.artifact import FileModification
from ouroboros_tui.provenance.logger import ProvenanceLogger, UnknownRun
from ouroboros_tui.provenance.verify import VerifyReport, verify
from ouroboros_tui.runs.persist import index_record, load_record
from ouroboros_tui.vcs.atomic import atomic_write_bytes
from ouroboros_tui.vcs.git import GitRepo, VcsError
from ouroboros_tui.vcs.revert import RevertRefused, revert_commit


def undo_run(repo_root: Path, run_id: str, run_hooks: bool = True) -> str:
    """Revert exactly the run's commit (also after later commits). Returns the revert's sha."""
    repo = open_repo(repo_root)
    try:
        lock = lock_repo(repo, f"undo {run_id}")
        try:
            try:
                record = load_record(repo.root, run_id)  # read under the lock: nobody undoes it meanwhile
            except UnknownRun as exc:
                raise ApplyUsageError(str(exc)) from exc
            if record.status == "undone":
                raise ApplyUsageError(f"run {record.run_id} was already undone.")
            if not record.commit:
                raise ApplyUsageError(f"run {record.run_id} is {record.status}: it has no commit to undo.")
            check_writable(repo)
            repo.remove_stale_scratch()
            try:
                info = revert_commit(repo, record.commit, {"Ouroboros-Undo": record.run_id}, run_hooks)
            except RevertRefused as exc:
                raise ApplyRefused(str(exc)) from exc
            except VcsError as exc:
                raise ApplyError(str(exc)) from exc
            logger = ProvenanceLogger(repo.root)
            restored = restore_untracked_originals(repo, logger, record.run_id, record.commit)
            state = logger.read_commit_info(record.run_id) or {"commit": record.commit}
            state["undo"] = {"revert_commit": info.sha, "at": datetime.now(UTC).isoformat(timespec="seconds"),
                             "restored_untracked": restored}
            logger.write_commit_info(record.run_id, state)
            record.status = "undone"
            with contextlib.suppress(Exception):
                index_record(repo.root, record)
            return info.sha
        finally:
            lock.release()
    finally:
        repo.close()


def verify_commit(repo_root: Path, commit: str = "HEAD") -> VerifyReport:
    """Recompute the artifact's hash against the trailer and each file against the artifact."""
    repo = open_repo(repo_root)
    try:
        return verify(repo, commit)
    except VcsError as exc:
        raise ApplyUsageError(str(exc)) from exc
    finally:
        repo.close()


def restore_untracked_originals(repo: GitRepo, logger: ProvenanceLogger, run_id: str, commit: str) -> list[str]:
    """Write back each modified file the undo removed that the run's commit's parent did not hold.
    Returns the restored paths. Never overwrites: a path that exists now is left alone."""
    try:
        mods: list[FileModification] = logger.read_artifact(run_id).get("file_modifications") or []
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
