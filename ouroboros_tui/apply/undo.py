"""What can be done to a committed run: undo it (revert exactly its commit, also after later commits,
and give back files that were untracked before it) and verify it against its trailers and artifact."""

from __future__ import annotations

import contextlib
import stat
from datetime import UTC, datetime
from pathlib import Path

from ouroboros_tui.apply.errors import ApplyError, ApplyRefused, ApplyUsageError
from ouroboros_tui.apply.guard import check_writable, lock_repo, open_repo, refuse_locked_index
from ouroboros_tui.provenance.artifact import FileModification
from ouroboros_tui.provenance.run_folder import BACKUPS, DIRNAME, RunFolder, UnknownRun
from ouroboros_tui.provenance.verify import VerifyReport, verify
from ouroboros_tui.runs.persist import index_record, load_record
from ouroboros_tui.vcs.atomic import atomic_write_bytes, remove_stale_temps
from ouroboros_tui.vcs.git import GitRepo, VcsError
from ouroboros_tui.vcs.revert import RevertRefused, finish_revert, revert_commit
from ouroboros_tui.vcs.safe_paths import UnsafeWrite, worktree_path
from ouroboros_tui.vcs.trailers import ouroboros_trailers


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
            refuse_locked_index(repo)
            repo.remove_stale_scratch()
            warnings: list[str] = []
            try:
                revert_sha = _interrupted_undo(repo, record.run_id, record.commit)
                if revert_sha is not None:  # killed after its revert commit: finish it, never revert twice
                    left = finish_revert(repo, record.commit)
                    warnings.append(f"the previous undo of {record.run_id} was interrupted after its commit; "
                                    "finished it")
                    warnings += [f"{rel} changed since the interrupted undo; left as is" for rel in left]
                else:
                    revert_sha = revert_commit(repo, record.commit, {"Ouroboros-Undo": record.run_id},
                                               run_hooks).sha
            except RevertRefused as exc:
                raise ApplyRefused(str(exc)) from exc
            except UnsafeWrite as exc:
                raise ApplyRefused(str(exc)) from exc
            except VcsError as exc:
                raise ApplyError(str(exc)) from exc
            logger = RunFolder(repo.root)
            restored = restore_untracked_originals(repo, logger, record.run_id, record.commit)
            state = logger.read_commit_info(record.run_id) or {"commit": record.commit}
            state["undo"] = {"revert_commit": revert_sha, "at": datetime.now(UTC).isoformat(timespec="seconds"),
                             "restored_untracked": restored, "warnings": warnings}
            logger.write_commit_info(record.run_id, state)
            record.status = "undone"
            with contextlib.suppress(Exception):
                index_record(repo.root, record)
            return revert_sha
        finally:
            lock.release()
    finally:
        repo.close()


def _interrupted_undo(repo: GitRepo, run_id: str, commit: str) -> str | None:
    """HEAD when it is this run's revert commit (its `Ouroboros-Undo` trailer), left by an undo that
    was killed before it updated the work tree, the index and commit.json. A revert of the run
    further back (commits made on top of it since) is refused: reverting twice would re-apply it."""
    head = repo.head_sha()
    if head is None:
        return None
    if ouroboros_trailers(repo.message(head)).get("Ouroboros-Undo") == run_id:
        return head
    found = repo.run("log", "--format=%H", "-F", f"--grep=Ouroboros-Undo: {run_id}", f"{commit}..HEAD",
                     check=False).stdout.decode().split()
    if found:
        raise ApplyRefused(f"run {run_id} was already reverted by commit {found[0][:12]} (an undo that was "
                           "interrupted, with commits made on top since); nothing was changed. Check "
                           f"`git show {found[0][:12]}`: undoing again would apply the run a second time.")
    return None


def verify_commit(repo_root: Path, commit: str = "HEAD") -> VerifyReport:
    """Recompute the artifact's hash against the trailer and each file against the artifact."""
    repo = open_repo(repo_root)
    try:
        return verify(repo, commit)
    except VcsError as exc:
        raise ApplyUsageError(str(exc)) from exc
    finally:
        repo.close()


def restore_untracked_originals(repo: GitRepo, logger: RunFolder, run_id: str, commit: str) -> list[str]:
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
        if not str(backup).startswith(f"{DIRNAME}/runs/{run_id}/{BACKUPS}/") or ".." in str(backup).split("/"):
            continue  # an artifact edited by hand: never read outside the run's backups
        try:
            target, source = worktree_path(repo.root, rel), repo.root / backup
        except UnsafeWrite:
            continue
        remove_stale_temps(target)  # a killed undo's, next to it
        if target.exists() or target.is_symlink() or not source.is_file():
            continue
        atomic_write_bytes(target, source.read_bytes(), stat.S_IMODE(source.stat().st_mode))
        if mod.get("intent_to_add"):  # it was `git add -N` before the run: so it is again
            repo.run("add", "--intent-to-add", "--", rel)
        restored.append(rel)
    return restored
