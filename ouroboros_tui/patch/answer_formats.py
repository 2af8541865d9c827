"""Whole-file and unified-diff answers → Edits, so review, hunks and the gate see one shape.

A whole-file answer is a fenced block per file (path above the fence, in its info string, or on the
file's first line as a comment); it becomes a `whole` edit whose REPLACE is the new text. A unified
diff (`--- a/x`, `+++ b/x`, `@@ … @@`) becomes one `diff` edit per hunk: context and `-` lines are the
SEARCH, context and `+` lines the REPLACE, so a hunk lands where its lines match once — line numbers
in `@@` headers are ignored (models get them wrong).
"""

from __future__ import annotations

import itertools
import re

from ouroboros_tui.patch.blocks import Answer
from ouroboros_tui.patch.edit_types import Edit
from ouroboros_tui.patch.paths import (
    FENCE_RE,
    LANGUAGES,
    Spelling,
    encode_hints,
    looks_like_path,
    spellings_in_line,
)

HUNK_RE = re.compile(r"^@@ .*@@")
OLD_RE = re.compile(r"^--- (\S.*)$")
NEW_RE = re.compile(r"^\+\+\+ (\S.*)$")
_COMMENT_PATH_RE = re.compile(r"^\s*(?:#|//|--|/\*|<!--)\s*(?:file(?:name)?\s*:\s*)?(\S+?)\s*(?:\*/|-->)?\s*$",
                              re.IGNORECASE)


def looks_like_diff(text: str) -> bool:
    lines = text.split("\n")
    hunks = sum(1 for line in lines if HUNK_RE.match(line))
    headers = any(OLD_RE.match(a) and NEW_RE.match(b) for a, b in itertools.pairwise(lines))
    fenced = any(FENCE_RE.match(x) and "diff" in x for x in lines)
    return hunks > 0 and (headers or fenced)


def _diff_path(raw: str) -> str | None:
    path = raw.split("\t")[0].strip().strip('"')
    if path == "/dev/null":
        return None
    return path[2:] if re.match(r"^[ab]/", path) else path


def parse_diff(text: str) -> Answer:
    """One `diff` edit per hunk. A file's hunks all come after its `+++` line."""
    lines = text.split("\n")
    answer = Answer(shape="diff")
    hints: tuple[str, ...] = ()
    new_file = False
    fence_hints: list[Spelling] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if FENCE_RE.match(line) or (line.strip() and not line.startswith(("@@", "---", "+++", "diff ", "index "))
                                    and not hints):
            fence_hints = spellings_in_line(line) or fence_hints
        old, new = OLD_RE.match(line), NEW_RE.match(lines[i + 1]) if i + 1 < len(lines) else None
        if old and new:
            before, after = _diff_path(old.group(1)), _diff_path(new.group(1))
            if after is None:
                answer.problems.append(f"the diff deletes {before}; deleting files is not supported")
                hints = ()
            else:
                hints = encode_hints([Spelling(after, True)])
            new_file = before is None
            i += 2
            continue
        if HUNK_RE.match(line):
            begin = i + 1
            search, replace, i = _hunk(lines, begin)
            use = hints or encode_hints(fence_hints)
            if new_file:
                search = []
            raw = "".join(x + "\n" for x in lines[begin:i])
            answer.edits.append(Edit("", "".join(search), "".join(replace), "diff", use, header=raw))
            continue
        i += 1
    return answer


def unprefixed_context(raw: str) -> tuple[str, str] | None:
    """The hunk read again as models sometimes write it: context lines without their leading
    space (a line that is not `-`/`+` is taken whole). None when that reads the same."""
    search, replace = [], []
    for line in raw.split("\n")[:-1]:
        if line.startswith("\\"):
            continue
        if line.startswith("-"):
            search.append(line[1:] + "\n")
        elif line.startswith("+"):
            replace.append(line[1:] + "\n")
        else:
            search.append(line + "\n")
            replace.append(line + "\n")
    return "".join(search), "".join(replace)


def _hunk(lines: list[str], i: int) -> tuple[list[str], list[str], int]:
    search: list[str] = []
    replace: list[str] = []
    while i < len(lines):
        line = lines[i]
        if HUNK_RE.match(line) or (OLD_RE.match(line) and i + 1 < len(lines) and NEW_RE.match(lines[i + 1])):
            break
        if FENCE_RE.match(line) or line.startswith("diff "):
            break
        if line.startswith("\\"):  # "\ No newline at end of file"
            i += 1
            continue
        tag, body = (line[:1], line[1:]) if line else (" ", "")
        if tag == " ":
            search.append(body + "\n")
            replace.append(body + "\n")
        elif tag == "-":
            search.append(body + "\n")
        elif tag == "+":
            replace.append(body + "\n")
        else:
            break
        i += 1
    # Blank context lines a model adds after the hunk belong to no file.
    while search and replace and search[-1] == "\n" and replace[-1] == "\n":
        search.pop()
        replace.pop()
    return search, replace, i


def parse_whole(text: str, targets: list[str]) -> Answer:
    """Fenced blocks as whole files. A fence with no path is used only when it is the answer's one
    such fence (it then goes to the only target, by the resolver's rules)."""
    lines = text.split("\n")
    answer = Answer(shape="whole")
    fences: list[tuple[list[Spelling], list[str], str, bool]] = []  # hints, body, header, closed
    i = 0
    while i < len(lines):
        opened = FENCE_RE.match(lines[i])
        if not opened:
            i += 1
            continue
        hints = spellings_in_line(lines[i])
        language = opened.group(2).strip().split(" ")[0].split(":")[0].lower()
        if not hints:
            hints = _above(lines, i)
        marker = opened.group(1)
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not (lines[j].strip().startswith(marker[0] * 3) and lines[j].strip().strip(
                marker[0]) == ""):
            body.append(lines[j])
            j += 1
        closed = j < len(lines)
        header = ""
        first = _COMMENT_PATH_RE.match(body[0]) if body else None
        if first and looks_like_path(first.group(1)):
            header = body[0]
            if not hints:
                hints = [Spelling(first.group(1), True)]
            body = body[1:]
        if hints or (language in ("", *LANGUAGES) and language not in ("diff", "patch", "bash", "sh", "console",
                                                                      "shell", "text")):
            fences.append((hints, body, header, closed))
        i = j + 1
    pathless = [f for f in fences if not f[0]]
    for hints, body, header, closed in fences:
        if not hints and (len(pathless) > 1 or len(fences) > len(pathless)):
            continue
        if not closed:
            answer.truncated = True
            answer.problems.append("the answer stops inside a file's fence: it was cut off")
            continue
        answer.edits.append(Edit("", "", "".join(x + "\n" for x in body), "whole", _encode(hints),
                                 header=header))
    return answer


def _encode(hints: list[Spelling]) -> tuple[str, ...]:
    return encode_hints(hints)


def _above(lines: list[str], index: int) -> list[Spelling]:
    """Spellings on the two text lines above a fence (a closing fence stops the search)."""
    found: list[Spelling] = []
    seen = 0
    j = index - 1
    while j >= 0 and seen < 2:
        if FENCE_RE.match(lines[j]):
            break
        if lines[j].strip():
            seen += 1
            found.extend(s for s in spellings_in_line(lines[j]) if s.strong or "." in s.text or "/" in s.text)
            if found:
                break
        j -= 1
    return found
