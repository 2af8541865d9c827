"""Config layering and the errors a user sees for a broken ouroboros.toml."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from ouroboros_tui.config import (
    ConfigError,
    load_settings,
    save_user_setting,
    scripted_flags,
    user_config_path,
)
from ouroboros_tui.config_schema import PRESET_MODELS
from ouroboros_tui.config_template import render_template
from tests.run_cli import ouroboros

ROOT = Path(__file__).resolve().parents[1]


def python_m_ouroboros(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m ouroboros_tui ARGS` in a real process (the __main__ entry point and its exit status)."""
    return subprocess.run([sys.executable, "-m", "ouroboros_tui", *args], cwd=cwd, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60)  # fmt: skip


def test_defaults_follow_the_balanced_preset(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings.preset == "balanced"
    assert settings.builder.model == PRESET_MODELS["balanced"]["builder"]["model"]
    assert settings.max_retry_attempts == 3
    assert settings.safe_mode is True


def test_layers_override_in_order(tmp_path: Path) -> None:
    user_config_path().parent.mkdir(parents=True, exist_ok=True)
    user_config_path().write_text('[pipeline]\npreset = "quality"\nmax_risk = 0.5\n')
    (tmp_path / "ouroboros.toml").write_text("[pipeline]\nmax_risk = 0.4\nmax_retry_attempts = 5\n")
    env = {"OUROBOROS_PIPELINE__MAX_RETRY_ATTEMPTS": "7", "OUROBOROS_PIPELINE__SAFE_MODE": "false"}
    settings = load_settings(tmp_path, flags={"pipeline": {"max_retry_attempts": 9}}, environ=env)
    assert settings.preset == "quality"  # user file
    assert settings.max_risk == 0.4  # project beats user
    assert settings.safe_mode is False  # env beats defaults
    assert settings.max_retry_attempts == 9  # flags beat env
    assert settings.builder.model == PRESET_MODELS["quality"]["builder"]["model"]
    assert settings.sources[-1] == "command-line flags"


def test_explicit_model_beats_the_preset(tmp_path: Path) -> None:
    (tmp_path / "ouroboros.toml").write_text(
        '[pipeline]\npreset = "fast"\n[models.builder]\nmodel = "/models/mine"\n'
    )
    settings = load_settings(tmp_path)
    assert settings.builder.model == "/models/mine"
    assert settings.reasoner.model == PRESET_MODELS["fast"]["reasoner"]["model"]


def test_toml_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "ouroboros.toml"
    path.write_text('[pipeline]\nmax_risk = 0.3\npreset = "fast\n')
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    message = str(info.value)
    assert str(path) in message
    assert "line 3" in message and "column" in message


def test_unknown_key_names_the_nearest_valid_one(tmp_path: Path) -> None:
    (tmp_path / "ouroboros.toml").write_text("[pipeline]\nmax_retries = 2\n")
    with pytest.raises(ConfigError, match=r"pipeline\.max_retries.*Did you mean 'max_retry_attempts'"):
        load_settings(tmp_path)


def test_unknown_section_and_role(tmp_path: Path) -> None:
    (tmp_path / "ouroboros.toml").write_text("[compresor]\nbudget_tokens = 100\n")
    with pytest.raises(ConfigError, match="Did you mean 'compressor'"):
        load_settings(tmp_path)
    (tmp_path / "ouroboros.toml").write_text('[models.bilder]\nmodel = "x"\n')
    with pytest.raises(ConfigError, match="Did you mean 'builder'"):
        load_settings(tmp_path)


@pytest.mark.parametrize(
    ("toml", "allowed"),
    [
        ('[pipeline]\npreset = "turbo"', "one of 'fast', 'balanced', 'quality'"),
        ("[pipeline]\nmax_risk = 2", "a number from 0.0 to 1.0"),
        ('[pipeline]\nsafe_mode = "yes"', "true or false"),
        ('[models.builder]\nbackend = "gguf"', "one of 'autoregressive'"),
        ('[models.builder]\nremasking = "best"', "'low_confidence'"),
        # torch's error for "gpu" used to surface at load time as "does not fit on gpu", exit 1
        ('[models.builder]\ndevice = "gpu"', "auto, cpu, mps, cuda or cuda:N (e.g. cuda:1)"),
        ('[models.reasoner]\ndevice = "cuda:x"', "cuda:N"),
        # urllib's "unknown url type" reached the user as "cannot reach the model server"
        ('[models.builder]\nbase_url = "127.0.0.1:8000/v1"', "an http:// or https:// URL"),
    ],
)
def test_bad_value_says_what_is_allowed(tmp_path: Path, toml: str, allowed: str) -> None:
    (tmp_path / "ouroboros.toml").write_text(toml + "\n")
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert allowed in str(info.value)
    assert "ouroboros.toml" in str(info.value)


def test_bad_environment_value_names_the_variable_to_fix(tmp_path: Path) -> None:
    environ = {"OUROBOROS_PRESET": "fast", "OUROBOROS_PIPELINE__MAX_RISK": "high"}
    with pytest.raises(ConfigError, match=r"variable OUROBOROS_PIPELINE__MAX_RISK.*max_risk.*from 0.0 to 1.0"):
        load_settings(tmp_path, environ=environ)


def test_environment_variables_each_count_as_a_source(tmp_path: Path) -> None:
    environ = {"OUROBOROS_PRESET": "fast", "OUROBOROS_PIPELINE__MAX_RISK": "0.5", "OUROBOROS_API_KEY": "x"}
    settings = load_settings(tmp_path, environ=environ, use_user_file=False)
    assert settings.preset == "fast" and settings.max_risk == 0.5
    assert "environment variable OUROBOROS_PIPELINE__MAX_RISK" in settings.sources
    assert not any("API_KEY" in source for source in settings.sources)


def test_scripted_backend_needs_a_script(tmp_path: Path) -> None:
    (tmp_path / "ouroboros.toml").write_text('[models.builder]\nbackend = "scripted"\n')
    with pytest.raises(ConfigError, match="script"):
        load_settings(tmp_path)
    script = tmp_path / "s.jsonl"
    script.write_text("")
    settings = load_settings(tmp_path, flags=scripted_flags(script))
    assert settings.builder.backend == "scripted"
    assert settings.builder.label == "scripted:s.jsonl"


def test_non_utf8_config_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "ouroboros.toml").write_bytes(b"[pipeline]\npreset = \"\xff\"\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_settings(tmp_path)


def test_template_parses_to_the_defaults_and_example_is_current(tmp_path: Path) -> None:
    text = render_template()
    (tmp_path / "ouroboros.toml").write_text(text)
    written = load_settings(tmp_path)
    assert written.sources[-1].endswith("ouroboros.toml")
    defaults = load_settings(tmp_path / "elsewhere-that-does-not-exist")
    assert (written.models, written.preset, written.max_risk) == (defaults.models, defaults.preset, defaults.max_risk)
    assert "# " in text and tomllib.loads(text)["pipeline"]["preset"] == "balanced"
    assert (ROOT / "ouroboros.toml.example").read_text() == text


def test_save_user_setting_keeps_other_keys() -> None:
    path = user_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[pipeline]\nmax_risk = 0.2\n")
    save_user_setting("tui", "theme", "ouroboros-light")
    data = tomllib.loads(path.read_text())
    assert data == {"pipeline": {"max_risk": 0.2}, "tui": {"theme": "ouroboros-light"}}


def test_cli_config_errors_exit_2_and_init_writes_a_file(tmp_path: Path) -> None:
    (tmp_path / "ouroboros.toml").write_text("[pipeline\n")
    result = python_m_ouroboros("config", "show", cwd=tmp_path)
    assert result.returncode == 2
    assert "ouroboros.toml" in result.stderr and "line 1" in result.stderr
    # The position leads the message (Python < 3.14 only has it at the end of tomllib's text).
    assert "syntax error at line 1, column 10: Expected ']'" in result.stderr, result.stderr

    (tmp_path / "ouroboros.toml").unlink()
    assert ouroboros("config", "init", cwd=tmp_path).code == 0
    assert (tmp_path / "ouroboros.toml").read_text() == render_template()
    again = ouroboros("config", "init", cwd=tmp_path)
    assert again.code == 2 and "--force" in again.stderr
    assert ouroboros("config", "show", cwd=tmp_path).code == 0


def test_readme_preset_table_names_the_checkpoints_the_presets_load() -> None:
    from pathlib import Path

    from ouroboros_tui.config_schema import PRESET_MODELS

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for preset, roles in PRESET_MODELS.items():
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{preset}`"))
        for role in roles.values():
            assert role["model"] in row or "same (one shared copy)" in row, (preset, role["model"])


def test_saving_a_setting_keeps_the_users_comments_and_other_keys(tmp_path: Path, monkeypatch: Any) -> None:
    """ctrl+t saves the theme into the user's own file: their comments, keys and order survive."""
    from ouroboros_tui.config import save_user_setting

    monkeypatch.setenv("OUROBOROS_CONFIG_HOME", str(tmp_path))
    path = tmp_path / "config.toml"
    mine = ('# my ouroboros settings\n[pipeline]\nmax_retry_attempts = 2  # short runs\n\n'
            '[tui]\n# dark at night\ntheme = "ouroboros-dark"  # chosen with ctrl+t\n\n'
            '[keymap]\n"main.run" = "f5"\n')
    path.write_text(mine)
    save_user_setting("tui", "theme", "ouroboros-light")
    assert path.read_text() == mine.replace('theme = "ouroboros-dark"', 'theme = "ouroboros-light"')
    save_user_setting("pipeline", "max_risk", 0.5)  # a new key lands in its table
    assert tomllib.loads(path.read_text())["pipeline"] == {"max_retry_attempts": 2, "max_risk": 0.5}
    assert "# short runs" in path.read_text() and "# dark at night" in path.read_text()


def test_saving_into_a_missing_or_broken_user_file(tmp_path: Path, monkeypatch: Any) -> None:
    from ouroboros_tui.config import ConfigError, save_user_setting

    monkeypatch.setenv("OUROBOROS_CONFIG_HOME", str(tmp_path / "new"))
    save_user_setting("tui", "theme", "ouroboros-light")
    assert tomllib.loads((tmp_path / "new" / "config.toml").read_text()) == {"tui": {"theme": "ouroboros-light"}}
    monkeypatch.setenv("OUROBOROS_CONFIG_HOME", str(tmp_path))
    (tmp_path / "config.toml").write_text("[tui\ntheme = 1\n")
    with pytest.raises(ConfigError, match=r"config\.toml"):
        save_user_setting("tui", "theme", "x")
    assert (tmp_path / "config.toml").read_text() == "[tui\ntheme = 1\n"  # left as the user wrote it
