"""A one-line change to a big file: the artifact names the file by hash instead of copying it, and
the run still loads, applies and verifies; with git's copy pruned, the text is found again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ouroboros_tui.apply.apply_run import apply_run
from ouroboros_tui.apply.undo import verify_commit
from ouroboros_tui.runs.artifact_texts import MissingText
from ouroboros_tui.runs.persist import load_record
from tests.conftest import git
from tests.vcs.helpers import make_run, numbered, settings

BIG = numbered(40_000)  # ~0.5 MB


@pytest.fixture
def run(git_repo: Path):  # type: ignore[no-untyped-def]
    (git_repo / "big.py").write_text(BIG)
    git(git_repo, "add", "big.py")
    git(git_repo, "commit", "-q", "-m", "big")
    return make_run(git_repo, {"big.py": BIG.replace("v20000 = 20000\n", "v20000 = 2\n")})


def _artifact(repo: Path, run_id: str) -> Path:
    return repo / ".ouroboros" / "runs" / run_id / "artifact_metadata.json"


def test_the_artifact_is_proportional_to_the_change_not_the_file(git_repo: Path, run) -> None:  # type: ignore[no-untyped-def]
    path = _artifact(git_repo, run.run_id)
    assert path.stat().st_size < len(BIG) / 20
    entry = json.loads(path.read_text())["patch"]["files"][0]
    assert entry["before"] is None and entry["texts"]["before"]["git_blob"] == git(git_repo, "rev-parse",
                                                                                  "HEAD:big.py").strip()
    loaded = load_record(git_repo, run.run_id)
    assert loaded.patch.files[0].before == BIG  # type: ignore[union-attr]
    apply_run(git_repo, loaded, [h.id for h in loaded.patch.hunks], settings(git_repo))  # type: ignore[union-attr]
    assert "v20000 = 2\n" in git(git_repo, "show", "HEAD:big.py")
    assert verify_commit(git_repo).ok
    assert _artifact(git_repo, run.run_id).stat().st_size < len(BIG) / 20


def test_a_pruned_blob_is_found_in_the_work_tree_or_the_run_is_refused_clearly(git_repo: Path) -> None:
    text = BIG.replace("v1 = 1\n", "v1 = 'uncommitted'\n")  # not in git: its blob is ours alone
    (git_repo / "big.py").write_text(text)
    run = make_run(git_repo, {"big.py": text.replace("v20000 = 20000\n", "v20000 = 2\n")})
    blob = json.loads(_artifact(git_repo, run.run_id).read_text())["patch"]["files"][0]["texts"]["before"]["git_blob"]
    (git_repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()  # what `git gc --prune` does to it
    assert load_record(git_repo, run.run_id).patch.files[0].before == text  # type: ignore[union-attr]
    (git_repo / "big.py").write_text("changed\n")
    with pytest.raises(MissingText, match="Regenerate"):
        load_record(git_repo, run.run_id)
