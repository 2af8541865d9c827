"""The shipped core suite is what the issue promises, and a suite folder that is wrong says how."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ouroboros_tui.bench.suite import SuiteError, load_suite, select
from ouroboros_tui.models.scripted import read_script
from ouroboros_tui.patch.edits import parse_edits

CORE = load_suite("core")


def test_core_suite_has_thirty_varied_tasks_in_two_languages() -> None:
    tasks = CORE.tasks
    assert len(tasks) >= 30
    languages = {t.language for t in tasks}
    assert languages == {"python", "javascript"}
    assert sum(t.language == "python" for t in tasks) > sum(t.language == "javascript" for t in tasks)
    kinds = {t.kind for t in tasks}
    assert {"rename", "extract-function", "type-hints", "caching", "change-signature", "callbacks-to-async",
            "fix-bug", "add-parameter", "move-function"} <= kinds
    assert len(kinds) >= 12


def test_one_target_is_over_1500_lines_and_the_oracles_change_one_to_four_files() -> None:
    longest = max(len((t.repo / p).read_text().splitlines()) for t in CORE.tasks for p in t.targets)
    assert longest > 1500
    files_changed = set()
    for task in CORE.tasks:
        answers = read_script(task.oracle)
        assert set(answers) == {"builder"} and len(answers["builder"]) == 1, task.id
        files_changed.add(len({e.path for e in parse_edits(answers["builder"][0])}))
    assert {1, 2, 3, 4} <= files_changed


def test_every_extra_script_fails_before_it_succeeds_or_is_wrong() -> None:
    retry = [t for t in CORE.tasks if (t.folder / "retry.jsonl").is_file()]
    wrong = [t for t in CORE.tasks if (t.folder / "wrong.jsonl").is_file()]
    assert len(retry) >= 5 and len(wrong) >= 10
    for task in retry:
        lines = read_script(task.folder / "retry.jsonl")["builder"]
        assert len(lines) >= 2 and lines[-1] == read_script(task.oracle)["builder"][0], task.id


def test_task_selection() -> None:
    assert [t.number for t in select(CORE, "1-3,5")] == [1, 2, 3, 5]
    assert [t.number for t in select(CORE, "2,2,1-2")] == [2, 1]
    assert select(CORE, CORE.tasks[4].id) == [CORE.tasks[4]]
    assert select(CORE, None) == list(CORE.tasks)
    for bad in ("0", "3-1", f"1-{len(CORE.tasks) + 1}", "abc", " , "):
        with pytest.raises(SuiteError):
            select(CORE, bad)


def test_a_suite_path_is_loaded_and_broken_task_folders_are_named(tmp_path: Path) -> None:
    suite = tmp_path / "mine"
    shutil.copytree(CORE.tasks[0].folder, suite / "a-task")
    assert [t.id for t in load_suite(str(suite)).tasks] == ["a-task"]
    (suite / "a-task" / "task.toml").write_text('task = "x"\ntargets = ["nope.py"]\n')
    with pytest.raises(SuiteError, match=r"a-task.*task.toml: target nope.py is not a file in repo/"):
        load_suite(str(suite))
    (suite / "a-task" / "task.toml").write_text('task = "x"\ntargets = [\n')
    with pytest.raises(SuiteError, match="cannot be read"):
        load_suite(str(suite))
    with pytest.raises(SuiteError, match="no task folders"):
        load_suite(str(tmp_path))
    with pytest.raises(SuiteError, match="no shipped suite of that name"):
        load_suite("no-such-suite")
