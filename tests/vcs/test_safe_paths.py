"""Everything Ouroboros writes goes through vcs/safe_paths: a linked or tracked `.ouroboros`, a `.git`
component anywhere, a parent that is a file, `~`, are refused before anything is written."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ouroboros_tui.apply.apply_run import apply_run
from ouroboros_tui.apply.errors import ApplyRefused
from ouroboros_tui.errors import SafetyRefusal
from ouroboros_tui.runs.persist import save_record
from ouroboros_tui.vcs.safe_paths import UnsafeWrite, run_folder, worktree_path
from tests.conftest import git
from tests.vcs.helpers import make_run, settings, snapshot


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("rel", ["vendor/.git/hooks/post-commit", ".git/config", "a/.GIT/x", "~/x.py", "/etc/x",
                                 "../x.py", "a/../../x.py", "x\0.py", ""])
def test_path_shapes_that_are_refused(git_repo: Path, rel: str) -> None:
    with pytest.raises(UnsafeWrite) as info:
        worktree_path(git_repo, rel)
    assert isinstance(info.value, SafetyRefusal)  # exit 3 through the one handler


def test_a_path_through_a_file_or_a_link_is_refused(git_repo: Path, tmp_path: Path) -> None:
    (git_repo / "calc.py").write_text("x = 1\n")
    with pytest.raises(UnsafeWrite, match=r"calc\.py is a file"):
        worktree_path(git_repo, "calc.py/x.py")
    outside = tmp_path / "outside"
    outside.mkdir()
    (git_repo / "linked").symlink_to(outside)
    with pytest.raises(UnsafeWrite, match="symbolic link"):
        worktree_path(git_repo, "linked/x.py")
    (git_repo / "dir").mkdir()
    with pytest.raises(UnsafeWrite, match="folder"):
        worktree_path(git_repo, "dir")
    assert worktree_path(git_repo, "new/deep/x.py") == git_repo / "new" / "deep" / "x.py"


def test_a_committed_symlinked_run_folder_is_refused_and_its_target_untouched(git_repo: Path, tmp_path: Path) -> None:
    other = tmp_path / "other-project"
    other.mkdir()
    git(other, "init", "-q")
    (other / "wip.py").write_text("work = 'in progress'\n")
    (git_repo / ".ouroboros").symlink_to(other)
    git(git_repo, "add", ".ouroboros")
    git(git_repo, "commit", "-q", "-m", "link")
    (git_repo / "app.py").write_text("a = 1\n")
    run = make_run(git_repo, {"app.py": "a = 2\n"}, save=False)
    before_other, before = _tree(other), snapshot(git_repo)
    with pytest.raises(UnsafeWrite, match="symbolic link"):
        save_record(git_repo, run)
    with pytest.raises(ApplyRefused, match="symbolic link"):
        apply_run(git_repo, run, [h.id for h in run.patch.hunks], settings(git_repo))  # type: ignore[union-attr]
    assert _tree(other) == before_other
    assert git(other, "status", "--porcelain") == "?? wip.py\n"
    assert snapshot(git_repo) == before


def test_a_tracked_run_folder_is_refused(git_repo: Path) -> None:
    (git_repo / ".ouroboros").mkdir()
    (git_repo / ".ouroboros" / "notes.txt").write_text("mine\n")
    git(git_repo, "add", "-f", ".ouroboros/notes.txt")
    with pytest.raises(UnsafeWrite, match="tracked by git"):
        run_folder(git_repo)
    assert not (git_repo / ".ouroboros" / ".gitignore").exists()


def test_a_nested_repository_hook_is_never_written(git_repo: Path) -> None:
    nested = git_repo / "vendor" / ".git" / "hooks"
    nested.mkdir(parents=True)
    run = make_run(git_repo, {"vendor/.git/hooks/post-commit": "#!/bin/sh\necho pwned\n"})
    before = snapshot(git_repo)
    with pytest.raises(ApplyRefused, match=r"\.git folder"):
        apply_run(git_repo, run, [h.id for h in run.patch.hunks], settings(git_repo))  # type: ignore[union-attr]
    assert not (nested / "post-commit").exists() and snapshot(git_repo) == before


def test_a_long_file_name_is_written(git_repo: Path) -> None:
    """255 bytes is the file-name limit: the temp file next to it must not need more."""
    name = "m" * 245 + ".py"
    (git_repo / name).write_text("a = 1\n")
    git(git_repo, "add", name)
    git(git_repo, "commit", "-q", "-m", "long")
    run = make_run(git_repo, {name: "a = 2\n"})
    apply_run(git_repo, run, [h.id for h in run.patch.hunks], settings(git_repo))  # type: ignore[union-attr]
    assert git(git_repo, "show", f"HEAD:{name}") == "a = 2\n"
    assert stat.S_ISREG(os.lstat(git_repo / name).st_mode)


def test_temp_files_a_killed_apply_left_in_backups_are_removed(git_repo: Path) -> None:
    (git_repo / "app.py").write_text("a = 1\n")
    git(git_repo, "add", "app.py")
    git(git_repo, "commit", "-q", "-m", "app")
    run = make_run(git_repo, {"app.py": "a = 2\n"})
    backups = git_repo / ".ouroboros" / "runs" / run.run_id / "backups"
    backups.mkdir(parents=True)
    (backups / ".app.py.ouroboros-dead1234.tmp").write_text("half")
    apply_run(git_repo, run, [h.id for h in run.patch.hunks], settings(git_repo))  # type: ignore[union-attr]
    assert sorted(p.name for p in backups.iterdir()) == ["app.py"]


def test_a_link_planted_in_the_run_folder_refuses_the_apply_before_any_write(git_repo: Path, tmp_path: Path) -> None:
    (git_repo / "app.py").write_text("a = 1\n")
    git(git_repo, "add", "app.py")
    git(git_repo, "commit", "-q", "-m", "app")
    run = make_run(git_repo, {"app.py": "a = 2\n"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (git_repo / ".ouroboros" / "runs" / run.run_id / "backups").symlink_to(elsewhere)
    before = snapshot(git_repo)
    with pytest.raises(ApplyRefused, match="symbolic link"):
        apply_run(git_repo, run, [h.id for h in run.patch.hunks], settings(git_repo))  # type: ignore[union-attr]
    assert snapshot(git_repo) == before and list(elsewhere.iterdir()) == []
    assert (git_repo / "app.py").read_text() == "a = 1\n"
