"""Masked-diffusion scheduling on fake logits: properties, not strings."""

from __future__ import annotations

import itertools
import threading

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from ouroboros_tui.models.base import GenerationCancelled
from ouroboros_tui.models.diffusion import SamplerSettings, answer_ids, run_sampler
from ouroboros_tui.models.diffusion_sampler import (
    align_logits,
    commit_count,
    fixed_schedule,
    plan_blocks,
    select_commits,
)

VOCAB, MASK, EOS = 12, 11, 10
PROMPT = [1, 2, 3]


def fixed_logits(table: torch.Tensor):
    """A fake model: the same logits every call, counted. table: (gen_length, VOCAB)."""
    calls = {"n": 0}

    def logits_fn(ids: torch.Tensor) -> torch.Tensor:
        calls["n"] += 1
        full = torch.zeros(1, ids.shape[1], VOCAB)
        full[0, len(PROMPT):] = table
        return full

    return logits_fn, calls


def random_table(gen_length: int, seed: int = 0, spread: float = 3.0) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    table = torch.randn(gen_length, VOCAB, generator=g) * spread
    table[:, EOS] = -30.0  # no EOS unless a test wants one
    return table


def run(table: torch.Tensor, **kw) -> tuple[list[int], object, dict]:
    fn, calls = fixed_logits(table)
    s = SamplerSettings(**{"gen_length": table.shape[0], "steps": 8, "block_length": 8, **kw})
    canvas, trace = run_sampler(fn, PROMPT, MASK, [EOS], s)
    return canvas, trace, calls


@given(masked=st.integers(0, 200), steps=st.integers(1, 64))
def test_fixed_schedule_commits_everything_evenly(masked: int, steps: int) -> None:
    plan = fixed_schedule(masked, steps)
    assert sum(plan) == masked
    assert len(plan) == steps
    assert all(a >= b for a, b in itertools.pairwise(plan))  # front-loaded, never growing
    assert max(plan) - min(plan) <= 1
    assert commit_count(0, 3) == 0


@given(n=st.integers(1, 300), block=st.integers(1, 64), steps=st.integers(1, 256))
@settings(max_examples=200)
def test_blocks_cover_the_canvas_with_a_step_each(n: int, block: int, steps: int) -> None:
    blocks = plan_blocks(n, block, steps)
    assert blocks[0].start == 0 and blocks[-1].end == n
    assert all(a.end == b.start for a, b in itertools.pairwise(blocks))
    assert all(1 <= b.steps <= b.end - b.start for b in blocks)
    if steps >= len(blocks):
        assert sum(b.steps for b in blocks) <= steps


@pytest.mark.parametrize("remasking", ["low_confidence", "entropy", "margin", "random"])
def test_masks_only_decrease_and_reach_zero_by_the_last_step(remasking: str) -> None:
    canvas, trace, calls = run(random_table(24), steps=10, block_length=8, remasking=remasking)
    masked = [sum(1 for t in c if t == MASK) for c in trace.canvases]
    assert all(a > b for a, b in zip([24, *masked], masked, strict=False))  # strictly fewer every step
    assert masked[-1] == 0 and MASK not in canvas
    assert calls["n"] == trace.forward_passes == len(trace.canvases) <= 10


def test_fixed_schedule_commits_the_planned_count_per_step() -> None:
    _, trace, _ = run(random_table(20), steps=8, block_length=10)
    for index, block in enumerate(plan_blocks(20, 10, 8)):
        counts = [c for c, b in zip(trace.commits, trace.block_of_step, strict=True) if b == index]
        assert counts == fixed_schedule(block.end - block.start, block.steps)


def test_blocks_fill_left_to_right() -> None:
    _, trace, _ = run(random_table(24), steps=12, block_length=8)
    assert trace.block_of_step == sorted(trace.block_of_step)
    for canvas, block in zip(trace.canvases, trace.block_of_step, strict=True):
        assert all(t != MASK for t in canvas[: block * 8])  # earlier blocks complete
        assert all(t == MASK for t in canvas[(block + 1) * 8 :])  # later blocks untouched


def test_threshold_commits_every_confident_position_and_at_least_one() -> None:
    table = random_table(16, spread=0.1)  # nothing confident…
    sure = [0, 5, 6, 13]
    for pos in sure:
        table[pos, 4] = 12.0  # …except these: p(4) ≈ 0.9999
    _, trace, _ = run(table, steps=16, block_length=16, threshold=0.9)
    first = trace.canvases[0]
    assert all(first[p] == 4 for p in sure)
    assert trace.commits[0] >= len(sure)
    assert all(c >= 1 for c in trace.commits)
    _, plain, _ = run(table, steps=16, block_length=16, threshold=0.0)
    assert plain.forward_passes == 16 and trace.forward_passes < plain.forward_passes


