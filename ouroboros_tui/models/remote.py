"""OpenAI-compatible chat completions (vLLM, SGLang, `transformers serve`), streamed over SSE.

Standard library only (urllib): the request streams `data: {...}` lines; each chunk's
`choices[0].delta.content` becomes a TokenDelta. The socket timeout bounds every read, so a
stalled server fails after `timeout_s` and cancel is noticed between chunks.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ouroboros_tui.models.base import (
    EventCallback,
    GenerationCancelled,
    GenerationDone,
    GenerationResult,
    Message,
    ModelError,
    TokenDelta,
)

if TYPE_CHECKING:
    from ouroboros_tui.config import ModelConfig


def sse_events(lines: Iterator[bytes]) -> Iterator[dict[str, Any]]:
    """Parse server-sent events: `data:` lines (joined per event), ending at `data: [DONE]`."""
    data: list[str] = []
    for raw in lines:
        line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
        if line.startswith("data:"):
            data.append(line[5:].lstrip(" "))
            continue
        if line == "" and data:
            payload = "\n".join(data)
            data = []
            if payload.strip() == "[DONE]":
                return
            yield json.loads(payload)
    if data and "\n".join(data).strip() != "[DONE]":
        yield json.loads("\n".join(data))


class RemoteGenerator:
    backend = "remote"

    def __init__(self, config: ModelConfig) -> None:
        self.config = config
        self.role = config.role
        self.model_label = config.label
        self.base_url = config.base_url.rstrip("/")

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "text/event-stream"}
        if self.config.api_key_env:
            key = os.environ.get(self.config.api_key_env, "")
            if not key:
                raise ModelError(
                    f"api_key_env = {self.config.api_key_env!r} for [models.{self.role}] but that "
                    "environment variable is empty; export it with the server's API key."
                )
            headers["Authorization"] = f"Bearer {key}"
        return headers

    def served_models(self) -> list[str]:
        """GET /models; [] when the server cannot list them."""
        request = urllib.request.Request(f"{self.base_url}/models", headers=self._headers())
        try:
            with urllib.request.urlopen(request, timeout=min(self.config.timeout_s, 10.0)) as response:
                body = json.loads(response.read())
        except (OSError, ValueError):
            return []
        return [str(item.get("id")) for item in body.get("data", []) if isinstance(item, dict)]

    def _http_error(self, exc: urllib.error.HTTPError) -> ModelError:
        try:
            detail = exc.read().decode("utf-8", errors="replace")[:500]
        except OSError:
            detail = ""
        url = f"{self.base_url}/chat/completions"
        if exc.code in (401, 403):
            where = (f"the key in ${self.config.api_key_env}" if self.config.api_key_env
                     else "no key (api_key_env is not set)")
            return ModelError(
                f"{url} refused the request ({exc.code}) with {where}. Set api_key_env under "
                f"[models.{self.role}] to the variable holding a valid key. Server said: {detail}"
            )
        if exc.code == 404 or (exc.code in (400, 422) and (
                self.config.model in detail or "model" in detail.lower())):
            served = self.served_models()
            pinned = re.search(r"pinned to '([^']+)'", detail)  # `transformers serve MODEL` names it
            if pinned and pinned.group(1) not in served:
                served.append(pinned.group(1))
            if exc.code == 404 and not served and not pinned and not self.base_url.endswith("/v1"):
                # Neither the chat nor the models endpoint exists: the path is wrong, not the model.
                return ModelError(
                    f"{url} was not found (404), nor {self.base_url}/models: base_url under "
                    f"[models.{self.role}] probably lacks the API path; OpenAI-compatible servers answer "
                    f"under /v1, e.g. base_url = \"{self.base_url}/v1\"."
                )
            listing = f" It serves: {', '.join(served)}." if served else ""
            return ModelError(
                f"{url} does not serve model {self.config.model!r} ({exc.code}: {detail}).{listing} "
                f"Set model under [models.{self.role}] to a served name."
            )
        return ModelError(f"{url} answered {exc.code}: {detail}")

    def _open(self, body: dict[str, Any]) -> Any:
        request = urllib.request.Request(
            f"{self.base_url}/chat/completions", data=json.dumps(body).encode(), headers=self._headers(),
            method="POST",
        )
        try:
            return urllib.request.urlopen(request, timeout=self.config.timeout_s)
        except urllib.error.HTTPError as exc:
            raise self._http_error(exc) from exc
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise ModelError(f"{self.base_url} did not answer within timeout_s = {self.config.timeout_s} s; "
                                 "raise timeout_s or check the server's load.") from exc
            raise ModelError(
                f"cannot reach the model server at {self.base_url} ({reason}). Start one, e.g. "
                f"`transformers serve {self.config.model} --port 8000` or `vllm serve {self.config.model}`, "
                f"or fix base_url under [models.{self.role}]."
            ) from exc
        except TimeoutError as exc:
            raise ModelError(f"{self.base_url} did not answer within timeout_s = {self.config.timeout_s} s; "
                             "raise timeout_s or check the server's load.") from exc

    def generate(
        self,
        messages: list[Message],
        on_event: EventCallback | None = None,
        cancel: threading.Event | None = None,
        max_new_tokens: int | None = None,
    ) -> GenerationResult:
        cfg = self.config
        body: dict[str, Any] = {
            "model": cfg.model, "messages": messages, "stream": True,
            "max_tokens": max_new_tokens or cfg.max_new_tokens, "temperature": cfg.temperature,
            "stream_options": {"include_usage": True}, "seed": cfg.seed,
        }
        if cfg.temperature > 0:
            body["top_p"] = cfg.top_p
        start = time.perf_counter()
        first: float | None = None
        pieces: list[str] = []
        usage_tokens: int | None = None
        response = self._open(body)
        try:
            for chunk in sse_events(iter(response.readline, b"")):
                if cancel is not None and cancel.is_set():
                    raise GenerationCancelled("".join(pieces))
                if isinstance(chunk.get("error"), (dict, str)):
                    raise ModelError(f"{self.base_url} reported an error mid-stream: {chunk['error']}")
                if isinstance(chunk.get("usage"), dict):
                    usage_tokens = chunk["usage"].get("completion_tokens", usage_tokens)
                for choice in chunk.get("choices") or []:
                    text = (choice.get("delta") or {}).get("content") or ""
                    if not text:
                        continue
                    if first is None:
                        first = time.perf_counter() - start
                    pieces.append(text)
                    if on_event is not None:
                        on_event(TokenDelta(role=self.role, text=text, tokens_so_far=len(pieces)))
        except TimeoutError as exc:
            raise ModelError(f"{self.base_url} stopped streaming for {cfg.timeout_s} s (timeout_s); "
                             "raise timeout_s or check the server.") from exc
        except json.JSONDecodeError as exc:
            raise ModelError(f"{self.base_url} sent a malformed stream chunk: {exc}") from exc
        finally:
            response.close()
        total = time.perf_counter() - start
        count = usage_tokens if usage_tokens is not None else len(pieces)
        if on_event is not None:
            on_event(GenerationDone(role=self.role, token_count=count, total_s=total))
        return GenerationResult(
            text="".join(pieces), token_count=count, model=self.model_label, backend=self.backend,
            first_token_s=first, total_s=total,
        )
