"""Before anything is written: is each file as the run saw it, does the selected subset pass the
gate, and what will the work tree, the commit and the index hold? Refusals come from here."""

from __future__ import annotations

import contextlib
import hashlib
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


# -- the gate on the selected subset --------------------------------------------------------------


def _gated_at_generation(plan: FilePlan, generated: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The generation gate's passing result for this file, when the selection leaves the file exactly
    as that gate saw it (every hunk of the file selected): gating the same text again would cost as
    much as the first time (seconds for a large file) and say the same."""
    if not generated or generated.get("passed") is not True or plan.after != plan.diff.after:
        return None
    for doc in generated.get("results") or []:
        if isinstance(doc, dict) and doc.get("path") == plan.diff.path and doc.get("is_valid") is True:
            return doc
    return None


def gate_selection(plans: list[FilePlan], selected: set[str], safe_mode: bool, record: RunRecord | None = None,
                   levels: tuple[str, ...] = ("syntax",)) -> tuple[str, dict[str, Any]]:
    """Re-check each file as the subset leaves it: syntax, then the run's other static levels (the
    tests level is not re-run: its verdict is the run's when every hunk is applied, else `skip`). A file
    left exactly as the generation gate passed it keeps that result. Returns the Safety trailer
    (`syntax=pass semantic=pass …`) and a report."""
    from ouroboros_tui.gate.findings import LevelResult, safety_line

    generated: Mapping[str, Any] | None = record.safety if record is not None else None
    from ouroboros_tui.gate.validator import SyntaxValidator

    validator = SyntaxValidator()
    checkers: set[str] = set()
    files: list[dict[str, Any]] = []
    total_ms = 0.0
    failures: list[str] = []
    unchecked = 0
    for plan in plans:
        rel = plan.diff.path
        earlier = _gated_at_generation(plan, generated)
        if earlier is not None:
            checker = str(earlier.get("checker") or "")
            checked = bool(earlier.get("checked", bool(checker)))
            if checked and checker:
                checkers.add(checker)
            unchecked += 0 if checked else 1
            total_ms += float(earlier.get("total_ms") or 0.0)
            files.append({"path": rel, "is_valid": True, "checked": checked, "checker": checker,
                          "new_errors": [], "reused": "passed at generation; the selection is that text"})
            continue
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
    results = {"syntax": LevelResult("syntax", status="fail" if failures else ("pass" if checkers else "skip"),
                                     checkers=sorted(checkers), ms=total_ms)}
    static = tuple(level for level in ("semantic", "security") if level in levels)
    if static and not failures:
        results.update(_static_on_subset(plans, static, generated))
        for level in static:
            for finding in results[level].findings:
                failures.append(f"{level}: {finding.describe()} ({_hunks_named(plans, finding.path, selected)})")
    if "tests" in levels and record is not None:
        ran = (record.safety.get("levels") or {}).get("tests") or {}
        whole = record.patch is not None and selected >= {h.id for h in record.patch.hunks}
        results["tests"] = LevelResult("tests", status=ran.get("status", "skip") if whole else "skip",
                                       count=ran.get("count") if whole else None,
                                       detail="" if whole else "not re-run on a subset of the hunks")
        if results["tests"].status == "fail":  # kept by --no-safe-mode at generation
            failures.append(f"tests: {ran.get('detail') or 'the tests failed with this change'}")
    if failures and safe_mode:
        raise ApplyRefused("the selected hunks do not pass the safety gate: " + " | ".join(failures)
                           + ". To commit them anyway, apply with safe mode off "
                           "(OUROBOROS_PIPELINE__SAFE_MODE=false, or safe_mode = false under [pipeline]); "
                           "the commit's Ouroboros-Safety trailer then says failed.")
    trailer = safety_line(results, "safe mode off" if failures else "")
    report = {"passed": not failures, "summary": trailer, "files": files, "failures": failures,
              "unchecked_files": unchecked, "total_ms": round(total_ms, 3),
              "levels": {level: r.to_dict() for level, r in results.items()}}
    return trailer, report


def _static_on_subset(plans: list[FilePlan], static: tuple[str, ...],
                      generated: Mapping[str, Any] | None) -> dict[str, Any]:
    """The static levels on the files the selection changes from the generated text; a level that
    passed at generation needs no second look at the files left exactly as generated."""
    from ouroboros_tui.gate.findings import LevelResult
    from ouroboros_tui.gate.levels import check_static

    recorded = (generated or {}).get("levels") or {}
    passed = all((recorded.get(level) or {}).get("status") in ("pass", "skip") for level in static)
    todo = [p for p in plans if not passed or p.after != p.diff.after]
    if not todo:
        return {level: LevelResult(level, status=recorded[level]["status"],
                                   checkers=recorded[level].get("checkers", []),
                                   detail="passed at generation; the selection is that text") for level in static}
    return check_static({p.diff.path: (p.before, p.after) for p in todo}, static)


def _hunks_named(plans: list[FilePlan], path: str, selected: set[str]) -> str:
    plan = next((p for p in plans if p.diff.path == path), None)
    if plan is None:
        return path
    chosen = ", ".join(str(h.number) for h in plan.hunks)
    left = [str(h.number) for h in plan.diff.hunks if h.id not in selected]
    return f"{path} hunk(s) {chosen}" + (f"; left out: {', '.join(left)}" if left else "")


def _explain_failure(validator: Any, plan: FilePlan, selected: set[str], summary: str) -> str:
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
