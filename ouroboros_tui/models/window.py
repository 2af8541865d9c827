"""A model's context window, read from its own config.json (no weights, no transformers import)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ouroboros_tui.config import ModelConfig

_KEYS = ("max_position_embeddings", "n_positions", "max_sequence_length", "seq_length", "n_ctx")


def context_window(config: ModelConfig) -> int | None:
    """Tokens of prompt + answer the model takes: `context_window` when set, else its config.json's
    max_position_embeddings (or the like). None when unknown (scripted, remote, not downloaded)."""
    if config.context_window > 0:
        return config.context_window
    if config.backend in ("scripted", "remote"):
        return None
    from ouroboros_tui.models.hub import locate

    try:
        location = locate(config.model)
        if location.path is None:
            return None
        data = json.loads((location.path / "config.json").read_text(encoding="utf-8"))
    except Exception:  # unreadable or missing: the limit is simply not known
        return None
    for section in (data, data.get("text_config") or {}):
        for key in _KEYS:
            value = section.get(key)
            if isinstance(value, int) and value > 0:
                return value
    return None
