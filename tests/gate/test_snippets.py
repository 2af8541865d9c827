"""Hand-written broken snippets in every supported language: the gate rejects each one and points at
the right line and column with the right kind of message; the fixed versions pass."""

from __future__ import annotations

import pytest

from ouroboros_tui.gate import LANGUAGES, SyntaxValidator

# (language, broken code, line, column, kind, words the message must contain, fixed code)
BROKEN = [
    ("python", "items = [1, 2 3]\n", 1, 15, "unexpected", "'3'", "items = [1, 2, 3]\n"),
    ("python", "def area(w, h:\n    return w * h\n", 1, 9, "invalid", "never closed",
     "def area(w, h):\n    return w * h\n"),
    ("python", "def f(:\n  return 1\n", 1, 7, "missing", "')'", "def f():\n  return 1\n"),
    ("javascript", "function add(a, b {\n  return a + b;\n}\n", 1, 18, "missing", "')'",
     "function add(a, b) {\n  return a + b;\n}\n"),
    ("javascript", "const x = ;\n", 1, 9, "unexpected", "'='", "const x = 1;\n"),
    ("typescript", "let n: number = (1 + 2;\n", 1, 23, "missing", "')'", "let n: number = (1 + 2);\n"),
    ("typescript", "interface A { x: number; y: }\n", 1, 27, "unexpected", "':'",
     "interface A { x: number; y: string }\n"),
    ("tsx", "const el = <div>{x</div>;\n", 1, 1, "unexpected", "cannot parse",
     "const el = <div>{x}</div>;\n"),
    ("tsx", "const el = (\n  <div>\n    <Row.Cell>x</Row.Cell>\n  </span>\n);\n", 4, 3, "invalid",
     "</span> does not match the opening <div>",
     "const el = (\n  <div>\n    <Row.Cell>x</Row.Cell>\n  </div>\n);\n"),
    ("javascript", "const f = <>\n  <p>x</P>\n</>;\n", 2, 7, "invalid", "</P> does not match the opening <p>",
     "const f = <>\n  <p>x</p>\n</>;\n"),
    ("json", '{"a": 1,\n "b": }\n', 2, 6, "missing", "number", '{"a": 1,\n "b": 2}\n'),
    ("json", '{"a": 1,}\n', 1, 8, "unexpected", "','", '{"a": 1}\n'),
    ("toml", "[tool\nname = 'x'\n", 1, 6, "invalid", "Expected ']'", "[tool]\nname = 'x'\n"),
    ("toml", "[tool]\nname = \n", 2, 8, "invalid", "Invalid value", "[tool]\nname = 1\n"),
    ("yaml", "a: [1, 2\nb: 3\n", 1, 4, "unexpected", "[1, 2", "a: [1, 2]\nb: 3\n"),
    ("go", 'package main\n\nfunc main() {\n\tfmt.Println("hi"\n}\n', 4, 18, "missing", "')'",
     'package main\n\nfunc main() {\n\tfmt.Println("hi")\n}\n'),
    ("rust", 'fn main() {\n    let x = 5\n    println!("{}", x);\n}\n', 2, 13, "unexpected", "'5'",
     'fn main() {\n    let x = 5;\n    println!("{}", x);\n}\n'),
    ("java", "class A {\n  void f() {\n    int x = 1\n  }\n}\n", 3, 14, "missing", "';'",
     "class A {\n  void f() {\n    int x = 1;\n  }\n}\n"),
    ("bash", "if [ -f x ]; then\n  echo yes\n", 3, 1, "missing", "'fi'", "if [ -f x ]; then\n  echo yes\nfi\n"),
    ("css", "body {\n  color: red;\n", 2, 14, "missing", "'}'", "body {\n  color: red;\n}\n"),
    ("html", '<div class="a>\n<p>hi</p>\n', 1, 1, "unexpected", "<div", '<div class="a">\n<p>hi</p></div>\n'),
]


@pytest.fixture(scope="module")
def validator() -> SyntaxValidator:
    return SyntaxValidator()


@pytest.mark.parametrize(("language", "code", "line", "column", "kind", "words", "fixed"), BROKEN,
                         ids=[f"{case[0]}-{i}" for i, case in enumerate(BROKEN)])
def test_broken_snippet_is_located(validator: SyntaxValidator, language: str, code: str, line: int,
                                   column: int, kind: str, words: str, fixed: str) -> None:
    result = validator.validate(code, language=language)
    assert not result.is_valid
    first = result.errors[0]
    assert (first.line, first.column, first.kind) == (line, column, kind), first
    assert words in first.message
    assert "^" in first.context
    assert result.error_summary.startswith("1 syntax error") or "syntax errors" in result.error_summary
    ok = validator.validate(fixed, language=language)
    assert ok.is_valid, ok.error_summary
    assert ok.errors == []


def test_every_grammar_is_covered() -> None:
    covered = {case[0] for case in BROKEN}
    assert covered >= set(LANGUAGES) - {"jsonc"}


def test_language_from_path(validator: SyntaxValidator) -> None:
    assert validator.validate("x = 1\n", path="a/b.pyi").language == "python"
    assert validator.validate("let a: number = 1;\n", path="x.mts").language == "typescript"
    assert validator.validate("const a = <b/>;\n", path="x.tsx").language == "tsx"
    assert validator.validate("a: 1\n", path="c.yml").checker == "tree-sitter-yaml"
    unknown = validator.validate("anything", path="notes.md")
    assert unknown.is_valid and not unknown.checked and unknown.checker == "none"
    with pytest.raises(ValueError, match="cobol"):
        validator.validate("x", language="cobol")


def test_jsonc_files_allow_comments(validator: SyntaxValidator) -> None:
    text = '{\n  // comment\n  "compilerOptions": {}\n}\n'
    assert validator.validate(text, path="tsconfig.json").is_valid
    assert not validator.validate(text, path="data.json").is_valid  # json.loads is the reference


def test_caret_sits_under_the_error(validator: SyntaxValidator) -> None:
    result = validator.validate("x = 1\nitems = [1, 2 3]\ny = 2\n", language="python")
    context = result.errors[0].context.splitlines()
    assert context[0].startswith("1 | x = 1")
    marker_row = next(i for i, row in enumerate(context) if set(row.split("|", 1)[1].strip()) == {"^"})
    code_row = context[marker_row - 1]
    assert code_row.startswith("2 | items")
    assert code_row[context[marker_row].index("^")] == "3"


def test_matching_jsx_tags_in_every_form_pass(validator: SyntaxValidator) -> None:
    code = (
        "export function App({ items, cond }) {\n  return (\n    <Layout.Main title=\"x\">\n"
        "      <svg:rect width=\"1\"></svg:rect>\n      {cond && <div><div>inner</div></div>}\n"
        "      {items.map((i) => <Item key={i}>{i}</Item>)}\n      <>\n        <a.b.c>deep</a.b.c>\n      </>\n"
        "      <input value=\"</div>\" />\n    </Layout.Main>\n  );\n}\n"
    )
    for language in ("javascript", "tsx"):
        result = validator.validate(code, language=language)
        assert result.is_valid, result.error_summary
