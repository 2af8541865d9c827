"""The run folder and its SQLite index: pending runs saved and loaded, the index rebuilt when
deleted or corrupt, listing newest first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ouroboros_tui.provenance.run_folder import RunFolder
from ouroboros_tui.runs.persist import UnknownRun, latest_record, load_record, run_store, save_record
from ouroboros_tui.runs.record import RunRecord
from tests.conftest import git
from tests.vcs.helpers import make_run


def record(i: int, status: str = "pending") -> RunRecord:
    return RunRecord(run_id=f"gen_20261123_1200{i:02d}_ab{i:02d}", task=f"task {i}", targets=["a.py"],
                     repo="/r", created_at=f"2026-11-23T12:00:{i:02d}+00:00", status=status,
                     risk={"score": i / 100})


def test_run_folder_layout_and_git_ignores_it(git_repo: Path) -> None:
    (git_repo / "a.py").write_text("a = 1\n")
    git(git_repo, "add", "a.py")
    git(git_repo, "commit", "-qm", "a")
    run = make_run(git_repo, {"a.py": "a = 2\n"})
    folder = git_repo / ".ouroboros" / "runs" / run.run_id
    assert (folder / "artifact_metadata.json").is_file()
    assert (folder / "patch.diff").read_text().startswith("--- a/a.py\n+++ b/a.py\n")
    assert (git_repo / ".ouroboros" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert git(git_repo, "status", "--porcelain") == ""
    loaded = load_record(git_repo, run.run_id)
    assert loaded.to_artifact() == run.to_artifact()
    with sqlite3.connect(git_repo / ".ouroboros" / "history.sqlite3") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_unknown_run_lists_nearest_ids(tmp_path: Path) -> None:
    for i in range(3):
        save_record(tmp_path, record(i))
    with pytest.raises(UnknownRun, match=r"Nearest: .*gen_20261123_120001_ab01"):
        load_record(tmp_path, "gen_20261123_120001_ab0x")
    assert load_record(tmp_path, "gen_20261123_120002").run_id == "gen_20261123_120002_ab02"  # unique prefix


def test_list_newest_first_with_status_and_offset(tmp_path: Path) -> None:
    for i in range(10):
        save_record(tmp_path, record(i, "applied" if i % 2 else "pending"))
    with run_store(tmp_path) as store:
        assert [r["task"] for r in store.list_runs(3)] == ["task 9", "task 8", "task 7"]
        assert [r["task"] for r in store.list_runs(2, offset=3)] == ["task 6", "task 5"]
        assert [r["task"] for r in store.list_runs(2, status="applied")] == ["task 9", "task 7"]
        assert store.count() == 10
    latest = latest_record(tmp_path)
    assert latest is not None and latest.task == "task 9"


def test_deleted_index_is_rebuilt_from_run_folders(tmp_path: Path) -> None:
    for i in range(4):
        save_record(tmp_path, record(i))
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / ".ouroboros" / f"history.sqlite3{suffix}").unlink(missing_ok=True)
    store = run_store(tmp_path)
    assert [r["task"] for r in store.list_runs(10)] == ["task 3", "task 2", "task 1", "task 0"]
    assert store.rebuilt_from == "missing"
    store.close()


def test_corrupt_index_is_set_aside_and_rebuilt(tmp_path: Path) -> None:
    for i in range(4):
        save_record(tmp_path, record(i))
    db = tmp_path / ".ouroboros" / "history.sqlite3"
    for suffix in ("-wal", "-shm"):
        (tmp_path / ".ouroboros" / f"history.sqlite3{suffix}").unlink(missing_ok=True)
    db.write_bytes(b"this is not a database, just garbage" * 100)
    with run_store(tmp_path) as store:
        rows = store.list_runs(10)
        assert store.rebuilt_from == "corrupt"
    assert len(rows) == 4 and rows[0]["risk"] == pytest.approx(0.03)
    assert list((tmp_path / ".ouroboros").glob("history.sqlite3.corrupt-*"))
    # And saving keeps working on the rebuilt file.
    save_record(tmp_path, record(5))
    with run_store(tmp_path) as store:
        assert store.count() == 5


def test_corrupt_artifact_is_skipped_on_rebuild(tmp_path: Path) -> None:
    for i in range(3):
        save_record(tmp_path, record(i))
    RunFolder(tmp_path).artifact_path(record(1).run_id).write_text("{broken")
    with run_store(tmp_path) as store:
        assert store.rebuild() == 2
