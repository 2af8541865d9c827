"""Build pending runs on real temp repos, the way the pipeline leaves them."""

from __future__ import annotations

from pathlib import Path

from ouroboros_tui.config import Settings, load_settings
from ouroboros_tui.patch.hunks import make_patch
from ouroboros_tui.runs.persist import save_record
from ouroboros_tui.runs.record import RunRecord, new_run_id, sha256_text
from tests.conftest import git


def make_run(repo: Path, changes: dict[str, str], task: str = "Rename things", save: bool = True,
             risk: float = 0.12) -> RunRecord:
    """A pending run whose patch turns each file's current work-tree text into `changes[path]`."""
    befores: dict[str, str | None] = {}
    for rel in changes:
        path = repo / rel
        befores[rel] = path.read_bytes().decode() if path.exists() else None  # no newline translation
    patch = make_patch({rel: (befores[rel], after) for rel, after in changes.items()})
    record = RunRecord(
        run_id=new_run_id(),
        task=task,
        targets=sorted(changes),
        repo=str(repo),
        status="pending",
        models_used={"reasoner": {"model": "scripted:plan.jsonl"}, "builder": {"model": "tiny/coder"}},
        plan={"source": "model", "steps": [{"file": p, "symbol": "", "action": "edit"} for p in sorted(changes)]},
        base_hashes={rel: sha256_text(b) for rel, b in befores.items()},
        patch=patch,
        risk={"score": risk},
        safety={"passed": True},
    )
    if save:
        save_record(repo, record)
    return record


def settings(repo: Path, **overrides: object) -> Settings:
    from dataclasses import replace

    return replace(load_settings(repo, use_user_file=False), **overrides)  # type: ignore[arg-type]


def snapshot(repo: Path) -> dict[str, str]:
    """What the user would look at: HEAD, the index and the work tree."""
    return {
        "head": git(repo, "rev-parse", "HEAD"),
        "status": git(repo, "status", "--porcelain=v1", "--untracked-files=all"),
        "diff": git(repo, "diff"),
        "cached": git(repo, "diff", "--cached"),
        "index": git(repo, "ls-files", "-s"),
    }


def numbered(lines: int, prefix: str = "v") -> str:
    return "".join(f"{prefix}{i} = {i}\n" for i in range(1, lines + 1))
