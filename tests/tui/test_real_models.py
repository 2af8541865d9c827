"""The app driving real (tiny, random) transformers models: tokens stream into the Builder pane,
a diffusion canvas fills step by step, and a model that writes nonsense ends in a failed run
shown on screen, never a crash. The weights are random, so no patch is expected."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from ouroboros_tui.config import load_settings
from ouroboros_tui.tui.app import make_app
from ouroboros_tui.tui.demo import make_demo_repo
from ouroboros_tui.tui.widgets.diff_review import DiffReview
from ouroboros_tui.tui.widgets.stages import StagesPane
from tests.tui.helpers import wait_until

# Slow tier: real (tiny, random) models generate inside the app.
pytestmark = pytest.mark.slow


def _flags(builder: dict[str, Any], reasoner_dir: Path) -> dict[str, Any]:
    reasoner = {"backend": "autoregressive", "model": str(reasoner_dir), "dtype": "float32",
                "device": "cpu", "max_new_tokens": 12}  # fmt: skip
    return {
        "pipeline": {"max_retry_attempts": 1},
        "models": {"reasoner": reasoner, "builder": {"dtype": "float32", "device": "cpu", **builder}},
    }


async def _run(tmp_path: Path, flags: dict[str, Any]) -> tuple[Any, StagesPane]:
    repo, _ = make_demo_repo(tmp_path)
    app = make_app(repo, ["calc.py"], load_settings(repo, flags), task="add type hints", persist_theme=False)
    async with app.run_test(size=(80, 24)) as pilot:
        stages = app.screen.query_one(StagesPane)
        await pilot.press("ctrl+r")
        main = app.main_screen
        assert main is not None
        await wait_until(pilot, lambda: main.worker is not None and not main.worker.running, timeout=120)
        await wait_until(pilot, lambda: "Run failed" in "\n".join(n.message for n in app._notifications))
        assert not app.screen.query_one(DiffReview).hunks
        assert "torch" in sys.modules  # loaded by the run, in the worker thread
        return app, stages


async def test_autoregressive_tokens_stream_into_the_builder_pane(tmp_path: Path, tiny_qwen_dir: Path) -> None:
    flags = _flags({"backend": "autoregressive", "model": str(tiny_qwen_dir), "max_new_tokens": 40}, tiny_qwen_dir)
    _, stages = await _run(tmp_path, flags)
    builder = stages.rows["builder"]
    assert builder.tokens > 0 and builder.tokens_per_s > 0
    assert stages.output.strip()  # the streamed answer is on screen
    # The tiny model's answer is no edit: the Builder stage is marked failed, not "done".
    assert builder.state == "failed" and stages.rows["reasoner"].tokens > 0
    assert any("attempt 1 failed" in str(line) for line in stages.attempt_lines)


async def test_diffusion_canvas_fills_in_the_builder_pane(
    tmp_path: Path, tiny_qwen_dir: Path, tiny_diffusion_gemma_dir: Path
) -> None:
    builder = {"backend": "block-diffusion", "model": str(tiny_diffusion_gemma_dir), "max_new_tokens": 32,
               "steps": 6}  # fmt: skip
    _, stages = await _run(tmp_path, _flags(builder, tiny_qwen_dir))
    assert stages.output_title.startswith("Builder canvas: step")
    assert stages.rows["builder"].model.endswith(tiny_diffusion_gemma_dir.name)
