"""Apply a run's selected hunks to the user's repository, commit them with trailers ★, undo, verify.

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
import stat
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ouroboros_tui.pipeline.patch import FileDiff, Hunk, HunkConflict, rebase_hunks
from ouroboros_tui.pipeline.persist import index_record, load_record
from ouroboros_tui.pipeline.record import RunRecord, sha256_text
from ouroboros_tui.provenance.logger import DIRNAME, ProvenanceLogger, UnknownRun
from ouroboros_tui.provenance.verify import VerifyReport, verify
from ouroboros_tui.vcs.atomic import atomic_write_bytes
from ouroboros_tui.vcs.git import EXECUTABLE, REGULAR, Entry, GitRepo, NotARepository, RepoBusy, VcsError
from ouroboros_tui.vcs.lock import LockHeld, RepoLock
from ouroboros_tui.vcs.revert import RevertRefused, revert_commit
from ouroboros_tui.vcs.trailers import build_message, subject_line

if TYPE_CHECKING:
    from ouroboros_tui.config import Settings

__all__ = ["ApplyError", "ApplyRefused", "ApplyResult", "VerifyReport", "apply_run", "undo_run",
           "verify_commit"]


class ApplyError(Exception):
    """Apply/undo/verify could not be done (exit 1; 2 for usage: not a repo, no identity…)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class ApplyRefused(Exception):
    """Refused for safety (exit 3): nothing was changed."""

    exit_code = 3


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


@dataclass
class _FilePlan:
    diff: FileDiff
    hunks: list[Hunk]
    before: str | None
    after: str  # work tree after apply
    committed: str  # what the commit holds: HEAD + the selected hunks
    staged: str  # what the real index holds: index + the selected hunks
    mode: str
    file_mode: int | None


# -- checks ---------------------------------------------------------------------------------------


def _open(repo_root: Path) -> GitRepo:
    try:
        return GitRepo(repo_root)
    except NotARepository as exc:
        raise ApplyError(str(exc), exit_code=2) from exc


def _lock(repo: GitRepo, command: str) -> RepoLock:
    ProvenanceLogger(repo.root).ensure()
    lock = RepoLock(repo.root / DIRNAME / "lock", command)
    try:
        lock.acquire()
    except LockHeld as exc:
        raise ApplyRefused(str(exc)) from exc
    return lock


def _check_repo(repo: GitRepo) -> None:
    try:
        repo.ensure_writable()
    except RepoBusy as exc:
        raise ApplyRefused(str(exc)) from exc
    problem = repo.identity_problem()
    if problem:
        raise ApplyError(problem, exit_code=2)


def _safe_path(root: Path, rel: str) -> Path:
    target = root / rel
    resolved = target.resolve()
    parts = Path(rel).parts
    if Path(rel).is_absolute() or ".." in parts or not resolved.is_relative_to(root) or \
            (parts and parts[0] in (".git", DIRNAME)) or "\n" in rel:
        raise ApplyRefused(f"{rel}: path outside the repository's work tree; refusing to write it.")
    if target.is_symlink():
        raise ApplyRefused(f"{rel} is a symbolic link; Ouroboros does not write through links.")
    return target


def _read_current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise ApplyRefused(f"{path} is a directory.") from None


def _check_base(rel: str, diff: FileDiff, record: RunRecord, current: bytes | None) -> None:
    regenerate = f"Regenerate the run: ouroboros refactor {record.task!r} -t {rel}"
    expected = record.base_hashes.get(rel, sha256_text(diff.before))
    if expected is None or diff.before is None:
        if current is not None:
            raise ApplyRefused(f"{rel} did not exist when run {record.run_id} was generated and exists "
                               f"now; refusing to overwrite it. {regenerate}")
        return
    if current is None:
        raise ApplyRefused(f"{rel} was deleted since run {record.run_id} was generated. {regenerate}")
    actual = hashlib.sha256(current).hexdigest()
    if actual != expected or actual != sha256_text(diff.before):
        raise ApplyRefused(f"{rel} changed since run {record.run_id} was generated (sha256 {actual[:12]}, "
                           f"expected {expected[:12]}); refusing to overwrite your edits. {regenerate}")


