"""`/` in the file tree: a fuzzy finder over 2,000 files; enter previews with a breadcrumb, enter
again puts the tree's cursor on the file, `space` marks it. A deep file in about a dozen keys."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from ouroboros_tui.tui.screens.file_finder import FileFinderScreen, rank
from ouroboros_tui.tui.widgets.file_tree import FileTree
from tests.tui.helpers import demo_app, wait_until


def _big_repo(repo: Path, n: int = 2000) -> None:
    for i in range(n):
        path = repo / f"pkg{i % 20}" / f"sub{i % 7}" / f"mod_{i}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"VALUE_{i} = {i}\n")
    subprocess.run(["git", "add", "."], cwd=repo, check=True, capture_output=True)
    subprocess.run(["git", "commit", "-qm", "many files"], cwd=repo, check=True, capture_output=True)


def test_rank_prefers_tight_matches_and_counts_all() -> None:
    files = ["src/app/models.py", "src/app/main.py", "docs/models.md", "tests/test_main.py"]
    shown, total = rank("main", files)
    assert total == 2 and shown[0] == "src/app/main.py"
    assert rank("", files) == (files, 4)
    assert rank("zzz", files) == ([], 0)


# Slow tier: 2,000 files; the finder's keys stay fast in test_escape_closes_and_arrows_choose,
# its ranking in test_rank_prefers_tight_matches_and_counts_all.
@pytest.mark.slow
async def test_finding_previewing_and_marking_a_deep_file(tmp_path: Path) -> None:
    app, repo = demo_app(tmp_path)
    _big_repo(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.screen.query_one(FileTree)
        await wait_until(pilot, lambda: tree.loaded)
        assert len(tree.listing.files) > 2000
        await pilot.press("ctrl+f", "slash")
        await wait_until(pilot, lambda: isinstance(app.screen, FileFinderScreen))
        finder = app.screen
        assert isinstance(finder, FileFinderScreen)
        await pilot.press(*"mod_1234")
        await wait_until(pilot, lambda: finder.highlighted == "pkg14/sub2/mod_1234.py")
        await pilot.press("enter")  # preview, with where it lives
        await wait_until(pilot, lambda: finder.previewed == "pkg14/sub2/mod_1234.py")
        assert str(finder.query_one("#finder-box").border_title) == "pkg14 › sub2 › mod_1234.py"
        preview = finder.preview
        assert preview is not None and "VALUE_1234 = 1234" in getattr(preview, "code", "")
        await pilot.press("enter")  # again: go to it
        await wait_until(pilot, lambda: not isinstance(app.screen, FileFinderScreen))
        assert app.focused is tree and tree.cursor_file == "pkg14/sub2/mod_1234.py"
        await pilot.press("space")
        assert tree.effective_targets() == ["pkg14/sub2/mod_1234.py"]


async def test_escape_closes_and_arrows_choose(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.screen.query_one(FileTree)
        await wait_until(pilot, lambda: tree.loaded)
        await pilot.press("ctrl+f", "slash")
        await wait_until(pilot, lambda: isinstance(app.screen, FileFinderScreen))
        finder = app.screen
        assert isinstance(finder, FileFinderScreen)
        await pilot.press("down")
        assert finder.query_one(OptionList).highlighted == 1
        await pilot.press(*"qzx")  # in no path of the demo repo, in that order
        assert finder.highlighted is None and "0 of" in str(finder.query_one("#finder-box").border_title)
        finder.query_one(Input).value = ""
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, FileFinderScreen))
        assert app.focused is tree
