"""The one place that decides where Ouroboros may write in a repository.

Every file the tool writes — a work-tree file, a backup, the artifact, the lock, `commit.json` — gets
its path from `worktree_path` or `run_folder`. They refuse (UnsafeWrite, exit 3), before anything is
written:

* a path that is absolute, has `..`, starts with `~`, or holds a NUL or a newline;
* any `.git` path component (the repository's own, or a nested repository's `vendor/.git/hooks/…`),
  compared case-insensitively (`.GIT` is the same folder on macOS and Windows file systems);
* a symbolic link anywhere on the way (the write would land wherever it points);
* a parent that is a file (`calc.py/x.py`);
* a `.ouroboros` that is a symbolic link, not a folder, or tracked by git (a committed
  `.ouroboros` would get its `.gitignore` of `*`, backups and run data written into someone's tree).
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path, PurePosixPath

from ouroboros_tui.errors import SafetyRefusal

RUN_FOLDER = ".ouroboros"


class UnsafeWrite(SafetyRefusal):
    """Writing there could land outside the work tree or in git's own data: refused (exit 3), nothing
    written."""


def check_relative(rel: str) -> PurePosixPath:
    """The path's own shape, without looking at the disk."""
    if not rel or "\0" in rel or "\n" in rel or "\r" in rel:
        raise UnsafeWrite(f"{rel!r}: not a usable file name; refusing to write it.")
    pure = PurePosixPath(rel.replace("\\", "/"))
    if pure.is_absolute() or rel.startswith("~") or ".." in pure.parts:
        raise UnsafeWrite(f"{rel}: path outside the repository's work tree; refusing to write it.")
    if any(part.casefold() == ".git" for part in pure.parts):
        raise UnsafeWrite(f"{rel}: inside a .git folder (git's own data, or a nested repository's); "
                         "Ouroboros never writes there.")
    return pure


def _check_on_disk(root: Path, parts: tuple[str, ...], rel: str, replace_link: bool = False) -> Path:
    """Walk from `root` down `parts`: no link, no file where a folder must be. `replace_link`: the
    last component may be a link that the caller removes (never writes through)."""
    current = root
    for i, part in enumerate(parts):
        current = current / part
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            return root.joinpath(*parts)  # the rest does not exist yet: created as folders
        except NotADirectoryError:  # pragma: no cover - caught one step earlier
            break
        last = i == len(parts) - 1
        if last and replace_link and stat.S_ISLNK(info.st_mode):
            break
        if stat.S_ISLNK(info.st_mode):
            raise UnsafeWrite(f"{rel}: {'is' if last else 'goes through'} a symbolic link "
                             f"({current.relative_to(root).as_posix()}); Ouroboros does not write through links.")
        if not last and not stat.S_ISDIR(info.st_mode):
            raise UnsafeWrite(f"{rel}: {current.relative_to(root).as_posix()} is a file, not a folder; "
                             "refusing to write under it.")
        if last and stat.S_ISDIR(info.st_mode):
            raise UnsafeWrite(f"{rel} is a folder, not a file; refusing to write it.")
    return root.joinpath(*parts)


def worktree_path(root: Path, rel: str, replace_link: bool = False) -> Path:
    """A work-tree file Ouroboros may replace (never under `.ouroboros/`, its own folder)."""
    pure = check_relative(rel)
    if pure.parts and pure.parts[0] == RUN_FOLDER:
        raise UnsafeWrite(f"{rel}: inside Ouroboros's own run folder; refusing to write it as a source file.")
    return _check_on_disk(Path(root), pure.parts, rel, replace_link)


def run_folder(root: Path) -> Path:
    """`<root>/.ouroboros`, refused when it is a link, not a folder, or tracked by git."""
    root = Path(root)
    base = root / RUN_FOLDER
    try:
        info = os.lstat(base)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise UnsafeWrite(f"{base} is a symbolic link: run data and backups would be written wherever it points. "
                         f"Remove the link (`git rm {RUN_FOLDER}` if it is committed), then try again.")
    if info is not None and not stat.S_ISDIR(info.st_mode):
        raise UnsafeWrite(f"{base} is a file, not Ouroboros's run folder; move it away, then try again.")
    if _tracked(root):
        raise UnsafeWrite(f"{base} is tracked by git (committed or staged): Ouroboros keeps untracked run data "
                         f"there. Remove it from git (`git rm -r --cached {RUN_FOLDER}`), then try again.")
    return base


_tracked_cache: dict[Path, tuple[int, int, bool]] = {}


def _tracked(root: Path) -> bool:
    """Whether git tracks anything under `.ouroboros`. Asked of git once per state of the index:
    only a change to the index can change the answer."""
    index = root / ".git" / "index"
    try:
        info = os.stat(index)
        key: tuple[int, int] | None = (info.st_mtime_ns, info.st_size)
    except OSError:  # a linked worktree (.git is a file) or no index yet: ask each time
        key = None
    cached = _tracked_cache.get(root)
    if key is not None and cached is not None and cached[:2] == key:
        return cached[2]
    proc = subprocess.run(["git", "ls-files", "-z", "--", RUN_FOLDER], cwd=root, capture_output=True,
                          check=False, stdin=subprocess.DEVNULL)
    tracked = proc.returncode == 0 and bool(proc.stdout.strip(b"\0"))
    if key is not None:
        _tracked_cache[root] = (*key, tracked)
    return tracked


def run_path(root: Path, rel: str) -> Path:
    """A path under the run folder (`runs/<id>/backups/src/x.py`), checked like a work-tree path."""
    pure = check_relative(rel)
    return _check_on_disk(run_folder(root), pure.parts, rel)
