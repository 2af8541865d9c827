"""Block diffusion through transformers' native DiffusionGemmaForBlockDiffusion.generate.

The model denoises one canvas (block) at a time from random tokens; after each denoising step
`generate` hands the streamer the current argmax canvas through `put_draft`, and each finished
canvas through `put`. Our streamer turns drafts into DiffusionDraft events and raises out of
`generate` when the cancel flag is set, so cancel takes effect within one step.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from ouroboros_tui.models import loader
from ouroboros_tui.models.base import (
    DiffusionDraft,
    EventCallback,
    GenerationCancelled,
    GenerationDone,
    GenerationResult,
    Message,
    ModelError,
)
from ouroboros_tui.models.diffusion import answer_ids
from ouroboros_tui.models.prompting import encode_chat, stop_token_ids

if TYPE_CHECKING:
    from ouroboros_tui.config import ModelConfig


class _Stop(Exception):
    """Raised inside generate() by the streamer to abandon it on cancel."""


class DraftStreamer:
    """transformers streamer protocol: put(ids), put_draft(value=ids), end()."""

    def __init__(self, tokenizer: Any, role: str, eos_ids: list[int], total_steps: int,
                 on_event: EventCallback | None, cancel: threading.Event, start: float) -> None:
        self.tokenizer = tokenizer
        self.role = role
        self.eos_ids = eos_ids
        self.total_steps = total_steps
        self.on_event = on_event
        self.cancel = cancel
        self.start = start
        self._takes_logits = False
        self.committed: list[int] = []  # finished canvases so far
        self.previous_draft: list[int] | None = None
        self.steps = 0  # decoder forward passes
        self.first_draft_s: float | None = None
        self._prompt_seen = False

    def put(self, value: Any) -> None:
        if not self._prompt_seen:  # the prompt comes first
            self._prompt_seen = True
            return
        self.committed.extend(int(t) for t in value.reshape(-1).tolist())
        self.previous_draft = None

    def put_draft(self, value: Any = None, logits: Any = None) -> None:
        if self.cancel.is_set():
            raise _Stop
        draft = [int(t) for t in value.reshape(-1).tolist()]
        self.steps += 1
        if self.first_draft_s is None:
            self.first_draft_s = time.perf_counter() - self.start
        # "masked" for block diffusion: positions that still changed in this step (no mask token).
        unsettled = len(draft) if self.previous_draft is None else sum(
            1 for a, b in zip(draft, self.previous_draft, strict=False) if a != b
        )
        self.previous_draft = draft
        if self.on_event is not None:
            text = self.tokenizer.decode(answer_ids(self.committed + draft, self.eos_ids), skip_special_tokens=True)
            self.on_event(DiffusionDraft(role=self.role, text=text, step=self.steps,
                                         total_steps=self.total_steps, masked=unsettled))

    def end(self) -> None:
        pass


class BlockDiffusionGenerator:
    backend = "block-diffusion"

    def __init__(self, config: ModelConfig) -> None:
        self.config = config
        self.role = config.role
        self.model_label = config.label

    def generate(
        self,
        messages: list[Message],
        on_event: EventCallback | None = None,
        cancel: threading.Event | None = None,
        max_new_tokens: int | None = None,
    ) -> GenerationResult:
        import torch

        loaded = loader.load(self.config, "block-diffusion", on_event)
        model, tokenizer = loaded.model, loaded.tokenizer
        cancel = cancel or threading.Event()
        eos_ids = stop_token_ids(tokenizer, model)
        prompt = torch.tensor([encode_chat(tokenizer, messages)], device=model.device)
        limit = max_new_tokens or self.config.max_new_tokens
        start = time.perf_counter()
        # `steps` is the budget of one canvas and the step count runs on across canvases, so the
        # budget shown is steps × canvases (the TUI read "step 476/48" on a 256-token answer).
        canvas = int(getattr(model.config, "canvas_length", 0) or 0) or limit
        budget = self.config.steps * max(1, -(-limit // canvas))
        streamer = DraftStreamer(tokenizer, self.role, eos_ids, budget, on_event, cancel, start)
        torch.manual_seed(self.config.seed)  # the canvas starts as random tokens
        try:
            with torch.inference_mode():
                model.generate(
                    prompt, max_new_tokens=limit, max_denoising_steps=self.config.steps,
                    streamer=streamer, eos_token_id=eos_ids or None,
                    pad_token_id=tokenizer.pad_token_id,
                )
        except _Stop:
            raise GenerationCancelled(tokenizer.decode(answer_ids(streamer.committed, eos_ids),
                                                       skip_special_tokens=True)) from None
        except (RuntimeError, ValueError, TypeError) as exc:
            raise ModelError(f"{self.config.model} failed in block diffusion: {exc}") from exc
        total = time.perf_counter() - start
        ids = answer_ids(streamer.committed, eos_ids)
        if tokenizer.pad_token_id is not None:
            ids = [t for t in ids if t != tokenizer.pad_token_id]
        text = tokenizer.decode(ids, skip_special_tokens=True)
        if on_event is not None:
            on_event(GenerationDone(role=self.role, token_count=len(ids), total_s=total))
        return GenerationResult(
            text=text, token_count=len(ids), model=self.model_label, backend=self.backend,
            load_s=loaded.load_s, first_token_s=streamer.first_draft_s, total_s=total,
            tokens=[tokenizer.decode([t]) for t in ids], forward_passes=streamer.steps,
            extra={"tokens_per_forward": len(ids) / streamer.steps if streamer.steps else 0.0},
        )
