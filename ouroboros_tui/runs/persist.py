"""Saving and loading RunRecords in the run folder ★ and the history index.

A run folder's artifact_metadata.json is rewritten freely while the run is pending; once it is
committed the file is frozen (the commit's trailer is its hash) and later facts (the commit sha, an
undo) live in commit.json, which `load_record` folds back into the record.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

from ouroboros_tui.provenance.artifact import CommitInfo, CorruptRun
from ouroboros_tui.provenance.run_folder import RunFolder, UnknownRun
from ouroboros_tui.provenance.store import IndexRow, RunStore
from ouroboros_tui.runs.artifact_texts import compact, expand
from ouroboros_tui.runs.record import RunRecord

__all__ = ["CorruptRun", "UnknownRun", "latest_record", "load_record", "run_store", "save_record"]


def _merge_commit_info(record: RunRecord, info: CommitInfo | None) -> RunRecord:
    if info:
        record.commit = info.get("commit") or record.commit
        if info.get("undo"):
            record.status = "undone"
    return record


def _row_builder(logger: RunFolder) -> Callable[[Path], IndexRow | None]:
    """The index's one way to read a run folder: the same checked RunRecord as `status` reads.
    A folder that is not a readable run is left out of the index (`status` names what is wrong)."""
    def build(run_dir: Path) -> IndexRow | None:
        try:
            return _load(logger, run_dir.name).index_row()
        except (UnknownRun, CorruptRun):
            return None

    return build


def run_store(repo_root: Path) -> RunStore:
    """The history index, able to rebuild itself from the run folders with full RunRecords."""
    return RunStore(repo_root, row_builder=_row_builder(RunFolder(repo_root)))


def index_record(repo_root: Path, record: RunRecord) -> None:
    with run_store(repo_root) as store:
        store.upsert(record.index_row())


def is_frozen(repo_root: Path, run_id: str) -> bool:
    return RunFolder(repo_root).read_commit_info(run_id) is not None


def write_artifact(repo_root: Path, record: RunRecord) -> str:
    """Write artifact_metadata.json (big files named by hash, see artifact_texts); returns its sha256."""
    return RunFolder(repo_root).write_artifact(record.run_id, compact(repo_root, record.to_artifact()))


def save_record(repo_root: Path, record: RunRecord) -> Path:
    """Write the run's artifact_metadata.json (atomically) and patch.diff, and index it.
    Returns the artifact's path. A committed run's artifact is left as committed."""
    logger = RunFolder(repo_root)
    logger.ensure()
    if not is_frozen(repo_root, record.run_id):
        write_artifact(repo_root, record)
        if record.patch is not None:
            logger.write_patch(record.run_id, record.patch.unified())
    index_record(repo_root, record)
    return logger.artifact_path(record.run_id)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long for the file system is no run either
        return False


def resolve_run_id(repo_root: Path, run_id: str) -> str:
    """An exact id, or a unique prefix of one; otherwise UnknownRun naming the nearest ids."""
    logger = RunFolder(repo_root)
    if run_id and "/" not in run_id and run_id not in (".", "..") and _is_dir(logger.runs / run_id):
        return run_id  # exact: read_artifact says what is wrong if its artifact is damaged
    known = logger.run_ids()
    matches = [r for r in known if run_id and r.startswith(run_id)]
    if len(matches) == 1:
        return matches[0]
    if not known:
        raise UnknownRun(f"no run {run_id!r}: {logger.runs} holds no runs yet.")
    near = matches[:5] or difflib.get_close_matches(run_id, known, n=5, cutoff=0.3) or known[-5:]
    raise UnknownRun(f"no run {run_id!r}. Nearest: {', '.join(near)}. (`ouroboros list-runs` lists them.)")


def _load(logger: RunFolder, run_id: str) -> RunRecord:
    record = RunRecord.from_artifact(expand(logger.repo_root, logger.read_artifact(run_id)))
    return _merge_commit_info(record, logger.read_commit_info(run_id))


def load_record(repo_root: Path, run_id: str) -> RunRecord:
    """The run (an id or a unique prefix). UnknownRun when there is none, CorruptRun when its
    folder cannot be read as a run."""
    return _load(RunFolder(repo_root), resolve_run_id(repo_root, run_id))


def latest_record(repo_root: Path) -> RunRecord | None:
    with run_store(repo_root) as store:
        rows = store.list_runs(limit=1)
    if rows:
        try:
            return load_record(repo_root, rows[0]["run_id"])
        except UnknownRun:
            pass  # index out of date: fall back to the folders
    logger = RunFolder(repo_root)
    records = []
    for run_id in logger.run_ids():
        try:
            records.append(load_record(repo_root, run_id))
        except (UnknownRun, CorruptRun):
            continue  # `status RUN_ID` names what is wrong with that one
    return max(records, key=lambda r: (r.created_at, r.run_id), default=None)
