"""Masked diffusion and block diffusion on the tiny random models, through the real loader."""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

import pytest

from ouroboros_tui.config import ModelConfig
from ouroboros_tui.models import (
    DiffusionDraft,
    GenerationCancelled,
    GenerationDone,
    ModelError,
    loader,
    make_generator,
)
from ouroboros_tui.models.diffusion import MASK_GLYPH, bidirectional_logits_fn

# Slow tier: every test runs a real (tiny, random) model.
pytestmark = pytest.mark.slow

MESSAGES = [{"role": "user", "content": "def add(a, b):"}]


def masked(tiny_qwen_dir: Path, **kw):
    settings = {"max_new_tokens": 24, "steps": 12, "block_length": 8, "temperature": 0.0, "dtype": "float32",
                **kw}
    return make_generator(ModelConfig(role="builder", backend="masked-diffusion", model=str(tiny_qwen_dir),
                                      **settings))


def drafts_of(generator, **kw) -> tuple[object, list[DiffusionDraft]]:
    events: list[object] = []
    result = generator.generate(MESSAGES, on_event=events.append, **kw)
    assert isinstance(events[-1], GenerationDone)
    return result, [e for e in events if isinstance(e, DiffusionDraft)]


def test_drafts_show_masks_shrinking_to_zero(tiny_qwen_dir: Path) -> None:
    result, drafts = drafts_of(masked(tiny_qwen_dir))
    counts = [d.masked for d in drafts]
    assert all(a > b for a, b in itertools.pairwise(counts))
    assert counts[-1] == 0 and len(drafts) == result.forward_passes <= 12
    assert drafts[0].text.count(MASK_GLYPH) == drafts[0].masked > 0
    assert MASK_GLYPH not in drafts[-1].text and drafts[-1].text == result.text
    assert [d.step for d in drafts] == list(range(1, len(drafts) + 1))
    assert result.token_count <= 24 and result.backend == "masked-diffusion"
    assert result.confidences is not None and len(result.confidences) == result.token_count


def test_threshold_needs_no_more_passes_than_the_schedule(tiny_qwen_dir: Path) -> None:
    fixed = masked(tiny_qwen_dir).generate(MESSAGES)
    fast = masked(tiny_qwen_dir, threshold=0.01).generate(MESSAGES)  # random weights: low confidences
    assert fast.forward_passes <= fixed.forward_passes
    assert fast.extra["tokens_per_forward"] >= 1.0


def test_seed_reproduces_on_the_model(tiny_qwen_dir: Path) -> None:
    a = masked(tiny_qwen_dir, temperature=1.0, seed=11).generate(MESSAGES)
    b = masked(tiny_qwen_dir, temperature=1.0, seed=11).generate(MESSAGES)
    assert a.text == b.text and a.forward_passes == b.forward_passes


def test_cancel_stops_within_one_step(tiny_qwen_dir: Path) -> None:
    cancel = threading.Event()
    seen: list[int] = []

    def on_event(event: object) -> None:
        if isinstance(event, DiffusionDraft):
            seen.append(event.step)
            cancel.set()

    with pytest.raises(GenerationCancelled):
        masked(tiny_qwen_dir).generate(MESSAGES, on_event=on_event, cancel=cancel)
    assert seen == [1]


def test_the_four_d_mask_makes_attention_bidirectional(tiny_qwen_dir: Path) -> None:
    """Changing the last token changes the first position's logits only when bidirectional."""
    import torch

    model = loader.load(ModelConfig(role="b", backend="masked-diffusion", model=str(tiny_qwen_dir),
                                    dtype="float32")).model
    a = torch.tensor([[5, 6, 7, 8, 9]])
    b = torch.tensor([[5, 6, 7, 8, 10]])
    both = bidirectional_logits_fn(model)
    assert not torch.allclose(both(a)[0, 0], both(b)[0, 0])
    with torch.inference_mode():
        causal_a, causal_b = model(input_ids=a).logits, model(input_ids=b).logits
    assert torch.allclose(causal_a[0, 0], causal_b[0, 0])


def test_mask_token_comes_from_config_when_the_tokenizer_has_none(tiny_qwen_dir: Path, tmp_path: Path) -> None:
    import json
    import shutil

    bare = tmp_path / "no-mask"
    shutil.copytree(tiny_qwen_dir, bare)
    tok_config = json.loads((bare / "tokenizer_config.json").read_text())
    tok_config.pop("mask_token", None)
    (bare / "tokenizer_config.json").write_text(json.dumps(tok_config))
    with pytest.raises(ModelError, match="mask_token_id"):
        masked(bare).generate(MESSAGES)
    result = masked(bare, mask_token_id=3).generate(MESSAGES)
    assert result.token_count > 0


def block(tiny_diffusion_gemma_dir: Path, **kw):
    return make_generator(ModelConfig(role="builder", backend="block-diffusion",
                                      model=str(tiny_diffusion_gemma_dir), dtype="float32",
                                      **{"max_new_tokens": 32, "steps": 6, **kw}))


def test_block_diffusion_streams_drafts_per_step(tiny_diffusion_gemma_dir: Path) -> None:
    result, drafts = drafts_of(block(tiny_diffusion_gemma_dir))
    assert result.backend == "block-diffusion"
    assert 0 < len(drafts) == result.forward_passes <= 2 * 6  # 32 tokens = two 16-token canvases
    assert [d.step for d in drafts] == list(range(1, len(drafts) + 1))
    assert {d.total_steps for d in drafts} == {2 * 6}  # the whole answer's budget, not one canvas's
    assert 0 < result.token_count <= 32
    assert result.first_token_s is not None


def test_block_diffusion_seed_reproduces_and_cancel_stops(tiny_diffusion_gemma_dir: Path) -> None:
    a = block(tiny_diffusion_gemma_dir, seed=5).generate(MESSAGES)
    b = block(tiny_diffusion_gemma_dir, seed=5).generate(MESSAGES)
    assert a.text == b.text
    cancel = threading.Event()
    steps: list[int] = []

    def on_event(event: object) -> None:
        if isinstance(event, DiffusionDraft):
            steps.append(event.step)
            if event.step == 2:
                cancel.set()

    with pytest.raises(GenerationCancelled):
        block(tiny_diffusion_gemma_dir).generate(MESSAGES, on_event=on_event, cancel=cancel)
    assert steps == [1, 2]


@pytest.mark.parametrize("arch", ["Llama", "Qwen3"])
def test_other_native_decoders_turn_bidirectional_too(arch: str) -> None:
    import torch
    import transformers

    config = getattr(transformers, f"{arch}Config")(
        vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
        num_key_value_heads=1, head_dim=16, max_position_embeddings=64,
    )
    torch.manual_seed(0)
    model = getattr(transformers, f"{arch}ForCausalLM")(config).eval()
    a, b = torch.tensor([[5, 6, 7, 8, 9]]), torch.tensor([[5, 6, 7, 8, 10]])
    both = bidirectional_logits_fn(model)
    assert not torch.allclose(both(a)[0, 0], both(b)[0, 0])
