"""The `git add -p`-style review of `ouroboros refactor` on a terminal: y n a d q s."""

from __future__ import annotations

import io
from collections.abc import Callable

from rich.console import Console

from ouroboros_tui.cli_commands.review_prompt import review
from ouroboros_tui.patch.hunks import Patch, make_patch

BEFORE = "".join(f"line {i}\n" for i in range(1, 40))


def patch() -> Patch:
    far_apart = BEFORE.replace("line 2\n", "LINE 2\n").replace("line 30\n", "LINE 30\n")
    close = BEFORE.replace("line 5\n", "LINE 5\n").replace("line 11\n", "LINE 11\n")
    return make_patch({"a.txt": (BEFORE, far_apart), "b.txt": (BEFORE, close)})


def answers(*keys: str) -> tuple[Callable[[str], str], list[str]]:
    asked: list[str] = []
    it = iter(keys)

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(it)

    return ask, asked


def quiet() -> Console:
    return Console(file=io.StringIO(), width=100)


def test_y_and_n_choose_single_hunks() -> None:
    p = patch()
    ask, asked = answers("y", "n", "n")
    chosen = review(p, quiet(), ask)
    assert chosen == [p.hunks[0].id] and len(asked) == 3


def test_a_and_d_decide_the_rest_of_the_file() -> None:
    p = patch()
    ask, asked = answers("a", "d")
    chosen = review(p, quiet(), ask)
    assert chosen == [h.id for h in p.file("a.txt").hunks] and len(asked) == 2


def test_q_stops_and_keeps_what_was_accepted() -> None:
    p = patch()
    ask, asked = answers("y", "q")
    assert review(p, quiet(), ask) == [p.hunks[0].id]
    assert len(asked) == 2


def test_s_splits_then_asks_about_each_part() -> None:
    p = patch()
    b_hunk = p.file("b.txt").hunks[0]
    splits: list[int] = []
    ask, asked = answers("n", "n", "s", "y", "n")
    chosen = review(p, quiet(), ask, on_split=lambda: splits.append(1))
    parts = p.file("b.txt").hunks
    assert len(parts) == 2 and splits == [1]
    assert chosen == [parts[0].id]
    assert "s," in asked[2] and b_hunk.id not in {h.id for h in p.hunks}
    # The chosen part applies alone.
    assert p.file("b.txt").apply(chosen) == BEFORE.replace("line 5\n", "LINE 5\n")


def test_unknown_key_shows_help_and_asks_again() -> None:
    p = patch()
    out = io.StringIO()
    ask, asked = answers("x", "n", "n", "n")
    assert review(p, Console(file=out, width=100), ask) == []
    assert "accept this hunk and the rest of this file" in out.getvalue() and len(asked) == 4


def test_u_undoes_the_last_answer_and_asks_again() -> None:
    p = patch()
    ask, asked = answers("y", "u", "n", "n", "n")
    assert review(p, quiet(), ask) == []
    assert "u," not in asked[0] and "u," in asked[1] and len(asked) == 5


def test_u_after_s_joins_the_hunk_again_and_saves() -> None:
    p = patch()
    saves: list[int] = []
    ask, _ = answers("n", "n", "s", "u", "y")
    chosen = review(p, quiet(), ask, on_split=lambda: saves.append(len(p.hunks)))
    assert saves == [4, 3] and len(p.hunks) == 3 and chosen == [p.hunks[2].id]


def test_a_pending_sessions_decisions_are_not_asked_again() -> None:
    from ouroboros_tui.cli_commands.review_prompt import review_session
    from ouroboros_tui.patch.review import ACCEPT, ReviewSession

    p = patch()
    session = ReviewSession.from_dict(p, {"decisions": {p.hunks[1].id: ACCEPT}})
    ask, asked = answers("n", "y")
    assert review_session(session, quiet(), ask) == [p.hunks[1].id, p.hunks[2].id] and len(asked) == 2
