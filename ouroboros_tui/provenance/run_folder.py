"""RunFolder: the `.ouroboros/` run folder ★.

    .ouroboros/.gitignore                 "*": the folder never shows up in `git status`
    .ouroboros/runs/<run_id>/artifact_metadata.json
    .ouroboros/runs/<run_id>/patch.diff
    .ouroboros/runs/<run_id>/backups/<path>   the file as it was before apply
    .ouroboros/runs/<run_id>/commit.json      written after the commit (see docs/apply.md)
    .ouroboros/runs/<run_id>/review.json      a pending run's review so far (decisions, reasons)

artifact_metadata.json is frozen once its run is committed: the commit's Ouroboros-Artifact trailer
is the sha256 of its bytes. What happens afterwards (the commit sha, an undo) goes to commit.json.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ouroboros_tui.errors import UsageError
from ouroboros_tui.provenance.artifact import Artifact, CommitInfo, CorruptRun, check_artifact, check_commit_info
from ouroboros_tui.vcs.atomic import atomic_write_bytes, atomic_write_many
from ouroboros_tui.vcs.safe_paths import run_folder, run_path

DIRNAME = ".ouroboros"
ARTIFACT = "artifact_metadata.json"
PATCH = "patch.diff"
COMMIT = "commit.json"
REVIEW = "review.json"
BACKUPS = "backups"


class UnknownRun(UsageError):
    """No run folder with that id; the message lists the nearest ids."""


def dump_json(document: object) -> bytes:
    """The exact bytes we write (and hash): one top-level key per line (readable, diffable), each
    value compact (json's C encoder: indenting a whole patch would be 10x slower). UTF-8, final
    newline, key order as given."""
    if not isinstance(document, dict) or not document:
        return (json.dumps(document, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    lines = [f"  {json.dumps(str(key))}: {json.dumps(value, ensure_ascii=False, default=str)}"
             for key, value in document.items()]
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")


def _read_json(path: Path) -> object:
    """A run folder's JSON file; CorruptRun (naming the file) when it cannot be read as JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise CorruptRun(f"{path} cannot be read: {why}. Restore it or delete the run folder.") from None
    except json.JSONDecodeError as exc:
        raise CorruptRun(f"{path} is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
                         "restore it or delete the run folder.") from None


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ensure_ignored_folder(base: Path) -> Path:
    """`.ouroboros/` and its `.gitignore`, before anything else is written there: whatever creates
    the folder first (a run, `list-runs`' history index, the tag cache) must not leave it untracked."""
    base.mkdir(parents=True, exist_ok=True)
    ignore = base / ".gitignore"
    if not ignore.exists():
        atomic_write_bytes(ignore, b"# Ouroboros run data: local provenance, never committed.\n*\n")
    return base


class RunFolder:
    def __init__(self, repo_root: Path) -> None:
        self.repo_root = Path(repo_root)
        self.base = self.repo_root / DIRNAME
        self.runs = self.base / "runs"
        self._checked = False

    def ensure(self) -> Path:
        """Create `.ouroboros/` with its own `.gitignore` (so git ignores it without touching the
        user's .gitignore). Refuses (UnsafeWrite) a linked, non-folder or tracked `.ouroboros`."""
        if not self._checked:
            run_folder(self.repo_root)
            self._checked = True
        self.runs.mkdir(parents=True, exist_ok=True)
        ignore = self.base / ".gitignore"
        if not ignore.exists():
            atomic_write_bytes(self._target(ignore), b"# Ouroboros run data: local provenance, never committed.\n*\n")
        return self.base

    def _target(self, path: Path) -> Path:
        """Every write under the run folder goes through safe_paths: no link, no file as a parent."""
        if not self._checked:
            self.ensure()
        return run_path(self.repo_root, path.relative_to(self.base).as_posix())

    def run_dir(self, run_id: str) -> Path:
        if not run_id or "/" in run_id or "\\" in run_id or run_id.startswith("."):
            raise UnknownRun(f"{run_id!r} is not a valid run id.")
        return self.runs / run_id

    def artifact_path(self, run_id: str) -> Path:
        return self.run_dir(run_id) / ARTIFACT

    def write_artifact(self, run_id: str, document: Artifact) -> str:
        """Write artifact_metadata.json atomically; returns the sha256 of the bytes written."""
        self.ensure()
        data = dump_json(document)
        atomic_write_bytes(self._target(self.artifact_path(run_id)), data)
        return hashlib.sha256(data).hexdigest()

    def read_artifact(self, run_id: str) -> Artifact:
        """The run's artifact, checked against its documented shape: UnknownRun when there is no
        such run, CorruptRun when the file cannot be read as one."""
        path = self.artifact_path(run_id)
        if not path.exists() and not path.is_symlink():
            raise UnknownRun(f"no run {run_id!r} in {self.runs}")
        return check_artifact(_read_json(path), path)

    def artifact_sha256(self, run_id: str) -> str:
        return sha256_file(self.artifact_path(run_id))

    def write_patch(self, run_id: str, diff: str) -> Path:
        path = self.run_dir(run_id) / PATCH
        atomic_write_bytes(self._target(path), diff.encode("utf-8"))
        return path

    def backup_path(self, run_id: str, rel_path: str) -> Path:
        return self.run_dir(run_id) / BACKUPS / rel_path

    def write_backups(self, run_id: str, files: list[tuple[str, bytes, int | None]]) -> list[Path]:
        """Back up several files in one durable batch; returns their paths."""
        paths = [self._target(self.backup_path(run_id, rel)) for rel, _, _ in files]
        atomic_write_many([(path, data, mode) for path, (_, data, mode) in zip(paths, files, strict=True)])
        return paths

    def write_commit_info(self, run_id: str, info: CommitInfo) -> None:
        atomic_write_bytes(self._target(self.run_dir(run_id) / COMMIT), dump_json(info))

    def read_commit_info(self, run_id: str) -> CommitInfo | None:
        """commit.json, or None before the run is committed. A damaged one is a CorruptRun, not
        None: None would unfreeze a committed artifact."""
        path = self.run_dir(run_id) / COMMIT
        if not path.exists() and not path.is_symlink():
            return None
        return check_commit_info(_read_json(path), path)

    def write_review(self, run_id: str, state: dict[str, object]) -> None:
        """The reviewer's decisions so far, beside the artifact (which stays as generated)."""
        self.ensure()
        atomic_write_bytes(self._target(self.run_dir(run_id) / REVIEW), dump_json(state))

    def write_edit_draft(self, run_id: str, hunk_number: int, text: str) -> Path:
        """The text a reviewer edits for one hunk (`e`): a file for their editor, inside the repository
        (as git keeps `.git/addp-hunk-edit.diff`), rewritten on each edit."""
        self.ensure()
        path = self._target(self.run_dir(run_id) / "edits" / f"hunk-{hunk_number}.diff")
        atomic_write_bytes(path, text.encode("utf-8"))
        return path

    def read_review(self, run_id: str) -> dict[str, object] | None:
        """review.json, or None when there is none or it cannot be read: a lost review costs the
        decisions (asked again), never the run."""
        path = self.run_dir(run_id) / REVIEW
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return None
        return data if isinstance(data, dict) else None

    def run_ids(self) -> list[str]:
        if not self.runs.is_dir():
            return []
        return sorted(p.name for p in self.runs.iterdir() if (p / ARTIFACT).is_file())
