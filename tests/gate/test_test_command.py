"""Reading test runners' output, running a command with a timeout and an output cap, proposing a test
command, and the [gate] settings."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

from ouroboros_tui.config import ConfigError, load_settings
from ouroboros_tui.gate.test_detect import propose_test_command
from ouroboros_tui.gate.test_output import OUTPUT_CAP, read_report, run_command, trimmed

PYTEST_OUT = """\
..F.
=================================== FAILURES ===================================
___________________________________ test_add ___________________________________
    def test_add():
>       assert add(2, 3) == 5
E       assert -1 == 5
E        +  where -1 = add(2, 3)

test_calc.py:5: AssertionError
=========================== short test summary info ============================
FAILED test_calc.py::test_add - assert -1 == 5
1 failed, 3 passed in 0.05s
"""


def test_pytest_output() -> None:
    report = read_report(PYTEST_OUT)
    assert report.failing == ["test_calc.py::test_add"] and report.passed == 3
    lines = trimmed(PYTEST_OUT)
    assert ">       assert add(2, 3) == 5" in lines and "E       assert -1 == 5" in lines


def test_go_and_jest_output() -> None:
    go = "=== RUN   TestAdd\n--- FAIL: TestAdd (0.00s)\n    calc_test.go:9: got 1\n--- PASS: TestSub (0.00s)\nFAIL\n"
    assert read_report(go).failing == ["TestAdd"] and read_report(go).passed == 1
    jest = "  ✓ adds (3 ms)\n  ✕ subtracts (2 ms)\nTests:       1 failed, 41 passed, 42 total\n"
    assert read_report(jest).failing == ["subtracts"] and read_report(jest).passed == 41


def test_run_command_stops_a_hang_with_its_children(tmp_path: Path) -> None:
    start = time.perf_counter()
    run = run_command(f"{sys.executable} -c 'import time; time.sleep(60)' & wait", str(tmp_path), 1.5)
    assert run.timed_out and run.exit_code is None and time.perf_counter() - start < 15


def test_run_command_caps_the_output(tmp_path: Path) -> None:
    run = run_command(f"{sys.executable} -c \"print('x' * 2_000_000); print('the end')\"", str(tmp_path), 60)
    assert run.exit_code == 0 and run.truncated and len(run.output) < OUTPUT_CAP + 200
    assert run.output.rstrip().endswith("the end") and "bytes of output left out" in run.output


def test_config_init_proposes_a_test_command(tmp_path: Path) -> None:
    assert propose_test_command(tmp_path) is None
    placeholder = 'echo "Error: no test specified" && exit 1'
    (tmp_path / "package.json").write_text(json.dumps({"scripts": {"test": placeholder}}))
    assert propose_test_command(tmp_path) is None  # npm init's placeholder is not a test suite
    (tmp_path / "package.json").write_text(json.dumps({"scripts": {"test": "jest"}}))
    assert propose_test_command(tmp_path) == ("npm test --silent", "package.json has a test script")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("def test_x():\n    pass\n")
    assert propose_test_command(tmp_path)[0] == "python -m pytest -q"  # type: ignore[index]


def test_gate_settings(tmp_path: Path) -> None:
    assert load_settings(tmp_path).gate_levels == ("syntax", "semantic", "security")
    (tmp_path / "ouroboros.toml").write_text('[gate]\nlevels = ["security"]\ntest_command = "make test"\n')
    settings = load_settings(tmp_path)
    assert settings.gate_levels == ("syntax", "security") and settings.test_command == "make test"
    settings = load_settings(tmp_path, environ={"OUROBOROS_GATE__LEVELS": "semantic,tests"})
    assert settings.gate_levels == ("syntax", "semantic", "tests")
    (tmp_path / "ouroboros.toml").write_text('[gate]\nlevels = ["lint"]\n')
    with pytest.raises(ConfigError, match=r"gate\.levels = \['lint'\] is not allowed; it must be a list of 'syntax'"):
        load_settings(tmp_path)
    (tmp_path / "ouroboros.toml").write_text('[gate]\nlevels = ["tests"]\n')
    with pytest.raises(ConfigError, match="needs a test command"):
        load_settings(tmp_path)
