"""For every task of the core suite: its hidden tests fail on the repository as shipped and pass once
its oracle answer has gone through the real pipeline (compressor, scripted builder, gate, apply and
commit in a temp git repo)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ouroboros_tui.bench.runner import BenchSettings, Runner
from ouroboros_tui.bench.suite import load_suite

CORE = load_suite("core")

# A sweep of the whole suite (~1 s a task): slow tier. The fast tier still runs two tasks' oracles
# (one Python, one JavaScript) end to end in test_bench_cli.py's JSON test.
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("task", CORE.tasks, ids=[t.id for t in CORE.tasks])
def test_hidden_tests_fail_untouched_and_pass_on_the_oracle(task, tmp_path: Path) -> None:
    result = Runner(BenchSettings(origin=tmp_path, oracle=True)).run(task)
    assert result["fails_untouched"], f"{task.id}: the hidden tests already pass on the untouched repo"
    assert result["outcome"] == "passed", (result.get("failure"), result.get("tests"))
    assert result["pass_at_1"] and result["attempts"] == 1
    assert result["files_changed"] >= 1
