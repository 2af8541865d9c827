"""JSX closing tags must name the element they close.

tree-sitter-javascript and tree-sitter-typescript (TSX) parse `<div>…</span>` without an error:
the grammars do not compare tag names, while Babel, tsc and esbuild all reject it. `node --check`
cannot help (node does not read JSX), so the gate checks the names itself.
"""

from __future__ import annotations

from functools import cache

from tree_sitter import Node, Query, QueryCursor, Tree

from ouroboros_tui.gate.languages import get_language
from ouroboros_tui.gate.locate import SourceText
from ouroboros_tui.gate.results import SyntaxErrorRecord

JSX_LANGUAGES = ("javascript", "tsx")


@cache
def _element_query(language: str) -> Query:
    return Query(get_language(language), "(jsx_element) @element")


def _tag_name(tag: Node | None) -> str:
    name = tag.child_by_field_name("name") if tag is not None else None
    if name is None or name.text is None:
        return ""
    return "".join(name.text.decode("utf-8", "replace").split())  # `<a . b>` closes with `</a.b>`


def jsx_tag_errors(tree: Tree, src: SourceText, language: str) -> list[SyntaxErrorRecord]:
    """One record per element whose closing tag names another element (a fragment is the name '')."""
    if b"</" not in src.data:  # no closing tag at all: nothing to compare (and no query to run)
        return []
    errors: list[SyntaxErrorRecord] = []
    elements = QueryCursor(_element_query(language)).captures(tree.root_node).get("element", [])
    for element in sorted(elements, key=lambda n: n.start_byte):
        opening = element.child_by_field_name("open_tag")
        closing = element.child_by_field_name("close_tag")
        if closing is None or closing.is_missing or closing.has_error:
            continue  # tree-sitter reports a missing or broken closing tag itself
        want, got = _tag_name(opening), _tag_name(closing)
        if want == got:
            continue
        (row, col), (end_row, end_col) = closing.start_point, closing.end_point
        errors.append(src.record(
            line=row + 1, column=src.char_column(closing.start_byte, col), end_line=end_row + 1,
            end_column=src.char_column(closing.end_byte, end_col), kind="invalid",
            message=f"closing tag </{got}> does not match the opening <{want}>", source="jsx",
        ))  # fmt: skip
    return errors
