"""Device and dtype resolution: `auto` means cuda > mps > cpu, and bf16 only where it is fast."""

from __future__ import annotations

import platform
from functools import cache
from pathlib import Path
from typing import Any

from ouroboros_tui.models.base import ModelError

DTYPE_NAMES = ("auto", "bfloat16", "float16", "float32")


def resolve_device(name: str) -> str:
    """`auto` → the best available device; an explicit name is checked so the error names the fix."""
    import torch

    if name == "auto":
        if torch.cuda.is_available():
            return "cuda"
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            return "mps"
        return "cpu"
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ModelError(
            f"device = {name!r} but this torch build sees no CUDA GPU; set device = \"auto\" or \"cpu\" "
            "in ouroboros.toml, or install a CUDA build of torch."
        )
    if name == "mps" and not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()):
        raise ModelError("device = 'mps' but Metal is not available here; set device = \"auto\" or \"cpu\".")
    return name


@cache
def cpu_supports_bf16() -> bool:
    """True where the CPU has native bf16 arithmetic (AVX512-BF16 or AMX); elsewhere bf16 is emulated
    and slower than fp32, so `auto` picks fp32."""
    if platform.system() == "Linux":
        try:
            flags = Path("/proc/cpuinfo").read_text(errors="replace")
        except OSError:
            return False
        return "avx512_bf16" in flags or "amx_bf16" in flags
    return False


def resolve_dtype(name: str, device: str) -> Any:
    """The torch dtype for a dtype setting on a resolved device."""
    import torch

    if name not in DTYPE_NAMES:
        raise ModelError(f"dtype = {name!r} is not one of {', '.join(DTYPE_NAMES)}.")
    if name != "auto":
        return getattr(torch, name)
    if device.startswith("cuda"):
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    if device == "mps":
        return torch.float16
    return torch.bfloat16 if cpu_supports_bf16() else torch.float32


def dtype_name(dtype: Any) -> str:
    return str(dtype).removeprefix("torch.")
