"""The repository's files with git's blob id of each, as git already knows them.

Tracked files that git's own stat check finds unchanged carry the index's blob id, so nothing is
read to know whether a cached result still holds; modified and untracked files get None and are
hashed (the same way git would) when read. The blob id names content, not a path or a commit, so
it stays valid across branches, checkouts and renames.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from ouroboros_tui.source.cancel import git

_SKIP_MODES = ("160000", "120000")  # submodules and symlinks: not files of this repository


def _git(repo: Path, *args: str, cancel: threading.Event | None = None) -> list[str] | None:
    code, out = git(repo, list(args), cancel)
    if code != 0:
        return None
    return [n for n in out.decode("utf-8", "replace").split("\0") if n]


def _ours(path: str) -> bool:
    return not path.startswith((".ouroboros/", ".git/"))


def snapshot(repo: Path, cancel: threading.Event | None = None) -> dict[str, str | None]:
    """path → blob id (None: not known to match the index; hash it when read). Tracked plus
    untracked-but-not-ignored files, relative posix paths, sorted. Empty outside a git repo."""
    staged = _git(repo, "ls-files", "-z", "-s", cancel=cancel)
    if staged is None:
        return {}
    files: dict[str, str | None] = {}
    for row in staged:
        meta, _, path = row.partition("\t")
        mode, blob, stage = [*meta.split(" "), "", "", ""][:3]
        if mode in _SKIP_MODES or not _ours(path):
            continue
        files[path] = blob if stage == "0" else None  # a conflict: the work tree's text decides
    for path in _git(repo, "ls-files", "-z", "-m", cancel=cancel) or []:
        if path in files:
            files[path] = None
    for path in _git(repo, "ls-files", "-z", "-d", cancel=cancel) or []:
        files.pop(path, None)
    for path in _git(repo, "ls-files", "-z", "--others", "--exclude-standard", cancel=cancel) or []:
        if _ours(path) and not (repo / path).is_symlink() and (repo / path).is_file():
            files[path] = None
    return dict(sorted(files.items()))


def blob_id(data: bytes) -> str:
    """git hash-object of `data` (sha1 of "blob <size>\\0" + data)."""
    digest = hashlib.sha1(b"blob %d\0" % len(data), usedforsecurity=False)
    digest.update(data)
    return digest.hexdigest()
