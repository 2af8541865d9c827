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


def extract(path: str, text: str, language: str | None, parser: Any) -> FileTags:
    """Definitions and references of one file. `parser` is a tree-sitter Parser for `language`."""
    if language is None or parser is None:
        return FileTags(path, language, [], {})
    data = text.encode("utf-8")
    tree = parser.parse(data)
    kinds = DEFINITIONS.get(language, {})
    lines = text.splitlines()
    definitions: list[Definition] = []
    name_ids: set[int] = set()
    references: dict[str, int] = {}

    # Iterative walk: (node, depth in definitions, enclosing definition name).
    stack: list[tuple[Any, int, str]] = [(tree.root_node, 0, "")]
    while stack:
        node, depth, parent = stack.pop()
        child_depth, child_parent = depth, parent
        kind = kinds.get(node.type)
        if kind is not None and node.type == "variable_declarator" and not (
            depth == 0 and _variable_is_function(node)
        ):
            kind = None
        if kind is not None:
            name_node = _name_node(node, language)
            if node.type == "variable_declarator":
                name_node = node.child_by_field_name("name")
            if name_node is not None and name_node.text:
                name = name_node.text.decode("utf-8", "replace")
                name_ids.add(name_node.id)
                row = node.start_point.row
                definitions.append(Definition(
                    name=name,
                    kind=kind,
                    line=row + 1,
                    end_line=node.end_point.row + 1,
                    signature=lines[row].strip() if row < len(lines) else name,
                    top_level=depth == 0,
                    public=_is_public(name, node, language),
                    parent=parent,
                ))
                # Members of a class stay visible as "Class.member"; bodies of functions are local.
                child_depth = depth + 1
                child_parent = name
        elif node.type in REFERENCE_TYPES and node.id not in name_ids and node.text:
            ref = node.text.decode("utf-8", "replace")
            references[ref] = references.get(ref, 0) + 1
        for child in reversed(node.children):
            stack.append((child, child_depth, child_parent))
    definitions.sort(key=lambda d: d.line)
    own = {d.name for d in definitions}
    return FileTags(path, language, definitions, {k: v for k, v in references.items() if k not in own})


def tags_for(path: str, text: str) -> FileTags:
    """Convenience: detect the language from the path and parse with the gate's cached parser."""
    from ouroboros_tui.pipeline.grammar import language_for, parser_for

    language = language_for(path)
    return extract(path, text, language, parser_for(language) if language else None)
