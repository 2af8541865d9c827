"""Commit messages with Ouroboros trailers ★, and a parser that agrees with
`git interpret-trailers --parse` for what we write."""

from __future__ import annotations

import re

TRAILER_ORDER = (
    "Ouroboros-Run",
    "Ouroboros-Models",
    "Ouroboros-Safety",
    "Ouroboros-Attempts",
    "Ouroboros-Risk",
    "Ouroboros-Hunks",
    "Ouroboros-Edited",  # only when the reviewer changed hunks: "2/3" of the committed hunks
    "Ouroboros-Artifact",
)
SUBJECT_MAX = 72
_TRAILER_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9-]*)\s*:\s?(.*)$")


def _one_line(value: str) -> str:
    """Trailer values must stay on one line, or git reads the rest as a new paragraph."""
    return " ".join(str(value).split())


def subject_line(task: str) -> str:
    """First line of the task, cut at a word boundary to fit 72 characters."""
    first = next((line.strip() for line in task.splitlines() if line.strip()), "") or "Ouroboros change"
    if len(first) <= SUBJECT_MAX:
        return first
    cut = first[: SUBJECT_MAX - 1]
    if " " in cut[SUBJECT_MAX // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip() + "…"


def build_message(subject: str, body: str, trailers: dict[str, str]) -> str:
    """subject, blank line, body (if any), blank line, trailers in ★ order (others after)."""
    ordered = [k for k in TRAILER_ORDER if k in trailers] + [k for k in trailers if k not in TRAILER_ORDER]
    block = "\n".join(f"{key}: {_one_line(trailers[key])}" for key in ordered)
    parts = [subject.strip()]
    body = body.strip("\n")
    if body.strip():
        # A body whose last paragraph looks like trailers would merge with ours: keep it apart.
        parts.append(body)
    parts.append(block)
    return "\n\n".join(parts) + "\n"


def parse_trailers(message: str) -> dict[str, str]:
    """Trailers of the message's last paragraph (what git would parse for lines `Key: value`).
    Only returned when every non-continuation line of that paragraph is a trailer, as git requires
    for paragraphs without a git-generated trailer."""
    paragraphs = [p for p in re.split(r"\n\s*\n", message.strip()) if p.strip()]
    if len(paragraphs) < 2:
        return {}
    result: dict[str, str] = {}
    last_key = None
    for line in paragraphs[-1].splitlines():
        if line[:1].isspace() and last_key:
            result[last_key] += " " + line.strip()
            continue
        match = _TRAILER_LINE.match(line)
        if not match:
            return {}
        last_key = match.group(1)
        result[last_key] = match.group(2).strip()
    return result


def ouroboros_trailers(message: str) -> dict[str, str]:
    return {k: v for k, v in parse_trailers(message).items() if k.startswith("Ouroboros-")}
