"""Where weights live: a local directory, or a snapshot in the Hugging Face cache.

Nothing here downloads except `download()` (used by `ouroboros models pull`); loading never
fetches gigabytes behind the user's back.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ouroboros_tui.models.base import ModelError

WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".gguf")


@dataclass(frozen=True)
class ModelLocation:
    model: str  # as configured
    path: Path | None  # local directory with config.json, or None when not available
    is_local_dir: bool
    size_bytes: int
    problem: str | None = None  # a local directory that is not a checkpoint: what it lacks


def hf_cache_dir() -> Path:
    """The hub cache directory, honouring HF_HUB_CACHE / HF_HOME."""
    from huggingface_hub import constants

    return Path(constants.HF_HUB_CACHE)


def is_offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def looks_like_path(model: str) -> bool:
    """Paths (./x, /x, ~/x, C:\\x) versus hub ids (org/name)."""
    return model.startswith((".", "/", "~", "\\")) or (len(model) > 1 and model[1] == ":") or model.count("/") > 1


def dir_size(path: Path) -> int:
    total = 0
    for file in path.rglob("*"):
        try:
            if file.is_file():
                total += file.stat().st_size  # follows the cache's symlinks to the blobs
        except OSError:
            continue
    return total


def locate(model: str, with_size: bool = True) -> ModelLocation:
    """Find a model's files without touching the network (size_bytes is 0 unless with_size)."""
    candidate = Path(model).expanduser()
    if candidate.is_dir():
        return ModelLocation(model, candidate, True, dir_size(candidate) if with_size else 0,
                             checkpoint_problem(candidate))
    if looks_like_path(model):
        return ModelLocation(model, None, True, 0)
    from huggingface_hub import snapshot_download

    try:
        snapshot = Path(snapshot_download(model, local_files_only=True))
    except Exception:  # not cached (or a malformed id): both mean "not here"
        return ModelLocation(model, None, False, 0)
    has_weights = any(p.suffix in WEIGHT_SUFFIXES for p in snapshot.iterdir())
    if not (snapshot / "config.json").is_file() or not has_weights:
        return ModelLocation(model, None, False, 0)
    return ModelLocation(model, snapshot, False, dir_size(snapshot) if with_size else 0)


def checkpoint_problem(path: Path) -> str | None:
    """What keeps a local directory from loading as a checkpoint, or None. Checked before
    transformers sees it: an empty directory otherwise fails in the tokenizer with advice to
    install sentencepiece."""
    try:
        names = [p.name for p in path.iterdir()]
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if "config.json" not in names:
        return "has no config.json"
    try:
        json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return f"has a config.json that is not valid JSON ({exc})"
    if not any(name.endswith(WEIGHT_SUFFIXES) for name in names):
        return "has no weights (*.safetensors or *.bin)"
    return None


def incomplete_model_error(model: str, problem: str) -> ModelError:
    return ModelError(
        f"model directory {model!r} {problem}, so it is not a saved model. Point `model` in "
        "ouroboros.toml at the directory `save_pretrained` wrote (config.json, the tokenizer files and "
        "the *.safetensors weights), or use a hub id such as Qwen/Qwen2.5-Coder-0.5B-Instruct."
    )


def missing_model_error(model: str) -> ModelError:
    """The one message for 'weights are not here': names the model, the cache and both fixes."""
    if looks_like_path(model):
        return ModelError(
            f"model directory {model!r} does not exist. Point `model` in ouroboros.toml at a directory "
            "holding config.json, the tokenizer and the weights, or use a hub id such as "
            "Qwen/Qwen2.5-Coder-0.5B-Instruct."
        )
    offline = " (HF_HUB_OFFLINE is set, so nothing can be downloaded now)" if is_offline() else ""
    return ModelError(
        f"model {model!r} is not in the Hugging Face cache at {hf_cache_dir()}{offline}. "
        f"Download it with `ouroboros models pull {model}` while online, "
        "or set `model` in ouroboros.toml to a local directory that holds it."
    )


def download(model: str) -> Path:
    """snapshot_download with huggingface_hub's own progress bars; errors become ModelError."""
    if is_offline():
        raise ModelError(
            f"cannot download {model!r}: HF_HUB_OFFLINE is set. Unset it (and go online), then run "
            f"`ouroboros models pull {model}` again; the cache is {hf_cache_dir()}."
        )
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import RepositoryNotFoundError

    try:
        return Path(snapshot_download(model))
    except RepositoryNotFoundError as exc:
        raise ModelError(
            f"{model!r} is not a model on the Hugging Face Hub (or it is private: log in with "
            "`hf auth login`). Check the id on https://huggingface.co/models."
        ) from exc
    except OSError as exc:  # connection errors are OSError subclasses in requests/httpx
        raise ModelError(
            f"could not download {model!r}: {exc}. Check the network, or copy the model to a local "
            "directory and set `model` in ouroboros.toml to it."
        ) from exc


# Backends that load weights from this machine (remote and scripted ones have none to find).
LOCAL_BACKENDS = ("autoregressive", "masked-diffusion", "block-diffusion")


def missing_models(configs: Mapping[str, Any]) -> list[str]:
    """Why each configured model cannot load, checked before a run starts: no torch, no network,
    a few milliseconds per model (plus huggingface_hub's import, once). A missing model used to
    surface only after the seconds it takes to import torch and transformers."""
    problems: list[str] = []
    for role, config in configs.items():
        backend, model = getattr(config, "backend", ""), str(getattr(config, "model", "") or "")
        if backend not in LOCAL_BACKENDS or not model:
            continue
        where = locate(model, with_size=False)
        if where.path is None:
            problems.append(f"{role}: {missing_model_error(model)}")
        elif where.problem:
            problems.append(f"{role}: {incomplete_model_error(model, where.problem)}")
    return problems
