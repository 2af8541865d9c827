"""Settings: defaults < preset < user file < ./ouroboros.toml < OUROBOROS_* env < flags.

Every layer is validated on its own so an error names the file (or variable) it came from, the
key, what is allowed, and for unknown keys the nearest valid one.
"""

from __future__ import annotations

import copy
import difflib
import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ouroboros_tui.config_schema import (
    MODEL_KEYS,
    PRESET_MODELS,
    ROLES,
    SECTIONS,
    Key,
)
from ouroboros_tui.errors import UsageError

PROJECT_FILE = "ouroboros.toml"
ENV_PREFIX = "OUROBOROS_"


class ConfigError(UsageError):
    """A setting that cannot be used. The message names where it came from and the fix."""


@dataclass(frozen=True)
class ModelConfig:
    role: str
    backend: str
    model: str
    device: str = "auto"
    dtype: str = "auto"
    trust_remote_code: bool = False
    max_new_tokens: int = 1024
    edit_format: str = "auto"
    context_window: int = 0
    temperature: float = 0.2
    top_p: float = 0.95
    seed: int = 0
    steps: int = 64
    block_length: int = 32
    remasking: str = "low_confidence"
    threshold: float = 0.0
    shift_logits: bool = False
    mask_token_id: int = -1
    base_url: str = "http://127.0.0.1:8000/v1"
    api_key_env: str = ""
    timeout_s: float = 120.0
    script: str = ""

    @property
    def label(self) -> str:
        """How the model appears in trailers and the UI, e.g. `Qwen/Qwen2.5-Coder-7B-Instruct`."""
        if self.backend == "scripted":
            return f"scripted:{Path(self.script).name}"
        if self.backend == "remote":
            return f"remote:{self.model}"
        return self.model


@dataclass(frozen=True)
class Settings:
    preset: str
    safe_mode: bool
    max_retry_attempts: int
    max_risk: float
    run_git_hooks: bool
    node_cross_check: bool
    models: dict[str, ModelConfig]
    budget_tokens: int
    max_file_bytes: int
    theme: str
    keymap: dict[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    gate_levels_set: tuple[str, ...] = ()  # [gate] levels or --gate as given; () = safe mode's default
    test_command: str = ""
    test_timeout_s: float = 300.0

    @property
    def gate_levels(self) -> tuple[str, ...]:
        """The levels a run checks: as chosen, else syntax + semantic + security (+ tests with a command).
        syntax always runs: the other levels need a file that parses."""
        from ouroboros_tui.config_schema import GATE_LEVELS

        chosen = set(self.gate_levels_set) or {"syntax", "semantic", "security", "tests"}
        chosen.add("syntax")
        if not self.test_command:
            chosen.discard("tests")
        return tuple(level for level in GATE_LEVELS if level in chosen)

    @property
    def reasoner(self) -> ModelConfig:
        return self.models["reasoner"]

    @property
    def builder(self) -> ModelConfig:
        return self.models["builder"]


def user_config_path() -> Path:
    """The per-user file (platformdirs), e.g. ~/.config/ouroboros/config.toml."""
    override = os.environ.get("OUROBOROS_CONFIG_HOME")
    if override:
        return Path(override) / "config.toml"
    from platformdirs import user_config_dir

    return Path(user_config_dir("ouroboros", appauthor=False)) / "config.toml"


def _nearest(name: str, options: list[str]) -> str:
    """Closest valid key: similarity plus a bonus for a shared prefix (max_retries → max_retry_attempts)."""

    def score(option: str) -> float:
        prefix = len(os.path.commonprefix([name, option]))
        return difflib.SequenceMatcher(a=name, b=option).ratio() + prefix / max(len(name), 1)

    best = max(options, key=score, default=None)
    if best is not None and score(best) >= 0.75:
        return f" Did you mean '{best}'?"
    return f" Valid keys: {', '.join(sorted(options))}."


def _check_value(source: str, dotted: str, key: Key, value: Any) -> Any:
    allowed = key.type if isinstance(key.type, tuple) else (key.type,)
    if float in allowed and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if isinstance(value, bool) and bool not in allowed:
        ok = False
    else:
        ok = isinstance(value, allowed)
    if ok and key.choices is not None and value not in key.choices:
        ok = False
    if ok and key.item_choices is not None:
        ok = all(isinstance(item, str) and item in key.item_choices for item in value)
    if ok and key.pattern is not None and not re.fullmatch(key.pattern, str(value)):
        ok = False
    if ok and isinstance(value, float) and not math.isfinite(value):
        ok = False  # nan compares false with every bound, so it would pass them all
    if ok and isinstance(value, (int, float)) and not isinstance(value, bool):
        if key.minimum is not None and value < key.minimum:
            ok = False
        if key.maximum is not None and value > key.maximum:
            ok = False
    if not ok:
        raise ConfigError(
            f"{source}: {dotted} = {value!r} is not allowed; "
            f"it must be {key.pattern_text if key.pattern else key.describe()}."
        )
    return value


def validate_layer(raw: dict[str, Any], source: str) -> dict[str, Any]:
    """Check one layer's keys and values; returns a normalised copy (ints widened to floats…)."""
    out: dict[str, Any] = {}
    top = [*SECTIONS, "models", "keymap"]
    for section, body in raw.items():
        if section not in top:
            raise ConfigError(f"{source}: unknown section [{section}].{_nearest(section, top)}")
        if not isinstance(body, dict):
            raise ConfigError(f"{source}: [{section}] must be a table, not {type(body).__name__}.")
        if section == "keymap":
            for binding, keys in body.items():
                if not isinstance(keys, str) or not keys:
                    raise ConfigError(
                        f"{source}: keymap.{binding} must be a key name such as \"ctrl+g\" or \"y,enter\"."
                    )
            out[section] = dict(body)
        elif section == "models":
            out[section] = {}
            for role, settings in body.items():
                if role not in ROLES:
                    raise ConfigError(f"{source}: unknown model role [models.{role}].{_nearest(role, list(ROLES))}")
                if not isinstance(settings, dict):
                    raise ConfigError(f"{source}: [models.{role}] must be a table.")
                out[section][role] = _validate_keys(settings, MODEL_KEYS, f"models.{role}", source)
        else:
            out[section] = _validate_keys(body, SECTIONS[section], section, source)
    return out


def _validate_keys(body: dict[str, Any], keys: dict[str, Key], prefix: str, source: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in body.items():
        if name not in keys:
            raise ConfigError(f"{source}: unknown key {prefix}.{name}.{_nearest(name, list(keys))}")
        out[name] = _check_value(source, f"{prefix}.{name}", keys[name], value)
    return out


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a syntax error names the file, line and column."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8.") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror}.") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "colno", None)
        msg = getattr(exc, "msg", str(exc))
        # Before Python 3.14, tomllib has no lineno/colno: the position is only in the message.
        found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", msg)
        if line is None and found:
            line, col, msg = found[1], found[2], msg[:found.start()]
        where = f"line {line}, column {col}" if line is not None else "an unknown position"
        raise ConfigError(f"{path}: TOML syntax error at {where}: {msg}.") from exc


