"""The builder's answer: which shape is asked for, and how many tokens it may take."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ouroboros_tui.cli import app
from ouroboros_tui.config import load_settings
from ouroboros_tui.models.tokens import estimate_tokens
from ouroboros_tui.pipeline.answer_budget import PromptTooLong, choose_edit_format, model_billions, size_answer
from tests.conftest import git, write_mock_script


@pytest.mark.parametrize("name, size", [
    ("Qwen/Qwen2.5-Coder-1.5B-Instruct", 1.5), ("Qwen/Qwen2.5-Coder-7B-Instruct", 7.0),
    ("deepseek-ai/deepseek-coder-6.7b-instruct", 6.7), ("/models/my-local-coder", None),
])
def test_model_size_from_its_name(name: str, size: float | None) -> None:
    assert model_billions(name) == size


def test_auto_asks_small_models_and_small_files_for_whole_files() -> None:
    assert choose_edit_format("auto", "autoregressive", "Qwen/Qwen2.5-Coder-1.5B-Instruct", [900]) == "whole"
    assert choose_edit_format("auto", "autoregressive", "Qwen/Qwen2.5-Coder-7B-Instruct", [40]) == "whole"
    assert choose_edit_format("auto", "autoregressive", "Qwen/Qwen2.5-Coder-7B-Instruct", [900]) == "search-replace"
    assert choose_edit_format("diff", "autoregressive", "Qwen/Qwen2.5-Coder-1.5B-Instruct", [10]) == "diff"


def test_auto_never_asks_for_whole_files_the_answer_limit_cannot_hold() -> None:
    small = "Qwen/Qwen2.5-Coder-0.5B-Instruct"
    assert choose_edit_format("auto", "autoregressive", small, [60], 500, max_new_tokens=768) == "whole"
    assert choose_edit_format("auto", "autoregressive", small, [60], 500, max_new_tokens=40) == "search-replace"


def test_presets_set_the_builders_edit_format(tmp_path: Path) -> None:
    formats = {p: load_settings(tmp_path, flags={"pipeline": {"preset": p}}).builder.edit_format
               for p in ("fast", "balanced", "quality")}
    assert formats == {"fast": "whole", "balanced": "auto", "quality": "search-replace"}


def _messages(chars: int) -> list[dict[str, str]]:
    return [{"role": "user", "content": "x" * chars}]


def test_whole_file_answers_get_room_for_the_file_and_the_window_caps_it() -> None:
    roomy = size_answer(_messages(300), estimate_tokens, configured=512, edit_format="whole",
                        target_tokens=2000, window=None, model="m")
    assert roomy.max_new_tokens >= 2000 * 1.15
    capped = size_answer(_messages(300), estimate_tokens, configured=512, edit_format="search-replace",
                         target_tokens=2000, window=600, model="m")
    assert capped.max_new_tokens == 600 - capped.prompt_tokens


def test_a_prompt_that_cannot_fit_fails_before_generating_and_names_the_fix() -> None:
    with pytest.raises(PromptTooLong, match=r"budget_tokens.*edit_format"):
        size_answer(_messages(3000), estimate_tokens, configured=512, edit_format="whole",
                    target_tokens=900, window=1500, model="m")


def test_the_cli_says_so_and_exits_1(git_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (git_repo / "a.py").write_text("def f():\n    return 1\n")
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "a")
    script = write_mock_script(tmp_path, ("builder", "a.py\n<<<<<<< SEARCH\n=======\n>>>>>>> REPLACE\n"))
    monkeypatch.setenv("OUROBOROS_MODELS__BUILDER__CONTEXT_WINDOW", "300")
    result = CliRunner().invoke(app, ["refactor", "change f", "-t", "a.py", "--mock", str(script), "--json",
                                      "--dry-run", "--repo", str(git_repo)])
    doc = json.loads(result.stdout)
    assert result.exit_code == 1 and "context window" in doc["failure"] and "budget_tokens" in doc["failure"]
    assert doc["attempts"][0]["tokens"] == 0  # nothing was generated
