"""Patch/Hunk: subsets apply exactly as git would, splits, rebasing onto another version."""

from __future__ import annotations

import itertools
import random
import subprocess
from pathlib import Path

import pytest

from ouroboros_tui.patch.hunks import (
    HunkConflict,
    Patch,
    apply_hunks,
    diff_file,
    make_patch,
    rebase_hunks,
)
from tests.conftest import git

BEFORE = "".join(f"line {i}\n" for i in range(1, 41))


def _edit(text: str, changes: dict[int, str | None], insert: dict[int, str] | None = None) -> str:
    lines = text.splitlines(keepends=True)
    out = []
    for i, line in enumerate(lines, start=1):
        for ins in (insert or {}).get(i, "").splitlines(keepends=True):
            out.append(ins)
        if i in changes:
            if changes[i] is not None:
                out.append(changes[i])
        else:
            out.append(line)
    return "".join(out)


AFTER = _edit(BEFORE, {2: "line two\n", 20: None, 35: "line 35 changed\n"}, {28: "inserted a\ninserted b\n"})


def test_hunks_are_numbered_and_ids_are_stable() -> None:
    patch = make_patch({"a.txt": (BEFORE, AFTER)})
    numbers = [h.number for h in patch.hunks]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == 4
    again = make_patch({"a.txt": (BEFORE, AFTER)})
    assert [h.id for h in again.hunks] == [h.id for h in patch.hunks]
    assert len({h.id for h in patch.hunks}) == 4


def test_all_hunks_rebuild_after_and_none_rebuild_before() -> None:
    fd = diff_file("a.txt", BEFORE, AFTER)
    assert fd.apply([h.id for h in fd.hunks]) == AFTER
    assert fd.apply([]) == BEFORE


def test_every_subset_matches_git_apply(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q")
    fd = diff_file("a.txt", BEFORE, AFTER)
    for size in range(1, len(fd.hunks) + 1):
        for subset in itertools.combinations(fd.hunks, size):
            (repo / "a.txt").write_text(BEFORE)
            (repo / "p.diff").write_text(fd.unified(subset))
            subprocess.run(["git", "apply", "p.diff"], cwd=repo, check=True, capture_output=True)
            assert (repo / "a.txt").read_text() == fd.apply(h.id for h in subset)


def test_missing_final_newline_round_trips_through_git(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q")
    before, after = "a\nb\nc", "a\nB\nc\nd"
    fd = diff_file("f.txt", before, after)
    (repo / "f.txt").write_text(before)
    (repo / "p.diff").write_text(fd.unified())
    subprocess.run(["git", "apply", "p.diff"], cwd=repo, check=True, capture_output=True)
    assert (repo / "f.txt").read_text() == after == fd.apply([h.id for h in fd.hunks])


def test_new_file_diff() -> None:
    patch = make_patch({"new.py": (None, "x = 1\n")})
    assert patch.files[0].is_new
    assert patch.unified().startswith("--- /dev/null\n+++ b/new.py\n@@ -0,0 +1,1 @@\n+x = 1\n")
    assert patch.files[0].apply([patch.hunks[0].id]) == "x = 1\n"


def test_split_gives_independent_parts_that_compose() -> None:
    before = "".join(f"{i}\n" for i in range(12))
    after = before.replace("3\n", "three\n").replace("8\n", "eight\n")
    patch = make_patch({"n.txt": (before, after)})
    assert len(patch.hunks) == 1
    parts = patch.split(patch.hunks[0].id)
    assert len(parts) == 2 and [h.number for h in patch.hunks] == [1, 2]
    fd = patch.files[0]
    assert fd.apply([parts[0].id]) == before.replace("3\n", "three\n")
    assert fd.apply([parts[1].id]) == before.replace("8\n", "eight\n")
    assert fd.apply([p.id for p in parts]) == after


def test_apply_refuses_a_hunk_that_does_not_match() -> None:
    fd = diff_file("a.txt", BEFORE, AFTER)
    with pytest.raises(HunkConflict):
        apply_hunks(BEFORE.replace("line 2\n", "other\n"), fd.hunks[:1], "a.txt")


def test_rebase_onto_a_version_with_unrelated_edits() -> None:
    """The index version differs from the work tree away from the hunks: hunks still land."""
    fd = diff_file("a.txt", BEFORE, AFTER)
    other = "header\nheader 2\n" + BEFORE.replace("line 12\n", "user edit\n")
    rebased = rebase_hunks(other, fd.hunks, "a.txt")
    assert rebased == "header\nheader 2\n" + AFTER.replace("line 12\n", "user edit\n")


def test_rebase_reports_the_hunks_that_collide_with_other_edits() -> None:
    fd = diff_file("a.txt", BEFORE, AFTER)
    other = BEFORE.replace("line 35\n", "user changed 35\n")
    with pytest.raises(HunkConflict) as info:
        rebase_hunks(other, fd.hunks, "a.txt")
    assert info.value.hunk_ids == (fd.hunks[-1].id,)


def test_patch_serialises_losslessly() -> None:
    rng = random.Random(7)
    lines = [f"v{i}\n" for i in range(60)]
    mutated = [line if rng.random() > 0.1 else f"changed {line}" for line in lines]
    patch = make_patch({"x.txt": ("".join(lines), "".join(mutated)), "y.txt": (None, "new\n")})
    clone = Patch.from_dict(patch.to_dict())
    assert clone.unified() == patch.unified()
    assert [h.id for h in clone.hunks] == [h.id for h in patch.hunks]
