"""Crash-safe file writes: a reader (or a crash) sees the whole old file or the whole new one.

Temp file in the same directory (same filesystem, so the rename is atomic), fsync the data, rename
over the target, fsync the directory so the rename itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

# A crash between the temp file and the rename leaves `.<name>.ouroboros-XXXX.tmp` behind: named so
# that `remove_stale_temps` can recognise (and only ever delete) our own.
TEMP_PREFIX_FMT = ".{name}.ouroboros-"
LONG_NAME = 120  # file names are at most 255 bytes: keep room for the prefix and the suffix


def temp_prefix(name: str) -> str:
    """`.<name>.ouroboros-`, with a long name cut and made unique by its hash (a 245-character
    file name must still get a temp file)."""
    if len(name.encode("utf-8", "surrogateescape")) > LONG_NAME:
        digest = hashlib.sha1(name.encode("utf-8", "surrogateescape")).hexdigest()[:10]
        name = name.encode("utf-8", "surrogateescape")[:60].decode("utf-8", "ignore") + "~" + digest
    return TEMP_PREFIX_FMT.format(name=name)


def remove_stale_temps(path: Path) -> list[Path]:
    """Delete temp files a killed writer left next to `path`. Returns what was removed."""
    removed = []
    for stale in Path(path).parent.glob(f"{glob.escape(temp_prefix(Path(path).name))}*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()
            removed.append(stale)
    return removed


def fsync_dir(directory: Path) -> None:
    """Persist a rename or a new entry in `directory` (no-op where directories can't be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, mode: int | None = None, *, sync: bool = True) -> None:
    """Replace `path` with `data` atomically. `mode`: permission bits; default keeps the existing
    file's mode, or 0o666 & ~umask for a new file (what `open()` would give)."""
    path = Path(path)
    if not path.parent.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path.name), suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if sync:
        fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str, mode: int | None = None, *, sync: bool = True) -> None:
    """UTF-8, no newline translation: the bytes on disk are exactly `text`."""
    atomic_write_bytes(path, text.encode("utf-8"), mode, sync=sync)


def _default_mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _parallel(action: Callable[[Any], object], items: Sequence[Any]) -> None:
    """fsync many files at once: the filesystem commits them as one journal group, which costs
    about what one fsync costs instead of one per file."""
    if len(items) <= 1:
        for item in items:
            action(item)
        return
    with ThreadPoolExecutor(max_workers=min(16, len(items))) as pool:
        list(pool.map(action, items))


def atomic_write_many(items: Sequence[tuple[Path, bytes, int | None]], *, sync: bool = True) -> None:
    """Replace several files, each atomically, paying for durability once per batch: write every
    temp file, fsync them together, rename each over its target, fsync the directories together.
    If it fails part-way, the files already renamed are new and the rest untouched (never partial)."""
    staged: list[tuple[int, str, Path]] = []
    for parent in {Path(path).parent for path, _, _ in items}:
        if not parent.is_dir():
            parent.mkdir(parents=True, exist_ok=True)
    try:
        for path, data, mode in items:
            path = Path(path)
            final_mode = _default_mode(path) if mode is None else mode
            fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path.name), suffix=".tmp", dir=path.parent)
            staged.append((fd, tmp, path))
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fchmod(fd, final_mode)
        if sync:
            _parallel(os.fsync, [fd for fd, _, _ in staged])
        for fd, _, _ in staged:
            os.close(fd)
        closed = True
        for _, tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        if not locals().get("closed"):
            for fd, _, _ in staged:
                with contextlib.suppress(OSError):
                    os.close(fd)
        for _, tmp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    if sync:
        _parallel(fsync_dir, sorted({path.parent for _, _, path in staged}))