def _decode(data: bytes, rel: str, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ApplyRefused(f"{rel}: the {where} version is not UTF-8 text; apply it by hand.") from None


# -- the gate on the selected subset --------------------------------------------------------------


def _gate(plans: list[_FilePlan], selected: set[str], safe_mode: bool) -> tuple[str, dict[str, Any]]:
    """Re-validate each file as the subset leaves it. Returns the Safety trailer and a report."""
    from ouroboros_tui.gate.validator import SyntaxValidator

    validator = SyntaxValidator()
    checkers: set[str] = set()
    files: list[dict[str, Any]] = []
    total_ms = 0.0
    failures: list[str] = []
    unchecked = 0
    for plan in plans:
        rel = plan.diff.path
        change = validator.validate_change(plan.before, plan.after, path=rel)
        result = change.result
        total_ms += float(getattr(result, "total_ms", 0.0) or getattr(result, "parse_ms", 0.0))
        checked = bool(getattr(result, "checked", True))
        if checked and result.checker:
            checkers.add(result.checker)
        unchecked += 0 if checked else 1
        files.append({"path": rel, "is_valid": change.is_valid, "checked": checked,
                      "checker": result.checker, "new_errors": [e.describe() for e in change.new_errors]})
        if not change.is_valid:
            failures.append(_explain_failure(validator, plan, selected, change.error_summary))
    count = f"{len(plans)} file{'s' if len(plans) != 1 else ''}"
    labels = ", ".join(sorted(checkers)) or "no grammar"
    if failures and safe_mode:
        raise ApplyRefused("the selected hunks do not pass the safety gate: " + " | ".join(failures))
    if failures:
        trailer = f"failed ({labels}, {count}, {total_ms:.0f} ms; safe mode off)"
    elif not checkers:
        trailer = f"not checked (no grammar for {count})"
    else:
        trailer = f"passed ({labels}, {count}, {total_ms:.0f} ms)"
    report = {"passed": not failures, "summary": trailer, "files": files, "failures": failures,
              "unchecked_files": unchecked, "total_ms": round(total_ms, 3)}
    return trailer, report


def _explain_failure(validator: Any, plan: _FilePlan, selected: set[str], summary: str) -> str:
    """Name the hunks whose absence breaks the file, when the whole patch was fine."""
    rel, diff = plan.diff.path, plan.diff
    chosen = [h.number for h in plan.hunks]
    left_out = [h for h in diff.hunks if h.id not in selected]
    if not left_out or not validator.validate_change(diff.before, diff.after, path=rel).is_valid:
        return f"{rel}: {summary}"
    needed = []
    for hunk in left_out:
        with contextlib.suppress(HunkConflict):
            text = diff.apply({h.id for h in plan.hunks} | {hunk.id})
            if validator.validate_change(diff.before, text, path=rel).is_valid:
                needed.append(hunk.number)
    if needed:
        alts = " or ".join(f"hunk {n}" for n in needed)
        return (f"{rel}: hunk(s) {', '.join(map(str, chosen))} need {alts}, which you left out "
                f"({summary}); select it too, or regenerate")
    return (f"{rel}: selected hunk(s) {', '.join(map(str, chosen))} conflict with the unselected "
            f"hunk(s) {', '.join(str(h.number) for h in left_out)} ({summary}); select them together")


# -- planning: what the work tree, the commit and the index will hold -----------------------------


def _plan_files(repo: GitRepo, record: RunRecord, selected: set[str]) -> list[_FilePlan]:
    assert record.patch is not None
    diffs = [d for d in record.patch.files if any(h.id in selected for h in d.hunks)]
    paths = [d.path for d in diffs]
    targets = {d.path: _safe_path(repo.root, d.path) for d in diffs}
    currents: dict[str, bytes | None] = {}
    for diff in diffs:  # every base check before any other work: the cheapest refusal first
        currents[diff.path] = _read_current(targets[diff.path])
        _check_base(diff.path, diff, record, currents[diff.path])
    head = repo.head_entries(paths)
    try:
        index = repo.index_entries(paths)
    except RepoBusy as exc:
        raise ApplyRefused(str(exc)) from exc
    plans = []
    for diff in diffs:
        rel = diff.path
        hunks = [h for h in diff.hunks if h.id in selected]
        try:
            after = diff.apply({h.id for h in hunks})
        except HunkConflict as exc:
            raise ApplyError(f"run {record.run_id} is inconsistent: {exc}") from exc
        head_text = _decode(repo.read_blob(head[rel].sha), rel, "committed") if head[rel] else None  # type: ignore[union-attr]
        if head_text is None or head_text == diff.before:
            committed = after  # not in HEAD: the file as the run leaves it; or nothing uncommitted
        else:
            try:
                committed = rebase_hunks(head_text, hunks, rel)
            except HunkConflict as exc:
                numbers = ", ".join(str(h.number) for h in hunks if h.id in exc.hunk_ids)
                raise ApplyRefused(
                    f"{rel}: hunk(s) {numbers} change lines you edited but have not committed; Ouroboros "
                    "commits only its own hunks and cannot separate them from yours. Commit or stash "
                    "your edits to those lines first, or apply without those hunks.") from exc
        entry = index[rel]
        if entry is None:
            staged = committed if head[rel] else after
        elif head[rel] is not None and entry.sha == head[rel].sha:  # type: ignore[union-attr]
            staged = committed
        else:
            try:
                staged = rebase_hunks(_decode(repo.read_blob(entry.sha), rel, "staged"), hunks, rel)
            except HunkConflict as exc:
                raise ApplyRefused(
                    f"{rel}: the selected hunks conflict with changes you staged in that file; commit "
                    "or unstage them first (`git restore --staged`), then apply again.") from exc
        file_mode: int | None = None
        current = currents[rel]
        if current is not None:
            file_mode = stat.S_IMODE(targets[rel].stat().st_mode)
        known = entry or head[rel]
        if known is not None and known.mode in (REGULAR, EXECUTABLE):
            mode = known.mode
        else:
            mode = EXECUTABLE if file_mode and file_mode & 0o111 else REGULAR
        plans.append(_FilePlan(diff, hunks, diff.before, after, committed, staged, mode, file_mode))
    return plans


# -- writing --------------------------------------------------------------------------------------


def _write_files(repo: GitRepo, logger: ProvenanceLogger, run_id: str, plans: list[_FilePlan]) -> list[dict]:
    """Back up, then replace each file atomically. On failure, put back what was written."""
    written: list[_FilePlan] = []
    mods: list[dict[str, Any]] = []
    try:
        for plan in plans:
            rel = plan.diff.path
            backup = None
            if plan.before is not None:
                logger.write_backup(run_id, rel, plan.before.encode("utf-8"), plan.file_mode)
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
            })
        for plan in plans:
            atomic_write_bytes(repo.root / plan.diff.path, plan.after.encode("utf-8"), plan.file_mode)
            written.append(plan)
    except OSError as exc:
        _restore(repo, written)
        raise ApplyError(f"could not write {exc.filename or 'a file'}: {exc.strerror or exc}; "
                         "the files written so far were put back.") from exc
    return mods


