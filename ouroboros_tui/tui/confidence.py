"""Low-confidence spans for the review: which added lines the model was unsure of.

Backends that know per-token probabilities (autoregressive) return them with the generation;
the pipeline keeps only their mean for the run's risk. The app taps the Builder's generator to
keep the last answer's tokens, then marks every added line of the patch that the answer wrote
with a token below the threshold. Backends without probabilities mark nothing."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ouroboros_tui.patch.hunks import Patch

LOW_CONFIDENCE = 0.5  # a token the model gave less than even odds


class ConfidenceTap:
    """Wraps a generator and remembers its last result (tokens and their probabilities)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.role: str = inner.role
        self.model_label: str = inner.model_label
        self.backend: str = inner.backend
        self.last: Any = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def generate(
        self, messages: list[Any], on_event: Any = None, cancel: threading.Event | None = None,
        max_new_tokens: int | None = None,
    ) -> Any:  # fmt: skip
        result = self.inner.generate(messages, on_event, cancel, max_new_tokens)
        self.last = result
        return result


def unsure_lines(tokens: list[str], confidences: list[float], threshold: float = LOW_CONFIDENCE) -> set[str]:
    """The answer's lines (stripped) that contain a token below `threshold`."""
    text = "".join(tokens)
    low_offsets: list[tuple[int, int]] = []
    pos = 0
    for token, p in zip(tokens, confidences, strict=False):
        if p < threshold and token.strip():
            low_offsets.append((pos, pos + len(token)))
        pos += len(token)
    lines: set[str] = set()
    start = 0
    for line in text.splitlines(keepends=True):
        end = start + len(line)
        if any(a < end and b > start for a, b in low_offsets) and line.strip():
            lines.add(line.strip())
        start = end
    return lines


def low_confidence_map(patch: Patch, tokens: list[str] | None, confidences: list[float] | None,
                       threshold: float = LOW_CONFIDENCE) -> dict[str, set[int]]:  # fmt: skip
    """hunk id → indices into hunk.lines of added lines written with a low-confidence token."""
    if not tokens or not confidences:
        return {}
    unsure = unsure_lines(tokens, confidences, threshold)
    marks: dict[str, set[int]] = {}
    for hunk in patch.hunks:
        hits = {i for i, line in enumerate(hunk.lines) if line.startswith("+") and line[1:].strip() in unsure}
        if hits:
            marks[hunk.id] = hits
    return marks
