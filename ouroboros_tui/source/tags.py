"""Definitions and references of a source file, from tree-sitter (the gate's grammars).

A node walk per language: definition nodes are named by their `name` field (or the language's
equivalent), references are identifier-like leaves that are not a definition's own name. The
compressor builds its file graph from these; risk compares top-level definitions before/after.
"""

from __future__ import annotations

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

REFERENCE_TYPES = frozenset({
    "identifier", "type_identifier", "field_identifier", "property_identifier",
    "shorthand_property_identifier", "constant", "command_name",
})

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


_QUERIES: dict[str, tuple[Any, Any]] = {}


def _queries(language: str, grammar: Any) -> tuple[Any, Any]:
    """(definitions query, references query) for a grammar, built once. Only node kinds the grammar
    has go in: a query naming an unknown kind does not compile."""
    if language not in _QUERIES:
        from tree_sitter import Query

        def known(kinds: Any) -> list[str]:
            return [k for k in kinds if grammar.id_for_node_kind(k, True)]

        defs = known(DEFINITIONS.get(language, {}))
        refs = known(sorted(REFERENCE_TYPES))
        def_query = Query(grammar, "[" + " ".join(f"({k})" for k in defs) + "] @def") if defs else None
        ref_query = Query(grammar, "[" + " ".join(f"({k})" for k in refs) + "] @ref") if refs else None
        _QUERIES[language] = (def_query, ref_query)
    return _QUERIES[language]


def _captures(query: Any, node: Any, name: str) -> list[Any]:
    from tree_sitter import QueryCursor

    return list(QueryCursor(query).captures(node).get(name, [])) if query is not None else []


def extract(path: str, text: str, language: str | None, parser: Any) -> FileTags:
    """Definitions and references of one file. `parser` is a tree-sitter Parser for `language`.
    Tree-sitter queries find the nodes (in C, fast); only definitions are looked at in Python."""
    if language is None or parser is None:
        return FileTags(path, language, [], {})
    tree = parser.parse(text.encode("utf-8"))
    def_query, ref_query = _queries(language, parser.language)
    kinds = DEFINITIONS.get(language, {})
    lines = text.splitlines()
    definitions: list[Definition] = []
    name_ids: set[int] = set()
    named: dict[int, str] = {}  # definition node id → its name, to find enclosing definitions

    # Outer definitions first, so a node's enclosing definitions are known when it is reached.
    for node in sorted(_captures(def_query, tree.root_node, "def"), key=lambda n: (n.start_byte, -n.end_byte)):
        enclosing = []
        up = node.parent
        while up is not None:
            if up.id in named:
                enclosing.append(named[up.id])
            up = up.parent
        depth = len(enclosing)
        if node.type == "variable_declarator" and not (depth == 0 and _variable_is_function(node)):
            continue
        name_node = _name_node(node, language)
        if name_node is None or not name_node.text:
            continue
        name = name_node.text.decode("utf-8", "replace")
        name_ids.add(name_node.id)
        named[node.id] = name
        row = node.start_point.row
        definitions.append(Definition(
            name=name,
            kind=kinds[node.type],
            line=row + 1,
            end_line=node.end_point.row + 1,
            signature=lines[row].strip() if row < len(lines) else name,
            top_level=depth == 0,
            public=_is_public(name, node, language),
            parent=enclosing[0] if enclosing else "",
        ))
    own = {d.name for d in definitions}
    references: dict[str, int] = {}
    for node in _captures(ref_query, tree.root_node, "ref"):
        if node.id in name_ids or not node.text:
            continue
        ref = node.text.decode("utf-8", "replace")
        if ref not in own:
            references[ref] = references.get(ref, 0) + 1
    definitions.sort(key=lambda d: d.line)
    return FileTags(path, language, definitions, references)


def tags_for(path: str, text: str) -> FileTags:
    """Convenience: detect the language from the path and parse with the gate's cached parser."""
    from ouroboros_tui.source.grammar import language_for, parser_for

    language = language_for(path)
    return extract(path, text, language, parser_for(language) if language else None)