def _restore(repo: GitRepo, plans: list[_FilePlan]) -> list[str]:
    """Put files back as they were, only where they still hold what we wrote (never clobber)."""
    problems = []
    for plan in plans:
        path = repo.root / plan.diff.path
        try:
            if _read_current(path) != plan.after.encode("utf-8"):
                problems.append(f"{plan.diff.path} was edited meanwhile; left as is")
                continue
            if plan.before is None:
                path.unlink()
            else:
                atomic_write_bytes(path, plan.before.encode("utf-8"), plan.file_mode)
        except (OSError, ApplyRefused) as exc:
            problems.append(f"{plan.diff.path}: {exc}")
    return problems


def _plan_summary(record: RunRecord) -> str:
    plan = record.plan or {}
    lines: list[str] = []
    summary = plan.get("summary") or plan.get("text") or ""
    if isinstance(summary, str) and summary.strip() and summary.strip() != record.task.strip():
        lines.append(summary.strip())
    for step in plan.get("steps", []) or []:
        if isinstance(step, dict):
            text = step.get("description") or step.get("text") or step.get("summary") or ""
            where = step.get("file") or step.get("path") or ""
            text = f"{where}: {text}" if where and text else text or where
        else:
            text = str(step)
        if text.strip():
            lines.append(f"- {' '.join(text.split())}")
    if subject_line(record.task) != record.task.strip():
        lines.insert(0, record.task.strip())
    return "\n".join(lines)


