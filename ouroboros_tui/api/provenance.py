"""ProvenanceLogger for scripts (the seed's API): log what a script did with models, the gate and
files, and `finalize()` into the same run folder ★ the pipeline writes, so `ouroboros status`,
`apply` and, after an apply, `verify` read a run made from a script like any other."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ouroboros_tui.api.presets import find_repo
from ouroboros_tui.errors import OuroborosError
from ouroboros_tui.runs.record import RunRecord, new_run_id, sha256_text

if TYPE_CHECKING:
    from ouroboros_tui.gate.results import ValidationResult


class LoggerFinalized(OuroborosError):
    """A log_* call after finalize(): the artifact is written; start a new logger for a new run."""


class ProvenanceLogger:
    """`logger = ProvenanceLogger()`; `logger.run_id` looks like gen_20250121_123456_ab12."""

    def __init__(self, repo: str | Path | None = None, *, task: str = "", run_id: str | None = None) -> None:
        self.repo = find_repo(repo)
        self.run_id = run_id or new_run_id()
        self.record = RunRecord(run_id=self.run_id, task=task, targets=[], repo=str(self.repo),
                                status="pending", preset="script")
        self._changes: dict[str, tuple[str | None, str]] = {}
        self._results: list[dict[str, Any]] = []
        self._finalized: Path | None = None

    def _open(self) -> None:
        if self._finalized is not None:
            raise LoggerFinalized(f"run {self.run_id} is finalized ({self._finalized}); start a new logger.")

    def log_model_usage(self, role: str, model_id: str, *, tokens: int = 0, seconds: float = 0.0,
                        backend: str = "external") -> None:
        """One model call (calls of one role add up, as in a pipeline run)."""
        self._open()
        entry = self.record.models_used.setdefault(
            role, {"model": model_id, "backend": backend, "calls": 0, "tokens": 0, "seconds": 0.0,
                   "tokens_per_s": 0.0, "load_s": 0.0})
        entry["model"] = model_id
        entry["calls"] += 1
        entry["tokens"] += int(tokens)
        entry["seconds"] = round(entry["seconds"] + float(seconds), 4)
        entry["tokens_per_s"] = round(entry["tokens"] / entry["seconds"], 2) if entry["seconds"] > 0 else 0.0

    def log_safety_check(self, path: str, result: ValidationResult) -> None:
        """A gate verdict on one file (a ValidationResult from SyntaxValidator)."""
        self._open()
        doc = result.to_dict(path)
        doc["checked"] = True
        self._results = [r for r in self._results if r.get("path") != path] + [doc]

    def log_file_modification(self, path: str, before: str | None, after: str) -> None:
        """A file's text before (None: a new file) and after. Hashes, the diff and a backup of the
        before text go into the run folder; `ouroboros apply RUN_ID` can then commit the change."""
        self._open()
        first_before = self._changes[path][0] if path in self._changes else before
        self._changes[path] = (first_before, after)

    def finalize(self) -> Path:
        """Write runs/<run_id>/artifact_metadata.json (and patch.diff, the index row); return its path."""
        from ouroboros_tui.patch.hunks import make_patch
        from ouroboros_tui.patch.risk import score_patch
        from ouroboros_tui.provenance.run_folder import RunFolder
        from ouroboros_tui.runs.persist import save_record
        from ouroboros_tui.source.grammar import language_for
        from ouroboros_tui.source.tags import tags_for

        if self._finalized is not None:
            return self._finalized
        record = self.record
        record.targets = sorted(self._changes)
        patch = make_patch(self._changes, {p: language_for(p) for p in self._changes})
        record.patch = patch
        record.base_hashes = {p: sha256_text(before) for p, (before, _after) in self._changes.items()}
        record.risk = score_patch(patch, tags_for, 1, 1, None) if patch.hunks else {"score": 0.0, "factors": {}}
        record.safety = {
            "passed": all(r.get("is_valid", False) for r in self._results),
            "checkers": sorted({str(r["checker"]) for r in self._results if r.get("checker")}),
            "files": len(self._results), "files_checked": len(self._results), "unchecked": [],
            "results": self._results,
        } if self._results else {}
        folder = RunFolder(self.repo)
        backups = folder.write_backups(self.run_id, [
            (p, before.encode("utf-8"), None) for p, (before, _a) in self._changes.items() if before is not None])
        backup_of = dict(zip([p for p, (b, _a) in self._changes.items() if b is not None], backups, strict=True))
        record.file_modifications = [
            {"path": f.path, "before_sha256": sha256_text(f.before), "after_sha256": sha256_text(f.after),
             "new_file": f.is_new, "diff": f.unified(),
             "backup": str(backup_of[f.path].relative_to(self.repo)) if f.path in backup_of else None}
            for f in patch.files
        ]
        self._finalized = save_record(self.repo, record)
        return self._finalized
