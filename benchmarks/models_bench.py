"""Model runtime benchmark on tiny local models; every figure is a ratio against a baseline
measured in the same run.

1. Autoregressive: our streaming path's tokens/s ÷ bare `model.generate` tokens/s, same model,
   prompt and greedy settings (goal ≥ 0.95); on the tiny model (a 0.5 ms forward, the worst
   case for per-token overhead) and on a ~50M-parameter one.
2. Memory: peak RSS of a process where two roles share one model ÷ a process with one role
   (goal ≤ 1.1), each in its own subprocess, sampled after the imports (whose transient peak
   would otherwise hide the model); a control run where the two roles do NOT share (cache
   cleared between them) shows the measurement catches a second copy.
3. Masked diffusion: tokens committed per forward pass at threshold 0.9 vs the fixed schedule,
   on the tiny Qwen2 after a few seconds of masked-denoising training on one answer (a random
   model is never 90 % sure of anything, so it would measure nothing).

Run: .venv/bin/python benchmarks/models_bench.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from tests.fixtures.tiny_models import build_tiny_qwen  # noqa: E402

MESSAGES = [{"role": "user", "content": "def add(a, b):"}]


def bench_autoregressive(model_dir: Path, new_tokens: int = 128, rounds: int = 11) -> dict[str, float]:
    import torch

    from ouroboros_tui.config import ModelConfig
    from ouroboros_tui.models import loader, make_generator
    from ouroboros_tui.models.prompting import encode_chat

    config = ModelConfig(role="builder", backend="autoregressive", model=str(model_dir), dtype="float32",
                         temperature=0.0, max_new_tokens=new_tokens)
    generator = make_generator(config)
    loaded = loader.load(config)
    prompt = torch.tensor([encode_chat(loaded.tokenizer, MESSAGES)])
    # Greedy on the random tiny model never emits EOS: both runs make new_tokens tokens (checked).
    deltas: list[str] = []

    # CPU time of this process (torch pinned to one thread), not wall time: the ratio then
    # measures our overhead rather than what other processes on a shared machine are doing.
    def ours() -> float:
        deltas.clear()
        start = time.process_time()
        result = generator.generate(MESSAGES, on_event=lambda e: deltas.append(type(e).__name__))
        elapsed = time.process_time() - start  # includes the cache lookup and prompt encoding
        assert result.token_count == new_tokens
        return new_tokens / elapsed

    def bare() -> float:
        start = time.process_time()
        with torch.inference_mode():
            out = loaded.model.generate(prompt, attention_mask=torch.ones_like(prompt), do_sample=False,
                                        max_new_tokens=new_tokens, temperature=None, top_p=None, top_k=None)
        elapsed = time.process_time() - start
        assert out.shape[1] - prompt.shape[1] == new_tokens
        return new_tokens / elapsed

    ours(), bare()  # warm-up
    ours_rates, bare_rates = [], []
    for _ in range(rounds):  # interleaved so drift hits both alike
        ours_rates.append(ours())
        bare_rates.append(bare())
    o, b = max(ours_rates), max(bare_rates)  # best of N: the least disturbed run of each
    return {"ours_tok_s": o, "bare_tok_s": b, "ratio": o / b}


RSS_CHILD = r"""
import json, resource, sys
import psutil, torch, transformers  # imported up front in every mode, so the baselines match
from transformers import AutoModelForCausalLM
import threading, time
from ouroboros_tui.config import ModelConfig
from ouroboros_tui.models import loader, make_generator
model, roles, share = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "share"
# ru_maxrss already holds the transient peak of importing torch/transformers (~570 MB), which
# would hide the model; so sample RSS every 2 ms from here on and keep the maximum.
proc, peak, done = psutil.Process(), [0], threading.Event()
def sample():
    while not done.is_set():
        peak[0] = max(peak[0], proc.memory_info().rss)
        time.sleep(0.002)
sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
for i, role in enumerate(["reasoner", "builder"][:roles]):
    if i and not share:
        keep = loader.cached_models()  # hold the first copy, then force a second load
        loader.clear_cache()
    cfg = ModelConfig(role=role, backend="autoregressive", model=model, dtype="float32", max_new_tokens=4,
                      temperature=0.0)
    make_generator(cfg).generate([{"role": "user", "content": "hi"}])
