"""Apply a run's selected hunks to the user's repository and commit them with trailers ★.

The rules (docs/apply.md has the why):
- each touched file must be byte-for-byte what the run was generated from, else refuse;
- the selected subset is re-gated; nothing is written when it fails (in safe mode);
- files are replaced atomically after a backup of the old bytes;
- the commit is HEAD + exactly the selected hunks, built in a scratch index; the real index then
  gets the same hunks on top of what it held, so the user's staged and unstaged work stays put;
- artifact_metadata.json is final before the commit and its sha256 goes in the trailer.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ouroboros_tui.apply.errors import ApplyError, ApplyRefused, ApplyUsageError
from ouroboros_tui.apply.guard import check_writable, lock_repo, open_repo, refuse_locked_index
from ouroboros_tui.apply.message import commit_message
from ouroboros_tui.apply.plan import FilePlan, plan_files
from ouroboros_tui.apply.subset_gate import gate_selection
from ouroboros_tui.errors import SafetyRefusal
from ouroboros_tui.patch.hunks import HunkConflict, rebase_hunks
from ouroboros_tui.provenance.artifact import FileModification
from ouroboros_tui.provenance.run_folder import RunFolder
from ouroboros_tui.runs.persist import index_record, write_artifact
from ouroboros_tui.runs.record import RunRecord, sha256_text
from ouroboros_tui.source.files import read_current_bytes
from ouroboros_tui.vcs.atomic import atomic_write_bytes, atomic_write_many, remove_stale_temps
from ouroboros_tui.vcs.git import CommitInfo, GitRepo, VcsError
from ouroboros_tui.vcs.objects import Entry
from ouroboros_tui.vcs.safe_paths import UnsafeWrite, run_path
from ouroboros_tui.vcs.trailers import ouroboros_trailers

if TYPE_CHECKING:
    from ouroboros_tui.config import Settings

__all__ = ["ApplyError", "ApplyRefused", "ApplyResult", "apply_run"]


@dataclass
class ApplyResult:
    commit: str
    applied: list[str]
    files: list[str]
    artifact_sha256: str
    run_id: str = ""
    branch: str | None = None
    detached: bool = False
    root_commit: bool = False
    safety: str = ""
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- checks -----------------------------------------------------------------------------------


# -- writing --------------------------------------------------------------------------------------


def _write_files(repo: GitRepo, logger: RunFolder, run_id: str,
                 plans: list[FilePlan]) -> list[FileModification]:
    """Back up (one durable batch), then replace each file atomically (a second batch). On failure,
    put back what was written."""
    mods: list[FileModification] = []
    for plan in plans:
        rel = plan.diff.path
        backup = None
        if plan.before is not None:
            backup = logger.backup_path(run_id, rel).relative_to(repo.root).as_posix()
        mods.append({
            "path": rel,
            "action": "created" if plan.before is None else "modified",
            "before_sha256": sha256_text(plan.before),
            "after_sha256": sha256_text(plan.after),
            "committed_sha256": sha256_text(plan.committed),
            "staged_sha256": sha256_text(plan.staged),
            "hunks": [h.id for h in plan.hunks],
            "hunk_numbers": [h.number for h in plan.hunks],
            "diff": plan.diff.unified(plan.hunks),
            "backup": backup,
            "mode": plan.mode,
            "index_mode": None if plan.index_untouched else plan.index_mode,
            "intent_to_add": plan.intent_to_add,
        })
    try:
        logger.write_backups(run_id, [(p.diff.path, p.before.encode("utf-8"), p.file_mode)
                                      for p in plans if p.before is not None])
        for plan in plans:
            remove_stale_temps(repo.root / plan.diff.path)
            remove_stale_temps(logger.backup_path(run_id, plan.diff.path))  # a killed apply's, in backups
        atomic_write_many([(repo.root / p.diff.path, p.after.encode("utf-8"), p.file_mode) for p in plans])
    except OSError as exc:
        problems = _restore(repo, plans)
        note = f" ({'; '.join(problems)})" if problems else ""
        raise ApplyError(f"could not write {exc.filename or 'a file'}: {exc.strerror or exc}; "
                         f"the files written so far were put back{note}.") from exc
    return mods


def _restore(repo: GitRepo, plans: list[FilePlan], backups: Path | None = None) -> list[str]:
    """Put files back as they were, only where they still hold what we wrote (never clobber). A
    file changed since (a pre-commit hook that formats, then fails) is named with where its old
    text is, since the next apply refuses a file that changed after generation."""
    problems = []
    for plan in plans:
        path = repo.root / plan.diff.path
        try:
            current = read_current_bytes(path)
            if current == (plan.before.encode("utf-8") if plan.before is not None else None):
                continue  # never written
            if current != plan.after.encode("utf-8"):
                rel = plan.diff.path
                if plan.before is None:
                    where = "the run created it; delete it to undo that"
                elif backups is not None:
                    where = f"its text before the apply is in {(backups / rel).relative_to(repo.root).as_posix()}"
                else:
                    where = ""
                problems.append(f"{rel} was changed after Ouroboros wrote it (by a hook?) and is left as is"
                                + (f": {where}" if where else ""))
                continue
            if plan.before is None:
                path.unlink()
            else:
                atomic_write_bytes(path, plan.before.encode("utf-8"), plan.file_mode)
        except (OSError, SafetyRefusal) as exc:
            problems.append(f"{plan.diff.path}: {exc}")
    return problems


def apply_run(repo_root: Path, record: RunRecord, hunk_ids: list[str], settings: Settings) -> ApplyResult:
    """Apply exactly `hunk_ids` of a pending run and commit them. See the module docstring."""
    if record.patch is None or not record.patch.hunks:
        raise ApplyUsageError(f"run {record.run_id} has no patch to apply (status: {record.status}).")
    interrupted = record.status == "applied" and not record.commit
    if record.status != "pending" and not interrupted:
        extra = f" in commit {record.commit[:12]}" if record.commit else ""
        raise ApplyUsageError(f"run {record.run_id} is {record.status}{extra}; only a pending run can be applied.")
    known = {h.id for h in record.patch.hunks}
    unknown = [h for h in hunk_ids if h not in known]
    if unknown or not hunk_ids:
        raise ApplyUsageError(f"no such hunk(s) in run {record.run_id}: {', '.join(unknown)}" if unknown
                              else "no hunks selected: nothing to apply.")
    selected = set(hunk_ids)
    ordered = [h.id for h in record.patch.hunks if h.id in selected]
    repo = open_repo(repo_root)
    try:
        lock = lock_repo(repo, f"apply {record.run_id}")
        try:
            return _apply_locked(repo, record, ordered, settings)
        finally:
            lock.release()
    finally:
        repo.close()


def _record_and_commit(repo: GitRepo, logger: RunFolder, record: RunRecord, plans: list[FilePlan],
                       ordered: list[str], mods: list[FileModification], safety: str, gate_report: dict[str, Any],
                       settings: Settings) -> tuple[str, dict[str, tuple[str, str]], CommitInfo]:
    """Blobs, the final artifact (its hash goes in the trailer), then the commit."""
    assert record.patch is not None
    written: dict[str, str] = {}  # text → blob sha: the commit and the index usually hold the same text

    def blob(text: str) -> str:
        if text not in written:
            written[text] = repo.write_blob(text.encode("utf-8"))
        return written[text]

    blobs = {p.diff.path: (blob(p.committed), blob(p.staged)) for p in plans}
    record.status, record.selection, record.file_modifications = "applied", ordered, mods
    record.applied_at = datetime.now(UTC).isoformat(timespec="seconds")
    record.safety = {**record.safety, "apply": gate_report}
    record.commit = None
    artifact_sha = write_artifact(repo.root, record)
    if not (logger.run_dir(record.run_id) / "patch.diff").exists():
        logger.write_patch(record.run_id, record.patch.unified())
    message = commit_message(record, ordered, safety, artifact_sha)
    info = repo.commit_entries({p.diff.path: Entry(p.mode, blobs[p.diff.path][0]) for p in plans}, message,
                               run_hooks=settings.run_git_hooks)
    return artifact_sha, blobs, info


def _apply_locked(repo: GitRepo, record: RunRecord, ordered: list[str], settings: Settings) -> ApplyResult:
    assert record.patch is not None
    check_writable(repo)
    refuse_locked_index(repo)
    repo.remove_stale_scratch()
    if record.status == "applied" and not record.commit:
        adopted = _adopt_interrupted(repo, record)
        if adopted is not None:
            return adopted
        record.status = "pending"  # died before its commit: apply afresh (files it wrote are resumed)
    selected = set(ordered)
    plans = plan_files(repo, record, selected)
    levels = tuple(record.safety.get("levels_run") or settings.gate_levels)
    safety, gate_report = gate_selection(plans, selected, settings.safe_mode, record, levels)
    logger = RunFolder(repo.root)
    _check_run_paths(repo, record.run_id, plans)
    pending_state = (record.status, list(record.selection), list(record.file_modifications), record.applied_at)
    mods = _write_files(repo, logger, record.run_id, plans)
    try:
        artifact_sha, blobs, info = _record_and_commit(repo, logger, record, plans, ordered, mods, safety,
                                                       gate_report, settings)
    except BaseException as exc:  # the files are written but nothing is committed: put them back
        problems = _restore(repo, plans, logger.backup_path(record.run_id, ""))
        record.status, record.selection, record.file_modifications, record.applied_at = pending_state
        record.warnings = [*record.warnings, f"apply failed: {exc}"]
        with contextlib.suppress(Exception):
            write_artifact(repo.root, record)
        if not isinstance(exc, (VcsError, OSError)):
            raise
        note = f" ({'; '.join(problems)})" if problems else ""
        raise ApplyError(f"the commit failed, so the files were put back{note}: {exc}\nNothing was committed "
                         f"and the run is still pending: fix what git reports above (a hook, commit signing) "
                         f"and apply again.") from exc
    warnings = [f"{p.diff.path} already held this run's content (an interrupted apply); resumed"
                for p in plans if p.resumed]
    rewritten = _hook_rewrites(repo, plans, blobs, info)
    index_entries: dict[str, Entry | None] = {pl.diff.path: Entry(pl.index_mode, blobs[pl.diff.path][1]) for pl in plans
                     if not pl.index_untouched}
    for rel, entry in rewritten.items():
        plan = next(p for p in plans if p.diff.path == rel)
        if plan.staged == plan.committed and not plan.index_untouched:
            index_entries[rel] = Entry(plan.index_mode, entry.sha)  # the index follows the hook's text
        warnings.append(f"a commit hook changed {rel} in the commit after your review")
    try:
        repo.update_index(index_entries)
    except VcsError as exc:
        # Committed, but the index still holds the old text: HEAD carries this run's trailer, so
        # applying again adopts the commit and updates the index, once git is done.
        raise ApplyError(f"committed {info.sha[:12]}, but git's index could not be updated ({exc}). When no "
                         f"other git command is running, run `ouroboros apply {record.run_id} --all` again: "
                         "it finishes this apply (it does not commit twice). Do not `git reset`: that "
                         "would unstage your own staged work.") from exc
    if info.branch is None:
        warnings.append(f"HEAD is detached: commit {info.sha[:12]} is on no branch; "
                        f"`git switch -c <name>` keeps it.")
    logger.write_commit_info(record.run_id, {
        "commit": info.sha, "parent": info.parent, "branch": info.branch, "detached": info.branch is None,
        "root_commit": info.root, "artifact_sha256": artifact_sha,
        "committed_at": datetime.now(UTC).isoformat(timespec="seconds"), "warnings": warnings, "undo": None,
        "hook_rewrites": {rel: repo_sha256(repo, e.sha) for rel, e in rewritten.items()},
    })
    record.commit = info.sha
    with contextlib.suppress(Exception):  # the index is a cache: a failure here loses nothing
        index_record(repo.root, record)
    return ApplyResult(commit=info.sha, applied=ordered, files=[p.diff.path for p in plans],
                       artifact_sha256=artifact_sha, run_id=record.run_id, branch=info.branch,
                       detached=info.branch is None, root_commit=info.root, safety=safety, warnings=warnings)


def _check_run_paths(repo: GitRepo, run_id: str, plans: list[FilePlan]) -> None:
    """Every run-folder path this apply will write, checked before the first write (a planted link
    under .ouroboros/runs must refuse the apply, not interrupt it half-way)."""
    names = ["artifact_metadata.json", "patch.diff", "commit.json"]
    names += [f"backups/{p.diff.path}" for p in plans if p.before is not None]
    try:
        for name in names:
            run_path(repo.root, f"runs/{run_id}/{name}")
    except UnsafeWrite as exc:
        raise ApplyRefused(str(exc)) from exc


def _hook_rewrites(repo: GitRepo, plans: list[FilePlan], blobs: dict[str, tuple[str, str]],
                   info: CommitInfo) -> dict[str, Entry]:
    """Paths whose committed blob is not the one we gave: a pre-commit hook re-added them."""
    actual = repo.head_entries([p.diff.path for p in plans])
    return {rel: entry for rel, entry in actual.items()
            if entry is not None and entry.sha != blobs[rel][0]}


def repo_sha256(repo: GitRepo, blob_sha: str) -> str:
    return hashlib.sha256(repo.read_blob(blob_sha)).hexdigest()


def _adopt_interrupted(repo: GitRepo, record: RunRecord) -> ApplyResult | None:
    """A previous apply died after `git commit` but before recording it: HEAD carries this run's
    trailer. Finish the bookkeeping (the real index, commit.json, the history) instead of
    committing twice."""
    head = repo.head_sha()
    if head is None or ouroboros_trailers(repo.message(head)).get("Ouroboros-Run") != record.run_id:
        return None
    assert record.patch is not None
    logger = RunFolder(repo.root)
    mods = record.file_modifications
    paths = [m["path"] for m in mods]
    index, committed = repo.index_entries(paths), repo.head_entries(paths)
    fixes: dict[str, Entry | None] = {}
    warnings = [f"the previous apply of {record.run_id} was interrupted after its commit; finished it"]
    for mod in mods:
        rel, entry = mod["path"], index[mod["path"]]
        if "index_mode" in mod and mod["index_mode"] is None:
            continue  # the path was out of the index before the apply (`git rm --cached`): it stays out
        text = repo.read_blob(entry.sha).decode("utf-8") if entry else None
        if sha256_text(text) == mod.get("staged_sha256"):
            continue
        if text is None:
            fixes[rel] = committed[rel]
            continue
        try:
            staged = rebase_hunks(text, [record.patch.hunk(h) for h in mod["hunks"]], rel)
        except HunkConflict:
            warnings.append(f"could not stage the run's hunks in {rel}: run `git reset -q -- {rel}`")
            continue
        mode = mod.get("index_mode") or mod.get("mode") or (entry.mode if entry else "100644")
        fixes[rel] = Entry(mode, repo.write_blob(staged.encode()))
    repo.update_index(fixes)
    artifact_sha = logger.artifact_sha256(record.run_id)
    commit = repo.repo.commit(head)
    branch = repo.branch()
    logger.write_commit_info(record.run_id, {
        "commit": head, "parent": commit.parents[0].hexsha if commit.parents else None, "branch": branch,
        "detached": branch is None, "root_commit": not commit.parents, "artifact_sha256": artifact_sha,
        "committed_at": datetime.now(UTC).isoformat(timespec="seconds"), "warnings": warnings, "undo": None,
    })
    record.commit = head
    with contextlib.suppress(Exception):
        index_record(repo.root, record)
    return ApplyResult(commit=head, applied=list(record.selection), files=paths, artifact_sha256=artifact_sha,
                       run_id=record.run_id, branch=branch, detached=branch is None, root_commit=not commit.parents,
                       safety=str((record.safety.get("apply") or {}).get("summary", "")), warnings=warnings)