def test_select_commits_takes_top_k_plus_everything_above_threshold() -> None:
    scores = torch.tensor([0.1, 0.9, 0.5, 0.95, 0.2])
    probs = scores.clone()
    candidates = torch.tensor([True, True, True, False, True])
    chosen = select_commits(scores, probs, candidates, 1, 0.4)
    assert chosen.tolist() == [False, True, True, False, False]  # 0.95 is not a candidate
    none_above = select_commits(scores, probs, candidates, 1, 0.99)
    assert int(none_above.sum()) == 1 and bool(none_above[1])


def test_shift_logits_really_shifts() -> None:
    """Row i of the fake logits names token i % 10: unshifted, position j gets the token of its own
    row; shifted (Dream/DiffuCoder), the row before it."""

    def diagonal(ids: torch.Tensor) -> torch.Tensor:
        out = torch.full((1, ids.shape[1], VOCAB), -10.0)
        for i in range(ids.shape[1]):
            out[0, i, i % 10] = 10.0
        return out

    p = len(PROMPT)
    s = SamplerSettings(gen_length=6, steps=6, block_length=6)
    plain, _ = run_sampler(diagonal, PROMPT, MASK, [EOS], s)
    shifted, _ = run_sampler(diagonal, PROMPT, MASK, [EOS], SamplerSettings(6, 6, 6, shift_logits=True))
    assert plain == [(p + j) % 10 for j in range(6)]
    assert shifted == [(p + j - 1) % 10 for j in range(6)]
    rows = torch.arange(4.0).view(1, 4, 1)
    assert align_logits(rows, True).flatten().tolist() == [0.0, 0.0, 1.0, 2.0]


def test_fixed_seed_reproduces_and_another_seed_differs() -> None:
    table = random_table(16, spread=0.5)
    a, _, _ = run(table, temperature=1.0, seed=7)
    b, _, _ = run(table, temperature=1.0, seed=7)
    c, _, _ = run(table, temperature=1.0, seed=8)
    assert a == b
    assert a != c


def test_eos_ends_the_answer_and_skips_the_blocks_behind_it() -> None:
    table = random_table(24)
    table[2, EOS] = 30.0  # position 2 is confidently EOS
    canvas, trace, _ = run(table, steps=12, block_length=8)
    assert canvas[2] == EOS and all(t == EOS for t in canvas[3:])
    assert answer_ids(canvas, [EOS]) == canvas[:2]
    assert trace.forward_passes <= 4  # the first block's budget; blocks 2 and 3 cost nothing


def test_cancel_stops_within_one_step() -> None:
    fn, calls = fixed_logits(random_table(16))
    cancel = threading.Event()

    def on_step(canvas: list[int], step: int, total: int) -> None:
        if step == 2:
            cancel.set()

    with pytest.raises(GenerationCancelled):
        run_sampler(fn, PROMPT, MASK, [EOS], SamplerSettings(16, 8, 16), on_step, cancel)
    assert calls["n"] == 2


# Slow tier: 60 random settings through the whole sampler.
@pytest.mark.slow
@given(
    gen_length=st.integers(1, 40),
    block_length=st.integers(1, 40),
    steps=st.integers(1, 48),
    threshold=st.sampled_from([0.0, 0.3, 0.9]),
    seed=st.integers(0, 5),
)
@settings(max_examples=60, deadline=None)
def test_any_setting_ends_fully_unmasked_within_budget(
    gen_length: int, block_length: int, steps: int, threshold: float, seed: int
) -> None:
    canvas, trace, calls = run(random_table(gen_length, seed=seed), steps=steps, block_length=block_length,
                               threshold=threshold, temperature=0.7, seed=seed)
    budget = sum(b.steps for b in plan_blocks(gen_length, block_length, steps))
    masked = [sum(1 for t in c if t == MASK) for c in trace.canvases]
    assert MASK not in canvas and masked[-1] == 0
    assert all(a > b for a, b in itertools.pairwise([gen_length, *masked]))
    assert calls["n"] == trace.forward_passes <= budget
    assert all(c >= 1 for c in trace.commits)
