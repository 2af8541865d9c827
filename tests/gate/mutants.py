"""Deterministic single-token mutants of real source files (shared by the mutation tests and
benchmarks/gate_bench.py): delete, duplicate, or replace one token."""

from __future__ import annotations

import io
import os
import random
import tokenize
from collections.abc import Iterator
from pathlib import Path

from ouroboros_tui.gate.languages import get_parser

STDLIB = Path(os.__file__).parent
# Small, varied stdlib modules: classes, comprehensions, decorators, f-strings, try/except, async.
PYTHON_SOURCES = ["textwrap.py", "shlex.py", "fnmatch.py", "bisect.py", "colorsys.py", "heapq.py",
                  "contextlib.py", "string.py", "glob.py", "asyncio/locks.py"]
JS_SOURCE = Path(__file__).parent / "fixtures" / "inventory.js"

# Replacement tokens that often make "almost right" code: Python 2 leftovers, misplaced keywords.
PY_REPLACEMENTS = ["print", "return", "yield", "await", "break", "continue", ":", "(", ")", "[", "]", ",",
                   "=", "==", "lambda", "else", "elif", "pass", "global x", "nonlocal x", "*", "**", "0777",
                   "async", "del", "import", "from", "not", "in", "is", "if", "def", ".", ";", "@", "->",
                   '"', "'''", "\\", "exec", "<>", "`x`"]
JS_REPLACEMENTS = ["let", "const", "var", "return", "yield", "await", "break", "continue", ":", "(", ")",
                   "{", "}", "[", "]", ",", ";", "=", "=>", "...", "new", "class", "function", "import",
                   "export", "delete", "?.", "??", "#x", "super", "this", "`", "'", "/", "static", "case"]


def _offsets(text: str) -> list[int]:
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def python_tokens(text: str) -> list[tuple[int, int, str]]:
    """(start offset, end offset, token text) of each meaningful token, from the tokenize module."""
    starts = _offsets(text)
    skip = {tokenize.ENCODING, tokenize.ENDMARKER, tokenize.DEDENT, tokenize.NL, tokenize.COMMENT}
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type in skip or not tok.string:
            continue
        start = starts[tok.start[0] - 1] + tok.start[1]
        end = starts[tok.end[0] - 1] + tok.end[1]
        out.append((start, end, tok.string))
    return out


def tree_tokens(text: str, language: str) -> list[tuple[int, int, str]]:
    """Leaves of the tree-sitter tree as tokens (for languages without a stdlib tokenizer)."""
    data = text.encode()
    if len(data) != len(text):
        raise ValueError("ASCII sources only")
    tree = get_parser(language).parse(data)
    out = []
    cursor = tree.walk()
    while True:
        node = cursor.node
        if node is not None and node.child_count == 0 and node.end_byte > node.start_byte:
            out.append((node.start_byte, node.end_byte, text[node.start_byte:node.end_byte]))
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return out


def mutate(text: str, tokens: list[tuple[int, int, str]], replacements: list[str],
           rng: random.Random) -> tuple[str, str]:
    start, end, token = rng.choice(tokens)
    op = rng.choice(("delete", "duplicate", "replace", "replace"))
    if op == "delete":
        return text[:start] + text[end:], f"delete {token!r}"
    if op == "duplicate":
        return text[:end] + " " + token + text[end:], f"duplicate {token!r}"
    new = rng.choice(replacements + [t[2] for t in rng.sample(tokens, 3)])
    return text[:start] + new + text[end:], f"replace {token!r} with {new!r}"


def python_mutants(count: int, seed: int = 2026) -> Iterator[tuple[str, str, str]]:
    """(file name, mutant text, description), `count` of them spread over PYTHON_SOURCES."""
    rng = random.Random(seed)
    sources = [(name, (STDLIB / name).read_text(encoding="utf-8")) for name in PYTHON_SOURCES]
    tokens = {name: python_tokens(text) for name, text in sources}
    for i in range(count):
        name, text = sources[i % len(sources)]
        mutant, how = mutate(text, tokens[name], PY_REPLACEMENTS, rng)
        yield name, mutant, how


def js_mutants(count: int, seed: int = 2026) -> Iterator[tuple[str, str]]:
    rng = random.Random(seed)
    text = JS_SOURCE.read_text(encoding="utf-8")
    tokens = tree_tokens(text, "javascript")
    for _ in range(count):
        yield mutate(text, tokens, JS_REPLACEMENTS, rng)
