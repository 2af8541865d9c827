"""The languages' own checkers, which decide the verdict where they exist: CPython's compile() for
Python, json.loads for JSON, tomllib for TOML (in process), `bash -n` for shell (JavaScript and
TypeScript: node_check.py)."""

from __future__ import annotations
import __future__

import json
import re
import subprocess
import tomllib
import warnings
from dataclasses import dataclass
from functools import cache

from tree_sitter import Query, QueryCursor, Tree

from ouroboros_tui.gate.languages import get_language

MAX_COMPILE_ERRORS = 5  # CPython stops at the first error; we re-run with it masked to find a few more


@dataclass(frozen=True)
class ReferenceError_:
    line: int
    column: int  # 1-based characters; 0 = unknown
    end_line: int
    end_column: int
    message: str


def compile_error(text: str, filename: str, flags: int = 0) -> ReferenceError_ | None:
    """None when compile(text, filename, "exec", dont_inherit=True) accepts the text."""
    try:
        with warnings.catch_warnings():
            # SyntaxWarning/DeprecationWarning do not reject a file; keep them off the user's terminal.
            warnings.simplefilter("ignore")
            compile(text, filename, "exec", flags=flags, dont_inherit=True)
    except SyntaxError as exc:  # includes IndentationError and TabError
        line = exc.lineno or 1
        column = exc.offset or 0
        end_line = exc.end_lineno or line
        end_column = exc.end_offset if exc.end_offset and exc.end_offset > 0 else column
        return ReferenceError_(line, column, end_line, end_column, exc.msg or "invalid syntax")
    except (ValueError, UnicodeError) as exc:
        return ReferenceError_(1, 0, 1, 0, str(exc))
    except (RecursionError, MemoryError):
        return ReferenceError_(1, 0, 1, 0, "too deeply nested for the compiler")
    return None


def compile_errors(text: str, filename: str, tree: Tree, flags: int = 0,
                   first: ReferenceError_ | None = None) -> list[ReferenceError_]:
    """compile()'s first error (`first`: when the caller already compiled the text), then a few more
    found by blanking the top-level statement that held each error (lines are kept, so positions
    stay true) and compiling again."""
    first = first or compile_error(text, filename, flags)
    if first is None:
        return []
    found = [first]
    lines = text.split("\n")
    blanked: set[int] = set()
    error = first
    while len(found) < MAX_COMPILE_ERRORS:
        rows = _statement_rows(tree, error.line - 1, len(lines))
        if not rows or rows <= blanked:
            break
        blanked |= rows
        for row in rows:
            lines[row] = ""
        next_error = compile_error("\n".join(lines), filename, flags)
        if next_error is None or next_error.line - 1 in blanked or any(
                (e.line, e.message) == (next_error.line, next_error.message) for e in found):
            break  # nothing more, or an artefact of the blanking itself
        error = next_error
        found.append(error)
    return found


def _statement_rows(tree: Tree, row: int, total: int) -> set[int]:
    """Rows from the start of the top-level statement holding `row` up to the next top-level
    statement that starts a line after it (tree-sitter's split of broken code can be ragged)."""
    if not 0 <= row < total:
        return set()
    starts = [c.start_point.row for c in tree.root_node.children
              if c.start_point.column == 0 and c.type != "comment"]
    first = max((r for r in starts if r <= row), default=row)
    after = min((r for r in starts if r > row), default=total)
    return set(range(first, after))


def future_flags(tree: Tree) -> tuple[int, int]:
    """(compiler flags of the file's `from __future__` imports, end byte of the last one)."""
    flags = end = 0
    for child in tree.root_node.children:
        if child.type == "future_import_statement":
            end = child.end_byte
            for name in child.children_by_field_name("name"):
                feature = getattr(__future__, (name.text or b"").decode().split(" as ")[0].strip(), None)
                flags |= getattr(feature, "compiler_flag", 0)
        elif child.type not in ("comment", "expression_statement"):
            break  # future imports may only follow the docstring and comments
    return flags, end


@cache
def _global_query() -> Query:
    return Query(get_language("python"), "(global_statement) @g")


def module_level_global(tree: Tree) -> bool:
    """Whether a `global` statement sits in module scope (not inside a def or class): it ties
    top-level statements together (`x = 1` before `global x` is an error), so edits then need a
    full compile."""
    for nodes in QueryCursor(_global_query()).captures(tree.root_node).values():
        for node in nodes:
            parent = node.parent
            while parent is not None and parent.type not in ("function_definition", "class_definition"):
                parent = parent.parent
            if parent is None:
                return True
    return False


def json_error(text: str) -> ReferenceError_ | None:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return ReferenceError_(exc.lineno, exc.colno, exc.lineno, exc.colno, exc.msg)
    except RecursionError:
        return ReferenceError_(1, 0, 1, 0, "too deeply nested for json.loads")
    return None


_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def toml_error(text: str) -> ReferenceError_ | None:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_AT.search(message)
        if match:
            line, column = int(match.group(1)), int(match.group(2))
            return ReferenceError_(line, column, line, column, message[: match.start()])
        line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
        return ReferenceError_(line, 0, line, 0, message.replace(" (at end of document)", " at end of file"))
    except RecursionError:
        return ReferenceError_(1, 0, 1, 0, "too deeply nested for tomllib")
    return None


_BASH_LINE = re.compile(r"line (\d+): (.*)$")


def bash_error(text: str, bash: str) -> ReferenceError_ | None:
    """`bash -n` (parse, run nothing) on the text from stdin; None when bash accepts it."""
    try:
        proc = subprocess.run([bash, "-n"], input=text.encode("utf-8", "surrogatepass"), capture_output=True,
                              timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return ReferenceError_(1, 0, 1, 0, f"bash -n could not run: {exc}")
    if proc.returncode == 0:
        return None
    rows = proc.stderr.decode("utf-8", "replace").splitlines()
    for row in rows:
        match = _BASH_LINE.search(row)
        if match:
            line = int(match.group(1))
            return ReferenceError_(line, 0, line, 0, match.group(2).strip())
    message = rows[0].removeprefix("bash: ").strip() if rows else "bash -n rejected the script"
    line = max(1, text.count("\n")) if "end of file" in message else 1  # bash names no line for EOF
    return ReferenceError_(line, 0, line, 0, message)
