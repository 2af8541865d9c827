"""JavaScript/TypeScript semantic and security findings from the tree-sitter tree, no project build.

Semantic: a name used that the file declares nowhere and that is not a known global
(`js_globals.py`), and a `let`/`const`/`class`/import binding declared twice in one scope (which
node rejects at load time and tsc at build time). Types, imports' contents and other files are out
of reach without a build: docs/gate.md lists what is not checked.

Security: `eval(…)`, `new Function(…)`, a `child_process` `exec`/`execSync` whose command is built
with `${…}` or `+`, and `innerHTML`/`outerHTML` assignments and `document.write` with a value that is
not a plain string literal.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ouroboros_tui.gate.findings import Finding, line_at
from ouroboros_tui.gate.js_globals import GLOBALS
from ouroboros_tui.gate.languages import get_parser, language_for_path

JS_LANGUAGES = ("javascript", "typescript", "tsx")
_NAMED_DECLARATIONS = {
    "variable_declarator": "name", "function_declaration": "name", "generator_function_declaration": "name",
    "function_expression": "name", "generator_function": "name", "class_declaration": "name", "class": "name",
    "abstract_class_declaration": "name", "enum_declaration": "name", "internal_module": "name",
    "module": "name", "function_signature": "name", "arrow_function": "parameter",
    "catch_clause": "parameter", "for_in_statement": "left", "required_parameter": "pattern",
    "optional_parameter": "pattern", "assignment_pattern": "left", "pair_pattern": "value",
    "import_specifier": None, "import_clause": None, "namespace_import": None, "formal_parameters": None,
    "array_pattern": None, "rest_pattern": None, "object_assignment_pattern": "left",
}  # fmt: skip
_NAME_TYPES = ("identifier", "type_identifier", "shorthand_property_identifier_pattern")
_SCOPES = ("program", "statement_block", "switch_body", "class_static_block", "for_statement",
           "for_in_statement")
_EXEC = ("exec", "execSync")
# Bundles and minified files: a Python walk over their millions of nodes would cost seconds per attempt,
# and nobody reviews them by hand. The syntax level still checks them.
MAX_BYTES = 512_000


def js_language(path: str) -> str | None:
    language = language_for_path(path)
    return language if language in JS_LANGUAGES else None


def _walk(node: Node) -> Iterator[tuple[Node, Node | None, str | None]]:
    """Every node with its parent and its field name in the parent."""
    stack: list[tuple[Node, Node | None, str | None]] = [(node, None, None)]
    while stack:
        current, parent, field = stack.pop()
        yield current, parent, field
        for index in range(current.child_count - 1, -1, -1):
            child = current.children[index]
            stack.append((child, current, current.field_name_for_child(index)))


def _is_declaration(parent: Node | None, field: str | None) -> bool:
    if parent is None or parent.type not in _NAMED_DECLARATIONS:
        return False
    wanted = _NAMED_DECLARATIONS[parent.type]
    return wanted is None or field == wanted


def _text(node: Node) -> str:
    return (node.text or b"").decode("utf-8", "replace")


def _finding(level: str, path: str, code: str, node: Node, rule: str, message: str, symbol: str = "") -> Finding:
    line = node.start_point[0] + 1
    return Finding(level=level, path=path, line=line, column=node.start_point[1] + 1, rule=rule, message=message,
                   symbol=symbol, line_text=line_at(code, line), checker="tree-sitter")


def js_findings(path: str, code: str, levels: tuple[str, ...] = ("semantic", "security")) -> list[Finding]:
    language = js_language(path)
    if language is None or len(code) > MAX_BYTES:
        return []
    tree = get_parser(language).parse(code.encode("utf-8"))
    nodes = list(_walk(tree.root_node))
    out: list[Finding] = []
    if "semantic" in levels:
        out += _undefined_names(path, code, nodes) + _duplicates(path, code, nodes)
    if "security" in levels:
        out += _security(path, code, nodes)
    return out


def _undefined_names(path: str, code: str, nodes: list[tuple[Node, Node | None, str | None]]) -> list[Finding]:
    declared = {_text(n) for n, parent, field in nodes if n.type in _NAME_TYPES and _is_declaration(parent, field)}
    declared |= {_text(n) for n, _p, _f in nodes if n.type == "shorthand_property_identifier_pattern"}
    out: list[Finding] = []
    for node, parent, field in nodes:
        if node.type not in ("identifier", "shorthand_property_identifier") or _is_declaration(parent, field):
            continue
        name = _text(node)
        if name in declared or name in GLOBALS or parent is None:
            continue
        if parent.type in ("jsx_opening_element", "jsx_closing_element", "jsx_self_closing_element") and \
                name[:1].islower():
            continue  # <div>: an HTML tag, not a name
        if parent.type == "unary_expression" and _text(parent).startswith("typeof"):
            continue  # `typeof x === "undefined"` is how code asks whether x exists
        out.append(_finding("semantic", path, code, node, "js-undefined-name",
                            f"`{name}` is not declared in this file and is not a known global", name))
    return out


def _declared_names(node: Node) -> list[Node]:
    """The name nodes a declaration binds (destructuring patterns included)."""
    names: list[Node] = []
    for child, parent, field in _walk(node):
        if child.type in _NAME_TYPES and _is_declaration(parent, field) and child is not node:
            names.append(child)
    return names


def _duplicates(path: str, code: str, nodes: list[tuple[Node, Node | None, str | None]]) -> list[Finding]:
    seen: dict[tuple[int, str], str] = {}  # (scope id, name) → the kind that declared it first
    out: list[Finding] = []
    for node, _parent, _field in nodes:
        if node.type in ("lexical_declaration", "variable_declaration"):
            kind = "var" if node.type == "variable_declaration" else "lexical"
            names = [n for d in node.named_children if d.type == "variable_declarator" for n in _declared_names(d)]
            names = [n for n in names if _is_top_binding(n, node)]
        elif node.type in ("class_declaration", "function_declaration") and node.child_by_field_name("name"):
            kind = "lexical" if node.type == "class_declaration" else "function"
            names = [node.child_by_field_name("name")]  # type: ignore[list-item]
        elif node.type == "import_statement":
            kind = "lexical"
            names = _declared_names(node)
        else:
            continue
        scope = _scope_of(node)
        for name_node in names:
            key = (scope, _text(name_node))
            first = seen.get(key)
            if first is None:
                seen[key] = kind
            elif "lexical" in (first, kind):
                out.append(_finding("semantic", path, code, name_node, "js-duplicate-declaration",
                                    f"`{key[1]}` is already declared in this scope", key[1]))
    return out


def _is_top_binding(name: Node, declaration: Node) -> bool:
    """A declarator's own names, not names inside a function in its initialiser."""
    node = name.parent
    while node is not None and node != declaration:
        if node.type in ("arrow_function", "function_expression", "function", "class", "generator_function"):
            return False
        node = node.parent
    return True


