"""Region infill with a masked-diffusion model: the code on both sides stays fixed, only the masked
region in between is denoised.

The canvas is `chat prompt + code before + [mask] × n + code after`. Each step runs the model
bidirectionally over the whole sequence (so the region sees what follows it, which a left-to-right
model cannot) and commits some masked positions, block by block, with the same scheduling math as
`diffusion.py`. An end-of-text committed inside the region ends the region there, so the body may
come out shorter than `n`. Imports torch only inside the function.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

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
from ouroboros_tui.models.diffusion import (
    MASK_GLYPH,
    _fill_after_eos,
    answer_ids,
    bidirectional_logits_fn,
    render_draft,
    resolve_mask_token_id,
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


def count_tokens(config: ModelConfig, text: str) -> int:
    loaded = loader.load(config, "causal")
    return len(loaded.tokenizer.encode(text, add_special_tokens=False))


def infill(
    config: ModelConfig,
    messages: list[Message],
    before: str,
    after: str,
    length: int,
    on_event: EventCallback | None = None,
    cancel: threading.Event | None = None,
    seed: int | None = None,
) -> GenerationResult:
    """Fill `length` masked tokens between `before` and `after`; returns the region's text."""
    import torch

    loaded = loader.load(config, "causal", on_event)
    tokenizer, model = loaded.tokenizer, loaded.model
    mask_id = resolve_mask_token_id(config, tokenizer, model)
    eos_ids = stop_token_ids(tokenizer, model)
    prompt = [*encode_chat(tokenizer, messages), *tokenizer.encode(before, add_special_tokens=False)]
    suffix = tokenizer.encode(after, add_special_tokens=False)
    start_at, n = len(prompt), max(1, length)
    ids = torch.tensor([[*prompt, *([mask_id] * n), *suffix]], dtype=torch.long, device=model.device)
    generator = torch.Generator(device="cpu").manual_seed(config.seed if seed is None else seed)
    eos_set = torch.tensor(eos_ids or [-1], device=model.device)
    logits_fn = bidirectional_logits_fn(model)
    blocks = plan_blocks(n, config.block_length, config.steps)
    total_steps = sum(b.steps for b in blocks)
    confidences = [0.0] * n
    passes = step = 0
    started = time.perf_counter()
    first_step_s: float | None = None
    try:
        for block in blocks:
            for step_in_block in range(block.steps):
                region = ids[0, start_at : start_at + n]
                candidates = region == mask_id
                in_block = torch.zeros_like(candidates)
                in_block[block.start : block.end] = True
                candidates &= in_block
                if not bool(candidates.any()):
                    break
                if cancel is not None and cancel.is_set():
                    raise GenerationCancelled(render_draft(tokenizer, region.tolist(), mask_id, eos_ids))
                logits = align_logits(logits_fn(ids), config.shift_logits)[0, start_at : start_at + n].float()
                logits[:, mask_id] = float("-inf")
                passes += 1
                tokens, probs = sample_tokens(logits, config.temperature, config.top_p, generator)
                token_probs = probs.gather(-1, tokens.unsqueeze(-1)).squeeze(-1)
                scores = confidence(probs, tokens, config.remasking, generator)
                k = commit_count(int(candidates.sum()), block.steps - step_in_block)
                chosen = select_commits(scores, token_probs, candidates, k, config.threshold)
                region[chosen] = tokens[chosen]
                for pos in chosen.nonzero().flatten().tolist():
                    confidences[pos] = float(token_probs[pos])
                _fill_after_eos(region, eos_set)
                step += 1
                if first_step_s is None:
                    first_step_s = time.perf_counter() - started
                if on_event is not None:
                    on_event(DiffusionDraft(
                        role=config.role, text=render_draft(tokenizer, region.tolist(), mask_id, eos_ids),
                        step=step, total_steps=total_steps,
                        masked=int((region == mask_id).sum()), mask_glyph=MASK_GLYPH,
                    ))
    except RuntimeError as exc:
        raise ModelError(f"{config.model} failed while infilling: {exc}") from exc
    total = time.perf_counter() - started
    body = answer_ids(ids[0, start_at : start_at + n].tolist(), eos_ids)
    text = tokenizer.decode(body, skip_special_tokens=True)
    if on_event is not None:
        on_event(GenerationDone(role=config.role, token_count=len(body), total_s=total))
    return GenerationResult(
        text=text, token_count=len(body), model=config.label, backend="masked-diffusion",
        load_s=loaded.load_s, first_token_s=first_step_s, total_s=total,
        tokens=[tokenizer.decode([t]) for t in body], confidences=confidences[: len(body)],
        forward_passes=passes, extra={"infill_length": float(n)},
    )
