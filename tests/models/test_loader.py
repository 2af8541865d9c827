"""The loader: real tiny checkpoints from disk, one shared copy, clear errors offline."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from ouroboros_tui.config import ModelConfig
from ouroboros_tui.models import LoadProgress, ModelError, loader
from ouroboros_tui.models.device import resolve_device, resolve_dtype


@pytest.fixture(autouse=True)
def _fresh_cache():
    loader.clear_cache()
    yield
    loader.clear_cache()


def cfg(model: str | Path, role: str = "builder", **kw) -> ModelConfig:
    return ModelConfig(role=role, backend="autoregressive", model=str(model), **kw)


def test_roles_naming_the_same_model_share_one_copy(tiny_qwen_dir: Path) -> None:
    events: list[LoadProgress] = []
    first = loader.load(cfg(tiny_qwen_dir, "reasoner"), on_event=events.append)
    second = loader.load(cfg(tiny_qwen_dir, "builder"), on_event=events.append)
    assert first.model is second.model and first.tokenizer is second.tokenizer
    assert first.load_s > 0 and second.load_s == 0.0
    assert len(loader.cached_models()) == 1
    assert [e.role for e in events if e.fraction == 1.0] == ["reasoner", "builder"]
    assert all(isinstance(e, LoadProgress) for e in events)


def test_concurrent_roles_still_load_once(tiny_qwen_dir: Path) -> None:
    results: list[object] = []
    threads = [threading.Thread(target=lambda r=r: results.append(loader.load(cfg(tiny_qwen_dir, r)).model))
               for r in ("reasoner", "builder")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[0] is results[1]


def test_a_different_dtype_is_a_different_copy(tiny_qwen_dir: Path) -> None:
    a = loader.load(cfg(tiny_qwen_dir, dtype="float32"))
    b = loader.load(cfg(tiny_qwen_dir, dtype="bfloat16"))
    assert a.model is not b.model
    assert a.dtype == "float32" and b.dtype == "bfloat16"
    assert str(next(b.model.parameters()).dtype) == "torch.bfloat16"


def test_auto_device_and_dtype_on_this_machine() -> None:
    import torch

    device = resolve_device("auto")
    assert device == ("cuda" if torch.cuda.is_available() else device)
    dtype = resolve_dtype("auto", "cpu")
    assert dtype in (torch.float32, torch.bfloat16)
    assert resolve_dtype("float16", "cpu") == torch.float16


def test_missing_hub_model_offline_names_model_cache_and_fix(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty-cache"))
    import huggingface_hub.constants as constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "empty-cache"))
    with pytest.raises(ModelError) as info:
        loader.load(cfg("Qwen/Qwen2.5-Coder-0.5B-Instruct"))
    message = str(info.value)
    assert "Qwen/Qwen2.5-Coder-0.5B-Instruct" in message
    assert str(tmp_path / "empty-cache") in message
    assert "ouroboros models pull Qwen/Qwen2.5-Coder-0.5B-Instruct" in message
    assert "ouroboros.toml" in message and "HF_HUB_OFFLINE" in message


def test_missing_local_directory_is_named(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="does not exist"):
        loader.load(cfg(tmp_path / "no-such-model"))


def test_a_directory_that_is_not_a_checkpoint_says_what_it_lacks(tiny_qwen_dir: Path, tmp_path: Path) -> None:
    """An empty directory used to fail in the tokenizer, advising to install sentencepiece."""
    import shutil

    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ModelError, match=r"has no config\.json") as caught:
        loader.load(cfg(empty))
    assert "sentencepiece" not in str(caught.value) and "save_pretrained" in str(caught.value)
    no_weights = tmp_path / "no-weights"
    shutil.copytree(tiny_qwen_dir, no_weights)
    (no_weights / "model.safetensors").unlink()
    with pytest.raises(ModelError, match=r"has no weights \(\*\.safetensors"):
        loader.load(cfg(no_weights))


def test_a_corrupt_config_json_is_named(tiny_qwen_dir: Path, tmp_path: Path) -> None:
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(tiny_qwen_dir, broken)
    (broken / "config.json").write_text('{"model_type": "qwen2", "hidden_size": ')
    with pytest.raises(ModelError, match=r"config\.json that is not valid JSON \(Expecting value: line 1"):
        loader.load(cfg(broken))


def test_a_checkpoint_given_to_the_wrong_backend_names_the_backend_to_use(
    tiny_qwen_dir: Path, tiny_diffusion_gemma_dir: Path
) -> None:
    """Block diffusion of a Qwen2 was an "internal error: TypeError" from inside from_pretrained;
    a DiffusionGemma under the autoregressive backend listed ~400 config classes."""
    with pytest.raises(ModelError, match=r"'qwen2' checkpoint, but backend = \"block-diffusion\"") as caught:
        loader.load(ModelConfig(role="builder", backend="block-diffusion", model=str(tiny_qwen_dir)),
                    "block-diffusion")
    assert 'backend = "autoregressive"' in str(caught.value)
    with pytest.raises(ModelError, match=r'DiffusionGemma checkpoint.*set backend = "block-diffusion"') as caught:
        loader.load(cfg(tiny_diffusion_gemma_dir))
    assert "GPT2Config" not in str(caught.value)


def test_a_model_that_is_not_a_causal_lm_gets_a_short_message(tiny_qwen_dir: Path, tmp_path: Path) -> None:
    import shutil

    t5 = tmp_path / "t5"
    shutil.copytree(tiny_qwen_dir, t5)
    (t5 / "config.json").write_text(json.dumps({"model_type": "t5"}))
    with pytest.raises(ModelError, match=r"model_type 't5'\) is not a causal language model") as caught:
        loader.load(cfg(t5))
    assert "GPT2Config" not in str(caught.value) and len(str(caught.value)) < 600


def test_remote_code_checkpoints_are_refused_unless_trusted(tiny_qwen_dir: Path, tmp_path: Path) -> None:
    """A config that needs its own Python code (like Dream/LLaDA) fails with the setting to change."""
    import shutil

    odd = tmp_path / "needs-code"
    shutil.copytree(tiny_qwen_dir, odd)
    config = json.loads((odd / "config.json").read_text())
    config.update(model_type="dream_like", auto_map={"AutoModelForCausalLM": "modeling_dream.DreamModel",
                                                     "AutoConfig": "configuration_dream.DreamConfig"})
    (odd / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelError, match="trust_remote_code"):
        loader.load(cfg(odd))


def test_a_hub_id_loads_from_the_local_cache_offline(tiny_qwen_dir: Path, tmp_path: Path, monkeypatch) -> None:
    """A cache laid out as huggingface_hub writes it (refs/main → snapshots/<commit>)."""
    import shutil

    import huggingface_hub.constants as constants

    from ouroboros_tui.models.hub import locate

    cache = tmp_path / "hub"
    repo = cache / "models--tiny-org--tiny-qwen"
    commit = "0123456789abcdef0123456789abcdef01234567"
    shutil.copytree(tiny_qwen_dir, repo / "snapshots" / commit)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    location = locate("tiny-org/tiny-qwen")
    assert location.path == repo / "snapshots" / commit and location.size_bytes > 10_000
    loaded = loader.load(cfg("tiny-org/tiny-qwen"))
    assert loaded.model.config.num_hidden_layers == 2
    assert loader.load(cfg(repo / "snapshots" / commit, "reasoner")).model is loaded.model  # same files
