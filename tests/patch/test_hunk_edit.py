"""Line staging and hand edits of a hunk (`patch/hunk_edit.py`), checked over generated files and
choices (hypothesis), plus the edits a confused reviewer makes in the editor."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ouroboros_tui.patch.hunk_edit import (
    NO_NEWLINE,
    HunkEditError,
    LineChoice,
    changed_lines,
    edit_lines,
    edit_text,
    parse_edit,
    select_lines,
)
from ouroboros_tui.patch.hunks import Hunk, Patch, apply_hunks, diff_file
from ouroboros_tui.patch.review import ACCEPT, ReviewSession

# Few distinct lines, so the generated diffs have replacements, moves and repeated lines.
LINE = st.sampled_from(["a", "b", "c", "def f():", "    return 1", "", "x = 1", "\t# note"])
ENDING = st.sampled_from(["\n", "\r\n"])


@st.composite
def texts(draw: st.DrawFn) -> tuple[str, str]:
    ending = draw(ENDING)
    before = draw(st.lists(LINE, min_size=0, max_size=14))
    after = draw(st.lists(LINE, min_size=1, max_size=14))
    last_newline = draw(st.booleans())  # a file may end without a newline (git's "\ No newline")

    def join(lines: list[str]) -> str:
        text = "".join(line + ending for line in lines)
        return text if last_newline or not text else text.removesuffix(ending)

    return join(before), join(after)


def _hunks(before: str, after: str) -> list[Hunk]:
    return diff_file("f.py", before, after).hunks


@settings(max_examples=150, deadline=None)
@given(texts(), st.data())
def test_any_choice_of_lines_applies_where_the_hunk_did_and_changes_exactly_those_lines(
    pair: tuple[str, str], data: st.DataObject
) -> None:
    before, after = pair
    for hunk in _hunks(before, after):
        chosen = data.draw(st.sets(st.sampled_from(changed_lines(hunk)))) if changed_lines(hunk) else set()
        result = select_lines(hunk, chosen)
        if not chosen:
            assert result is None
            continue
        assert result is not None
        if chosen == set(changed_lines(hunk)):
            assert result is hunk
            continue
        assert result.old == hunk.old and result.old_start == hunk.old_start and result.edited == "lines"
        assert result.proposed == hunk.new  # the model's lines stay on the hunk
        text = apply_hunks(before, [result], "f.py")  # applies to the same text as the model's hunk
        # What changed is exactly the chosen lines: the old lines minus the chosen removals plus the
        # chosen additions (the line ending of a former last line aside).
        removed = Counter(hunk.lines[i][1:] for i in chosen if hunk.lines[i][0] == "-")
        added = Counter(hunk.lines[i][1:] for i in chosen if hunk.lines[i][0] == "+")
        expected = Counter(line.rstrip("\r\n") for line in hunk.old) - removed + added
        assert Counter(line.rstrip("\r\n") for line in result.new) == expected
        # No line was joined to the next one.
        assert len(text.splitlines()) == len(before.splitlines()) - len(hunk.old) + len(result.new)


@settings(max_examples=150, deadline=None)
@given(texts(), st.data())
def test_an_edit_following_the_guide_equals_line_staging(pair: tuple[str, str], data: st.DataObject) -> None:
    """The editor's rules (a '-' made ' ' is kept, a deleted '+' is dropped) and line staging are two
    ways to the same hunk."""
    before, after = pair
    for hunk in _hunks(before, after):
        assert parse_edit(hunk, edit_text(hunk, hunk.header())) is hunk  # saved unchanged: no edit
        candidates = changed_lines(hunk)
        chosen = data.draw(st.sets(st.sampled_from(candidates), min_size=1)) if candidates else set()
        edited: list[str] = []
        index = -1  # which of hunk.lines the editor's line is (git's marker follows its line)
        for line in edit_lines(hunk):
            if line == NO_NEWLINE:
                if edited and edited[-1] != "dropped":
                    edited.append(line)
                continue
            index += 1
            if index in chosen or line[0] == " ":
                edited.append(line)
            elif line[0] == "-":
                edited.append(" " + line[1:])
            else:
                edited.append("dropped")
        edited = [line for line in edited if line != "dropped"]
        by_hand = parse_edit(hunk, "\n".join(edited) + "\n")
        by_lines = select_lines(hunk, chosen)
        assert (by_hand is None) == (by_lines is None)
        if by_hand is not None and by_lines is not None:
            assert "".join(by_hand.new) == "".join(by_lines.new)


def _one_hunk() -> Hunk:
    before = "def f(x):\n    y = x + 1\n    return y\n"
    after = "def f(x):\n    print('debug', x)\n    y = x + 2\n    return y\n"
    (hunk,) = _hunks(before, after)
    return hunk


def test_a_hand_edit_replaces_added_lines_and_keeps_where_it_applies() -> None:
    hunk = _one_hunk()
    text = edit_text(hunk, hunk.header()).replace("+    print('debug', x)\n", "").replace("x + 2", "x + 3")
    edited = parse_edit(hunk, text)
    assert edited is not None and edited.edited == "edit"
    after = apply_hunks("def f(x):\n    y = x + 1\n    return y\n", [edited])
    assert after == "def f(x):\n    y = x + 3\n    return y\n"


@pytest.mark.parametrize(
    ("mangle", "says"),
    [
        (lambda t: t.replace(" def f(x):", " def g(x):"), "does not match the hunk's old line 1"),
        (lambda t: t.replace("-    y = x + 1\n", ""), "lost the hunk's old line 2"),
        (lambda t: t.replace("+    print", "*    print"), "starts with '*'"),
        (lambda t: t + " extra context\n", "past the end"),
    ],
    ids=["context-changed", "removal-deleted", "bad-sign", "context-added"],
)
def test_an_edit_that_moves_the_old_side_is_refused_with_the_line(mangle: object, says: str) -> None:
    hunk = _one_hunk()
    with pytest.raises(HunkEditError, match=says):
        parse_edit(hunk, mangle(edit_text(hunk, hunk.header())))  # type: ignore[operator]


def test_an_emptied_editor_or_no_change_left_leaves_the_hunk() -> None:
    hunk = _one_hunk()
    assert parse_edit(hunk, "# all gone\n") is None
    only_context = "\n".join(" " + line[1:] for line in hunk.lines if line[0] != "+")
    assert parse_edit(hunk, only_context) is None


def test_trailing_blanks_an_editor_trims_do_not_fail_the_edit_and_the_old_text_stays_exact() -> None:
    before = "a = 1   \nb = 2\n"
    (hunk,) = _hunks(before, "a = 1   \nb = 3\n")
    text = edit_text(hunk, hunk.header()).replace("a = 1   ", "a = 1").replace("+b = 3", "+b = 4")
    edited = parse_edit(hunk, text)
    assert edited is not None and apply_hunks(before, [edited]) == "a = 1   \nb = 4\n"


def test_crlf_files_keep_crlf_on_added_lines() -> None:
    before = "a\r\nb\r\n"
    (hunk,) = _hunks(before, "a\r\nB\r\n")
    edited = parse_edit(hunk, edit_text(hunk, hunk.header()).replace("+B", "+C"))
    assert edited is not None and apply_hunks(before, [edited]) == "a\r\nC\r\n"


def test_line_choice_starts_with_the_whole_hunk_and_toggles() -> None:
    hunk = _one_hunk()
    choice = LineChoice(hunk)
    assert choice.result() is hunk
    assert [hunk.lines[i][:10] for i in choice.candidates] == ["-    y = x", "+    print", "+    y = x"]
    choice.move(1)
    choice.toggle()  # the debug print is left out
    assert hunk.lines[choice.line].startswith("+    print")
    result = choice.result()
    assert result is not None and "print" not in "".join(result.new)
    choice.toggle_all()
    assert choice.result() is None
    choice.move(99)
    assert choice.line == changed_lines(hunk)[-1]


def test_a_revised_hunk_is_accepted_saved_and_undone_by_the_session() -> None:
    before = "".join(f"line {i}\n" for i in range(30))
    after = before.replace("line 3\n", "LINE 3\nextra\n").replace("line 25\n", "LINE 25\n")
    patch = Patch(files=[diff_file("t.txt", before, after)])
    session = ReviewSession(patch)
    first, second = session.hunks
    choice = LineChoice(first)
    choice.move(2)  # "+extra"
    choice.toggle()
    revised = choice.result()
    assert revised is not None
    session.revise(revised)
    assert session.decision(revised.id) == ACCEPT and session.current is second
    assert patch.file("t.txt").apply(session.accepted_ids()) == before.replace("line 3\n", "LINE 3\n")
    saved = Patch.from_dict(patch.to_dict())  # the artifact keeps what the model proposed
    assert saved.hunks[0].edited == "lines" and saved.hunks[0].proposed == first.new
    assert ReviewSession.from_dict(saved, session.to_dict()).accepted_ids() == [revised.id]
    assert session.undo() and session.hunks[0] is first and session.decision(first.id) is None
    with pytest.raises(ValueError, match="same old lines"):
        session.revise(second, first.id)
