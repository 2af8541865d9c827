"""Saving and loading RunRecords in the run folder ★ and the history index.

A run folder's artifact_metadata.json is rewritten freely while the run is pending; once it is
committed the file is frozen (the commit's trailer is its hash) and later facts (the commit sha, an
undo) live in commit.json, which `load_record` folds back into the record.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ouroboros_tui.provenance.logger import ARTIFACT, ProvenanceLogger, UnknownRun
from ouroboros_tui.provenance.store import RunStore
from ouroboros_tui.runs.artifact_texts import compact, expand
from ouroboros_tui.runs.record import RunRecord

__all__ = ["UnknownRun", "latest_record", "load_record", "run_store", "save_record"]


def _merge_commit_info(record: RunRecord, info: dict[str, Any] | None) -> RunRecord:
    if info:
        record.commit = info.get("commit") or record.commit
        if info.get("undo"):
            record.status = "undone"
    return record


def _row_builder(logger: ProvenanceLogger) -> Callable[[Path], dict[str, Any] | None]:
    def build(run_dir: Path) -> dict[str, Any] | None:
        try:
            record = RunRecord.from_artifact(logger.read_artifact(run_dir.name))
        except (UnknownRun, KeyError, ValueError, TypeError):
            return None
        return _merge_commit_info(record, logger.read_commit_info(run_dir.name)).index_row()

    return build


def run_store(repo_root: Path) -> RunStore:
    """The history index, able to rebuild itself from the run folders with full RunRecords."""
    return RunStore(repo_root, row_builder=_row_builder(ProvenanceLogger(repo_root)))


def index_record(repo_root: Path, record: RunRecord) -> None:
    with run_store(repo_root) as store:
        store.upsert(record.index_row())


def is_frozen(repo_root: Path, run_id: str) -> bool:
    return ProvenanceLogger(repo_root).read_commit_info(run_id) is not None


def write_artifact(repo_root: Path, record: RunRecord) -> str:
    """Write artifact_metadata.json (big files named by hash, see artifact_texts); returns its sha256."""
    return ProvenanceLogger(repo_root).write_artifact(record.run_id, compact(repo_root, record.to_artifact()))


def save_record(repo_root: Path, record: RunRecord) -> Path:
    """Write the run's artifact_metadata.json (atomically) and patch.diff, and index it.
    Returns the artifact's path. A committed run's artifact is left as committed."""
    logger = ProvenanceLogger(repo_root)
    logger.ensure()
    if not is_frozen(repo_root, record.run_id):
        write_artifact(repo_root, record)
        if record.patch is not None:
            logger.write_patch(record.run_id, record.patch.unified())
    index_record(repo_root, record)
    return logger.artifact_path(record.run_id)


def resolve_run_id(repo_root: Path, run_id: str) -> str:
    """An exact id, or a unique prefix of one; otherwise UnknownRun naming the nearest ids."""
    logger = ProvenanceLogger(repo_root)
    if run_id and "/" not in run_id and (logger.runs / run_id / ARTIFACT).is_file():
        return run_id
    known = logger.run_ids()
    matches = [r for r in known if run_id and r.startswith(run_id)]
    if len(matches) == 1:
        return matches[0]
    if not known:
        raise UnknownRun(f"no run {run_id!r}: {logger.runs} holds no runs yet.")
    near = matches[:5] or difflib.get_close_matches(run_id, known, n=5, cutoff=0.3) or known[-5:]
    raise UnknownRun(f"no run {run_id!r}. Nearest: {', '.join(near)}. (`ouroboros list-runs` lists them.)")


def load_record(repo_root: Path, run_id: str) -> RunRecord:
    logger = ProvenanceLogger(repo_root)
    resolved = resolve_run_id(repo_root, run_id)
    record = RunRecord.from_artifact(expand(repo_root, logger.read_artifact(resolved)))
    return _merge_commit_info(record, logger.read_commit_info(resolved))


def latest_record(repo_root: Path) -> RunRecord | None:
    with run_store(repo_root) as store:
        rows = store.list_runs(limit=1)
    if rows:
        try:
            return load_record(repo_root, rows[0]["run_id"])
        except UnknownRun:
            pass  # index out of date: fall back to the folders
    logger = ProvenanceLogger(repo_root)
    records = []
    for run_id in logger.run_ids():
        try:
            records.append(load_record(repo_root, run_id))
        except (UnknownRun, KeyError, ValueError):
            continue
    return max(records, key=lambda r: (r.created_at, r.run_id), default=None)
