"""Release what torch keeps in a worker thread's C++ thread-locals before the thread ends.

`torch._inductor.cudagraph_trees`, imported lazily by DiffusionGemma's `generate`
(`torch.compiler.cudagraph_mark_step_begin()` every denoising step) and by compiled cudagraph
paths, stashes Python objects in the importing thread's C++ thread-local storage. Their destructor
takes the GIL. When the thread ends while the interpreter is finalizing (the CLI exits right after
the run's last event), taking the GIL inside that destructor ends in std::terminate: "terminate
called without an active exception", exit 134 instead of the run's exit code, about one run in two.
Erasing them while the thread still runs Python frees them under the GIL, in an ordinary frame.
"""

from __future__ import annotations

import sys

# Keys torch 2.x stashes with torch._C._stash_obj_in_tls ("context": autograd's backward, which
# erases its own, listed in case an older torch does not).
TORCH_TLS_KEYS = ("tree_manager_containers", "tree_manager_locks", "context")


def release_thread_locals() -> None:
    """Drop the calling thread's torch thread-local Python objects; a no-op without torch."""
    torch = sys.modules.get("torch")  # never import torch just for this
    c_ext = getattr(torch, "_C", None)
    is_key = getattr(c_ext, "_is_key_in_tls", None)
    remove = getattr(c_ext, "_remove_obj_from_tls", None)
    if is_key is None or remove is None:
        return
    for key in TORCH_TLS_KEYS:
        if is_key(key):
            remove(key)