def _scope_of(node: Node) -> int:
    current = node.parent
    while current is not None and current.type not in _SCOPES:
        current = current.parent
    return current.id if current is not None else 0


def _is_literal(node: Node | None) -> bool:
    if node is None:
        return False
    if node.type == "string":
        return True
    if node.type == "template_string":
        return not any(c.type == "template_substitution" for c in node.named_children)
    return False


def _built(node: Node | None) -> bool:
    """A command assembled at run time: a template with `${…}` or a `+` with a non-literal side."""
    if node is None:
        return False
    if node.type == "template_string":
        return not _is_literal(node)
    if node.type == "binary_expression" and _text(node.child_by_field_name("operator") or node) == "+":
        sides = (node.child_by_field_name("left"), node.child_by_field_name("right"))
        return any(not _is_literal(s) for s in sides)
    return False


def _security(path: str, code: str, nodes: list[tuple[Node, Node | None, str | None]]) -> list[Finding]:
    uses_child_process = "child_process" in code
    out: list[Finding] = []
    for node, _parent, _field in nodes:
        if node.type == "call_expression":
            callee = node.child_by_field_name("function")
            arguments = node.child_by_field_name("arguments")
            first = arguments.named_children[0] if arguments is not None and arguments.named_children else None
            name = _text(callee) if callee is not None else ""
            short = name.rsplit(".", 1)[-1]
            if name in ("eval", "window.eval", "globalThis.eval"):
                out.append(_finding("security", path, code, node, "js-eval",
                                    "eval() runs a string as code; parse the data (JSON.parse) or call the "
                                    "function directly", "eval"))
            elif short in _EXEC and uses_child_process and _built(first):
                out.append(_finding("security", path, code, node, "js-exec-interpolation",
                                    f"{name}() runs a shell command built from values; use execFile/spawn with an "
                                    "argument array instead", short))
            elif name in ("document.write", "document.writeln") and not _is_literal(first):
                out.append(_finding("security", path, code, node, "js-document-write",
                                    f"{name}() with a value that is not a literal string can inject markup; build "
                                    "elements with createElement/textContent", name))
        elif node.type == "new_expression":
            constructor = node.child_by_field_name("constructor")
            if constructor is not None and _text(constructor) == "Function":
                out.append(_finding("security", path, code, node, "js-new-function",
                                    "new Function() compiles a string as code; write the function instead",
                                    "Function"))
        elif node.type in ("assignment_expression", "augmented_assignment_expression"):
            left = node.child_by_field_name("left")
            prop = left.child_by_field_name("property") if left is not None and left.type == "member_expression" \
                else None
            sink = _text(prop) if prop is not None else ""
            if sink in ("innerHTML", "outerHTML") and not _is_literal(node.child_by_field_name("right")):
                out.append(_finding("security", path, code, node, "js-inner-html",
                                    f"{sink} is assigned a value that is not a literal string (cross-site "
                                    "scripting); set textContent, or build elements with createElement", sink))
    return out
