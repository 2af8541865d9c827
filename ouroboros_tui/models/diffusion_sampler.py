"""The scheduling math of masked diffusion, as plain functions over tensors (no model).

LLaDA-style semi-autoregressive sampling: the answer canvas is split into blocks filled left to
right; inside a block each step predicts every masked position, scores the predictions
(remasking strategy) and commits some of them. How many: the adaptive even schedule
ceil(masked / steps_left) (LLaDA's split), plus, when a confidence threshold is set, every
prediction at or above it (Fast-dLLM), so a block never needs more than its step budget and
usually needs fewer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

REMASKING = ("low_confidence", "entropy", "margin", "random")


@dataclass(frozen=True)
class Block:
    start: int  # offset inside the answer canvas
    end: int
    steps: int  # step budget for this block


def plan_blocks(gen_length: int, block_length: int, steps: int) -> list[Block]:
    """Split the canvas into blocks and the step budget across them (≥ 1 step per block, and
    never more steps than a block has positions). The last block may be shorter."""
    if gen_length < 1:
        return []
    block_length = max(1, min(block_length, gen_length))
    bounds = [(s, min(s + block_length, gen_length)) for s in range(0, gen_length, block_length)]
    budgets: list[Block] = []
    remaining_steps, remaining_len = max(steps, len(bounds)), gen_length
    for start, end in bounds:
        size = end - start
        share = max(1, round(remaining_steps * size / remaining_len))
        share = min(share, size, remaining_steps - (len(bounds) - len(budgets) - 1))
        share = max(1, share)
        budgets.append(Block(start, end, share))
        remaining_steps -= share
        remaining_len -= size
    return budgets


def commit_count(masked: int, steps_left: int) -> int:
    """How many positions the fixed schedule commits this step: an even split of what is left,
    front-loaded (10 masks over 4 steps → 3, 3, 2, 2)."""
    if masked <= 0:
        return 0
    return max(1, math.ceil(masked / max(1, steps_left)))


def fixed_schedule(masked: int, steps: int) -> list[int]:
    """The whole per-step commit list of the fixed schedule for one block."""
    out = []
    for left in range(steps, 0, -1):
        k = commit_count(masked, left)
        out.append(k)
        masked -= k
    return out


def align_logits(logits: Any, shift: bool) -> Any:
    """Dream/DiffuCoder predict token i at position i-1: shift right by one so row i holds the
    prediction for position i (row 0 keeps its own logits, it is never a canvas position here)."""
    if not shift:
        return logits
    import torch

    return torch.cat([logits[..., :1, :], logits[..., :-1, :]], dim=-2)


def top_p_filter(logits: Any, top_p: float) -> Any:
    """Nucleus filtering: keep the smallest set of tokens whose probability reaches top_p."""
    import torch

    if top_p >= 1.0 or top_p <= 0.0:
        return logits
    sorted_logits, order = torch.sort(logits, descending=True, dim=-1)
    cumulative = sorted_logits.softmax(-1).cumsum(-1)
    drop_sorted = cumulative - sorted_logits.softmax(-1) >= top_p  # keep the token that crosses top_p
    drop = torch.zeros_like(drop_sorted).scatter(-1, order, drop_sorted)
    return logits.masked_fill(drop, float("-inf"))


def sample_tokens(logits: Any, temperature: float, top_p: float, generator: Any = None) -> tuple[Any, Any]:
    """Per position: the chosen token (greedy at temperature 0) and the probability distribution
    it was judged by (softmax of the unscaled-by-noise, filtered logits). Shapes (L,), (L, V)."""
    import torch

    logits = logits.float()
    if temperature <= 0:
        probs = logits.softmax(-1)
        return probs.argmax(-1), probs
    scaled = top_p_filter(logits / temperature, top_p)
    probs = scaled.softmax(-1)
    tokens = torch.multinomial(probs, 1, generator=generator).squeeze(-1)
    return tokens, probs


def confidence(probs: Any, tokens: Any, mode: str, generator: Any = None) -> Any:
    """Score per position, higher = commit sooner. low_confidence: p(chosen); entropy: −H(p);
    margin: p1 − p2; random: uniform noise (the original masked-diffusion baseline)."""
    import torch

    if mode == "low_confidence":
        return probs.gather(-1, tokens.unsqueeze(-1)).squeeze(-1)
    if mode == "entropy":
        return (probs * probs.clamp_min(1e-12).log()).sum(-1)
    if mode == "margin":
        top2 = probs.topk(2, dim=-1).values
        return top2[..., 0] - top2[..., 1]
    if mode == "random":
        return torch.rand(probs.shape[:-1], generator=generator, device=probs.device)
    raise ValueError(f"remasking must be one of {', '.join(REMASKING)}, not {mode!r}")


def select_commits(scores: Any, token_probs: Any, candidates: Any, k: int, threshold: float) -> Any:
    """Which candidate positions to commit this step (bool mask): the top-k by score, plus every
    candidate whose chosen-token probability is ≥ threshold when threshold > 0. Never fewer than
    one while candidates remain."""
    import torch

    n = int(candidates.sum())
    if n == 0:
        return torch.zeros_like(candidates)
    k = max(1, min(k, n))
    ranked = scores.masked_fill(~candidates, float("-inf"))
    chosen = torch.zeros_like(candidates)
    chosen[ranked.topk(k).indices] = True
    if threshold > 0:
        chosen |= candidates & (token_probs >= threshold)
    return chosen
