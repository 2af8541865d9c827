"""Masked-diffusion generation over any causal LM's logits (LLaDA / Dream / DiffuCoder style).

The prompt is followed by `max_new_tokens` mask tokens; each step runs the model over the whole
sequence with a 4-D all-visible attention mask (bidirectional attention on native Qwen2, Qwen3,
Llama… without remote code) and commits some masked positions (see diffusion_sampler). Once an
EOS is committed, every position after it becomes EOS: the answer ends there and the
blocks behind it cost no more forward passes.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
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
from ouroboros_tui.models.diffusion_sampler import (
    align_logits,
    commit_count,
    confidence,
    plan_blocks,
    sample_tokens,
    select_commits,
)
from ouroboros_tui.models.prompting import encode_chat, stop_token_ids

if TYPE_CHECKING:
    from ouroboros_tui.config import ModelConfig

MASK_GLYPH = "░"


@dataclass(frozen=True)
class SamplerSettings:
    gen_length: int
    steps: int
    block_length: int
    remasking: str = "low_confidence"
    temperature: float = 0.0
    top_p: float = 1.0
    threshold: float = 0.0
    shift_logits: bool = False
    seed: int = 0


@dataclass
class SamplerTrace:
    """What happened, for results and tests: canvas after each step, commits per step."""

    canvases: list[list[int]]
    commits: list[int]
    block_of_step: list[int]
    confidences: list[float]  # per answer position, probability when committed
    forward_passes: int = 0


def resolve_mask_token_id(config: ModelConfig, tokenizer: Any, model: Any) -> int:
    if config.mask_token_id >= 0:
        return config.mask_token_id
    for value in (getattr(tokenizer, "mask_token_id", None), getattr(model.config, "mask_token_id", None)):
        if isinstance(value, int) and value >= 0:
            return value
    raise ModelError(
        f"{config.model} has no mask token (its tokenizer defines none): masked diffusion needs one. "
        f"Set mask_token_id under [models.{config.role}] in ouroboros.toml to the id the checkpoint was "
        "trained with, or use backend = \"autoregressive\"."
    )


def run_sampler(
    logits_fn: Any,
    prompt: list[int],
    mask_id: int,
    eos_ids: list[int],
    settings: SamplerSettings,
    on_step: Any = None,
    cancel: threading.Event | None = None,
    device: Any = "cpu",
) -> tuple[list[int], SamplerTrace]:
    """The sampling loop. `logits_fn(ids (1, L)) -> logits (1, L, V)` is the model (or a fake);
    `on_step(canvas, step, total_steps)` is called after every step. Returns the answer ids."""
    import torch

    generator = torch.Generator(device="cpu").manual_seed(settings.seed)
    torch.manual_seed(settings.seed)
    p_len, n = len(prompt), settings.gen_length
    ids = torch.tensor([[*prompt, *([mask_id] * n)]], dtype=torch.long, device=device)
    answer_conf = [0.0] * n
    trace = SamplerTrace([], [], [], answer_conf)
    blocks = plan_blocks(n, settings.block_length, settings.steps)
    total_steps = sum(b.steps for b in blocks)
    step = 0
    eos_set = torch.tensor(eos_ids or [-1], device=device)
    for block_index, block in enumerate(blocks):
        for step_in_block in range(block.steps):
            canvas = ids[0, p_len:]
            masked = canvas == mask_id
            in_block = torch.zeros_like(masked)
            in_block[block.start : block.end] = True
            candidates = masked & in_block
            if not bool(candidates.any()):
                break
            if cancel is not None and cancel.is_set():
                raise GenerationCancelled(_partial(canvas.tolist(), mask_id))
            logits = align_logits(logits_fn(ids), settings.shift_logits)[0, p_len:].float()
            logits[:, mask_id] = float("-inf")  # committing a mask would be no progress
            trace.forward_passes += 1
            tokens, probs = sample_tokens(logits, settings.temperature, settings.top_p, generator)
            token_probs = probs.gather(-1, tokens.unsqueeze(-1)).squeeze(-1)
            scores = confidence(probs, tokens, settings.remasking, generator)
            k = commit_count(int(candidates.sum()), block.steps - step_in_block)
            chosen = select_commits(scores, token_probs, candidates, k, settings.threshold)
            canvas[chosen] = tokens[chosen]
            for pos in chosen.nonzero().flatten().tolist():
                answer_conf[pos] = float(token_probs[pos])
            _fill_after_eos(canvas, eos_set)
            step += 1
            trace.commits.append(int(chosen.sum()))
            trace.block_of_step.append(block_index)
            trace.canvases.append(canvas.tolist())
            if on_step is not None:
                on_step(canvas.tolist(), step, total_steps)
    return ids[0, p_len:].tolist(), trace


def _fill_after_eos(canvas: Any, eos_set: Any) -> None:
    """Every position after the first committed EOS becomes EOS: the answer ends there."""
    import torch

    is_eos = torch.isin(canvas, eos_set)
    if not bool(is_eos.any()):
        return
    first = int(is_eos.nonzero()[0])
    canvas[first + 1 :] = int(canvas[first])


def answer_ids(canvas: list[int], eos_ids: list[int]) -> list[int]:
    """The answer: everything before the first EOS."""
    for i, token in enumerate(canvas):
        if token in eos_ids:
            return canvas[:i]
    return canvas


def _partial(canvas: list[int], mask_id: int) -> str:
    return f"{sum(1 for t in canvas if t != mask_id)} tokens committed"


def render_draft(tokenizer: Any, canvas: list[int], mask_id: int, eos_ids: list[int]) -> str:
    """Decode the canvas with one glyph per masked position, ending at the first EOS."""
    parts: list[str] = []
    run: list[int] = []
    for token in answer_ids(canvas, eos_ids):
        if token == mask_id:
            if run:
                parts.append(tokenizer.decode(run, skip_special_tokens=True))
                run = []
            parts.append(MASK_GLYPH)
        else:
            run.append(token)
    if run:
        parts.append(tokenizer.decode(run, skip_special_tokens=True))
    return "".join(parts)


def bidirectional_logits_fn(model: Any) -> Any:
    """Model forward with a 4-D additive mask of zeros: every position sees every other one.
    transformers' masking_utils passes a ready 4-D mask through untouched, so no remote code is
    needed to turn a causal decoder bidirectional."""
    import torch

    def logits_fn(ids: Any) -> Any:
        length = ids.shape[1]
        mask = torch.zeros((1, 1, length, length), dtype=model.dtype, device=ids.device)
        with torch.no_grad():  # not inference_mode: the sampler edits tensors derived from these
            return model(input_ids=ids, attention_mask=mask, use_cache=False).logits

    return logits_fn


class MaskedDiffusionGenerator:
    backend = "masked-diffusion"

    def __init__(self, config: ModelConfig) -> None:
        self.config = config
        self.role = config.role
        self.model_label = config.label

    def settings(self, max_new_tokens: int | None = None) -> SamplerSettings:
        c = self.config
        return SamplerSettings(
            gen_length=max_new_tokens or c.max_new_tokens, steps=c.steps, block_length=c.block_length,
            remasking=c.remasking, temperature=c.temperature, top_p=c.top_p, threshold=c.threshold,
            shift_logits=c.shift_logits, seed=c.seed,
        )

    def generate(
        self,
        messages: list[Message],
        on_event: EventCallback | None = None,
        cancel: threading.Event | None = None,
        max_new_tokens: int | None = None,
    ) -> GenerationResult:
        loaded = loader.load(self.config, "causal", on_event)
        tokenizer, model = loaded.tokenizer, loaded.model
        mask_id = resolve_mask_token_id(self.config, tokenizer, model)
        eos_ids = stop_token_ids(tokenizer, model)
        prompt = encode_chat(tokenizer, messages)
        settings = self.settings(max_new_tokens)
        start = time.perf_counter()
        first_step_s: list[float] = []

        def on_step(canvas: list[int], step: int, total: int) -> None:
            if not first_step_s:
                first_step_s.append(time.perf_counter() - start)
            if on_event is not None:
                on_event(DiffusionDraft(
                    role=self.role, text=render_draft(tokenizer, canvas, mask_id, eos_ids), step=step,
                    total_steps=total, masked=sum(1 for t in canvas if t == mask_id), mask_glyph=MASK_GLYPH,
                ))

        try:
            canvas, trace = run_sampler(
                bidirectional_logits_fn(model), prompt, mask_id, eos_ids, settings, on_step, cancel,
                device=model.device,
            )
        except RuntimeError as exc:
            raise ModelError(f"{self.config.model} failed while denoising: {exc}") from exc
        total = time.perf_counter() - start
        ids = answer_ids(canvas, eos_ids)
        text = tokenizer.decode(ids, skip_special_tokens=True)
        if on_event is not None:
            on_event(GenerationDone(role=self.role, token_count=len(ids), total_s=total))
        return GenerationResult(
            text=text, token_count=len(ids), model=self.model_label, backend=self.backend,
            load_s=loaded.load_s, first_token_s=first_step_s[0] if first_step_s else None, total_s=total,
            tokens=[tokenizer.decode([t]) for t in ids], confidences=trace.confidences[: len(ids)],
            forward_passes=trace.forward_passes,
            extra={"tokens_per_forward": len(ids) / trace.forward_passes if trace.forward_passes else 0.0},
        )