done.set()
sampler.join()
peak[0] = max(peak[0], proc.memory_info().rss)
print(json.dumps({"max_rss_kb": peak[0] // 1024, "ru_maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "rss_kb": psutil.Process().memory_info().rss // 1024}))
"""


def rss_kb(model_dir: Path, roles: int, share: bool) -> dict[str, int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", RSS_CHILD, str(model_dir), str(roles),
                          "share" if share else "copy"], capture_output=True, text=True, env=env, check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def bench_memory(model_dir: Path) -> dict[str, float]:
    base, one, two, copies = (rss_kb(model_dir, 0, True), rss_kb(model_dir, 1, True), rss_kb(model_dir, 2, True),
                              rss_kb(model_dir, 2, False))
    mb = 1024
    return {"base_peak_mb": base["max_rss_kb"] / mb, "import_peak_mb": base["ru_maxrss_kb"] / mb,
            "one_role_mb": one["max_rss_kb"] / mb,
            "two_roles_shared_mb": two["max_rss_kb"] / mb, "two_copies_mb": copies["max_rss_kb"] / mb,
            "shared_ratio": two["max_rss_kb"] / one["max_rss_kb"],
            "copies_ratio": copies["max_rss_kb"] / one["max_rss_kb"],
            "steady_one_mb": one["rss_kb"] / mb, "steady_two_mb": two["rss_kb"] / mb,
            "steady_copies_mb": copies["rss_kb"] / mb}


def build_small_qwen(out_dir: Path) -> Path:
    """Same tokenizer, but ~50M parameters, so weights (not torch itself) dominate the RSS."""
    import torch
    from transformers import AutoTokenizer, Qwen2Config, Qwen2ForCausalLM

    build_tiny_qwen(out_dir)
    tok = AutoTokenizer.from_pretrained(out_dir)
    torch.manual_seed(0)
    config = Qwen2Config(vocab_size=len(tok), hidden_size=768, intermediate_size=3072, num_hidden_layers=6,
                         num_attention_heads=12, num_key_value_heads=4, tie_word_embeddings=True,
                         eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id, bos_token_id=None)
    Qwen2ForCausalLM(config).save_pretrained(out_dir)
    return out_dir


def train_denoiser(model_dir: Path, answer: str, canvas: int = 32, steps: int = 800) -> None:
    """A few hundred steps of the masked-diffusion objective on one prompt → answer pair."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from ouroboros_tui.models.prompting import encode_chat

    tok = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    prompt = encode_chat(tok, MESSAGES)
    answer_ids = tok(answer, add_special_tokens=False)["input_ids"]
    # Padded with EOS to the canvas length, as LLaDA trains: the model learns where answers end.
    target = answer_ids + [tok.eos_token_id] * (canvas - len(answer_ids))
    ids = torch.tensor([prompt + target])
    n = len(target)
    full = torch.zeros(1, 1, ids.shape[1], ids.shape[1])
    optim = torch.optim.AdamW(model.parameters(), lr=3e-3)
    g = torch.Generator().manual_seed(0)
    model.train()
    for _ in range(steps):
        ratio = float(torch.rand(1, generator=g).clamp(0.05, 1.0))
        hide = torch.rand(n, generator=g) < ratio
        hide[int(torch.randint(n, (1,), generator=g))] = True
        noisy = ids.clone()
        noisy[0, len(prompt):][hide] = tok.mask_token_id
        logits = model(input_ids=noisy, attention_mask=full).logits[0, len(prompt):]
        loss = torch.nn.functional.cross_entropy(logits[hide], ids[0, len(prompt):][hide])
        optim.zero_grad()
        loss.backward()
        optim.step()
    model.save_pretrained(model_dir)


def bench_diffusion(model_dir: Path) -> dict[str, object]:
    from ouroboros_tui.config import ModelConfig
    from ouroboros_tui.models import loader, make_generator

    answer = "def add(a, b):\n    return a + b\n"
    train_denoiser(model_dir, answer)
    loader.clear_cache()
    rows: dict[str, object] = {}
    for name, threshold in (("fixed", 0.0), ("threshold_0.9", 0.9)):
        config = ModelConfig(role="builder", backend="masked-diffusion", model=str(model_dir), dtype="float32",
                             temperature=0.0, max_new_tokens=32, steps=32, block_length=32, threshold=threshold)
        result = make_generator(config).generate(MESSAGES)
        rows[name] = {"forward_passes": result.forward_passes, "tokens": result.token_count,
                      "tokens_per_forward": round(result.token_count / result.forward_passes, 2),
                      "canvas_per_forward": round(32 / result.forward_passes, 2),
                      "matches_trained_answer": result.text == answer}
    return rows


def main() -> None:
    import torch

    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory() as tmp:
        tiny = build_tiny_qwen(Path(tmp) / "tiny-qwen")
        small = build_small_qwen(Path(tmp) / "small")
        for label, model_dir, tokens, rounds in (("tiny Qwen2", tiny, 128, 11), ("small Qwen2 ~50M", small, 64, 5)):
            ar = bench_autoregressive(model_dir, tokens, rounds)
            print(f"autoregressive ({label}, {tokens} greedy tokens, CPU time, best of {rounds}): "
                  f"ours {ar['ours_tok_s']:.0f} tok/s, bare model.generate {ar['bare_tok_s']:.0f} tok/s, "
                  f"ratio {ar['ratio']:.3f} (goal >= 0.95)")
        for label, model_dir in (("tiny Qwen2", tiny), ("small Qwen2 ~50M", small)):
            mem = bench_memory(model_dir)
            print(f"peak RSS after imports ({label}): no model {mem['base_peak_mb']:.0f} MB, one role "
                  f"{mem['one_role_mb']:.0f} MB, two roles sharing {mem['two_roles_shared_mb']:.0f} MB, "
                  f"ratio {mem['shared_ratio']:.3f} (goal <= 1.1); control, two separate copies: ratio "
                  f"{mem['copies_ratio']:.3f}; RSS after generating: {mem['steady_one_mb']:.0f} / "
                  f"{mem['steady_two_mb']:.0f} / {mem['steady_copies_mb']:.0f} MB; import peak "
                  f"{mem['import_peak_mb']:.0f} MB")
        diff = bench_diffusion(tiny)
        for name, row in diff.items():
            print(f"masked diffusion {name}: {json.dumps(row)}")


if __name__ == "__main__":
    main()
