"""Python: the gate's verdict is CPython's compile(). tree-sitter alone passes Python 2 and
compiler-level errors and blocks some valid code; the gate must do neither."""

from __future__ import annotations

import warnings

import pytest

from ouroboros_tui.gate import SyntaxValidator
from ouroboros_tui.gate.languages import get_parser


def compiles(code: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(code, "<test>", "exec", dont_inherit=True)
    except SyntaxError:
        return False
    return True


def tree_sitter_accepts(code: str) -> bool:
    return not get_parser("python").parse(code.encode()).root_node.has_error


# Rejected by CPython, accepted by tree-sitter-python: (code, line, words of CPython's message).
FALSE_ACCEPTS = [
    ("print 'hello'\n", 1, "Missing parentheses in call to 'print'"),
    ("exec 'code'\n", 1, "Missing parentheses in call to 'exec'"),
    ("def f():\n    pass\nreturn 1\n", 3, "'return' outside function"),
    ("x = 1\nbreak\n", 2, "'break' outside loop"),
    ("yield 1\n", 1, "'yield' outside function"),
    ("await x\n", 1, "'await' outside function"),
    ("nonlocal x\n", 1, "nonlocal declaration not allowed at module level"),
    ("def f(a, a):\n    pass\n", 1, "duplicate argument 'a'"),
    ("f(a=1, a=2)\n", 1, "keyword argument repeated"),
    ("def f(a=1, b):\n    pass\n", 1, "non-default argument follows default argument"),
    ("class A:\n    return 1\n", 2, "'return' outside function"),
    ("try:\n    pass\nexcept E, e:\n    pass\n", 3, "multiple exception types must be parenthesized"),
    ("raise E, 'msg'\n", 1, "invalid syntax"),
    ("x = 0777\n", 1, "leading zeros"),
    ("x = 10L\n", 1, "invalid decimal literal"),
    ("x <> y\n", 1, "invalid syntax"),
    ("x = 1\nfrom __future__ import annotations\n", 2, "from __future__ imports must occur at the beginning"),
    ("del f()\n", 1, "cannot delete function call"),
    ("a, b += 1\n", 1, "illegal expression for augmented assignment"),
    ("x := 1\n", 1, "invalid syntax"),
    ("class A:\npass\n", 2, "expected an indented block"),
    ("if x:\n        a\n    b\n", 3, "unindent does not match"),
    ("type X = int\n", 1, "invalid syntax"),  # PEP 695 is Python 3.12; this is 3.11
    ("def f[T](x: T) -> T:\n    pass\n", 1, "expected '('"),
]

# Accepted by CPython, rejected by tree-sitter-python (found in CPython's own test_compile.py).
FALSE_REJECTS = [
    "def f():\n    (bar.\nbaz)\n",
    "def f():\n    (bar.\nbaz(\n))\n    x = 1\n",
]


@pytest.fixture(scope="module")
def validator() -> SyntaxValidator:
    return SyntaxValidator()


@pytest.mark.parametrize(("code", "line", "words"), FALSE_ACCEPTS, ids=[c[2][:30] for c in FALSE_ACCEPTS])
def test_rejects_what_compile_rejects(validator: SyntaxValidator, code: str, line: int, words: str) -> None:
    assert not compiles(code)
    assert tree_sitter_accepts(code), "this case no longer shows a tree-sitter false accept"
    result = validator.validate(code, language="python")
    assert not result.is_valid
    assert result.checker == "tree-sitter-python+compile"
    first = result.errors[0]
    assert first.line == line
    assert words in first.message or words in first.detail
    assert first.kind == "invalid" and first.source == "compile"


@pytest.mark.parametrize("code", FALSE_REJECTS)
def test_accepts_what_compile_accepts(validator: SyntaxValidator, code: str) -> None:
    assert compiles(code)
    assert not tree_sitter_accepts(code), "this case no longer shows a tree-sitter false reject"
    result = validator.validate(code, language="python")
    assert result.is_valid and result.errors == []
    assert result.error_node_count > 0  # tree-sitter's view is kept as a diagnostic, not a verdict


@pytest.mark.parametrize("code", [
    "match command.split():\n    case [action, *rest] if rest:\n        pass\n    case _:\n        pass\n",
    "try:\n    pass\nexcept* ValueError:\n    pass\n",
    "with (open(a) as f, open(b) as g):\n    pass\n",
    "def f(a, /, b, *, c):\n    return f'{a!r:>{b}} {c=}'\n",
    "async def f():\n    return [x async for x in y]\n",
    "match = 1\ncase = 2\ntype = 3\nprint(match, case, type)\n",
    "for x in *a, *b:\n    pass\n",
])
def test_newer_syntax_accepted(validator: SyntaxValidator, code: str) -> None:
    assert validator.validate(code, language="python").is_valid


def test_many_errors_are_reported_not_just_the_first(validator: SyntaxValidator) -> None:
    code = "def a():\n    return 1\nprint 'x'\n\ndef b():\n    pass\nreturn 2\n\nx = (1,\n"
    result = validator.validate(code, language="python")
    assert [e.line for e in result.errors] == [3, 7, 9]
    assert "print" in result.errors[0].message and "outside function" in result.errors[1].message


@pytest.mark.parametrize(("code", "kind"), [
    ("x = 1\x00\n", "encoding"),
    ("\x00" * 10, "encoding"),
])
def test_nul_bytes_are_an_error_not_a_crash(validator: SyntaxValidator, code: str, kind: str) -> None:
    result = validator.validate(code, language="python")
    assert not result.is_valid and result.errors[0].kind == kind
    assert "NUL" in result.errors[0].message


def test_weird_but_valid_input(validator: SyntaxValidator) -> None:
    assert validator.validate("", language="python").is_valid
    assert validator.validate("\n\n\n", language="python").is_valid
    assert validator.validate("if x:\r\n\tpass\r\n", language="python").is_valid  # CRLF and tabs
    long_line = "x = [" + ", ".join(["1"] * 20000) + "]\n"
    assert validator.validate(long_line, language="python").is_valid
    assert validator.validate("s = 'é€😀'\n".encode(), language="python").is_valid  # bytes in


def test_weird_invalid_input_is_located(validator: SyntaxValidator) -> None:
    crlf = validator.validate("a = 1\r\nb = (\r\nc = 2\r\n", language="python")
    assert not crlf.is_valid and "\r" not in crlf.errors[0].context
    tabs = validator.validate("if x:\n\tfoo(1 2)\n", language="python")
    caret_row = tabs.errors[0].context.splitlines()[2]
    assert caret_row.split("| ", 1)[1].startswith("\t") and (tabs.errors[0].line, tabs.errors[0].column) == (2, 8)
    long_bad = "x = [" + ", ".join(["1"] * 20000) + " 2]\n"
    result = validator.validate(long_bad, language="python")
    assert not result.is_valid
    assert all(len(row) < 400 for row in result.errors[0].context.splitlines())  # cut around the error
    undecodable = validator.validate(b"x = '\xff'\n", language="python")
    assert not undecodable.is_valid and undecodable.errors[0].kind == "encoding"
    deep = validator.validate("x = " + "(" * 300 + ")" * 300 + "\n", language="python")
    assert not deep.is_valid and "parenthes" in deep.errors[0].message + deep.errors[0].detail


def test_non_ascii_columns_are_characters(validator: SyntaxValidator) -> None:
    result = validator.validate("s = 'ééé' 1\n", language="python")
    assert (result.errors[0].line, result.errors[0].column) == (1, 11)


def test_result_fields(validator: SyntaxValidator) -> None:
    result = validator.validate("def f():\n    return [1, (2, 3)]\n", language="python")
    assert result.language == "python" and result.ast_depth >= 6 and result.error_node_count == 0
    assert result.parse_ms >= 0 and result.total_ms >= result.parse_ms
    doc = result.to_dict("x.py")
    assert doc["path"] == "x.py" and doc["is_valid"] and doc["errors"] == []


def test_report_gives_every_error_with_context(validator: SyntaxValidator) -> None:
    result = validator.validate("def f():\n    return (1,\n", language="python")
    text = result.report("pkg/m.py")
    assert text.startswith("pkg/m.py: 1 syntax error") and "2 |     return (1," in text and "^" in text
    assert validator.validate("x = 1\n", language="python").report() == ""
