"""Hostile values for the safety knobs: a NaN max_risk and hunk ranges that are huge or not ASCII."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest

from ouroboros_tui.cli_commands.common import CommandError
from ouroboros_tui.cli_commands.runs_cmd import parse_hunk_numbers
from ouroboros_tui.config import ConfigError, load_settings
from tests.conftest import git
from tests.vcs.helpers import make_run, numbered


@pytest.mark.parametrize("where", ["toml", "env"])
@pytest.mark.parametrize("value", ["nan", "inf"])
def test_a_nan_max_risk_is_a_config_error(tmp_path: Path, where: str, value: str) -> None:
    environ: dict[str, str] = {}
    if where == "toml":
        (tmp_path / "ouroboros.toml").write_text(f"[pipeline]\nmax_risk = {value}\n")
    else:
        environ["OUROBOROS_PIPELINE__MAX_RISK"] = value
    with pytest.raises(ConfigError, match="max_risk"):
        load_settings(tmp_path, environ=environ, use_user_file=False)


def test_a_nan_max_risk_flag_exits_2_before_any_run(git_repo: Path) -> None:
    from typer.testing import CliRunner

    from ouroboros_tui.cli import app

    result = CliRunner().invoke(app, ["refactor", "x", "-t", "README.md", "--auto-apply", "--max-risk", "nan",
                                      "--repo", str(git_repo)])
    assert result.exit_code == 2, result.output
    assert "max_risk" in result.output
    assert not (git_repo / ".ouroboros" / "runs").exists() or not any((git_repo / ".ouroboros" / "runs").iterdir())


@pytest.fixture
def record(git_repo: Path):  # type: ignore[no-untyped-def]
    text = numbered(40)
    (git_repo / "a.py").write_text(text)
    git(git_repo, "add", "a.py")
    git(git_repo, "commit", "-q", "-m", "a")
    return make_run(git_repo, {"a.py": text.replace("v5 = 5", "v5 = 0").replace("v30 = 30", "v30 = 0")}, save=False)


def test_a_huge_hunk_range_is_refused_at_once_without_memory(record) -> None:  # type: ignore[no-untyped-def]
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    in_use = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (in_use + (1 << 30), hard))  # 10^11 ints would need terabytes
    try:
        with pytest.raises(CommandError, match="no hunk 99999999999"):
            parse_hunk_numbers("1-99999999999", record)
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    assert parse_hunk_numbers("1-2", record) == [h.id for h in record.patch.hunks]


@pytest.mark.parametrize("spec", ["２", "1-２", "١", "1_0", "+1", " - "])
def test_non_ascii_or_odd_hunk_numbers_are_a_usage_error(record, spec: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="hunk numbers such as"):
        parse_hunk_numbers(spec, record)