def _models_trailer(record: RunRecord) -> str:
    def label(role: str) -> str:
        info = record.models_used.get(role) or {}
        return str(info.get("label") or info.get("model") or info.get("id") or "none")

    return f"reasoner={label('reasoner')}; builder={label('builder')}"


def apply_run(repo_root: Path, record: RunRecord, hunk_ids: list[str], settings: Settings) -> ApplyResult:
    """Apply exactly `hunk_ids` of a pending run and commit them. See the module docstring."""
    if record.patch is None or not record.patch.hunks:
        raise ApplyError(f"run {record.run_id} has no patch to apply (status: {record.status}).", 2)
    if record.status != "pending":
        extra = f" in commit {record.commit[:12]}" if record.commit else ""
        raise ApplyError(f"run {record.run_id} is {record.status}{extra}; only a pending run can be applied.", 2)
    known = {h.id for h in record.patch.hunks}
    unknown = [h for h in hunk_ids if h not in known]
    if unknown or not hunk_ids:
        raise ApplyError(f"no such hunk(s) in run {record.run_id}: {', '.join(unknown)}" if unknown
                         else "no hunks selected: nothing to apply.", 2)
    selected = set(hunk_ids)
    ordered = [h.id for h in record.patch.hunks if h.id in selected]
    repo = _open(repo_root)
    try:
        lock = _lock(repo, f"apply {record.run_id}")
        try:
            return _apply_locked(repo, record, ordered, settings)
        finally:
            lock.release()
    finally:
        repo.close()


