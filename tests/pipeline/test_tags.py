"""Definitions and references from tree-sitter, per gate language."""

from __future__ import annotations

import pytest

from ouroboros_tui.source.tags import tags_for

CASES = {
    "m.py": (
        "import os\n\n\nclass Shop:\n    def total(self):\n        return helper(os.sep)\n\n\n"
        "def _private():\n    pass\n\n\ndef public(x):\n    def inner():\n        return x\n    return inner\n",
        {("Shop", True, True), ("total", False, True), ("_private", True, False), ("public", True, True),
         ("inner", False, True)},
        {"helper", "os"},
    ),
    "m.ts": (
        "export function foo(a: Bar): number { return baz(a); }\nexport const arrow = (x: number) => x;\n"
        "const value = 3;\ninterface Bar { x: number }\nclass C { m() { return foo(value); } }\n",
        {("foo", True, True), ("arrow", True, True), ("Bar", True, True), ("C", True, True), ("m", False, True)},
        {"baz", "value"},
    ),
    "m.js": (
        "function foo() { return bar(); }\nconst g = function () { return 1; };\nclass K { run() {} }\n",
        {("foo", True, True), ("g", True, True), ("K", True, True), ("run", False, True)},
        {"bar"},
    ),
    "m.go": (
        "package m\n\nfunc Foo() int { return bar() }\nfunc helper() {}\ntype T struct{}\n",
        {("Foo", True, True), ("helper", True, False), ("T", True, True)},
        {"bar"},
    ),
    "m.rs": (
        "pub fn foo() { bar(); }\nfn hidden() {}\npub struct S;\n",
        {("foo", True, True), ("hidden", True, False), ("S", True, True)},
        {"bar"},
    ),
    "M.java": (
        "public class M { public void run() { other(); } private int x() { return 1; } }\n",
        {("M", True, True), ("run", False, True), ("x", False, False)},
        {"other"},
    ),
    "m.sh": ("greet() {\n  echo hi\n}\ngreet\n", {("greet", True, True)}, set()),
}


@pytest.mark.parametrize("path", sorted(CASES))
def test_definitions_and_references(path: str) -> None:
    text, defs, refs = CASES[path]
    tags = tags_for(path, text)
    assert {(d.name, d.top_level, d.public) for d in tags.definitions} == defs
    assert refs <= set(tags.references)
    assert not {d.name for d in tags.definitions} & set(tags.references)


def test_lines_and_signatures() -> None:
    tags = tags_for("m.py", CASES["m.py"][0])
    public = next(d for d in tags.definitions if d.name == "public")
    assert (public.line, public.end_line, public.signature) == (13, 16, "def public(x):")
    assert next(d for d in tags.definitions if d.name == "total").parent == "Shop"


def test_unknown_language_has_no_tags() -> None:
    tags = tags_for("notes.md", "# title\nsome words\n")
    assert tags.language is None and tags.definitions == [] and tags.references == {}


def test_code_identifiers_only_the_names_asked_for_and_per_span() -> None:
    from ouroboros_tui.source.grammar import parser_for
    from ouroboros_tui.source.tags import code_identifiers

    text = "# load is mentioned here\ndef f():\n    return load(x) + save(y)\n\n\ndef g():\n    return load(z)\n"
    parser = parser_for("python")
    everything = code_identifiers(text, "python", parser)
    assert everything["load"] == 2 and everything["save"] == 1  # the comment's word is not code
    assert code_identifiers(text, "python", parser, only={"load", "nothing"}) == {"load": 2}
    assert code_identifiers(text, "python", parser, only={"absent"}) == {}
    assert code_identifiers(text, "python", parser, [(2, 3)], only={"load"}) == {"load": 1}
    assert code_identifiers(text, "python", parser, [(2, 3), (3, 7)]) == everything  # line 3 counted once
    # a name that is not a plain word (bash allows '-') is still looked for by tree-sitter
    assert code_identifiers("my-tool --x\n", "bash", parser_for("bash"), only={"my-tool"}) == {"my-tool": 1}
