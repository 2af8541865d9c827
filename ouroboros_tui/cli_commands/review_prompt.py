"""Hunk-by-hunk review on a terminal, as `git add -p`: y n a d q s e u ?

A view of `patch.review.ReviewSession` (the TUI's diff review shows the same model): this asks
about the hunk under the session's cursor and turns each answer into one call on the session."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console

from ouroboros_tui.cli_commands.refactor_view import hunk_view
from ouroboros_tui.patch.hunks import Patch
from ouroboros_tui.patch.review import ACCEPT, REJECT, ReviewSession

HELP = """y - accept this hunk
n - reject this hunk
a - accept this hunk and the rest of this file
d - reject this hunk and the rest of this file
q - quit; reject this hunk and every one left
s - split this hunk into smaller ones
e - edit this hunk in your editor (it must pass the gate; then it is accepted)
u - undo the last answer
? - this help"""


Editor = Callable[[ReviewSession], bool]  # edits the current hunk; True when the edit replaced it


def review(
    patch: Patch, console: Console, ask: Callable[[str], str], on_split: Callable[[], None] | None = None,
    edit: Editor | None = None,
) -> list[str]:
    """Ask about each undecided hunk in order; returns the accepted hunk ids. `s` splits the patch
    in place and `e` edits a hunk (with `edit`); both call `on_split` (to save the changed patch)."""
    return review_session(ReviewSession(patch), console, ask, on_split, edit)


def review_session(
    session: ReviewSession, console: Console, ask: Callable[[str], str], on_split: Callable[[], None] | None = None,
    edit: Editor | None = None,
) -> list[str]:
    """As `review`, on a session that may already hold decisions (a pending run's)."""
    while session.undecided_ids():
        hunk = session.current
        assert hunk is not None
        if hunk.id in session.decisions:
            session.next_undecided()
            continue
        console.print(hunk_view(hunk, len(session.hunks)))
        can_split = session.can_split()
        options = ("y,n,a,d,q," + ("s," if can_split else "") + ("e," if edit is not None else "")
                   + ("u," if session.can_undo else "") + "?")
        answer = ask(f"Apply this hunk [{options}]? ").strip().lower()[:1]
        if answer in ("y", "n"):
            session.decide(ACCEPT if answer == "y" else REJECT)
        elif answer in ("a", "d"):
            session.decide_file(ACCEPT if answer == "a" else REJECT)
        elif answer == "q":
            session.reject_rest()
        elif answer == "s" and can_split:
            parts = session.split()
            if on_split is not None:
                on_split()
            console.print(f"[dim]split into {len(parts)} hunks[/]")
        elif answer == "e" and edit is not None:
            if edit(session) and on_split is not None:
                on_split()
        elif answer == "u" and session.can_undo:
            before = [id(h) for h in session.hunks]
            session.undo()
            if on_split is not None and [id(h) for h in session.hunks] != before:
                on_split()  # the saved patch follows the undone split or edit
            console.print("[dim]undone[/]")
        else:
            console.print(HELP)
    return session.accepted_ids()