def _apply_locked(repo: GitRepo, record: RunRecord, ordered: list[str], settings: Settings) -> ApplyResult:
    assert record.patch is not None
    _check_repo(repo)
    selected = set(ordered)
    plans = _plan_files(repo, record, selected)
    safety, gate_report = _gate(plans, selected, settings.safe_mode)
    logger = ProvenanceLogger(repo.root)
    mods = _write_files(repo, logger, record.run_id, plans)
    blobs = {p.diff.path: (repo.write_blob(p.committed.encode()), repo.write_blob(p.staged.encode()))
             for p in plans}
    pending_state = (record.status, list(record.selection), list(record.file_modifications), record.applied_at)
    record.status, record.selection, record.file_modifications = "applied", ordered, mods
    record.applied_at = datetime.now(UTC).isoformat(timespec="seconds")
    record.safety = {**record.safety, "apply": gate_report}
    record.commit = None
    artifact_sha = logger.write_artifact(record.run_id, record.to_artifact())
    if not (logger.run_dir(record.run_id) / "patch.diff").exists():
        logger.write_patch(record.run_id, record.patch.unified())
    trailers = {
        "Ouroboros-Run": record.run_id,
        "Ouroboros-Models": _models_trailer(record),
        "Ouroboros-Safety": safety,
        "Ouroboros-Attempts": str(record.attempts_used),
        "Ouroboros-Risk": f"{record.risk_score:.2f}",
        "Ouroboros-Hunks": f"{len(ordered)}/{len(record.patch.hunks)}",
        "Ouroboros-Artifact": f"sha256:{artifact_sha}",
    }
    message = build_message(subject_line(record.task), _plan_summary(record), trailers)
    try:
        info = repo.commit_entries({p: Entry(pl.mode, blobs[p][0]) for pl in plans for p in [pl.diff.path]},
                                   message, run_hooks=settings.run_git_hooks)
    except VcsError as exc:
        problems = _restore(repo, plans)
        record.status, record.selection, record.file_modifications, record.applied_at = pending_state
        record.warnings = [*record.warnings, f"apply failed: {exc}"]
        logger.write_artifact(record.run_id, record.to_artifact())
        note = f" ({'; '.join(problems)})" if problems else ""
        raise ApplyError(f"the commit failed, so the files were put back{note}: {exc}") from exc
    warnings: list[str] = []
    try:
        repo.update_index({pl.diff.path: Entry(pl.mode, blobs[pl.diff.path][1]) for pl in plans})
    except VcsError as exc:
        warnings.append(f"committed, but the index was not updated ({exc}); run "
                        f"`git reset -q -- {' '.join(p.diff.path for p in plans)}` to resync it.")
    if info.branch is None:
        warnings.append(f"HEAD is detached: commit {info.sha[:12]} is on no branch; "
                        f"`git switch -c <name>` keeps it.")
    logger.write_commit_info(record.run_id, {
        "commit": info.sha, "parent": info.parent, "branch": info.branch, "detached": info.branch is None,
        "root_commit": info.root, "artifact_sha256": artifact_sha,
        "committed_at": datetime.now(UTC).isoformat(timespec="seconds"), "warnings": warnings, "undo": None,
    })
    record.commit = info.sha
    with contextlib.suppress(Exception):  # the index is a cache: a failure here loses nothing
        index_record(repo.root, record)
    return ApplyResult(commit=info.sha, applied=ordered, files=[p.diff.path for p in plans],
                       artifact_sha256=artifact_sha, run_id=record.run_id, branch=info.branch,
                       detached=info.branch is None, root_commit=info.root, safety=safety, warnings=warnings)




# -- undo and verify ------------------------------------------------------------------------------


def undo_run(repo_root: Path, run_id: str, run_hooks: bool = True) -> str:
    """Revert exactly the run's commit (also after later commits). Returns the revert's sha."""
    try:
        record = load_record(repo_root, run_id)
    except UnknownRun as exc:
        raise ApplyError(str(exc), 2) from exc
    if record.status == "undone":
        raise ApplyError(f"run {record.run_id} was already undone.", 2)
    if not record.commit:
        raise ApplyError(f"run {record.run_id} is {record.status}: it has no commit to undo.", 2)
    repo = _open(repo_root)
    try:
        lock = _lock(repo, f"undo {record.run_id}")
        try:
            _check_repo(repo)
            try:
                info = revert_commit(repo, record.commit, {"Ouroboros-Undo": record.run_id}, run_hooks)
            except RevertRefused as exc:
                raise ApplyRefused(str(exc)) from exc
            except VcsError as exc:
                raise ApplyError(str(exc)) from exc
            logger = ProvenanceLogger(repo.root)
            state = logger.read_commit_info(record.run_id) or {"commit": record.commit}
            state["undo"] = {"revert_commit": info.sha, "at": datetime.now(UTC).isoformat(timespec="seconds")}
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
    repo = _open(repo_root)
    try:
        return verify(repo, commit)
    except VcsError as exc:
        raise ApplyError(str(exc), 2) from exc
    finally:
        repo.close()