def _coerce_env(value: str) -> Any:
    lowered = value.strip().lower()
    if lowered in ("true", "yes", "on", "1"):
        return True if lowered != "1" else 1
    if lowered in ("false", "no", "off", "0"):
        return False if lowered != "0" else 0
    for cast in (int, float):
        try:
            return cast(value)
        except ValueError:
            pass
    return value


def env_layers(environ: dict[str, str] | os._Environ[str] | None = None) -> list[tuple[str, dict[str, Any]]]:
    """(variable name, layer) per setting variable: OUROBOROS_PIPELINE__MAX_RISK=0.5,
    OUROBOROS_MODELS__BUILDER__MODEL=…, OUROBOROS_PRESET=fast. One layer each, so an error names the
    variable to fix."""
    environ = os.environ if environ is None else environ
    layers: list[tuple[str, dict[str, Any]]] = []
    for name, value in sorted(environ.items()):
        if not name.startswith(ENV_PREFIX) or name in ("OUROBOROS_CONFIG_HOME",):
            continue
        rest = name[len(ENV_PREFIX):].lower()
        if rest == "preset":
            layers.append((name, {"pipeline": {"preset": value}}))
            continue
        if "__" not in rest:  # not a setting (e.g. an API key named by api_key_env)
            continue
        parts = rest.split("__")
        layer: dict[str, Any] = {}
        node = layer
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        # Booleans given as 1/0 stay numbers unless the schema wants a bool.
        node[parts[-1]] = _bool_if_wanted(parts, _coerce_env(value))
        layers.append((name, layer))
    return layers


def _bool_if_wanted(parts: list[str], value: Any) -> Any:
    key: Key | None = None
    if parts[0] == "models" and len(parts) == 3:
        key = MODEL_KEYS.get(parts[2])
    elif parts[0] in SECTIONS and len(parts) == 2:
        key = SECTIONS[parts[0]].get(parts[1])
    if key is not None and key.type is bool and value in (0, 1):
        return bool(value)
    if key is not None and key.type is str and not isinstance(value, str):
        return str(value)
    if key is not None and key.type is list and isinstance(value, str):  # LEVELS=syntax,semantic
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _defaults() -> dict[str, Any]:
    layer: dict[str, Any] = {name: {k: key.default for k, key in keys.items()} for name, keys in SECTIONS.items()}
    layer["models"] = {role: {k: key.default for k, key in MODEL_KEYS.items()} for role in ROLES}
    layer["keymap"] = {}
    return layer


