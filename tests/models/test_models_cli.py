"""`ouroboros models list | pull | check` on real tiny models and an empty offline cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ouroboros_tui.cli import app
from ouroboros_tui.models import loader


@pytest.fixture
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import huggingface_hub.constants as constants

    cache = tmp_path / "hf-cache"
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    return cache


def write_config(repo: Path, reasoner: str, builder: str) -> None:
    (repo / "ouroboros.toml").write_text(
        "[pipeline]\npreset = \"fast\"\n"
        f"[models.reasoner]\nmodel = {json.dumps(reasoner)}\ndtype = \"float32\"\n"
        f"[models.builder]\nmodel = {json.dumps(builder)}\n"
    )


def test_list_reports_cached_and_missing_models(tiny_qwen_dir: Path, tmp_path: Path, empty_cache: Path) -> None:
    write_config(tmp_path, str(tiny_qwen_dir), "Qwen/Qwen2.5-Coder-0.5B-Instruct")
    result = CliRunner().invoke(app, ["models", "list", "--json", "--repo", str(tmp_path)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    rows = {row["role"]: row for row in doc["models"]}
    assert rows["reasoner"]["cached"] is True and rows["reasoner"]["size_bytes"] > 10_000
    assert rows["builder"]["cached"] is False and rows["builder"]["size_bytes"] is None
    assert doc["cache_dir"] == str(empty_cache)
    human = CliRunner().invoke(app, ["models", "list", "--repo", str(tmp_path)])
    assert "ouroboros models pull Qwen/Qwen2.5-Coder-0.5B-Instruct" in human.stdout


def test_list_marks_a_directory_that_is_not_a_checkpoint(tiny_qwen_dir: Path, tmp_path: Path) -> None:
    """It was listed as "cached"; a missing local path was told to `models pull` itself."""
    (tmp_path / "empty").mkdir()
    write_config(tmp_path, str(tmp_path / "empty"), str(tmp_path / "gone"))
    result = CliRunner().invoke(app, ["models", "list", "--json", "--repo", str(tmp_path)])
    rows = {row["role"]: row for row in json.loads(result.stdout)["models"]}
    assert rows["reasoner"]["cached"] is False and rows["reasoner"]["problem"] == "has no config.json"
    human = " ".join(CliRunner().invoke(app, ["models", "list", "--repo", str(tmp_path)]).stdout.split())
    assert "incomplete" in human and "has no config.json" in human
    assert "models pull" not in human


def test_pull_offline_fails_with_the_clear_error(empty_cache: Path) -> None:
    result = CliRunner().invoke(app, ["models", "pull", "Qwen/Qwen2.5-Coder-0.5B-Instruct"])
    assert result.exit_code == 1
    assert "HF_HUB_OFFLINE" in result.output and "Qwen/Qwen2.5-Coder-0.5B-Instruct" in result.output


@pytest.mark.slow
def test_check_generates_with_each_configured_model(tiny_qwen_dir: Path, tmp_path: Path) -> None:
    loader.clear_cache()
    write_config(tmp_path, str(tiny_qwen_dir), str(tiny_qwen_dir))
    result = CliRunner().invoke(app, ["models", "check", "--repo", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.count("ok (") == 2


def test_check_fails_when_a_model_is_missing(tiny_qwen_dir: Path, tmp_path: Path, empty_cache: Path) -> None:
    write_config(tmp_path, str(tiny_qwen_dir), "Qwen/Qwen2.5-Coder-0.5B-Instruct")
    result = CliRunner().invoke(app, ["models", "check", "--repo", str(tmp_path)])
    assert result.exit_code == 1
    assert "ouroboros models pull" in result.output
