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


def _editing(tmp_path, monkeypatch, body: str):  # type: ignore[no-untyped-def]
    """A real repository and a real editor program (a script run as git runs editors)."""
    import subprocess
    import sys

    from ouroboros_tui.cli_commands.hunk_edit_prompt import edit_current

    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    script = tmp_path / "editor.py"
    script.write_text("import pathlib, sys\npath = pathlib.Path(sys.argv[1])\ntext = path.read_text()\n" + body)
    monkeypatch.setenv("GIT_EDITOR", f"{sys.executable} {script}")

    def edit(ask):  # type: ignore[no-untyped-def]
        return lambda session: edit_current(session, repo, "gen_test_run", ("syntax",), quiet(), ask)

    return repo, edit


def test_e_edits_the_hunk_in_the_editor_and_accepts_it(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ouroboros_tui.patch.hunks import apply_hunks

    before = "def f(x):\n    return x\n"
    p = make_patch({"f.py": (before, "def f(x):\n    return x + 1\n")})
    repo, edit = _editing(tmp_path, monkeypatch, "path.write_text(text.replace('x + 1', 'x + 2'))\n")
    ask, asked = answers("e")
    chosen = review(p, quiet(), ask, edit=edit(ask))
    (hunk,) = p.hunks
    assert chosen == [hunk.id] and hunk.edited == "edit" and len(asked) == 1
    assert apply_hunks(before, [hunk]) == "def f(x):\n    return x + 2\n"
    assert (repo / ".ouroboros" / "runs" / "gen_test_run" / "edits" / "hunk-1.diff").is_file()


def test_e_with_an_edit_the_gate_refuses_says_why_and_keeps_the_hunk(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    p = make_patch({"f.py": ("def f(x):\n    return x\n", "def f(x):\n    return x + 1\n")})
    _editing(tmp_path, monkeypatch, "path.write_text(text.replace('x + 1', 'x +'))\n")
    console = Console(file=io.StringIO(), width=100)
    ask, asked = answers("e", "n", "n")  # edit (refused: edit again? no), then reject the hunk
    from ouroboros_tui.cli_commands.hunk_edit_prompt import edit_current

    chosen = review(p, console, ask, edit=lambda s: edit_current(s, tmp_path / "repo", "gen_x", ("syntax",),
                                                                 console, ask))  # fmt: skip
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert chosen == [] and not p.hunks[0].edited
    assert "your edit was not used" in out and "syntax" in out and asked[1] == "Edit again [y,n]? "
