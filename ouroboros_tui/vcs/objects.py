"""Git objects written and read in-process: loose objects (zlib + rename, as git does) and trees.

Building the commit's tree here touches only the trees on the changed paths, instead of a
`git update-index` + `git write-tree` pair over a whole index; a test checks the result is the tree
git itself writes.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
ZERO_SHA = "0" * 40
REGULAR, EXECUTABLE, SYMLINK = "100644", "100755", "120000"
TREE_MODE, SUBMODULE_MODE = 0o40000, 0o160000

TreeItems = dict[str, tuple[int, bytes]]  # name → (mode, 20-byte sha)
_tmp_names = itertools.count(1)


@dataclass(frozen=True)
class Entry:
    """An index or tree entry: mode ('100644', '100755', '120000') and blob sha."""

    mode: str
    sha: str


def write_loose_object(objects_dir: Path, kind: bytes, data: bytes) -> str:
    """Store one object as git does (header + data, zlib, temp file, rename); returns its sha."""
    header = b"%s %d\0" % (kind, len(data))
    digest = hashlib.sha1(header)
    digest.update(data)
    sha = digest.hexdigest()
    folder = objects_dir / sha[:2]
    target = folder / sha[2:]
    if target.exists():
        return sha
    folder.mkdir(exist_ok=True)
    tmp = folder / f"tmp_obj_ouroboros_{os.getpid()}_{next(_tmp_names)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
    try:
        compressor = zlib.compressobj(1)  # git reads any level; 1 is ~4x faster than the default
        payload = compressor.compress(header) + compressor.compress(data) + compressor.flush()
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
    try:
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return sha


def parse_tree(data: bytes) -> TreeItems:
    """One raw tree object (`<mode> <name>\\0<20 bytes>` repeated) → name → (mode, binary sha)."""
    items: TreeItems = {}
    i = 0
    while i < len(data):
        space = data.index(b" ", i)
        nul = data.index(b"\0", space)
        name = data[space + 1 : nul].decode("utf-8", "surrogateescape")
        items[name] = (int(data[i:space], 8), data[nul + 1 : nul + 21])
        i = nul + 21
    return items


def encode_tree(items: TreeItems) -> bytes:
    def order(name: str) -> bytes:  # git sorts a tree as if subtree names ended in "/"
        raw = name.encode("utf-8", "surrogateescape")
        return raw + b"/" if items[name][0] == TREE_MODE else raw

    return b"".join(b"%o %s\0%s" % (items[n][0], n.encode("utf-8", "surrogateescape"), items[n][1])
                    for n in sorted(items, key=order))


class TreeBuilder:
    """`base` tree + path changes → new tree objects, reading and writing through the callables."""

    def __init__(self, read_tree: Callable[[str | None], TreeItems], write: Callable[[bytes, bytes], str]) -> None:
        self.read_tree = read_tree
        self.write = write

    def build(self, base: str | None, changes: dict[str, Entry | None]) -> str:
        """Returns the new root tree's sha (the empty tree when nothing is left)."""
        return self._build(base, changes) or self.write(b"tree", b"")

    def _build(self, base: str | None, changes: dict[str, Entry | None]) -> str | None:
        items = dict(self.read_tree(base))
        nested: dict[str, dict[str, Entry | None]] = {}
        for path, entry in changes.items():
            head, _, rest = path.partition("/")
            if rest:
                nested.setdefault(head, {})[rest] = entry
            elif entry is None:
                items.pop(head, None)
            else:
                items[head] = (int(entry.mode, 8), bytes.fromhex(entry.sha))
        for name, sub in nested.items():
            current = items.get(name)
            child = current[1].hex() if current and current[0] == TREE_MODE else None
            built = self._build(child, sub)
            if built is None:
                items.pop(name, None)
            else:
                items[name] = (TREE_MODE, bytes.fromhex(built))
        return self.write(b"tree", encode_tree(items)) if items else None
