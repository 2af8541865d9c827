"""Revert exactly one commit, as `git revert --no-edit` would, without touching anything else.

`git revert` itself refuses whenever the index differs from HEAD anywhere, and leaves a half-done
revert on conflict. Instead: refuse if the files the commit touched have any uncommitted change;
compute the revert in a scratch index (3-way, like revert); on conflict throw the scratch index
away (tree and index exactly as before); else commit it and bring only those files, in the real
index and the work tree, to the new HEAD.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from ouroboros_tui.errors import SafetyRefusal
from ouroboros_tui.vcs.atomic import atomic_write_bytes, remove_stale_temps
from ouroboros_tui.vcs.git import CommitInfo, GitRepo, VcsError
from ouroboros_tui.vcs.objects import EXECUTABLE, SYMLINK, Entry
from ouroboros_tui.vcs.safe_paths import worktree_path


class RevertRefused(VcsError, SafetyRefusal):
    """The revert would conflict, or would overwrite uncommitted work: nothing was changed."""


def revert_commit(repo: GitRepo, commit: str, trailers: dict[str, str] | None = None,
                  run_hooks: bool = True) -> CommitInfo:
    sha = repo.resolve(commit)
    if repo.head_sha() is None or not repo.is_ancestor(sha, "HEAD"):
        raise RevertRefused(f"commit {sha[:12]} is not in the history of HEAD (branch switched or "
                            "history rewritten?); nothing to undo here.")
    paths = repo.changed_paths(sha)
    dirty = repo.dirty_paths(paths)
    if dirty:
        raise RevertRefused(
            f"you have uncommitted changes in {', '.join(dirty)}, which the undo would overwrite. "
            "Commit or stash them first; nothing was changed.")
    original = repo.repo.commit(sha)
    subject = str(original.message).splitlines()[0] if original.message else sha[:12]
    message = f'Revert "{subject}"\n\nThis reverts commit {sha}.\n'
    if trailers:
        message += "\n" + "\n".join(f"{k}: {v}" for k, v in trailers.items()) + "\n"
    with repo.temp_index() as index:
        conflicts = repo.revert_into_index(sha, index)
        if conflicts is not None:
            # Name only the files that conflict: the others of the commit would revert cleanly.
            raise RevertRefused(
                f"undoing {sha[:12]} conflicts with later changes to {', '.join(conflicts or paths)}; nothing "
                f"was changed. Revert it by hand (`git revert {sha[:12]}`, with nothing staged) to resolve "
                "the conflict.")
        info = repo.commit_index(index, message, run_hooks)
    _sync_paths(repo, paths)
    return info


def _sync_paths(repo: GitRepo, paths: list[str], previous: str | None = None) -> list[str]:
    """Bring the (clean) `paths` in the real index and the work tree to the new HEAD. With
    `previous` (the commit before HEAD: an undo being finished after a kill), only where the path
    still holds `previous`'s version or already HEAD's; the others are returned, untouched."""
    entries = repo.head_entries(paths)
    skipped: list[str] = []
    if previous is not None:
        old = _entries_at(repo, previous, paths)
        index = repo.index_entries(paths)
        for rel in paths:
            on_disk = _read_link_or_file(worktree_path(repo.root, rel, replace_link=True))
            fits = {_content(repo, old[rel]), _content(repo, entries[rel])}
            if index[rel] not in (old[rel], entries[rel]) or on_disk not in fits:
                skipped.append(rel)
        entries = {rel: e for rel, e in entries.items() if rel not in skipped}
    repo.update_index(entries)
    for rel, entry in entries.items():
        target = worktree_path(repo.root, rel, replace_link=True)
        remove_stale_temps(target)  # a killed undo's half-written temp file next to it
        if entry is None:
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            continue
        data = repo.read_blob(entry.sha)
        if entry.mode == SYMLINK:
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            target.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(data.decode("utf-8", "surrogateescape"), target)
            continue
        umask = os.umask(0)
        os.umask(umask)
        mode = (0o777 if entry.mode == EXECUTABLE else 0o666) & ~umask
        atomic_write_bytes(target, data, mode)
    return skipped


def _entries_at(repo: GitRepo, commit: str, paths: list[str]) -> dict[str, Entry | None]:
    tree = repo.read_blob(commit).split(b"\n", 1)[0][5:].decode()
    return {rel: repo.entry_in_tree(tree, rel) for rel in paths}


def _content(repo: GitRepo, entry: Entry | None) -> bytes | None:
    return None if entry is None else repo.read_blob(entry.sha)


def _read_link_or_file(path: Path) -> bytes | None:
    try:
        if path.is_symlink():
            return os.readlink(path).encode("utf-8", "surrogateescape")
        return path.read_bytes()
    except FileNotFoundError:
        return None


def finish_revert(repo: GitRepo, original: str) -> list[str]:
    """HEAD is the revert of `original`, committed by an undo that was killed before it brought the
    work tree and the index along: finish that. Returns the paths left alone (changed since)."""
    head = repo.head_sha()
    assert head is not None
    parents = repo.repo.commit(head).parents
    return _sync_paths(repo, repo.changed_paths(original), parents[0].hexsha if parents else None)
