"""The repository as the compressor's graph sees it: each file's definition names and references,
from the tag cache where its blob id is known, tagged (and cached) where it is not. Files that are
binary, not UTF-8, too large, generated, minified or vendored take no part; targets always do.
Texts and full definitions are read only for the files the context ends up showing."""

from __future__ import annotations

import hashlib
import os
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ouroboros_tui.source import graph_store
from ouroboros_tui.source.cancel import check as _check
from ouroboros_tui.source.files import decode_text
from ouroboros_tui.source.generated import attribute_flags, mentions_linguist, path_reason, text_reason
from ouroboros_tui.source.graph import MAX_OWNERS
from ouroboros_tui.source.names import names_and_refs
from ouroboros_tui.source.snapshot import blob_id, snapshot
from ouroboros_tui.source.tag_cache import Row, TagCache
from ouroboros_tui.source.tags import Definition, extract


@dataclass
class FileInfo:
    path: str
    blob: str
    language: str | None
    names: list[str]
    refs: dict[str, int] | None  # None until asked for (RepoIndex.refs)


@dataclass
class RepoIndex:
    repo: Path
    files: dict[str, FileInfo]
    skipped: dict[str, str]  # path → reason
    fingerprint: str  # changes when any file's content does
    stats: dict[str, int] = field(default_factory=dict)
    cache: TagCache | None = None
    parser_for: Callable[[str], Any] | None = None
    users: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # name → files using it
    _definitions: dict[str, list[Definition]] = field(default_factory=dict)

    def refs(self, path: str) -> dict[str, int]:
        """Words the file uses → count (loaded from the cache the first time)."""
        info = self.files[path]
        if info.refs is None:
            row = self.cache.row(info.blob, info.language or "") if self.cache else None
            if row is None:
                text = self.text(path)
                row = _tag_row(path, text.encode("utf-8"), info.language)
            info.refs = row.refs
        return info.refs

    def text(self, path: str) -> str:
        try:
            return (self.repo / path).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return ""

    def definitions(self, path: str) -> list[Definition]:
        """The file's definitions from tree-sitter: parsed the first time a context shows the
        file, then cached with its tags."""
        if path not in self._definitions:
            info = self.files[path]
            found = self.cache.definitions(info.blob, info.language or "") if self.cache else None
            if found is None:
                parser = self.parser_for(info.language) if self.parser_for and info.language else None
                try:
                    found = extract(path, self.text(path), info.language, parser).definitions
                except Exception:  # a grammar that chokes: the file shows no outline
                    found = []
                if self.cache is not None:
                    self.cache.set_definitions(info.blob, info.language or "", found)
            self._definitions[path] = found
        return self._definitions[path]


def build_index(
    repo: Path, targets: list[str], *, max_file_bytes: int,
    language_for: Callable[[str], str | None], parser_for: Callable[[str], Any],
    cancel: threading.Event | None = None, write_cache: bool = True,
) -> RepoIndex:
    """`write_cache` False (a dry run): the caches on disk are read when present, nothing is written."""
    listing = snapshot(repo, cancel)
    snap = listing.files
    for target in targets:
        if target not in snap and (repo / target).is_file():
            snap[target] = None
    wanted = set(targets)
    root = str(repo)
    paths = list(snap)
    flags = attribute_flags(repo, paths, cancel) if mentions_linguist(repo, paths) else {}
    cache = TagCache.open(repo, on_disk=listing.caches_trusted, writable=write_cache)
    _check(cancel)
    state = graph_store.load(cache.folder)
    _check(cancel)
    look_up = not cache.empty()
    entries: dict[str, graph_store.Entry] = {}
    fresh: dict[str, dict[str, int]] = {}  # refs of files new or changed since the stored state
    stats = {"files": len(snap), "cached": 0, "tagged": 0}
    try:
        for n, (path, known) in enumerate(snap.items()):
            if n % 64 == 0:
                _check(cancel)
            if path not in wanted and (flags.get(path) or path_reason(path)):
                entries[path] = ("", "", 0, flags.get(path) or path_reason(path) or "", [])
                continue
            old = state.files.get(path)
            if known and old is not None and old[0] == known:  # same path, same content: same entry
                entries[path] = old
                stats["cached"] += 1
                continue
            key = language_for(path) or ""
            row = cache.row(known, key) if known and look_up else None
            blob = known or ""
            if row is None:
                try:
                    with open(os.path.join(root, path), "rb") as handle:  # no Path: 50k of them add up
                        data = handle.read()
                except OSError as exc:
                    entries[path] = ("", "", 0, f"unreadable: {exc.strerror}", [])
                    continue
                blob = blob_id(data)
                if old is not None and old[0] == blob and old[1] == key:
                    entries[path] = old
                    stats["cached"] += 1
                    continue
                row = cache.row(blob, key) if look_up else None
                if row is None:
                    row = _tag_row(path, data, key or None)
                    cache.put(blob, key, row.size, row.skip, row.names, row.refs)
                    stats["tagged"] += 1
                else:
                    stats["cached"] += 1
            else:
                stats["cached"] += 1
            entries[path] = (blob, key, row.size, row.skip, row.names)
            if not row.skip:
                fresh[path] = row.refs
    finally:
        cache.flush()
    _check(cancel)
    changed = _update_users(state, entries, fresh, cache)
    if changed and cache.writable:
        graph_store.save(cache.folder, state)
    live = {(e[0], e[1]) for e in entries.values() if e[0]}
    cache.prune(live, cache.count())
    return _index(repo, entries, wanted, max_file_bytes, state, stats, cache, parser_for, fresh)


