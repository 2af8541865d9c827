"""Causal LM generation: the tokenizer's chat template, token streaming, cancellation.

`model.generate` runs in the caller's thread with a custom streamer, so events reach `on_event`
from the generating thread with no queue in between; the streamer also polls the cancel flag after
every token and stops generate() by raising (a StoppingCriteria would cost a list call per token).
A logits processor keeps the sampling distributions so each token gets its probability (computed in
batches, see _Recorder).
"""

from __future__ import annotations

import inspect
import threading
import time
from typing import TYPE_CHECKING, Any

from ouroboros_tui.models import loader
from ouroboros_tui.models.base import (
    EventCallback,
    GenerationCancelled,
    GenerationDone,
    GenerationResult,
    Message,
    ModelError,
    TokenDelta,
)
from ouroboros_tui.models.prompting import IncrementalDecoder, encode_chat, stop_token_ids

if TYPE_CHECKING:
    from ouroboros_tui.config import ModelConfig


class _StopGenerating(Exception):
    """Raised from the streamer when the cancel flag is set; caught around model.generate."""


class _Recorder:
    """Streamer (put/end protocol of transformers' BaseStreamer) plus the confidence processor.

    Confidences are computed in batches of FLUSH_EVERY tokens (one softmax over the stacked
    score rows) instead of per token: per-token tensor ops cost more than the forward pass of a
    small model. The rows held meanwhile are FLUSH_EVERY × vocabulary floats (~20 MB at 152k).
    """

    FLUSH_EVERY = 32

    def __init__(self, tokenizer: Any, role: str, on_event: EventCallback | None, start: float,
                 stop_ids: set[int], cancel: threading.Event) -> None:
        self.decode = _stream_decoder(tokenizer)
        self.cancel = cancel
        self.role = role
        self.on_event = on_event
        self.start = start
        self.stop_ids = stop_ids
        self.first_token_s: float | None = None
        self.texts: list[str] = []
        self.confidences: list[float] = []
        self._rows: list[Any] = []
        self._tokens: list[int] = []
        self._prompt_seen = False
        # LogitsProcessorList runs inspect.signature(processor.__call__) for every token (~14 µs
        # for a bound method). The instance attribute answers that lookup from a cached signature
        # (~2 µs); the call itself still goes to the class's __call__ below.
        self.__call__ = _processor_signature  # type: ignore[method-assign]

    # transformers calls processors with (input_ids, scores) and expects the scores back.
    def __call__(self, input_ids: Any, scores: Any) -> Any:
        self._rows.append(scores)  # (1, vocab); rows are joined at flush time
        return scores

    def put(self, value: Any) -> None:
        if self.cancel.is_set():
            raise _StopGenerating
        if not self._prompt_seen:  # generate() first puts the prompt
            self._prompt_seen = True
            return
        token = int(value.item())
        if self.first_token_s is None:
            self.first_token_s = time.perf_counter() - self.start
        if token in self.stop_ids:
            self._rows = self._rows[: len(self._tokens)]
            return
        self._tokens.append(token)
        if len(self._tokens) >= self.FLUSH_EVERY:
            self.flush()
        delta = self.decode(token)
        self.texts.append(delta)
        if self.on_event is not None:
            self.on_event(TokenDelta(role=self.role, text=delta, tokens_so_far=len(self.texts)))

    def flush(self) -> None:
        import torch

        n = min(len(self._rows), len(self._tokens))
        if n:
            rows = torch.cat(self._rows[:n]).float().softmax(-1)
            picked = rows.gather(-1, torch.tensor(self._tokens[:n], device=rows.device).unsqueeze(-1))
            self.confidences.extend(picked.squeeze(-1).tolist())
        self._rows, self._tokens = self._rows[n:], self._tokens[n:]

    def end(self) -> None:
        self.flush()


def _processor_signature(input_ids: Any, scores: Any) -> Any:
    """Never called: only inspected (see _Recorder.__init__)."""
    return scores


_processor_signature.__signature__ = inspect.signature(_processor_signature)  # type: ignore[attr-defined]


def _stream_decoder(tokenizer: Any) -> Any:
    """token id → text delta: the Rust DecodeStream where the tokenizer has one, else ours."""
    backend = getattr(tokenizer, "_tokenizer", None)
    try:
        from tokenizers.decoders import DecodeStream

        if backend is None:
            raise ImportError
        stream = DecodeStream(skip_special_tokens=True)
        return lambda token: stream.step(backend, token) or ""
    except (ImportError, TypeError):
        decoder = IncrementalDecoder(tokenizer)
        return decoder.push


class AutoregressiveGenerator:
    backend = "autoregressive"

    def __init__(self, config: ModelConfig) -> None:
        self.config = config
        self.role = config.role
        self.model_label = config.label

    def generate(
        self,
        messages: list[Message],
        on_event: EventCallback | None = None,
        cancel: threading.Event | None = None,
        max_new_tokens: int | None = None,
    ) -> GenerationResult:
        import torch
        from transformers import LogitsProcessorList

        loaded = loader.load(self.config, "causal", on_event)
        model, tokenizer = loaded.model, loaded.tokenizer
        flag = cancel or threading.Event()
        if flag.is_set():
            raise GenerationCancelled("")

        prompt = torch.tensor([encode_chat(tokenizer, messages)], device=model.device)
        stops = stop_token_ids(tokenizer, model)
        limit = max_new_tokens or self.config.max_new_tokens
        sample = self.config.temperature > 0
        kwargs: dict[str, Any] = {"do_sample": sample, "max_new_tokens": limit}
        if sample:
            kwargs.update(temperature=self.config.temperature, top_p=self.config.top_p, top_k=0)
            torch.manual_seed(self.config.seed)
        else:  # the checkpoint's own sampling defaults must not leak into greedy decoding
            kwargs.update(temperature=None, top_p=None, top_k=None)
        start = time.perf_counter()
        recorder = _Recorder(tokenizer, self.role, on_event, start, set(stops), flag)
        try:
            with torch.inference_mode():
                output = model.generate(
                    input_ids=prompt,
                    attention_mask=torch.ones_like(prompt),
                    eos_token_id=stops or None,
                    pad_token_id=tokenizer.pad_token_id if tokenizer.pad_token_id is not None else
                    (stops[0] if stops else None),
                    streamer=recorder,
                    logits_processor=LogitsProcessorList([recorder]),
                    **kwargs,
                )
        except _StopGenerating:
            raise GenerationCancelled("".join(recorder.texts)) from None
        except RuntimeError as exc:
            raise ModelError(f"{self.config.model} failed while generating: {exc}") from exc
        total = time.perf_counter() - start
        new_ids = [int(t) for t in output[0, prompt.shape[1]:] if int(t) not in recorder.stop_ids]
        text = tokenizer.decode(new_ids, skip_special_tokens=True)
        if flag.is_set():
            raise GenerationCancelled(text)
        if on_event is not None:
            on_event(GenerationDone(role=self.role, token_count=len(new_ids), total_s=total))
        return GenerationResult(
            text=text,
            token_count=len(new_ids),
            model=self.model_label,
            backend=self.backend,
            load_s=loaded.load_s,
            first_token_s=recorder.first_token_s,
            total_s=total,
            tokens=recorder.texts,
            confidences=recorder.confidences if len(recorder.confidences) == len(recorder.texts) else None,
            forward_passes=len(recorder.texts) + (1 if len(new_ids) < limit else 0),
        )
