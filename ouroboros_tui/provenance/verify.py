"""Verify a commit against its trailers and its run's artifact: did anything change since?"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from ouroboros_tui.provenance.artifact import CorruptRun, check_artifact
from ouroboros_tui.provenance.run_folder import RunFolder, UnknownRun
from ouroboros_tui.vcs.git import GitRepo
from ouroboros_tui.vcs.trailers import ouroboros_trailers


@dataclass
class VerifyReport:
    commit: str
    run_id: str | None
    has_trailers: bool
    trailers: dict[str, str] = field(default_factory=dict)
    checks: list[dict[str, Any]] = field(default_factory=list)  # name, ok, detail
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.has_trailers and all(c["ok"] for c in self.checks)

    @property
    def problems(self) -> list[str]:
        return [c["detail"] for c in self.checks if not c["ok"]]

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok, "problems": self.problems}


def verify(repo: GitRepo, commit: str = "HEAD") -> VerifyReport:
    sha = repo.resolve(commit)
    trailers = ouroboros_trailers(repo.message(sha))
    run_id = trailers.get("Ouroboros-Run")
    report = VerifyReport(commit=sha, run_id=run_id, has_trailers=bool(run_id), trailers=trailers)
    if not run_id:
        return report

    def check(name: str, ok: bool, detail: str) -> None:
        report.checks.append({"name": name, "ok": ok, "detail": detail})

    logger = RunFolder(repo.root)
    try:
        path = logger.artifact_path(run_id)
        data = path.read_bytes()
    except (UnknownRun, FileNotFoundError, IsADirectoryError):
        check("artifact", False, f"no run folder for {run_id} in {logger.runs} (verify in the clone "
                                 "that made the commit)")
        return report
    claimed = trailers.get("Ouroboros-Artifact", "").removeprefix("sha256:").strip()
    actual = hashlib.sha256(data).hexdigest()
    check("artifact", claimed == actual,
          f"artifact_metadata.json sha256 {actual[:16]}… {'matches' if claimed == actual else 'does not match'}"
          f" the trailer ({claimed[:16] or 'missing'}…)")
    try:
        artifact = check_artifact(json.loads(data), path)
    except ValueError:
        check("artifact-json", False, "artifact_metadata.json is not valid JSON")
        return report
    except CorruptRun as exc:
        check("artifact-json", False, str(exc))
        return report
    if artifact.get("run_id") != run_id:
        check("run-id", False, f"the artifact belongs to run {artifact.get('run_id')!r}, not {run_id}")
    patch = artifact.get("patch")
    total = sum(len(f["hunks"]) for f in patch["files"]) if patch else 0
    hunks = f"{len(artifact.get('selection', []))}/{total}"
    if trailers.get("Ouroboros-Hunks") and trailers["Ouroboros-Hunks"] != hunks:
        check("hunks", False, f"trailer says {trailers['Ouroboros-Hunks']} hunks, the artifact {hunks}")
    _check_trailer_values(trailers, artifact, check)
    mods = {m["path"]: m for m in artifact.get("file_modifications", [])}
    rewrites = (logger.read_commit_info(run_id) or {}).get("hook_rewrites") or {}
    for rel, mod in mods.items():
        content = repo.file_at(sha, rel)
        expected = mod.get("committed_sha256") or mod.get("after_sha256")
        got = hashlib.sha256(content).hexdigest() if content is not None else None
        if got == expected:
            check(f"file:{rel}", True, f"{rel} matches the artifact")
        elif got is not None and rewrites.get(rel) == got:
            check(f"file:{rel}", True, f"{rel} matches what the commit hook made of the reviewed text")
            report.notes.append(f"{rel} was rewritten by a commit hook after review (recorded in commit.json)")
        elif got is None:
            check(f"file:{rel}", False, f"{rel} is missing from commit {sha[:12]}")
        else:
            check(f"file:{rel}", False, f"{rel} in commit {sha[:12]} has sha256 {got[:16]}…, the artifact "
                                        f"says {str(expected)[:16]}…")
    _recheck_levels(repo, sha, list(mods), trailers.get("Ouroboros-Safety", ""), check)
    extra = [p for p in repo.changed_paths(sha) if p not in mods]
    if extra:
        check("files", False, f"the commit also changes {', '.join(extra)}, which run {run_id} did not")
    try:
        recorded = (logger.read_commit_info(run_id) or {}).get("commit")
    except CorruptRun as exc:
        report.notes.append(str(exc))
        recorded = None
    if recorded and recorded != sha:
        report.notes.append(f"the run folder records commit {recorded[:12]}; this is {sha[:12]} "
                            "(amended, rebased or cherry-picked?)")
    return report


def _recheck_levels(repo: GitRepo, sha: str, paths: list[str], safety: str, check: Any) -> None:
    """Re-run the static gate levels the trailer names (syntax only for an old `passed (…)` trailer)
    on the committed files against their parent commit, and say whether they still pass."""
    from ouroboros_tui.gate.findings import STATIC_LEVELS
    from ouroboros_tui.gate.levels import check_static

    named = [word.split("=", 1)[0] for word in safety.split() if "=" in word]
    levels = [level for level in STATIC_LEVELS if level in named] or ["syntax"]
    parent = repo.repo.commit(sha).parents
    changes: dict[str, tuple[str | None, str]] = {}
    for rel in paths:
        after = repo.file_at(sha, rel)
        before = repo.file_at(parent[0].hexsha, rel) if parent else None
        if after is None:
            continue
        try:
            changes[rel] = (before.decode("utf-8") if before is not None else None, after.decode("utf-8"))
        except UnicodeDecodeError:
            continue
    for level, result in check_static(changes, levels).items():
        findings = "; ".join(f.describe() for f in result.findings[:5])
        check(f"gate:{level}", result.status != "fail",
              f"{level} level {'still passes' if result.status == 'pass' else result.status}"
              + (f": {findings}" if findings else "") + (f" ({result.detail})" if result.detail else ""))


def _check_trailer_values(trailers: dict[str, str], artifact: Any, check: Any) -> None:
    """The Risk, Models and Safety trailers must say what the artifact (hashed in the trailer) says:
    an amend that forges them is a mismatch."""
    risk = (artifact.get("risk") or {}).get("score", 0.0)
    if "Ouroboros-Risk" in trailers:
        expected = f"{float(risk):.2f}" if isinstance(risk, (int, float)) else None
        check("trailer:risk", trailers["Ouroboros-Risk"] == expected,
              f"Ouroboros-Risk says {trailers['Ouroboros-Risk']}, the artifact {expected}")
    models = artifact.get("models_used") or {}

    def label(role: str) -> str:
        info = models.get(role) or {}
        return str(info.get("label") or info.get("model") or info.get("id") or "none")

    if "Ouroboros-Models" in trailers:
        expected_models = f"reasoner={label('reasoner')}; builder={label('builder')}"
        check("trailer:models", " ".join(trailers["Ouroboros-Models"].split()) == " ".join(expected_models.split()),
              f"Ouroboros-Models says {trailers['Ouroboros-Models']!r}, the artifact {expected_models!r}")
    patch = artifact.get("patch") or {"files": []}
    chosen = set(artifact.get("selection") or [])
    edited = sum(1 for f in patch["files"] for h in f["hunks"] if h.get("id") in chosen and h.get("edited"))
    said = trailers.get("Ouroboros-Edited", "0").split("/")[0].strip()
    if edited or said != "0":
        check("trailer:edited", said == str(edited),  # a reviewer's edit left unsaid is a mismatch too
              f"Ouroboros-Edited says {trailers.get('Ouroboros-Edited', 'nothing')}, the artifact {edited} "
              "edited hunk(s)")
    summary = ((artifact.get("safety_checks") or {}).get("apply") or {}).get("summary")
    if "Ouroboros-Safety" in trailers and summary is not None:
        check("trailer:safety", trailers["Ouroboros-Safety"] == " ".join(str(summary).split()),
              f"Ouroboros-Safety says {trailers['Ouroboros-Safety']!r}, the artifact {summary!r}")
