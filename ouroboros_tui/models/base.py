"""The one interface every backend implements. Imports no torch: the pipeline and the TUI use it.

A generator is created from a ModelConfig (see `ouroboros_tui.models.make_generator`), and
`generate(messages, on_event, cancel)` returns a GenerationResult. While it runs it calls
`on_event` with the ModelEvent subclasses below, from the generating thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from ouroboros_tui.errors import OuroborosError

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": "…"}


class ModelError(OuroborosError):
    """A model could not be loaded or failed while generating. The message names the fix."""


class GenerationCancelled(Exception):
    """Raised by generate() when the cancel flag was set; partial text is attached."""

    def __init__(self, partial_text: str = "") -> None:
        super().__init__("generation cancelled")
        self.partial_text = partial_text


@dataclass(frozen=True)
class ModelEvent:
    role: str


@dataclass(frozen=True)
class LoadProgress(ModelEvent):
    model: str
    message: str
    fraction: float | None = None  # 0..1 where known


@dataclass(frozen=True)
class TokenDelta(ModelEvent):
    text: str
    tokens_so_far: int


@dataclass(frozen=True)
class DiffusionDraft(ModelEvent):
    """The whole answer canvas after one denoising step; masked positions shown as `mask_glyph`."""

    text: str
    step: int
    total_steps: int
    masked: int  # masked positions left in the canvas
    mask_glyph: str = "░"


@dataclass(frozen=True)
class GenerationDone(ModelEvent):
    token_count: int
    total_s: float


@dataclass
class GenerationResult:
    text: str
    token_count: int
    model: str
    backend: str
    load_s: float = 0.0
    first_token_s: float | None = None
    total_s: float = 0.0
    # Per generated token (where the backend knows them): the token's text and its probability.
    tokens: list[str] | None = None
    confidences: list[float] | None = None
    forward_passes: int = 0
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def tokens_per_s(self) -> float:
        gen_time = self.total_s
        return self.token_count / gen_time if gen_time > 0 else 0.0


EventCallback = Callable[[ModelEvent], None]


class Generator(Protocol):
    role: str
    model_label: str
    backend: str

    def generate(
        self,
        messages: list[Message],
        on_event: EventCallback | None = None,
        cancel: threading.Event | None = None,
        max_new_tokens: int | None = None,
    ) -> GenerationResult:
        """Run one generation. Raises ModelError on failure, GenerationCancelled on cancel."""
        ...
