"""Peak accelerator memory for reports (`ouroboros bench`). Never imports torch itself: when no
model has loaded torch there is nothing on the GPU to measure."""

from __future__ import annotations

import sys


def gpu_peak_mb(reset: bool = False) -> float | None:
    """Peak CUDA memory allocated by this process since the last reset, in MiB; None without CUDA."""
    torch = sys.modules.get("torch")
    if torch is None:
        return None
    try:
        if not torch.cuda.is_available() or not torch.cuda.is_initialized():
            return None
        peak = max(torch.cuda.max_memory_allocated(i) for i in range(torch.cuda.device_count()))
        if reset:
            for i in range(torch.cuda.device_count()):
                torch.cuda.reset_peak_memory_stats(i)
        return round(peak / 2**20, 1)
    except Exception:  # a broken CUDA setup must not break a report
        return None
