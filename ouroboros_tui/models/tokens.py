"""Count tokens the way the builder model will: its own tokenizer, loaded lazily and alone.

The compressor cuts its context to a budget in these tokens. Backends without a local tokenizer
(scripted, remote) get a documented estimate, labelled as one: ceil(characters / 3), which
over-counts typical code tokenizers (about 3.5–4 characters per token) so budgets hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ouroboros_tui.config import ModelConfig

_TOKENIZERS: dict[tuple[str, bool], Any] = {}


@dataclass(frozen=True)
class TokenCounter:
    count: Callable[[str], int]
    label: str  # "tokenizer:<model>" or "estimate: …"
    exact: bool

    def __call__(self, text: str) -> int:
        return self.count(text)


def estimate_tokens(text: str) -> int:
    return (len(text) + 2) // 3


ESTIMATE_LABEL = "estimate: ceil(chars / 3)"


def load_tokenizer(model: str, trust_remote_code: bool = False) -> Any:
    """The model's tokenizer only (no weights), cached per model id."""
    key = (model, trust_remote_code)
    if key not in _TOKENIZERS:
        from transformers import AutoTokenizer

        _TOKENIZERS[key] = AutoTokenizer.from_pretrained(model, trust_remote_code=trust_remote_code)
    return _TOKENIZERS[key]


def token_counter(config: ModelConfig) -> TokenCounter:
    """A counter for `config`'s model. Falls back to the estimate (and says why) if the tokenizer
    cannot be loaded, e.g. a hub id that is not downloaded while offline."""
    if config.backend in ("scripted", "remote"):
        return TokenCounter(estimate_tokens, f"{ESTIMATE_LABEL} ({config.backend} backend)", exact=False)
    from ouroboros_tui.models.hub import locate

    try:
        location = locate(config.model)  # the cached or local copy: counting never downloads
        if location.path is None:
            return TokenCounter(estimate_tokens, f"{ESTIMATE_LABEL} (model not downloaded)", exact=False)
        tokenizer = load_tokenizer(str(location.path), config.trust_remote_code)
    except Exception as exc:  # any loader failure: keep the run going on the estimate
        return TokenCounter(
            estimate_tokens, f"{ESTIMATE_LABEL} (tokenizer unavailable: {type(exc).__name__})", exact=False
        )

    def count(text: str) -> int:
        return len(tokenizer.encode(text, add_special_tokens=False))

    return TokenCounter(count, f"tokenizer:{config.model}", exact=True)
