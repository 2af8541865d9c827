"""The autoregressive backend on the tiny Qwen2, through the real loader, offline."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ouroboros_tui.config import ModelConfig
from ouroboros_tui.models import (
    GenerationCancelled,
    GenerationDone,
    LoadProgress,
    TokenDelta,
    loader,
    make_generator,
)
from ouroboros_tui.models.prompting import encode_chat, fallback_prompt

# Slow tier: every test runs a real (tiny, random) model.
pytestmark = pytest.mark.slow

MESSAGES = [{"role": "system", "content": "You write code."}, {"role": "user", "content": "def add(a, b):"}]


def gen(tiny_qwen_dir: Path, **kw):
    return make_generator(ModelConfig(role="builder", backend="autoregressive", model=str(tiny_qwen_dir),
                                      dtype="float32", **{"max_new_tokens": 24, "temperature": 0.0, **kw}))


def test_streams_tokens_whose_deltas_make_the_text(tiny_qwen_dir: Path) -> None:
    events: list[object] = []
    result = gen(tiny_qwen_dir).generate(MESSAGES, on_event=events.append)
    deltas = [e for e in events if isinstance(e, TokenDelta)]
    assert "".join(d.text for d in deltas) == result.text
    assert [d.tokens_so_far for d in deltas] == list(range(1, len(deltas) + 1))
    assert isinstance(events[-1], GenerationDone) and events[-1].token_count == result.token_count
    assert any(isinstance(e, LoadProgress) for e in events) or result.load_s == 0.0
    assert 0 < result.token_count <= 24
    assert result.first_token_s is not None and 0 < result.first_token_s <= result.total_s
    assert result.tokens_per_s > 0
    assert result.confidences is not None and len(result.confidences) == len(deltas)
    assert all(0.0 < c <= 1.0 for c in result.confidences)
    assert (result.model, result.backend) == (str(tiny_qwen_dir), "autoregressive")


def test_greedy_matches_bare_model_generate(tiny_qwen_dir: Path) -> None:
    """Our streaming path produces exactly the tokens transformers' own generate does."""
    import torch

    result = gen(tiny_qwen_dir, max_new_tokens=16).generate(MESSAGES)
    loaded = loader.load(ModelConfig(role="builder", backend="autoregressive", model=str(tiny_qwen_dir),
                                     dtype="float32"))
    prompt = torch.tensor([encode_chat(loaded.tokenizer, MESSAGES)])
    bare = loaded.model.generate(prompt, attention_mask=torch.ones_like(prompt), max_new_tokens=16,
                                 do_sample=False, eos_token_id=loaded.tokenizer.eos_token_id)
    expected = loaded.tokenizer.decode(
        [t for t in bare[0, prompt.shape[1]:].tolist() if t != loaded.tokenizer.eos_token_id],
        skip_special_tokens=True,
    )
    assert result.text == expected


def test_the_chat_template_is_used_and_a_fallback_exists(tiny_qwen_dir: Path) -> None:
    tok = loader.load(ModelConfig(role="b", backend="autoregressive", model=str(tiny_qwen_dir))).tokenizer
    text = tok.decode(encode_chat(tok, MESSAGES))
    assert text.startswith("<|im_start|>system\nYou write code.<|im_end|>")
    assert text.endswith("<|im_start|>assistant\n")
    assert fallback_prompt(MESSAGES).endswith("User: def add(a, b):\n\nAssistant:")


def test_sampling_with_a_fixed_seed_reproduces(tiny_qwen_dir: Path) -> None:
    a = gen(tiny_qwen_dir, temperature=1.0, seed=3).generate(MESSAGES)
    b = gen(tiny_qwen_dir, temperature=1.0, seed=3).generate(MESSAGES)
    c = gen(tiny_qwen_dir, temperature=1.0, seed=4).generate(MESSAGES)
    assert a.text == b.text
    assert a.text != c.text


def test_cancel_stops_within_one_token(tiny_qwen_dir: Path) -> None:
    cancel = threading.Event()
    seen: list[int] = []
    texts: list[str] = []

    def on_event(event: object) -> None:
        if isinstance(event, TokenDelta):
            seen.append(event.tokens_so_far)
            texts.append(event.text)
            if event.tokens_so_far == 3:
                cancel.set()

    with pytest.raises(GenerationCancelled) as info:
        gen(tiny_qwen_dir, max_new_tokens=200).generate(MESSAGES, on_event=on_event, cancel=cancel)
    assert seen[-1] <= 4  # the token in flight when the flag was set, at most
    assert info.value.partial_text == "".join(texts)  # what was streamed is kept


def test_max_new_tokens_argument_wins(tiny_qwen_dir: Path) -> None:
    result = gen(tiny_qwen_dir, max_new_tokens=50).generate(MESSAGES, max_new_tokens=5)
    assert result.token_count <= 5