def load_settings(
    repo: Path | None = None,
    flags: dict[str, Any] | None = None,
    *,
    environ: dict[str, str] | None = None,
    use_user_file: bool = True,
) -> Settings:
    """Merge every layer. `flags` uses the file's shape, e.g. {"pipeline": {"preset": "fast"}}."""
    layers: list[tuple[str, dict[str, Any]]] = []
    sources: list[str] = ["defaults"]
    if use_user_file:
        user = user_config_path()
        if user.is_file():
            layers.append((str(user), validate_layer(read_toml(user), str(user))))
    project = (repo or Path.cwd()) / PROJECT_FILE
    for path in ([user_config_path()] if use_user_file else []) + [project]:
        if path.exists() and not path.is_file():  # a folder named ouroboros.toml is not silently skipped
            raise ConfigError(f"{path} is not a file (a folder?); remove it or make it a TOML file.")
    if project.is_file():
        layers.append((str(project), validate_layer(read_toml(project), str(project))))
    for variable, layer in env_layers(environ):
        source = f"environment variable {variable}"
        layers.append((source, validate_layer(layer, source)))
    if flags:
        layers.append(("command-line flags", validate_layer(flags, "command-line flags")))

    explicit: dict[str, Any] = {}
    for name, layer in layers:
        explicit = deep_merge(explicit, layer)
        sources.append(name)
    preset = explicit.get("pipeline", {}).get("preset", SECTIONS["pipeline"]["preset"].default)
    preset_layer = {"models": copy.deepcopy(PRESET_MODELS[preset])}
    merged = deep_merge(deep_merge(_defaults(), preset_layer), explicit)
    return _build(merged, tuple(sources))


def _build(merged: dict[str, Any], sources: tuple[str, ...]) -> Settings:
    models: dict[str, ModelConfig] = {}
    for role in ROLES:
        body = merged["models"][role]
        if body["backend"] == "scripted" and not body["script"]:
            raise ConfigError(
                f"models.{role}: backend 'scripted' needs script = \"path/to/responses.jsonl\"."
            )
        if body["backend"] != "scripted" and not body["model"]:
            raise ConfigError(f"models.{role}: model is empty; give a hub id or a local directory.")
        models[role] = ModelConfig(role=role, **body)
    pipe = merged["pipeline"]
    if "tests" in merged["gate"]["levels"] and not merged["gate"]["test_command"].strip():
        raise ConfigError('gate level "tests" needs a test command: set test_command = "python -m pytest -q" (or '
                          "your own) under [gate] in ouroboros.toml, or `ouroboros config init` proposes one.")
    return Settings(
        preset=pipe["preset"],
        safe_mode=pipe["safe_mode"],
        max_retry_attempts=pipe["max_retry_attempts"],
        max_risk=pipe["max_risk"],
        run_git_hooks=pipe["run_git_hooks"],
        node_cross_check=pipe["node_cross_check"],
        models=models,
        budget_tokens=merged["compressor"]["budget_tokens"],
        max_file_bytes=merged["compressor"]["max_file_bytes"],
        theme=merged["tui"]["theme"],
        keymap=dict(merged.get("keymap", {})),
        sources=sources,
        gate_levels_set=tuple(merged["gate"]["levels"]),
        test_command=merged["gate"]["test_command"].strip(),
        test_timeout_s=merged["gate"]["test_timeout_s"],
    )


def scripted_flags(script: Path) -> dict[str, Any]:
    """Flags layer that points both roles at one mock script (`--mock SCRIPT`)."""
    path = str(script.resolve())
    return {"models": {role: {"backend": "scripted", "script": path} for role in ROLES}}


def save_user_setting(section: str, key: str, value: Any) -> Path:
    """Persist one setting in the user file (e.g. the chosen theme). tomlkit edits the document in
    place, so the user's comments, their other keys and the order of it all survive the write."""
    import tomlkit

    path = user_config_path()
    data: dict[str, Any] = read_toml(path) if path.is_file() else {}  # a syntax error names the line
    data.setdefault(section, {})[key] = value
    validate_layer(data, str(path))
    doc = tomlkit.parse(path.read_text(encoding="utf-8")) if path.is_file() else tomlkit.document()
    if section in doc:
        doc[section][key] = value  # validate_layer checked it is a table
    else:
        table = tomlkit.table()
        table[key] = value
        doc[section] = table
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(tomlkit.dumps(doc), encoding="utf-8")
    tmp.replace(path)
    return path
