"""Opt-in cross-check of JavaScript with `node --check`, which catches what tree-sitter's grammar
cannot (early errors such as a `let` declared twice). Only plain JavaScript is checked: node cannot
parse JSX, and node 20 cannot parse TypeScript, so those keep tree-sitter's verdict alone."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePath

from tree_sitter import Query, QueryCursor, Tree

from ouroboros_tui.gate.languages import get_language

NODE_TIMEOUT_S = 30


@dataclass(frozen=True)
class NodeVerdict:
    ok: bool
    line: int = 1
    column: int = 0
    message: str = ""


def node_path() -> str | None:
    return shutil.which("node")


@cache
def _jsx_query() -> Query:
    return Query(get_language("javascript"), "[(jsx_element) (jsx_self_closing_element)] @jsx")


def can_node_check(tree: Tree, path: str | None) -> bool:
    """Whether node can judge this file: JavaScript without JSX."""
    if path is not None and PurePath(path).suffix.lower() == ".jsx":
        return False
    return not QueryCursor(_jsx_query()).captures(tree.root_node)


def _is_module(tree: Tree, suffix: str) -> bool:
    if suffix in (".mjs", ".cjs"):
        return suffix == ".mjs"
    return any(c.type in ("import_statement", "export_statement") for c in tree.root_node.children)


_LOCATION = re.compile(r":(\d+)\s*$")


def run_node_check(text: str, tree: Tree, path: str | None, node: str) -> NodeVerdict:
    """Write the text to a temporary file named so node parses it as the right kind of module."""
    suffix = PurePath(path).suffix.lower() if path else ".js"
    # A .js file with import statements makes node 20 print a warning and exit 0 without checking.
    name = "check.mjs" if _is_module(tree, suffix) else ("check.cjs" if suffix == ".cjs" else "check.js")
    with tempfile.TemporaryDirectory(prefix="ouroboros-node-") as tmp:
        file = Path(tmp) / name
        file.write_text(text, encoding="utf-8")
        try:
            proc = subprocess.run([node, "--check", str(file)], capture_output=True, text=True,
                                  timeout=NODE_TIMEOUT_S, cwd=tmp, encoding="utf-8", errors="replace")
        except (OSError, subprocess.TimeoutExpired) as exc:
            return NodeVerdict(False, 1, 0, f"node --check could not run: {exc}")
    if proc.returncode == 0:
        return NodeVerdict(True)
    return _parse_stderr(proc.stderr, str(file))


def _parse_stderr(stderr: str, file: str) -> NodeVerdict:
    """node prints `FILE:LINE`, the source line, a caret line, a blank line, then `SyntaxError: …`."""
    lines = stderr.splitlines()
    line, column, message = 1, 0, "node --check rejected the file"
    for i, text in enumerate(lines):
        if text.startswith(file):
            match = _LOCATION.search(text)
            if match:
                line = int(match.group(1))
            if i + 2 < len(lines) and "^" in lines[i + 2]:
                column = lines[i + 2].index("^") + 1
            break
    for text in lines:
        if re.match(r"^\w*Error: ", text):
            message = text.split(": ", 1)[1]
            break
    return NodeVerdict(False, line, column, message)
