"""validate_change: only errors the change introduces block it; errors the file already had are
reported as pre-existing, even when the change moves them to other lines."""

from __future__ import annotations

from ouroboros_tui.gate import SyntaxValidator

BROKEN_BEFORE = "import os\n\ndef old():\n    print 'legacy'\n\ndef keep():\n    return 1\n"


def test_preexisting_python_error_does_not_block_an_unrelated_change() -> None:
    after = "import os\nimport sys\n\n\ndef old():\n    print 'legacy'\n\ndef keep():\n    return 2\n"
    change = SyntaxValidator().validate_change(BROKEN_BEFORE, after, language="python")
    assert change.is_valid
    assert change.new_errors == []
    assert [e.line for e in change.preexisting_errors] == [6]  # moved from line 4 to line 6
    assert not change.result.is_valid  # the file itself is still broken, and says so


def test_new_error_blocks_even_when_the_file_was_already_broken() -> None:
    after = BROKEN_BEFORE.replace("return 1", "return (1")
    change = SyntaxValidator().validate_change(BROKEN_BEFORE, after, language="python")
    assert not change.is_valid
    assert [e.line for e in change.new_errors] == [7]
    assert [e.line for e in change.preexisting_errors] == [4]
    assert "7:" in change.error_summary


def test_new_compiler_error_after_a_preexisting_one_is_found() -> None:
    # CPython stops at the first error; the gate masks it and compiles again to see later ones.
    after = BROKEN_BEFORE + "\nreturn 3\n"
    change = SyntaxValidator().validate_change(BROKEN_BEFORE, after, language="python")
    assert not change.is_valid
    assert [e.message for e in change.new_errors] == ["'return' outside function"]


def test_fixing_an_error_is_valid_and_a_clean_file_stays_strict() -> None:
    fixed = BROKEN_BEFORE.replace("print 'legacy'", "print('legacy')")
    validator = SyntaxValidator()
    assert validator.validate_change(BROKEN_BEFORE, fixed, language="python").is_valid
    broken = validator.validate_change(fixed, BROKEN_BEFORE, language="python")
    assert not broken.is_valid and broken.preexisting_errors == []
    assert not validator.validate_change(None, "def f(:\n", language="python").is_valid


def test_same_message_on_a_changed_line_is_new() -> None:
    before = "def f():\n    pass\nreturn 1\n"
    after = "def f():\n    pass\nreturn 2\n"  # same complaint, but the line's text changed
    change = SyntaxValidator().validate_change(before, after, language="python")
    assert not change.is_valid and len(change.new_errors) == 1


def test_baseline_for_tree_sitter_languages() -> None:
    before = 'package main\n\nfunc a() {\n\tfmt.Println("x"\n}\n'
    after = 'package main\n\nimport "fmt"\n\nfunc a() {\n\tfmt.Println("x"\n}\n\nfunc b() {}\n'
    validator = SyntaxValidator()
    ok = validator.validate_change(before, after, path="main.go")
    assert ok.is_valid and len(ok.preexisting_errors) == 1
    worse = validator.validate_change(before, after.replace("func b() {}", "func b( {}"), path="main.go")
    assert not worse.is_valid and worse.new_errors and worse.new_errors[0].line == 9


def test_incremental_change_check_reuses_the_kept_tree() -> None:
    validator = SyntaxValidator()
    first = validator.validate_change(None, BROKEN_BEFORE.replace("print 'legacy'", "pass"), path="m.py",
                                      incremental=True)
    assert first.is_valid and not first.result.incremental
    after = BROKEN_BEFORE.replace("print 'legacy'", "pass").replace("return 1", "return 2")
    second = validator.validate_change(BROKEN_BEFORE, after, path="m.py", incremental=True)
    assert second.is_valid and second.result.incremental and second.result.reference_scope == "statement"
