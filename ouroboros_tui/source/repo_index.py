"""The repository as the compressor's graph sees it: each file's definition names and references,
from the tag cache where its blob id is known, tagged (and cached) where it is not. Files that are
binary, not UTF-8, too large, generated, minified or vendored take no part; targets always do.
Texts and full definitions are read only for the files the context ends up showing."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ouroboros_tui.source.generated import attribute_flags, has_attributes_file, path_reason, text_reason
from ouroboros_tui.source.graph import Stopped
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
    refs: dict[str, int]


@dataclass
class RepoIndex:
    repo: Path
    files: dict[str, FileInfo]
    skipped: dict[str, str]  # path → reason
    fingerprint: str  # changes when any file's content does
    stats: dict[str, int] = field(default_factory=dict)
    cache: TagCache | None = None
    parser_for: Callable[[str], Any] | None = None
    _definitions: dict[str, list[Definition]] = field(default_factory=dict)

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


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Stopped()


def _decode(data: bytes) -> tuple[str | None, str]:
    if b"\0" in data[:8192]:
        return None, "binary"
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        return None, "not UTF-8"


def build_index(
    repo: Path, targets: list[str], *, max_file_bytes: int,
    language_for: Callable[[str], str | None], parser_for: Callable[[str], Any],
    cancel: threading.Event | None = None,
) -> RepoIndex:
    snap = snapshot(repo)
    for target in targets:
        if target not in snap and (repo / target).is_file():
            snap[target] = None
    wanted = set(targets)
    root = str(repo)
    skipped: dict[str, str] = {}
    flags = attribute_flags(repo, list(snap)) if has_attributes_file(repo, list(snap)) else {}
    cache = TagCache.open(repo)
    rows = cache.rows()
    files: dict[str, FileInfo] = {}
    stats = {"files": len(snap), "cached": 0, "tagged": 0}
    digest = hashlib.sha1(usedforsecurity=False)
    live: set[tuple[str, str]] = set()
    try:
        for n, (path, known) in enumerate(snap.items()):
            if n % 64 == 0:
                _check(cancel)
            is_target = path in wanted
            reason = None if is_target else (flags.get(path) or path_reason(path))
            if reason:
                skipped[path] = reason
                continue
            language = language_for(path)
            key = language or ""
            row = rows.get((known, key)) if known else None
            blob = known or ""
            if row is None:
                try:
                    with open(os.path.join(root, path), "rb") as handle:  # no Path: 50k of them add up
                        data = handle.read()
                except OSError as exc:
                    skipped[path] = f"unreadable: {exc.strerror}"
                    continue
                blob = blob_id(data)
                row = rows.get((blob, key))
                if row is None:
                    row = _tag_row(path, data, language)
                    cache.put(blob, key, row.size, row.skip, row.names, row.refs)
                    stats["tagged"] += 1
                else:
                    stats["cached"] += 1
            else:
                stats["cached"] += 1
            digest.update(f"{path}\0{blob}\n".encode())
            live.add((blob, key))
            if not is_target and row.skip:
                skipped[path] = row.skip
            elif not is_target and row.size > max_file_bytes:
                skipped[path] = f"larger than {max_file_bytes} bytes ({row.size})"
            elif row.skip in ("binary", "not UTF-8"):
                skipped[path] = row.skip  # a target, but not text
            else:
                files[path] = FileInfo(path, blob, language, row.names, row.refs)
    finally:
        cache.flush()
    cache.prune(live, len(rows) + stats["tagged"])
    return RepoIndex(repo, files, skipped, digest.hexdigest(), stats, cache, parser_for=parser_for)


def _tag_row(path: str, data: bytes, language: str | None) -> Row:
    text, reason = _decode(data)
    if text is None:
        return Row(len(data), reason, [], {})
    generated = text_reason(text)
    if generated:
        return Row(len(data), generated, [], {})
    names, refs = names_and_refs(text, language)
    return Row(len(data), "", names, refs)
