"""ProvenanceLogger: the `.ouroboros/` run folder ★.

    .ouroboros/.gitignore                 "*": the folder never shows up in `git status`
    .ouroboros/runs/<run_id>/artifact_metadata.json
    .ouroboros/runs/<run_id>/patch.diff
    .ouroboros/runs/<run_id>/backups/<path>   the file as it was before apply
    .ouroboros/runs/<run_id>/commit.json      written after the commit (see docs/apply.md)

artifact_metadata.json is frozen once its run is committed: the commit's Ouroboros-Artifact trailer
is the sha256 of its bytes. What happens afterwards (the commit sha, an undo) goes to commit.json.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ouroboros_tui.vcs.atomic import atomic_write_bytes, atomic_write_many, atomic_write_text

DIRNAME = ".ouroboros"
ARTIFACT = "artifact_metadata.json"
PATCH = "patch.diff"
COMMIT = "commit.json"
BACKUPS = "backups"


class UnknownRun(KeyError):
    """No run folder with that id; the message lists the nearest ids."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown run"


def dump_json(document: Any) -> bytes:
    """The exact bytes we write (and hash): one top-level key per line (readable, diffable), each
    value compact (json's C encoder: indenting a whole patch would be 10x slower). UTF-8, final
    newline, key order as given."""
    if not isinstance(document, dict) or not document:
        return (json.dumps(document, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    lines = [f"  {json.dumps(str(key))}: {json.dumps(value, ensure_ascii=False, default=str)}"
             for key, value in document.items()]
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ensure_ignored_folder(base: Path) -> Path:
    """`.ouroboros/` and its `.gitignore`, before anything else is written there: whatever creates
    the folder first (a run, `list-runs`' history index, the tag cache) must not leave it untracked."""
    base.mkdir(parents=True, exist_ok=True)
    ignore = base / ".gitignore"
    if not ignore.exists():
        atomic_write_text(ignore, "# Ouroboros run data: local provenance, never committed.\n*\n")
    return base


class ProvenanceLogger:
    def __init__(self, repo_root: Path) -> None:
        self.repo_root = Path(repo_root)
        self.base = self.repo_root / DIRNAME
        self.runs = self.base / "runs"

    def ensure(self) -> Path:
        """Create `.ouroboros/` with its own `.gitignore` (so git ignores it without touching the
        user's .gitignore)."""
        ensure_ignored_folder(self.base)
        self.runs.mkdir(parents=True, exist_ok=True)
        return self.base

    def run_dir(self, run_id: str) -> Path:
        if not run_id or "/" in run_id or "\\" in run_id or run_id.startswith("."):
            raise UnknownRun(f"{run_id!r} is not a valid run id.")
        return self.runs / run_id

    def artifact_path(self, run_id: str) -> Path:
        return self.run_dir(run_id) / ARTIFACT

    def write_artifact(self, run_id: str, document: dict[str, Any]) -> str:
        """Write artifact_metadata.json atomically; returns the sha256 of the bytes written."""
        self.ensure()
        data = dump_json(document)
        atomic_write_bytes(self.artifact_path(run_id), data)
        return hashlib.sha256(data).hexdigest()

    def read_artifact(self, run_id: str) -> dict[str, Any]:
        path = self.artifact_path(run_id)
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise UnknownRun(f"no run {run_id!r} in {self.runs}") from None
        return data

    def artifact_sha256(self, run_id: str) -> str:
        return sha256_file(self.artifact_path(run_id))

    def write_patch(self, run_id: str, diff: str) -> Path:
        path = self.run_dir(run_id) / PATCH
        atomic_write_text(path, diff)
        return path

    def backup_path(self, run_id: str, rel_path: str) -> Path:
        return self.run_dir(run_id) / BACKUPS / rel_path

    def write_backup(self, run_id: str, rel_path: str, data: bytes, mode: int | None = None) -> Path:
        path = self.backup_path(run_id, rel_path)
        atomic_write_bytes(path, data, mode)
        return path

    def write_backups(self, run_id: str, files: list[tuple[str, bytes, int | None]]) -> list[Path]:
        """Back up several files in one durable batch; returns their paths."""
        paths = [self.backup_path(run_id, rel) for rel, _, _ in files]
        atomic_write_many([(path, data, mode) for path, (_, data, mode) in zip(paths, files, strict=True)])
        return paths

    def write_commit_info(self, run_id: str, info: dict[str, Any]) -> None:
        atomic_write_bytes(self.run_dir(run_id) / COMMIT, dump_json(info))

    def read_commit_info(self, run_id: str) -> dict[str, Any] | None:
        try:
            data: dict[str, Any] = json.loads((self.run_dir(run_id) / COMMIT).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        return data

    def run_ids(self) -> list[str]:
        if not self.runs.is_dir():
            return []
        return sorted(p.name for p in self.runs.iterdir() if (p / ARTIFACT).is_file())
