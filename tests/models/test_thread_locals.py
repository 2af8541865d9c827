"""torch's C++ thread-locals must be freed by the pipeline's worker while it still runs Python.

DiffusionGemma's generate imports torch._inductor.cudagraph_trees, which stashes Python objects in
the worker thread's C++ thread-locals. Freed by the thread's exit during interpreter shutdown, they
abort the process ("terminate called without an active exception", exit 134 instead of 1): about
one `ouroboros refactor --json` in two with a block-diffusion model did. See models/threads.py.
"""

from __future__ import annotations

import json
import threading
import time
import weakref
from pathlib import Path

from ouroboros_tui.config import ModelConfig, load_settings, scripted_flags
from ouroboros_tui.models.base import EventCallback, GenerationResult, Message
from ouroboros_tui.models.scripted import ScriptedGenerator
from ouroboros_tui.models.threads import release_thread_locals
from ouroboros_tui.pipeline.run import Pipeline
from ouroboros_tui.runs import events as ev
from tests.conftest import git


class _Sentinel:
    """Stands for torch's stashed dicts; records which thread finally frees it."""


def _stash_sentinel(freed_in: list[str]) -> None:
    import torch

    sentinel = _Sentinel()
    weakref.finalize(sentinel, lambda: freed_in.append(threading.current_thread().name))
    torch._C._stash_obj_in_tls("tree_manager_containers", sentinel)


def _wait_for(freed_in: list[str]) -> list[str]:
    deadline = time.monotonic() + 5
    while not freed_in and time.monotonic() < deadline:
        time.sleep(0.01)
    return freed_in


def test_release_frees_what_torch_stashed_in_the_calling_thread() -> None:
    freed_in: list[str] = []

    def work() -> None:
        _stash_sentinel(freed_in)
        release_thread_locals()

    thread = threading.Thread(target=work, name="stasher")
    thread.start()
    thread.join()
    assert _wait_for(freed_in) == ["stasher"]


class _StashingGenerator(ScriptedGenerator):
    def __init__(self, config: ModelConfig, freed_in: list[str]) -> None:
        super().__init__(config)
        self.freed_in = freed_in

    def generate(self, messages: list[Message], on_event: EventCallback | None = None,
                 cancel: threading.Event | None = None, max_new_tokens: int | None = None) -> GenerationResult:
        _stash_sentinel(self.freed_in)  # what DiffusionGemma's generate does through torch
        return super().generate(messages, on_event, cancel, max_new_tokens)


def test_pipeline_worker_frees_torch_thread_locals_before_it_ends(git_repo: Path, tmp_path: Path) -> None:
    (git_repo / "calc.py").write_text("def add(a, b):\n    return a + b\n")
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "calc")
    mock = tmp_path / "mock.jsonl"
    mock.write_text(json.dumps({"role": "builder", "text": "not an edit"}) + "\n")
    settings = load_settings(git_repo, {**scripted_flags(mock), "pipeline": {"max_retry_attempts": 1}},
                             use_user_file=False)
    freed_in: list[str] = []
    builder = _StashingGenerator(settings.models["builder"], freed_in)
    events = list(Pipeline(git_repo, settings, generators={"builder": builder}, persist=False)
                  .run("hints", ["calc.py"]))
    assert isinstance(events[-1], ev.RunFailed)
    # Freed by the worker's own Python code, not by its C++ thread exit (a dummy thread, or never).
    names = _wait_for(freed_in)
    assert len(names) == 1 and names[0].startswith("ouroboros-gen_"), names