def _update_users(state: graph_store.GraphState, entries: dict[str, graph_store.Entry],
                  fresh: dict[str, dict[str, int]], cache: TagCache) -> bool:
    """Patch the stored inverted index (name → files using it) with what changed; True if it did."""
    gone = [p for p, e in state.files.items() if entries.get(p) != e]
    if not gone and not fresh and state.loaded and len(state.files) == len(entries):
        return False
    users = state.users
    if len(gone) > max(100, len(entries) // 10):  # another branch, say: rebuild from the cached rows
        users.clear()
        for path, entry in entries.items():
            if path not in fresh and entry[0] and not entry[3]:
                row = cache.row(entry[0], entry[1])
                if row is not None:
                    fresh[path] = row.refs
        gone = []
    for path in gone:
        old = state.files[path]
        old_row = cache.row(old[0], old[1]) if old[0] else None
        names = old_row.refs.keys() & users.keys() if old_row is not None else list(users)
        for name in names:
            users[name] = [u for u in users[name] if u[0] != path]
    # Names defined in many files make no edges (graph.MAX_OWNERS); their users, often every file
    # (`run`, `__init__`), are not kept. Twice the limit, so a few files more or fewer do not matter.
    owners = Counter(name for e in entries.values() for name in e[4])
    defined = {name for name, count in owners.items() if count <= 2 * MAX_OWNERS}
    for path, refs in fresh.items():
        for name in refs.keys() & defined:
            users.setdefault(name, []).append((path, refs[name]))
    state.files = entries
    state.loaded = True
    return True


def _index(repo: Path, entries: dict[str, graph_store.Entry], wanted: set[str], max_file_bytes: int,
           state: graph_store.GraphState, stats: dict[str, int], cache: TagCache,
           parser_for: Callable[[str], Any], fresh: dict[str, dict[str, int]]) -> RepoIndex:
    files: dict[str, FileInfo] = {}
    skipped: dict[str, str] = {}
    digest = hashlib.sha1(usedforsecurity=False)
    for path, (blob, key, size, skip, names) in entries.items():
        digest.update(f"{path}\0{blob}\n".encode())
        target = path in wanted
        if skip and (not target or skip in ("binary", "not UTF-8") or skip.startswith("unreadable")):
            skipped[path] = skip
        elif not target and size > max_file_bytes:
            skipped[path] = f"larger than {max_file_bytes} bytes ({size})"
        else:
            files[path] = FileInfo(path, blob, key or None, names, fresh.get(path))
    return RepoIndex(repo, files, skipped, digest.hexdigest(), stats, cache, parser_for=parser_for,
                     users=state.users)


def _tag_row(path: str, data: bytes, language: str | None) -> Row:
    text, reason = decode_text(data)
    if text is None:
        return Row(len(data), reason, [], {})
    generated = text_reason(text)
    if generated:
        return Row(len(data), generated, [], {})
    names, refs = names_and_refs(text, language)
    return Row(len(data), "", names, refs)
