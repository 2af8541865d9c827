"""Model runtime. The ONLY package that imports torch / transformers, and only lazily.

`make_generator(config)` picks the backend named in the config; importing this package
imports no torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ouroboros_tui.models.base import (
    DiffusionDraft,
    GenerationCancelled,
    GenerationDone,
    GenerationResult,
    Generator,
    LoadProgress,
    Message,
    ModelError,
    ModelEvent,
    TokenDelta,
)

if TYPE_CHECKING:
    from ouroboros_tui.config import ModelConfig

__all__ = [
    "DiffusionDraft",
    "GenerationCancelled",
    "GenerationDone",
    "GenerationResult",
    "Generator",
    "LoadProgress",
    "Message",
    "ModelError",
    "ModelEvent",
    "TokenDelta",
    "make_generator",
]


def make_generator(config: ModelConfig) -> Generator:
    """Build the generator for one role. Loading happens on first generate(), not here."""
    backend = config.backend
    if backend == "scripted":
        from ouroboros_tui.models.scripted import ScriptedGenerator

        return ScriptedGenerator(config)
    if backend == "autoregressive":
        from ouroboros_tui.models.autoregressive import AutoregressiveGenerator

        return AutoregressiveGenerator(config)
    if backend == "masked-diffusion":
        from ouroboros_tui.models.diffusion import MaskedDiffusionGenerator

        return MaskedDiffusionGenerator(config)
    if backend == "block-diffusion":
        from ouroboros_tui.models.block_diffusion import BlockDiffusionGenerator

        return BlockDiffusionGenerator(config)
    if backend == "remote":
        from ouroboros_tui.models.remote import RemoteGenerator

        return RemoteGenerator(config)
    raise ModelError(f"unknown backend {backend!r}")
