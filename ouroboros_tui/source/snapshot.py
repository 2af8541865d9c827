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
from typing import NamedTuple

from ouroboros_tui.source.cancel import git

_SKIP_MODES = ("160000", "120000")  # submodules and symlinks: not files of this repository


class Listing(NamedTuple):
    files: dict[str, str | None]  # path → blob id, or None: hash it when read
    caches_trusted: bool  # git tracks nothing under .ouroboros/ (a repository cannot ship a cache)


def _ours(path: str) -> bool:
    return not path.startswith((".ouroboros/", ".git/"))


def snapshot(repo: Path, cancel: threading.Event | None = None) -> Listing:
    """path → blob id (None: not known to match the index; hash it when read). Tracked plus
    untracked-but-not-ignored files, relative posix paths, sorted. Empty outside a git repo.

    One `git ls-files` call answers all of it (tagged: cached, modified, deleted, untracked): a
    process costs ~20 ms to start from a large Python process, more than git's own listing of
    5,000 files, and every call stats the whole tree again."""
    code, out = git(repo, ["ls-files", "-z", "-t", "-s", "-m", "-d", "--others", "--exclude-standard"], cancel)
    if code != 0:
        return Listing({}, False)
    files: dict[str, str | None] = {}
    changed: list[str] = []
    gone: list[str] = []
    untracked: list[str] = []
    trusted = True
    for row in out.decode("utf-8", "replace").split("\0"):
        tag, _, rest = row.partition(" ")
        if tag == "?":
            untracked.append(rest)
            continue
        meta, _, path = rest.partition("\t")
        if not path:
            continue
        if tag == "C":
            changed.append(path)
        elif tag == "R":
            gone.append(path)
        else:  # H cached, S skip-worktree, M unmerged (any other stage)
            if not _ours(path):
                trusted = trusted and not path.startswith(".ouroboros/")
                continue
            mode, blob, stage = [*meta.split(" "), "", "", ""][:3]
            if mode in _SKIP_MODES:
                continue
            # a conflict has one row per stage: the work tree's text decides
            files[path] = blob if stage == "0" and path not in files else None
    for path in changed:
        if path in files:
            files[path] = None
    for path in gone:
        files.pop(path, None)
    for path in untracked:
        if _ours(path) and not (repo / path).is_symlink() and (repo / path).is_file():
            files[path] = None
    return Listing(dict(sorted(files.items())), trusted)


def blob_id(data: bytes) -> str:
    """git hash-object of `data` (sha1 of "blob <size>\\0" + data)."""
    digest = hashlib.sha1(b"blob %d\0" % len(data), usedforsecurity=False)
    digest.update(data)
    return digest.hexdigest()
