"""Before anything is written: is each file as the run saw it, and what will the work tree, the
commit and the index hold? Refusals come from here; the gate on the subset is apply/subset_gate.py."""

from __future__ import annotations

import hashlib
import stat
from dataclasses import dataclass
from pathlib import Path

from ouroboros_tui.apply.errors import ApplyError, ApplyRefused
from ouroboros_tui.patch.edits import UnsafePath as UnsafeEditPath
from ouroboros_tui.patch.edits import check_path
from ouroboros_tui.patch.hunks import FileDiff, Hunk, HunkConflict, rebase_hunks
from ouroboros_tui.runs.record import RunRecord, sha256_text
from ouroboros_tui.source.files import read_current_bytes
from ouroboros_tui.vcs.git import GitRepo, RepoBusy
from ouroboros_tui.vcs.index_state import cleaned_blob, intent_to_add
from ouroboros_tui.vcs.objects import EXECUTABLE, REGULAR, Entry
from ouroboros_tui.vcs.safe_paths import UnsafeWrite, worktree_path


@dataclass
class FilePlan:
    diff: FileDiff
    hunks: list[Hunk]
    before: str | None
    after: str  # work tree after apply
    committed: str  # what the commit holds: HEAD + the selected hunks
    staged: str  # what the real index holds: index + the selected hunks
    mode: str  # in the commit: HEAD's mode (a staged chmod is not ours to commit)
    index_mode: str  # in the real index: what the user's index had
    file_mode: int | None
    resumed: bool = False  # the file already held `after` (an interrupted apply)
    index_untouched: bool = False  # the path stays out of the index (`git rm --cached` before apply)
    intent_to_add: bool = False  # it was `git add -N`: undo puts the placeholder back


# -- checks -----------------------------------------------------------------------------------


def _safe_path(root: Path, rel: str) -> Path:
    """The file to write: the one place that decides where Ouroboros writes (vcs.safe_paths), and
    the same rule as at generation (patch.edits.check_path)."""
    try:
        target = worktree_path(root, rel)
    except UnsafeWrite as exc:
        raise ApplyRefused(str(exc)) from exc
    try:
        if check_path(root, rel) != rel:
            raise UnsafeEditPath(rel, "not a normalised path relative to the repository")
    except UnsafeEditPath as exc:
        raise ApplyRefused(f"{rel}: {exc.reason}; refusing to write it.") from None
    return target


def _check_base(rel: str, diff: FileDiff, record: RunRecord, current: bytes | None, after: str) -> bool:
    """Refuse unless the file is as the run saw it. True when it already holds exactly what this
    selection writes: an apply that was interrupted (killed after the rename) being resumed."""
    if current is not None and current == after.encode("utf-8"):
        return True
    regenerate = f"Regenerate the run: ouroboros refactor {record.task!r} -t {rel}"
    expected = record.base_hashes.get(rel, sha256_text(diff.before))
    if expected is None or diff.before is None:
        if current is not None:
            raise ApplyRefused(f"{rel} did not exist when run {record.run_id} was generated and exists "
                               f"now; refusing to overwrite it. {regenerate}")
        return False
    if current is None:
        raise ApplyRefused(f"{rel} was deleted since run {record.run_id} was generated. {regenerate}")
    actual = hashlib.sha256(current).hexdigest()
    if actual != expected or actual != sha256_text(diff.before):
        raise ApplyRefused(f"{rel} changed since run {record.run_id} was generated (sha256 {actual[:12]}, "
                           f"expected {expected[:12]}); refusing to overwrite your edits. {regenerate}")
    return False


def _refuse_ignored(repo: GitRepo, untracked: list[str]) -> None:
    """An ignored file is one the user chose to keep out of git (a .env, local settings): the
    commit would add it whole, so refuse, as `git add` does without -f."""
    ignored = repo.ignored_paths(untracked)
    if ignored:
        raise ApplyRefused(
            f"{', '.join(ignored)}: ignored by git, and the commit would add it with everything in it; "
            f"Ouroboros does not commit ignored files. Edit it by hand, or stop ignoring it "
            f"(`git check-ignore -v {ignored[0]}` shows the rule) and apply again.")


