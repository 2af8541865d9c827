"""The SEARCH/REPLACE format as models really write it, and placing edits in files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ouroboros_tui.patch.edits import (
    Edit,
    EditParseError,
    UnsafePath,
    apply_edit,
    apply_edits,
    check_path,
    parse_edits,
)

BLOCK = "{path}\n<<<<<<< SEARCH\n{search}=======\n{replace}>>>>>>> REPLACE\n"


def test_plain_block() -> None:
    edits = parse_edits(BLOCK.format(path="src/a.py", search="x = 1\n", replace="x = 2\n"))
    assert edits == [Edit("src/a.py", "x = 1\n", "x = 2\n")]


def test_fenced_backticked_path_crlf_and_prose() -> None:
    response = (
        "Here is the change.\r\n\r\n`src/a.py`\r\n```python\r\n<<<<<<< SEARCH\r\ndef f():\r\n"
        "    return 1\r\n=======\r\ndef f():\r\n    return 2\r\n>>>>>>> REPLACE\r\n```\r\n\r\n"
        "File: src/b.py\r\n```\r\n<<<<<<< SEARCH\r\n=======\r\nNEW = True\r\n>>>>>>> REPLACE\r\n```\r\n"
    )
    edits = parse_edits(response)
    assert [e.path for e in edits] == ["src/a.py", "src/b.py"]
    assert edits[0].search == "def f():\n    return 1\n"
    assert edits[0].replace == "def f():\n    return 2\n"
    assert edits[1].creates_file and edits[1].replace == "NEW = True\n"


def test_path_in_bold_and_comment_and_reused_for_following_block() -> None:
    response = (
        "**src/a.py**\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n"
        "<<<<<<< SEARCH\nc\n=======\nd\n>>>>>>> REPLACE\n"
        "# src/c.py\n<<<<<<< SEARCH\ne\n=======\nf\n>>>>>>> REPLACE\n"
    )
    assert [e.path for e in parse_edits(response)] == ["src/a.py", "src/a.py", "src/c.py"]


@pytest.mark.parametrize(
    "response, fragment",
    [
        ("I could not do it.", "no SEARCH/REPLACE block"),
        ("a.py\n<<<<<<< SEARCH\nx\n=======\ny\n", ">>>>>>> REPLACE"),
        ("a.py\n<<<<<<< SEARCH\nx\n", "======="),
        ("<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n", "without a file path"),
    ],
)
def test_broken_responses_say_what_is_wrong(response: str, fragment: str) -> None:
    with pytest.raises(EditParseError, match=fragment):
        parse_edits(response)


def test_exact_match_keeps_rest_of_file_byte_for_byte() -> None:
    text = "a = 1\nb = 2\nc = 3"  # no final newline
    new, failure = apply_edit(text, Edit("f.py", "c = 3\n", "c = 4\n"))
    assert failure is None and new == "a = 1\nb = 2\nc = 4"


def test_crlf_file_keeps_crlf() -> None:
    text = "a = 1\r\nb = 2\r\n"
    new, failure = apply_edit(text, Edit("f.py", "b = 2\n", "b = 3\nc = 4\n"))
    assert failure is None and new == "a = 1\r\nb = 3\r\nc = 4\r\n"


def test_one_crlf_line_in_an_lf_file_does_not_turn_new_lines_crlf() -> None:
    text = "a = 1\nb = 2\nnote = 'x'\r\nc = 3\n"
    new, failure = apply_edit(text, Edit("f.py", "b = 2\n", "b = 3\nd = 4\n"))
    assert failure is None and new == "a = 1\nb = 3\nd = 4\nnote = 'x'\r\nc = 3\n"


def test_replacing_a_crlf_region_of_a_mixed_file_keeps_its_crlf() -> None:
    text = "a = 1\nb = 2\r\nc = 3\r\n"
    new, failure = apply_edit(text, Edit("f.py", "b = 2\nc = 3\n", "b = 5\n"))
    assert failure is None and new == "a = 1\nb = 5\r\n"


def test_trailing_whitespace_tolerated() -> None:
    text = "def f():   \n    return 1\n"
    new, failure = apply_edit(text, Edit("f.py", "def f():\n    return 1\n", "def f():\n    return 2\n"))
    assert failure is None and new == "def f():\n    return 2\n"


def test_indentation_tolerated_and_replacement_reindented() -> None:
    text = "class A:\n    def f(self):\n        return 1\n"
    edit = Edit("f.py", "def f(self):\n    return 1\n", "def f(self):\n    return 2\n")
    new, failure = apply_edit(text, edit)
    assert failure is None
    assert new == "class A:\n    def f(self):\n        return 2\n"


def test_zero_matches_shows_the_closest_lines_verbatim_with_their_range() -> None:
    text = "".join(f"line_{i} = {i}\n" for i in range(1, 40))
    text += "def compute(total):\n    return total * 2\n"
    edit = Edit("f.py", "def compute(totl):\n    return totl * 2\n", "x\n")
    new, failure = apply_edit(text, edit)
    assert new is None and failure is not None and failure.kind == "no_match"
    # Verbatim in a fence (copyable into the next SEARCH), the line range said outside it.
    assert "lines 40-41" in failure.message
    assert "```\ndef compute(total):\n    return total * 2\n```" in failure.message


def test_more_than_one_match_says_where() -> None:
    text = "x = 1\ny = 2\nx = 1\n"
    new, failure = apply_edit(text, Edit("f.py", "x = 1\n", "x = 9\n"))
    assert new is None and failure is not None and failure.kind == "ambiguous"
    assert "line 1" in failure.message and "line 3" in failure.message


def test_apply_edits_sequential_create_and_missing() -> None:
    files = {"a.py": "x = 1\ny = 2\n"}
    edits = [
        Edit("a.py", "x = 1\n", "x = 10\n"),
        Edit("a.py", "x = 10\ny = 2\n", "x = 10\ny = 20\n"),  # sees the first edit
        Edit("new.py", "", "print('hi')\n"),
        Edit("gone.py", "a\n", "b\n"),
        Edit("a.py", "", "overwrite\n"),
    ]
    out = apply_edits(edits, files.get)
    assert out.files["a.py"] == ("x = 1\ny = 2\n", "x = 10\ny = 20\n")
    assert out.files["new.py"] == (None, "print('hi')\n")
    assert [f.kind for f in out.failures] == ["missing", "exists"]


def test_paths_inside_are_normalised(tmp_path: Path) -> None:
    assert check_path(tmp_path, "./src//a.py") == "src/a.py"
    assert check_path(tmp_path, "src\\b.py") == "src/b.py"


@pytest.mark.parametrize(
    "path", ["/etc/passwd", "../outside.py", "src/../../x.py", ".git/config", ".ouroboros/runs/x", "C:\\x.py", ""],
)
def test_paths_outside_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(UnsafePath):
        check_path(tmp_path, path)


def test_symlink_leading_out_is_refused(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, repo / "link")
    with pytest.raises(UnsafePath, match="symlink"):
        check_path(repo, "link/evil.py")


def test_closest_lines_found_in_a_big_file_when_no_line_matches_exactly() -> None:
    text = "".join(f"def handler_{i}(request):\n    return respond(request, code={i})\n" for i in range(1500))
    wanted = "def handler_700(requst):\n    return respnd(request, code=700)\n"  # typos on both lines
    _, failure = apply_edit(text, Edit("big.py", wanted, "x\n"))
    assert failure is not None and "lines 1401-1402" in failure.message
    assert "```\ndef handler_700(request):\n" in failure.message
