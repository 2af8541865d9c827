"""Canned responses from a JSON Lines file (`--mock SCRIPT`, backend = "scripted"): tests and demos.

One response per line: {"role": "builder", "text": "…"}. Each role's lines are used in order, one per
call. A role with no lines left is a ModelError naming the script. A role the script never mentions
has no canned answer: `generate` raises NoScriptForRole, which the pipeline treats as the role's
pass-through (the reasoner's plan becomes the task itself). Imports no torch.
"""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ouroboros_tui.models.base import (
    EventCallback,
    GenerationCancelled,
    GenerationDone,
    GenerationResult,
    LoadProgress,
    Message,
    ModelError,
    TokenDelta,
)

if TYPE_CHECKING:
    from ouroboros_tui.config import ModelConfig

KNOWN_ROLES = ("reasoner", "builder")


class NoScriptForRole(ModelError):
    """The script has no line for this role at all: the caller uses the role's pass-through."""


def read_script(path: Path) -> dict[str, list[str]]:
    """Parse the script into role → responses, in file order. Errors name the file and line."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ModelError(f"mock script {path} does not exist") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError(f"mock script {path} cannot be read: {exc}") from exc
    by_role: dict[str, list[str]] = {}
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ModelError(f"mock script {path}, line {number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise ModelError(
                f"mock script {path}, line {number}: expected {{\"role\": …, \"text\": \"…\"}}"
            )
        role = item.get("role")
        if role not in KNOWN_ROLES:
            raise ModelError(
                f"mock script {path}, line {number}: role {role!r} is not one of {', '.join(KNOWN_ROLES)}"
            )
        by_role.setdefault(role, []).append(item["text"])
    return by_role


class ScriptedGenerator:
    """Plays back one role's lines from the script, streamed word by word like a real model."""

    backend = "scripted"

    def __init__(self, config: ModelConfig) -> None:
        self.role = config.role
        self.config = config
        self.path = Path(config.script)
        self.model_label = f"scripted:{self.path.name}"
        self._responses: list[str] | None = None
        self._used = 0
        self._lock = threading.Lock()

    def _load(self) -> list[str]:
        if self._responses is None:
            self._responses = read_script(self.path).get(self.role, [])
        return self._responses

    def has_role(self) -> bool:
        """Whether the script mentions this role at all (else the pipeline uses the pass-through)."""
        return bool(self._load())

    def generate(
        self,
        messages: list[Message],
        on_event: EventCallback | None = None,
        cancel: threading.Event | None = None,
        max_new_tokens: int | None = None,
    ) -> GenerationResult:
        start = time.perf_counter()
        with self._lock:
            responses = self._load()
            if not responses:
                raise NoScriptForRole(f"mock script {self.path} has no {self.role!r} lines")
            if self._used >= len(responses):
                raise ModelError(
                    f"mock script {self.path} has no {self.role!r} responses left "
                    f"(all {len(responses)} used); add another line with \"role\": \"{self.role}\""
                )
            text = responses[self._used]
            self._used += 1
        if on_event:
            on_event(LoadProgress(role=self.role, model=self.model_label, message="script loaded", fraction=1.0))
        # Words with their following whitespace, so the deltas concatenate back to the exact text.
        pieces = re.findall(r"\S+\s*|\s+", text)
        emitted: list[str] = []
        first_token_s: float | None = None
        for piece in pieces:
            if cancel is not None and cancel.is_set():
                raise GenerationCancelled("".join(emitted))
            emitted.append(piece)
            if first_token_s is None:
                first_token_s = time.perf_counter() - start
            if on_event:
                on_event(TokenDelta(role=self.role, text=piece, tokens_so_far=len(emitted)))
        total = time.perf_counter() - start
        if on_event:
            on_event(GenerationDone(role=self.role, token_count=len(pieces), total_s=total))
        return GenerationResult(
            text=text,
            token_count=len(pieces),
            model=self.model_label,
            backend=self.backend,
            first_token_s=first_token_s,
            total_s=total,
            forward_passes=0,
        )
