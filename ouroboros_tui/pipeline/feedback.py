"""What the builder is told after a rejected attempt, one section per kind of problem.

Each kind renders through its own entry in RENDERERS, so a new kind of finding (a semantic or
security gate's, a failing test) is one function here, not a change to the retry loop.
"""

from __future__ import annotations

from collections.abc import Callable

from ouroboros_tui.patch.edit_types import AttemptFailure


def _with_block(failure: AttemptFailure) -> str:
    if not failure.block:
        return failure.message
    return f"{failure.message}\nThe block that failed:\n```\n{failure.block.rstrip()}\n```"


RENDERERS: dict[str, Callable[[AttemptFailure], str]] = {
    "parse": lambda f: f.message,
    "path": _with_block,
    "match": _with_block,
    "gate": lambda f: f.message,
}

HEADINGS = {
    "parse": "The answer could not be read",
    "path": "Files that could not be edited",
    "match": "Blocks that did not match the file",
    "gate": "The change was checked and rejected",
}


def render(failures: list[AttemptFailure], attempt: int, *, truncated: bool = False, kept: int = 0,
           edit_format: str = "search-replace") -> str:
    """The user message of the retry prompt."""
    parts = [f"Attempt {attempt} was rejected; nothing was written."]
    if truncated:
        parts.append(
            "Your answer was cut off at the token limit. "
            + (f"Its {kept} complete block(s) are kept and will be applied with your next answer: "
               "continue with the remaining blocks only, keep them small."
               if kept else "Answer again with fewer, smaller blocks.")
        )
    for kind in HEADINGS:
        group = [f for f in failures if f.kind == kind]
        if group:
            render_one = RENDERERS.get(kind, lambda f: f.message)
            parts.append(f"{HEADINGS[kind]}:\n\n" + "\n\n".join(render_one(f) for f in group))
    others = [f for f in failures if f.kind not in HEADINGS]
    if others:
        parts.append("\n\n".join(RENDERERS.get(f.kind, lambda x: x.message)(f) for f in others))
    if not truncated or not kept:
        shape = {"whole": "the complete new file(s)", "diff": "a corrected unified diff"}.get(
            edit_format, "corrected SEARCH/REPLACE blocks")
        parts.append(f"Answer again with {shape} for the whole change, against the files as they are now "
                     "(shown above).")
    return "\n\n".join(parts)
