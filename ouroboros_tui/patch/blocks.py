"""SEARCH/REPLACE blocks ★ in a model's answer → Edits (paths still as spellings: see paths.py).

    path/relative/to/repo.py
    <<<<<<< SEARCH
    old lines, exactly as in the file
    =======
    new lines
    >>>>>>> REPLACE

Answers come with fences, CRLF, `<think>` sections and prose; an answer cut at the token limit keeps
its complete blocks and says it was cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ouroboros_tui.patch.edit_types import Edit
from ouroboros_tui.patch.paths import FENCE_RE, Spelling, encode_hints, spellings_in_line

SEARCH_RE = re.compile(r"^\s*<{5,9} ?SEARCH\b.*$")
DIVIDER_RE = re.compile(r"^\s*={5,9}\s*$")
REPLACE_RE = re.compile(r"^\s*>{5,9} ?REPLACE\s*$")
THINK_RE = re.compile(r"<think(?:ing)?>.*?</think(?:ing)?>", re.DOTALL | re.IGNORECASE)
OPEN_THINK_RE = re.compile(r"<think(?:ing)?>", re.IGNORECASE)


@dataclass
class Answer:
    """What an answer holds: its edits, the problems reading it, and whether it was cut short."""

    edits: list[Edit] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    truncated: bool = False
    shape: str = "none"  # search-replace | whole | diff | none


def clean_answer(response: str) -> str:
    """The answer without `<think>` sections, with LF line ends."""
    text = response.replace("\r\n", "\n").replace("\r", "\n")
    text = THINK_RE.sub("", text)
    if "</think>" in text.lower():  # an opening tag the chat template added before the answer
        text = text[text.lower().rfind("</think>") + len("</think>"):]
    opened = OPEN_THINK_RE.search(text)
    if opened:  # never closed: the model was still thinking when it stopped
        text = text[: opened.start()]
    return text


def has_blocks(text: str) -> bool:
    return any(SEARCH_RE.match(line) for line in text.split("\n"))


def parse_blocks(text: str) -> Answer:
    """Every SEARCH/REPLACE block of a cleaned answer, in order."""
    lines = text.split("\n")
    answer = Answer(shape="search-replace")
    i = 0
    while i < len(lines):
        if not SEARCH_RE.match(lines[i]):
            i += 1
            continue
        hints = _spellings_above(lines, i)
        search, j, why = _collect(lines, i + 1, DIVIDER_RE)
        replace, k, why2 = ([], j, why) if why else _collect(lines, j + 1, REPLACE_RE)
        problem = why or why2
        if problem == "end":
            answer.truncated = True
            answer.problems.append(
                f"the answer stops inside the block opened on line {i + 1} (no "
                f"`{'=======' if why else '>>>>>>> REPLACE'}` line): it was cut off"
            )
            break
        if problem:
            answer.problems.append(
                f"the block opened on line {i + 1} has no `{'=======' if why else '>>>>>>> REPLACE'}` line "
                "before the next `<<<<<<< SEARCH`"
            )
            i = k
            continue
        answer.edits.append(Edit("", _join(search), _join(replace), "block", encode_hints(hints)))
        i = k + 1
    return answer


def _spellings_above(lines: list[str], index: int) -> list[Spelling]:
    """Path spellings above a block: the fence's info string, then the three nearest lines of text
    (nearest first), stopping at the previous block."""
    found: list[Spelling] = []
    seen_text = 0
    j = index - 1
    while j >= 0 and seen_text < 3:
        line = lines[j]
        if REPLACE_RE.match(line) or SEARCH_RE.match(line) or DIVIDER_RE.match(line):
            break
        if FENCE_RE.match(line):
            found.extend(spellings_in_line(line))
        elif line.strip():
            seen_text += 1
            found.extend(spellings_in_line(line))
            if found:
                break
        j -= 1
    return found


def _collect(lines: list[str], start: int, end_re: re.Pattern[str]) -> tuple[list[str], int, str]:
    """Lines up to the marker: (body, marker index, "" | "end" | "next")."""
    body: list[str] = []
    j = start
    while j < len(lines):
        if end_re.match(lines[j]):
            return body, j, ""
        if SEARCH_RE.match(lines[j]):
            return body, j, "next"
        body.append(lines[j])
        j += 1
    return body, j, "end"


def _join(body: list[str]) -> str:
    return "".join(line + "\n" for line in body)
