"""Hub id or local directory → (model, tokenizer), one loaded copy per (model, device, dtype, kind).

Every role that names the same model shares the same weights: a process-wide cache guarded by
a lock, with one lock per key so a second role waits for the first role's load instead of
loading a second copy. Loading never downloads (see hub.py): missing weights are a ModelError
naming the model, the cache and the fix.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ouroboros_tui.models.base import EventCallback, LoadProgress, ModelError
from ouroboros_tui.models.device import dtype_name, resolve_device, resolve_dtype
from ouroboros_tui.models.hub import incomplete_model_error, locate, missing_model_error

if TYPE_CHECKING:
    from ouroboros_tui.config import ModelConfig

Kind = Literal["causal", "block-diffusion"]
BLOCK_DIFFUSION_TYPE = "diffusion_gemma"  # config.json model_type of DiffusionGemmaForBlockDiffusion


@dataclass
class LoadedModel:
    model: Any  # a transformers PreTrainedModel, in eval mode on `device`
    tokenizer: Any
    device: str
    dtype: str
    load_s: float  # seconds the (first) load took; 0.0 for a cache hit
    key: tuple[str, str, str, str]


_cache: dict[tuple[str, str, str, str], LoadedModel] = {}
_key_locks: dict[tuple[str, str, str, str], threading.Lock] = {}
_cache_lock = threading.Lock()


def cached_models() -> list[LoadedModel]:
    with _cache_lock:
        return list(_cache.values())


def clear_cache() -> None:
    """Forget every loaded model (tests, and `models check` between models)."""
    with _cache_lock:
        _cache.clear()
        _key_locks.clear()


def load(config: ModelConfig, kind: Kind = "causal", on_event: EventCallback | None = None) -> LoadedModel:
    """Load (or reuse) the model a role's config names. Raises ModelError with the fix."""

    def progress(message: str, fraction: float | None) -> None:
        if on_event is not None:
            on_event(LoadProgress(role=config.role, model=config.model, message=message, fraction=fraction))

    device = resolve_device(config.device)
    dtype = resolve_dtype(config.dtype, device)
    location = locate(config.model, with_size=False)
    if location.path is None:
        raise missing_model_error(config.model)
    if location.problem is not None:
        raise incomplete_model_error(config.model, location.problem)
    key = (str(location.path.resolve()), device, dtype_name(dtype), kind)
    with _cache_lock:
        key_lock = _key_locks.setdefault(key, threading.Lock())
    with key_lock:
        with _cache_lock:
            hit = _cache.get(key)
        if hit is not None:
            progress(f"{config.model} already loaded on {device}", 1.0)
            return LoadedModel(hit.model, hit.tokenizer, hit.device, hit.dtype, 0.0, key)
        start = time.perf_counter()
        progress(f"loading tokenizer of {config.model}", 0.0)
        tokenizer = _load_tokenizer(config, str(location.path))
        progress(f"loading weights of {config.model} ({dtype_name(dtype)}, {device})", 0.2)
        model = _load_weights(config, str(location.path), kind, dtype, device)
        loaded = LoadedModel(model, tokenizer, device, dtype_name(dtype), time.perf_counter() - start, key)
        with _cache_lock:
            _cache[key] = loaded
        progress(f"{config.model} ready on {device}", 1.0)
        return loaded


def _remote_code_error(config: ModelConfig, exc: Exception) -> ModelError:
    return ModelError(
        f"{config.model} needs its own Python code (trust_remote_code), which is off: {exc}. "
        f"Set trust_remote_code = true under [models.{config.role}] only if you trust that code, "
        "or pick a checkpoint with a native transformers architecture."
    )


def _load_tokenizer(config: ModelConfig, path: str) -> Any:
    from transformers import AutoTokenizer

    try:
        return AutoTokenizer.from_pretrained(
            path, trust_remote_code=config.trust_remote_code, local_files_only=True
        )
    except ValueError as exc:
        if "trust_remote_code" in str(exc):
            raise _remote_code_error(config, exc) from exc
        raise ModelError(f"cannot load the tokenizer of {config.model}: {exc}") from exc
    except OSError as exc:
        raise ModelError(f"cannot load the tokenizer of {config.model} from {path}: {exc}") from exc


def _model_type(path: str) -> str | None:
    try:
        value = json.loads((Path(path) / "config.json").read_text(encoding="utf-8")).get("model_type")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _check_kind(config: ModelConfig, path: str, kind: Kind) -> None:
    """A checkpoint given to the wrong backend is named with the backend to use: block diffusion of
    a Qwen2 failed inside from_pretrained with a TypeError, and a DiffusionGemma under
    AutoModelForCausalLM with a list of ~400 config classes."""
    model_type = _model_type(path)
    if model_type is None:
        return
    setting = f"[models.{config.role}]"
    if kind == "block-diffusion" and model_type != BLOCK_DIFFUSION_TYPE:
        raise ModelError(
            f"{config.model} is a {model_type!r} checkpoint, but backend = \"block-diffusion\" runs "
            f"DiffusionGemma checkpoints only (model_type {BLOCK_DIFFUSION_TYPE!r}). Under {setting} set "
            "backend = \"autoregressive\" (or \"masked-diffusion\") for this model, or point `model` at a "
            "DiffusionGemma checkpoint."
        )
    if kind == "causal" and model_type == BLOCK_DIFFUSION_TYPE:
        raise ModelError(
            f"{config.model} is a DiffusionGemma checkpoint, which the {config.backend} backend cannot run; "
            f"under {setting} set backend = \"block-diffusion\"."
        )


def _load_weights(config: ModelConfig, path: str, kind: Kind, dtype: Any, device: str) -> Any:
    _check_kind(config, path, kind)
    import transformers

    if kind == "block-diffusion":
        model_class: Any = getattr(transformers, "DiffusionGemmaForBlockDiffusion", None)
        if model_class is None:
            raise ModelError(
                "block-diffusion needs transformers >= 5.23 (DiffusionGemmaForBlockDiffusion); "
                "upgrade with `pip install -U transformers`."
            )
    else:
        model_class = transformers.AutoModelForCausalLM
    from transformers.utils import logging as hf_logging

    # Our LoadProgress events report the load; transformers' own tqdm bar would write over the TUI.
    bar_was_on = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        model = model_class.from_pretrained(
            path,
            dtype=dtype,
            trust_remote_code=config.trust_remote_code,
            local_files_only=True,
        )
    except ValueError as exc:
        if "trust_remote_code" in str(exc):
            raise _remote_code_error(config, exc) from exc
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if "Unrecognized configuration class" in first_line:  # the rest lists ~400 classes
            raise ModelError(
                f"{config.model} (model_type {_model_type(path)!r}) is not a causal language model "
                f"transformers can load for the {config.backend} backend: {first_line} Point `model` under "
                f"[models.{config.role}] at a chat or code model (e.g. Qwen/Qwen2.5-Coder-0.5B-Instruct)."
            ) from exc
        raise ModelError(f"{config.model} cannot be loaded as a {kind} model: {exc}") from exc
    except (OSError, RuntimeError) as exc:
        raise ModelError(f"cannot load the weights of {config.model} from {path}: {exc}") from exc
    finally:
        if bar_was_on:
            hf_logging.enable_progress_bar()
    try:
        model.to(device)
    except RuntimeError as exc:  # typically out of memory
        raise ModelError(
            f"{config.model} does not fit on {device}: {exc}. Pick a smaller preset "
            "(`--config fast`), set device = \"cpu\", or use the remote backend."
        ) from exc
    model.eval()
    return model
