"""Render a commented starting ouroboros.toml from the schema (values written with tomli-w).

tomli-w writes no comments, so each `key = value` line it produces is preceded by the key's help
text and what it allows. The result parses back to exactly the defaults of the chosen preset.
"""

from __future__ import annotations

from typing import Any

import tomli_w

from ouroboros_tui.config_schema import MODEL_KEYS, PRESET_MODELS, ROLES, SECTIONS, Key

HEADER = """\
# ouroboros.toml: settings for Ouroboros in this repository.
# Precedence: built-in defaults < preset < user file < this file < OUROBOROS_* variables < flags.
# Environment: OUROBOROS_PRESET=fast, OUROBOROS_PIPELINE__MAX_RISK=0.5,
#              OUROBOROS_MODELS__BUILDER__MODEL=/path/to/local/model
"""

# Model keys worth showing per backend; the rest keep their defaults silently.
_MODEL_SHOWN = ("backend", "model", "device", "dtype", "trust_remote_code", "max_new_tokens", "edit_format",
                "temperature", "top_p", "seed")
_MODEL_COMMENTED = ("context_window", "steps", "block_length", "remasking", "threshold", "shift_logits", "base_url",
                    "api_key_env", "timeout_s", "script")


def _line(name: str, value: Any) -> str:
    return tomli_w.dumps({name: value}).strip()


def _comment(key: Key) -> str:
    return f"# {key.help} ({key.describe()})"


def render_template(preset: str = "balanced", proposals: dict[tuple[str, str], tuple[Any, str]] | None = None) -> str:
    """`proposals`: (section, key) → (value, why) found in the repository, e.g. a test command."""
    parts = [HEADER]
    for section, keys in SECTIONS.items():
        parts.append(f"\n[{section}]")
        for name, key in keys.items():
            value = preset if (section, name) == ("pipeline", "preset") else key.default
            parts.append(_comment(key))
            if (section, name) in (proposals or {}):
                value, why = (proposals or {})[(section, name)]
                parts.append(f"# proposed by `config init`: {why}")
            parts.append(_line(name, value))
    for role in ROLES:
        parts.append(f"\n[models.{role}]")
        parts.append(f"# The preset chooses these; uncomment a line to override it ({preset} shown).")
        preset_values = PRESET_MODELS[preset][role]
        for name in _MODEL_SHOWN:
            key = MODEL_KEYS[name]
            parts.append(_comment(key))
            parts.append("# " + _line(name, preset_values.get(name, key.default)))
        parts.append("# Diffusion, remote and scripted backends also read:")
        for name in _MODEL_COMMENTED:
            key = MODEL_KEYS[name]
            parts.append(f"# {_line(name, key.default)}    # {key.help}")
    parts.append("\n[keymap]")
    parts.append('# binding id = key, e.g. "review.accept" = "y,enter"  (ids: see docs/tui.md)')
    return "\n".join(parts) + "\n"
