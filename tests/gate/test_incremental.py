"""Incremental re-validation: the kept tree is edited and re-parsed, giving exactly what a fresh
parse gives; for Python, compiling only the edited statement gives exactly compile()'s verdict."""

from __future__ import annotations

import random
import warnings
from pathlib import Path

import pytest

from ouroboros_tui.gate import SyntaxValidator
from ouroboros_tui.gate.incremental import compute_edit
from tests.gate.mutants import JS_SOURCE, STDLIB


def compiles(code: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(code, "m.py", "exec", dont_inherit=True)
    except SyntaxError:
        return False
    return True


def test_compute_edit_finds_the_changed_span() -> None:
    old = b"line one\nline two\nline three\n"
    new = b"line one\nline 2!\nline three\n"
    edit = compute_edit(old, new)
    assert edit is not None
    assert (edit.start_byte, edit.old_end_byte, edit.new_end_byte) == (14, 17, 16)
    assert tuple(edit.start_point) == (1, 5) and tuple(edit.new_end_point) == (1, 7)
    assert compute_edit(old, old) is None
    grown = compute_edit(b"aaaa", b"aaaaaa")
    assert grown is not None and (grown.start_byte, grown.old_end_byte, grown.new_end_byte) == (4, 4, 6)
    big = bytes(range(256)) * 400
    edit = compute_edit(big, big[:50000] + b"X" + big[50001:])
    assert edit is not None and (edit.start_byte, edit.old_end_byte, edit.new_end_byte) == (50000, 50001, 50001)


@pytest.mark.parametrize(("path", "text", "edits"), [
    ("app.js", JS_SOURCE.read_text(), [("return item;", "return item"), ("return item", "return (item;"),
                                        ("return (item;", "return item;")]),
    ("main.go", 'package main\n\nfunc main() {\n\tx := 1\n\t_ = x\n}\n',
     [("x := 1", "x := "), ("x := ", "x := 2"), ("_ = x", "_ = x + 1")]),
    ("m.py", (STDLIB / "textwrap.py").read_text(),
     [("width=70", "width=(70"), ("width=(70", "width=71"), ("return lines", "return lines +"),
      ("return lines +", "return lines")]),
])
def test_incremental_result_equals_a_fresh_parse(path: str, text: str, edits: list[tuple[str, str]]) -> None:
    kept = SyntaxValidator()
    first = kept.validate_incremental(path, text)
    assert first.is_valid and not first.incremental
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
        again = kept.validate_incremental(path, text)
        fresh = SyntaxValidator().validate(text, path=path)
        assert again.incremental  # the kept tree was edited and reused
        assert again.tree is not None and fresh.tree is not None
        assert str(again.tree.root_node) == str(fresh.tree.root_node)
        assert again.is_valid == fresh.is_valid
        assert again.errors == fresh.errors


def _edited_line(line: str, rng: random.Random) -> str:
    indent = line[: len(line) - len(line.lstrip())]
    choice = rng.randrange(12)
    if choice == 0:
        return line + "  # note"
    if choice == 1:
        return line.replace("(", "", 1)
    if choice == 2:
        return line + ")"
    if choice == 3:
        return indent + rng.choice(["global x", "nonlocal q", "from __future__ import annotations",
                                    "x: int = 1", "print 'a'", "return", "yield x", "await y", "pass",
                                    'y = """', "z = (", "break", "else:", "x = 1 \\"]) + "\n" + line
    if choice == 4:
        return line.lstrip()  # dedent
    if choice == 5:
        return "  " + line
    if choice == 6:
        return line.replace(":", "", 1)
    if choice == 7:
        return ""
    if choice == 8:
        return line.replace(" ", "", 1)
    if choice == 9:
        return line.replace("self", "self.", 1)
    if choice == 10:
        return indent + "x = [y for y in range(3)]"
    return line.replace("=", "==", 1)


# Slow tier: a corpus sweep against compile(); the unit tests of the same code stay in the fast tier.
@pytest.mark.slow
def test_one_line_edits_get_exactly_compiles_verdict() -> None:
    """Hundreds of random one-line edits of a real module, each re-validated incrementally from the
    previous version (valid or not) and compared with compile() of the whole text."""
    base = (STDLIB / "textwrap.py").read_text()
    rng = random.Random(7)
    validator = SyntaxValidator()
    text = base
    validator.validate_incremental("m.py", text)
    scopes: dict[str, int] = {}
    mismatches = []
    for step in range(400):
        source = text if rng.random() < 0.5 else base
        lines = source.split("\n")
        index = rng.randrange(len(lines))
        lines[index] = _edited_line(lines[index], rng)
        text = "\n".join(lines)
        result = validator.validate_incremental("m.py", text)
        if result.is_valid != compiles(text):
            mismatches.append((step, index, lines[index]))
        scopes[result.reference_scope] = scopes.get(result.reference_scope, 0) + 1
    assert mismatches == []
    # The shortcut is taken often, and the full compile still runs where it must.
    assert scopes.get("statement", 0) > 80 and scopes.get("file", 0) > 80


@pytest.mark.parametrize("edit", [
    # A module-level `global` makes top-level statements depend on each other.
    ("def fill(text, width=70, **kwargs):", "global width\ndef fill(text, width=70, **kwargs):"),
])
def test_module_wide_rules_fall_back_to_a_full_compile(edit: tuple[str, str]) -> None:
    base = (STDLIB / "textwrap.py").read_text()
    validator = SyntaxValidator()
    with_global = base.replace(*edit, 1)
    assert validator.validate_incremental("m.py", with_global).is_valid
    # Now using that name at module level anywhere above the `global` is an error.
    broken = with_global.replace("_whitespace = ", "_whitespace = width + ", 1)
    result = validator.validate_incremental("m.py", broken)
    assert not compiles(broken) and not result.is_valid and result.reference_scope == "file"


def test_future_flags_apply_to_the_edited_statement(tmp_path: Path) -> None:
    base = "from __future__ import annotations\n\nimport os\n\n\ndef g():\n    def f(x: int): pass\n"
    validator = SyntaxValidator()
    assert validator.validate_incremental("f.py", base).is_valid
    # `yield` inside an annotation is an error only under `from __future__ import annotations`.
    edited = base.replace("x: int", "x: (yield)")
    result = validator.validate_incremental("f.py", edited)
    assert not compiles(edited) and not result.is_valid


def test_unchanged_text_reuses_the_verdict_and_forget_drops_the_tree() -> None:
    validator = SyntaxValidator()
    validator.validate_incremental("a.py", "x = 1\n")
    again = validator.validate_incremental("a.py", "x = 1\n")
    assert again.is_valid and again.reference_scope == "cached"
    validator.forget("a.py")
    assert not validator.validate_incremental("a.py", "x = 1\n").incremental


METHODS = (
    "import os\n\n\nclass Box:\n    size = 1\n\n    def grow(self, n):\n        total = self.size + n\n"
    "        return total\n\n    def shrink(self):\n        return self.size - 1\n"
)


@pytest.mark.parametrize(("old", "new", "valid"), [
    ("total = self.size + n", "total = self.size + n + 1", True),
    ("total = self.size + n", "total = (self.size + n", False),
    ("    def grow(self, n):", "      def grow(self, n):", False),  # re-indented method: its own level
    ("        total = self.size + n", "class Other(Exception):\n        total = 1", False),  # breaks the next member
    ("        return total", "        nonlocal total\n        return total", False),
    ("        return total", "        global counter\n        return total", True),
])
def test_method_edits_match_compile(old: str, new: str, valid: bool) -> None:
    validator = SyntaxValidator()
    assert validator.validate_incremental("box.py", METHODS).is_valid
    edited = METHODS.replace(old, new, 1)
    assert compiles(edited) is valid
    assert validator.validate_incremental("box.py", edited).is_valid is valid


# Slow tier: a corpus sweep against compile(); the unit tests of the same code stay in the fast tier.
@pytest.mark.slow
def test_multi_line_hunks_get_exactly_compiles_verdict() -> None:
    base = (STDLIB / "textwrap.py").read_text().replace("    ", "\t")  # tab-indented variant too
    assert compiles(base)
    rng = random.Random(3)
    validator = SyntaxValidator()
    validator.validate_incremental("t.py", base)
    text, mismatches = base, []
    for _ in range(200):
        lines = (text if rng.random() < 0.5 else base).split("\n")
        i, k = rng.randrange(len(lines) - 3), rng.randrange(1, 4)
        if rng.random() < 0.5:
            lines[i:i + k] = [lines[j] for j in rng.sample(range(len(lines)), k)]
        else:
            lines[i:i + k] = [_edited_line(line, rng) for line in lines[i:i + k]]
        text = "\n".join(lines)
        if validator.validate_incremental("t.py", text).is_valid != compiles(text):
            mismatches.append(lines[i:i + k])
    assert mismatches == []
