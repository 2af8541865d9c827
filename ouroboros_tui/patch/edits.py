"""Reading a model's answer into edits ★ and applying them in memory: the one entry point.

Three answer shapes are accepted whatever format was asked (see docs/pipeline.md):
SEARCH/REPLACE blocks (blocks.py), unified diffs and whole files in fences (answer_formats.py).
Paths are resolved by paths.py, edits placed by placement.py with the tolerances of matching.py.
"""

from __future__ import annotations

from ouroboros_tui.patch.answer_formats import looks_like_diff, parse_diff, parse_whole
from ouroboros_tui.patch.blocks import Answer, clean_answer, has_blocks, parse_blocks
from ouroboros_tui.patch.edit_types import (
    AppliedEdits,
    AttemptFailure,
    Edit,
    EditFailure,
    EditParseError,
    FailureKind,
    UnsafePath,
)
from ouroboros_tui.patch.matching import closest_lines
from ouroboros_tui.patch.paths import PathResolver, check_path, normalise
from ouroboros_tui.patch.placement import apply_edit, apply_edits, apply_whole

__all__ = [
    "Answer", "AppliedEdits", "AttemptFailure", "Edit", "EditFailure", "EditParseError", "FailureKind",
    "PathResolver", "UnsafePath", "apply_edit", "apply_edits", "apply_whole", "check_path", "closest_lines",
    "parse_answer", "parse_edits",
]

NO_EDITS = (
    "no SEARCH/REPLACE block (or whole file, or diff) found; answer with blocks of the form\n"
    "path/to/file.py\n<<<<<<< SEARCH\n(old lines)\n=======\n(new lines)\n>>>>>>> REPLACE\n"
    "or with the complete new file in a fence headed by its path"
)


def parse_answer(response: str, targets: list[str] | None = None) -> Answer:
    """The edits of an answer in any accepted shape, with the problems met reading it."""
    text = clean_answer(response)
    if not text.strip() and response.strip():
        return Answer(problems=["the answer is all thinking (`<think>`) with no edits after it; "
                                "it may have been cut off"], truncated=True)
    if has_blocks(text):
        answer = parse_blocks(text)
    elif looks_like_diff(text):
        answer = parse_diff(text)
    else:
        answer = parse_whole(text, targets or [])
    if not answer.edits and not answer.problems:
        answer.problems.append(NO_EDITS)
    return answer


def parse_edits(response: str) -> list[Edit]:
    """Every edit of an answer with its first path spelling as the path. Raises EditParseError."""
    answer = parse_answer(response)
    if answer.problems:
        raise EditParseError("; ".join(answer.problems))
    edits = []
    last = ""
    for edit in answer.edits:
        path = next((normalise(h.lstrip("?")) for h in edit.hints), "") or last
        if not path:
            raise EditParseError("a SEARCH block without a file path; put the path on the line before "
                                 "`<<<<<<< SEARCH`")
        last = path
        edits.append(Edit(path, edit.search, edit.replace, edit.kind, edit.hints, edit.header))
    return edits