def _decode(data: bytes, rel: str, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ApplyRefused(f"{rel}: the {where} version is not UTF-8 text; apply it by hand.") from None


# -- planning: what the work tree, the commit and the index will hold -----------------------------


def _without(record: RunRecord, selected: set[str], conflicting: tuple[str, ...]) -> str:
    """The command that applies the rest of the selection, for a refusal's message."""
    assert record.patch is not None
    rest = [str(h.number) for h in record.patch.hunks if h.id in selected and h.id not in conflicting]
    if not rest:
        return "choose other hunks: every selected hunk touches those lines"
    return f"apply the others: `ouroboros apply {record.run_id} --hunks {','.join(rest)}`"


def plan_files(repo: GitRepo, record: RunRecord, selected: set[str]) -> list[FilePlan]:
    assert record.patch is not None
    diffs = [d for d in record.patch.files if any(h.id in selected for h in d.hunks)]
    paths = [d.path for d in diffs]
    targets = {d.path: _safe_path(repo.root, d.path) for d in diffs}
    currents: dict[str, bytes | None] = {}
    afters: dict[str, str] = {}
    resumed: list[str] = []
    for diff in diffs:  # every base check before any git work: the cheapest refusal first
        try:
            afters[diff.path] = diff.apply(selected)
        except HunkConflict as exc:
            raise ApplyError(f"run {record.run_id} is inconsistent: {exc}") from exc
        currents[diff.path] = read_current_bytes(targets[diff.path])
        if _check_base(diff.path, diff, record, currents[diff.path], afters[diff.path]):
            resumed.append(diff.path)
    head = repo.head_entries(paths)
    try:
        index = repo.index_entries(paths)
    except RepoBusy as exc:
        raise ApplyRefused(str(exc)) from exc
    placeholders = intent_to_add(repo, index)  # `git add -N`: tracked in name only
    _refuse_ignored(repo, [p for p in paths if head[p] is None and index[p] is None])
    plans = []
    for diff in diffs:
        rel = diff.path
        hunks = [h for h in diff.hunks if h.id in selected]
        entry = None if rel in placeholders else index[rel]
        _refuse_untrackable(rel, diff, head[rel], entry, record)
        file_mode = stat.S_IMODE(targets[rel].stat().st_mode) if currents[rel] is not None else None
        worktree_kind = EXECUTABLE if file_mode and file_mode & 0o111 else REGULAR
        after = afters[rel]
        if head[rel] is None:  # untracked (or intent-to-add): it becomes tracked as the run leaves it
            plans.append(FilePlan(diff, hunks, diff.before, after, after, after, worktree_kind, worktree_kind,
                                  file_mode, rel in resumed, intent_to_add=rel in placeholders))
            continue
        committed = _committed_text(repo, record, selected, rel, head[rel], diff, hunks)
        if entry is None:  # `git rm --cached`: the deletion stays staged
            staged, index_mode, keep = committed, head[rel].mode, True  # type: ignore[union-attr]
        elif entry.sha == head[rel].sha:  # type: ignore[union-attr]
            staged, index_mode, keep = committed, entry.mode, False  # a staged chmod stays staged
        else:
            try:
                staged = rebase_hunks(_decode(repo.read_blob(entry.sha), rel, "staged"), hunks, rel)
            except HunkConflict as exc:
                raise ApplyRefused(
                    f"{rel}: the selected hunks conflict with changes you staged in that file; commit "
                    "or unstage them first (`git restore --staged`), then apply again.") from exc
            index_mode, keep = entry.mode, False
        plans.append(FilePlan(diff, hunks, diff.before, after, committed, staged, head[rel].mode,  # type: ignore[union-attr]
                              index_mode, file_mode, rel in resumed, index_untouched=keep))
    return plans


def _refuse_untrackable(rel: str, diff: FileDiff, head: Entry | None, entry: Entry | None,
                        record: RunRecord) -> None:
    """States where no commit can be 'HEAD + exactly the reviewed hunks' with your work kept."""
    if head is not None and head.mode not in (REGULAR, EXECUTABLE):
        raise ApplyRefused(f"{rel} is a {'symbolic link' if head.mode == '120000' else 'submodule'} in HEAD; "
                           "Ouroboros only commits changes to regular files.")
    if head is not None and diff.before is None:
        raise ApplyRefused(
            f"{rel} is in HEAD but was missing from the work tree when run {record.run_id} was generated "
            "(deleted, `git rm`, or outside a sparse checkout): the run's new file would be committed on "
            f"top of HEAD's text, which is not what you reviewed. Restore it (`git restore {rel}`) and "
            f"regenerate: ouroboros refactor {record.task!r} -t {rel}")
    if head is None and entry is not None:
        raise ApplyRefused(
            f"{rel} is staged as a new file and not committed yet: the commit would have to take your "
            f"staged file along with the run's hunks. Commit it first, or unstage it "
            f"(`git restore --staged {rel}`) and apply again.")


def _committed_text(repo: GitRepo, record: RunRecord, selected: set[str], rel: str, head: Entry | None,
                    diff: FileDiff, hunks: list[Hunk]) -> str:
    """HEAD's text with exactly the selected hunks."""
    assert head is not None and diff.before is not None
    head_bytes = repo.read_blob(head.sha)
    head_text = _decode(head_bytes, rel, "committed")
    after = diff.apply(selected)
    if head_text == diff.before:
        return after  # nothing uncommitted in this file
    before_bytes = diff.before.encode("utf-8")
    if cleaned_blob(repo, rel, before_bytes) == head.sha:
        # Only git's conversion (core.autocrlf, eol, a clean filter) separates the file from HEAD:
        # commit what `git add` would make of the new text.
        return _decode(repo.read_blob(cleaned_blob(repo, rel, after.encode("utf-8"), write=True)), rel, "converted")
    try:
        return rebase_hunks(head_text, hunks, rel)
    except HunkConflict as exc:
        numbers = ", ".join(str(h.number) for h in hunks if h.id in exc.hunk_ids)
        raise ApplyRefused(
            f"{rel}: hunk(s) {numbers} touch or sit next to lines you edited but have not committed; "
            "Ouroboros commits only its own hunks and cannot separate them from yours. Commit or stash "
            f"your edits there first, or {_without(record, selected, exc.hunk_ids)}.") from exc
