"""`ouroboros [REPO]` and `ouroboros demo` as the CLI starts them (the app itself runs headless)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ouroboros_tui.cli_commands import tui_cmd
from ouroboros_tui.cli_commands.errors import run_command
from ouroboros_tui.tui.app import OuroborosApp
from ouroboros_tui.tui.demo import DEMO_TARGET, DEMO_TASK


def test_not_a_directory_is_a_usage_error(tmp_path: Path) -> None:
    assert run_command(lambda: tui_cmd.run(tmp_path / "missing", [])) == 2


def test_bad_config_is_a_usage_error(git_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (git_repo / "ouroboros.toml").write_text("[pipeline]\nmax_risk = 7\n")
    assert run_command(lambda: tui_cmd.run(git_repo, [])) == 2
    assert "max_risk" in capsys.readouterr().err


def test_run_and_demo_start_the_app(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[OuroborosApp] = []

    async def headless_run(self: OuroborosApp, *args: Any, **kwargs: Any) -> int:
        async with self.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            started.append(self)
        return 0

    def run(self: OuroborosApp, *args: Any, **kwargs: Any) -> int:
        import asyncio

        return asyncio.run(headless_run(self))

    monkeypatch.setattr(OuroborosApp, "run", run)
    (git_repo / "app.py").write_text("x = 1\n")
    assert tui_cmd.run(git_repo, [str(git_repo / "app.py")]) == 0
    assert started[-1].initial_targets == ["app.py"] and not started[-1].demo
    assert tui_cmd.demo() == 0
    demo = started[-1]
    assert demo.demo and demo.initial_targets == [DEMO_TARGET] and demo.initial_task == DEMO_TASK
    assert all(m.backend == "scripted" for m in demo.settings.models.values())
