"""Definitions and references of a source file, from tree-sitter (the gate's grammars).

A tree-sitter query per language finds definition nodes, named by their `name` field (or the
language's equivalent); references are the identifier-shaped words of the file that are not one of
its own definitions' names. The
compressor builds its file graph from these; risk compares top-level definitions before/after.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

# Node types that define something, per gate language name. Languages without entries (json, toml,
# yaml, css, html) have no definitions; their files still take part as plain text.
DEFINITIONS: dict[str, dict[str, str]] = {
    "python": {"function_definition": "function", "class_definition": "class"},
    "javascript": {
        "function_declaration": "function", "generator_function_declaration": "function",
        "class_declaration": "class", "method_definition": "method", "variable_declarator": "variable",
    },
    "typescript": {
        "function_declaration": "function", "generator_function_declaration": "function",
        "class_declaration": "class", "abstract_class_declaration": "class",
        "method_definition": "method", "variable_declarator": "variable",
        "interface_declaration": "interface", "type_alias_declaration": "type", "enum_declaration": "enum",
    },
    "go": {
        "function_declaration": "function", "method_declaration": "method", "type_spec": "type",
        "const_spec": "constant", "var_spec": "variable",
    },
    "rust": {
        "function_item": "function", "struct_item": "struct", "enum_item": "enum", "trait_item": "trait",
        "mod_item": "module", "const_item": "constant", "static_item": "static", "type_item": "type",
        "macro_definition": "macro",
    },
    "java": {
        "class_declaration": "class", "interface_declaration": "interface", "enum_declaration": "enum",
        "record_declaration": "record", "method_declaration": "method",
        "constructor_declaration": "constructor",
    },
    "bash": {"function_definition": "function"},
}
DEFINITIONS["tsx"] = DEFINITIONS["typescript"]


@dataclass(frozen=True)
class Definition:
    name: str
    kind: str
    line: int  # 1-based
    end_line: int
    signature: str  # the definition's first line, stripped
    top_level: bool
    public: bool
    parent: str = ""


@dataclass
class FileTags:
    path: str
    language: str | None
    definitions: list[Definition]
    references: dict[str, int]  # identifier → occurrences (definition names excluded)

    def top_level_names(self, public_only: bool = False) -> set[str]:
        return {d.name for d in self.definitions if d.top_level and (d.public or not public_only)}


def _name_node(node: Any, language: str) -> Any:
    name = node.child_by_field_name("name")
    if name is not None:
        return name
    if node.type == "function_definition" and language == "bash":
        for child in node.children:
            if child.type == "word":
                return child
    return None


def _is_public(name: str, node: Any, language: str) -> bool:
    if language == "go":
        return name[:1].isupper()
    if language == "rust":
        return any(c.type == "visibility_modifier" for c in node.children)
    if language == "java":
        mods = next((c for c in node.children if c.type == "modifiers"), None)
        return mods is None or b"private" not in (mods.text or b"")
    return not name.startswith(("_", "#"))


def _variable_is_function(node: Any) -> bool:
    value = node.child_by_field_name("value")
    return value is not None and value.type in ("arrow_function", "function_expression", "function", "class")


_QUERIES: dict[str, Any] = {}

# References are identifier-shaped words of the text, counted by one C-level regex pass: about
# three times cheaper than turning every identifier node into a Python object, and the graph only
# keeps words that some file of the repository defines (comments and docstrings naming a function
# are a use of it too). Words of one character never name anything worth ranking.
WORD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]+")


def _definition_query(language: str, grammar: Any) -> Any:
    """The definitions query of a grammar, built once. Only node kinds the grammar has go in: a
    query naming an unknown kind does not compile."""
    if language not in _QUERIES:
        from tree_sitter import Query

        defs = [k for k in DEFINITIONS.get(language, {}) if grammar.id_for_node_kind(k, True)]
        _QUERIES[language] = Query(grammar, "[" + " ".join(f"({k})" for k in defs) + "] @def") if defs else None
    return _QUERIES[language]


def definitions_in(tree: Any, data: bytes, language: str, parser: Any,
                   byte_range: tuple[int, int] | None = None) -> list[Definition]:
    """The definitions of a parsed file, or only those whose node meets `byte_range` (a definition
    enclosing one that meets it meets it too, so `top_level` and `parent` stay true)."""
    from tree_sitter import QueryCursor

    query = _definition_query(language, parser.language)
    if query is None:
        return []
    cursor = QueryCursor(query)
    if byte_range is not None:
        cursor.set_byte_range(*byte_range)
    kinds = DEFINITIONS[language]
    definitions: list[Definition] = []
    # Outer definitions first; a stack of the open ones gives each node its enclosing definitions
    # without walking up the tree: (end byte, name).
    stack: list[tuple[int, str]] = []
    nodes = sorted(cursor.captures(tree.root_node).get("def", []), key=lambda n: (n.start_byte, -n.end_byte))
    for node in nodes:
        while stack and stack[-1][0] <= node.start_byte:
            stack.pop()
        depth = len(stack)
        if node.type == "variable_declarator" and not (depth == 0 and _variable_is_function(node)):
            continue
        name_node = _name_node(node, language)
        if name_node is None or not name_node.text:
            continue
        name = name_node.text.decode("utf-8", "replace")
        start = node.start_point
        line_start = node.start_byte - start.column
        line_end = data.find(b"\n", line_start)
        definitions.append(Definition(
            name=name,
            kind=kinds[node.type],
            line=start.row + 1,
            end_line=node.end_point.row + 1,
            signature=data[line_start:line_end if line_end >= 0 else len(data)].decode("utf-8", "replace").strip(),
            top_level=depth == 0,
            public=_is_public(name, node, language),
            parent=stack[-1][1] if stack else "",
        ))
        stack.append((node.end_byte, name))
    return definitions


def extract(path: str, text: str, language: str | None, parser: Any, data: bytes | None = None) -> FileTags:
    """Definitions and references of one file. `parser` is a tree-sitter Parser for `language`;
    `data`: the text's UTF-8 bytes when the caller has them. A tree-sitter query finds the
    definitions (in C); only they are looked at in Python."""
    if language is None or parser is None or language not in DEFINITIONS:
        return FileTags(path, language, [], {})
    if data is None:
        data = text.encode("utf-8")
    definitions = definitions_in(parser.parse(data), data, language, parser)
    own = {d.name for d in definitions}
    references = Counter(WORD_RE.findall(text))
    for name in own & references.keys():
        del references[name]
    return FileTags(path, language, definitions, dict(references))


# Leaves that name something in code (not in a comment or a string).
CODE_IDENTIFIERS = ("identifier", "type_identifier", "field_identifier", "property_identifier",
                    "shorthand_property_identifier", "constant", "command_name")
_IDENT_QUERIES: dict[str, Any] = {}


# Every identifier of the supported languages is a run of these (bash names may hold more: see below).
_IDENT_CHARS = re.compile(r"[\w$]+")


def code_identifiers(text: str, language: str | None, parser: Any,
                     spans: list[tuple[int, int]] | None = None, only: Collection[str] | None = None) -> Counter[str]:
    """Identifiers used in code (tree-sitter leaves, so no words of comments or strings), optionally
    only within `spans` (1-based inclusive line ranges) and only those in `only`. For the few files
    whose exact uses matter: the targets. With `only`, a text where none of those names occurs as a
    word is not parsed at all (a big data file that uses nothing of the repository costs one scan)."""
    if language is None or parser is None:
        return Counter()
    if only is not None and all(_IDENT_CHARS.fullmatch(n) for n in only):
        words = set(_IDENT_CHARS.findall(text))
        if not any(n in words for n in only):
            return Counter()
    grammar = parser.language
    if language not in _IDENT_QUERIES:
        from tree_sitter import Query

        kinds = [k for k in CODE_IDENTIFIERS if grammar.id_for_node_kind(k, True)]
        _IDENT_QUERIES[language] = Query(grammar, "[" + " ".join(f"({k})" for k in kinds) + "] @id") if kinds else None
    from tree_sitter import Point, QueryCursor

    query = _IDENT_QUERIES[language]
    tree = parser.parse(text.encode("utf-8"))
    found: Counter[str] = Counter()
    if query is None:
        return found
    # Each span is its own query window, so a big file with a few spans costs the spans.
    for a, b in [(1, max(1, text.count("\n") + 1))] if spans is None else _merged(spans):
        cursor = QueryCursor(query)
        cursor.set_point_range(Point(a - 1, 0), Point(b, 0))
        for node in cursor.captures(tree.root_node).get("id", []):
            if a <= node.start_point.row + 1 <= b:
                name = (node.text or b"").decode("utf-8", "replace")
                if only is None or name in only:
                    found[name] += 1
    return found


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching line spans joined, so no identifier is counted twice."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def tags_for(path: str, text: str) -> FileTags:
    """Convenience: detect the language from the path and parse with the gate's cached parser."""
    from ouroboros_tui.source.grammar import language_for, parser_for

    language = language_for(path)
    return extract(path, text, language, parser_for(language) if language else None)
