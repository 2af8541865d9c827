"""Hunk-by-hunk review on a terminal, as `git add -p`: y n a d q s ?"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console

from ouroboros_tui.cli_commands.refactor_view import hunk_view
from ouroboros_tui.patch.hunks import Patch, split_hunk
from ouroboros_tui.patch.risk import split_hunk_scored
from ouroboros_tui.source.tags import tags_for

HELP = """y - accept this hunk
n - reject this hunk
a - accept this hunk and the rest of this file
d - reject this hunk and the rest of this file
q - quit; reject this hunk and every one left
s - split this hunk into smaller ones
? - this help"""


def review(
    patch: Patch, console: Console, ask: Callable[[str], str], on_split: Callable[[], None] | None = None
) -> list[str]:
    """Ask about each hunk in order; returns the accepted hunk ids. `s` splits the patch in place and
    calls `on_split` (to save the finer patch)."""
    accepted: list[str] = []
    decided: set[str] = set()
    index = 0
    while index < len(patch.hunks):
        hunk = patch.hunks[index]
        if hunk.id in decided:
            index += 1
            continue
        total = len(patch.hunks)
        console.print(hunk_view(hunk, total))
        can_split = len(split_hunk(hunk)) > 1
        options = "y,n,a,d,q," + ("s," if can_split else "") + "?"
        answer = ask(f"Apply this hunk [{options}]? ").strip().lower()[:1]
        if answer == "y":
            accepted.append(hunk.id)
            decided.add(hunk.id)
        elif answer == "n":
            decided.add(hunk.id)
        elif answer in ("a", "d"):
            for other in patch.file(hunk.path).hunks:
                if other.id not in decided:
                    decided.add(other.id)
                    if answer == "a":
                        accepted.append(other.id)
        elif answer == "q":
            break
        elif answer == "s" and can_split:
            parts = split_hunk_scored(patch, hunk.id, tags_for)
            if on_split is not None:
                on_split()
            console.print(f"[dim]split into {len(parts)} hunks[/]")
            continue  # same index: now the first part
        else:
            console.print(HELP)
            continue
        index += 1
    return accepted
