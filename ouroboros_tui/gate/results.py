"""What the gate reports: one record per syntax error, one result per file, one per change."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tree_sitter import Tree

# kind: "unexpected" (tree-sitter ERROR node: text the grammar could not place),
#       "missing" (tree-sitter MISSING node: a token the grammar had to invent, e.g. ')'),
#       "invalid" (the language's own reference check: compile(), json.loads, tomllib, node --check),
#       "encoding" (NUL bytes, undecodable bytes: not source text at all).


@dataclass(frozen=True)
class SyntaxErrorRecord:
    line: int  # 1-based
    column: int  # 1-based, in characters
    end_line: int
    end_column: int
    kind: str
    message: str
    context: str = ""  # the lines around it with a caret marker line
    source: str = "tree-sitter"  # who found it: tree-sitter | compile | json.loads | tomllib | node
    detail: str = ""  # the reference checker's own words when tree-sitter found the same spot
    line_text: str = ""  # the text of the error's line, to match errors across versions

    @property
    def location(self) -> str:
        return f"{self.line}:{self.column}"

    def describe(self) -> str:
        text = f"{self.location} {self.message}"
        return f"{text} ({self.detail})" if self.detail and self.detail != self.message else text

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line, "column": self.column, "end_line": self.end_line,
            "end_column": self.end_column, "kind": self.kind, "message": self.message,
            "detail": self.detail, "source": self.source, "context": self.context,
        }  # fmt: skip


@dataclass
class ValidationResult:
    is_valid: bool
    language: str
    errors: list[SyntaxErrorRecord] = field(default_factory=list)
    error_node_count: int = 0  # ERROR + MISSING nodes in the tree-sitter tree (diagnostic only)
    parse_ms: float = 0.0  # tree-sitter parse
    check_ms: float = 0.0  # reference check (compile(), json.loads, tomllib, node --check)
    total_ms: float = 0.0
    checker: str = ""  # what decided the verdict, e.g. "tree-sitter-python+compile"
    checked: bool = True  # False when the file type has no grammar: nothing was checked
    incremental: bool = False  # the tree-sitter tree was reused from the previous version
    # What the reference check (compile()) read: "file", "statement" (only the edited top-level
    # statement, the rest being known to compile), "cached" (text unchanged) or "" (none ran).
    reference_scope: str = ""
    tree: Tree | None = field(default=None, repr=False, compare=False)
    _depth: int | None = field(default=None, repr=False, compare=False)

    @property
    def ast_depth(self) -> int:
        """Depth of the syntax tree. Computed on first use: a full walk costs more than the parse."""
        if self._depth is None:
            self._depth = tree_depth(self.tree) if self.tree is not None else 0
        return self._depth

    @property
    def error_summary(self) -> str:
        if self.is_valid:
            return ""
        if not self.errors:
            return "invalid syntax"
        shown = "; ".join(e.describe() for e in self.errors[:5])
        more = f" (+{len(self.errors) - 5} more)" if len(self.errors) > 5 else ""
        noun = "syntax error" if len(self.errors) == 1 else "syntax errors"
        return f"{len(self.errors)} {noun}: {shown}{more}"

    def report(self, path: str | None = None) -> str:
        """Every error with its context, as a person (or the model's next attempt) should read it."""
        if self.is_valid:
            return ""
        where = f"{path}: " if path else ""
        parts = [f"{where}{self.error_summary}"]
        for error in self.errors:
            parts.append(f"{where}{error.describe()}\n{error.context}" if error.context else error.describe())
        return "\n".join(parts)

    def to_dict(self, path: str | None = None) -> dict[str, Any]:
        doc: dict[str, Any] = {} if path is None else {"path": path}
        doc.update({
            "language": self.language, "is_valid": self.is_valid, "checker": self.checker,
            "errors": [e.to_dict() for e in self.errors], "error_summary": self.error_summary,
            "error_node_count": self.error_node_count, "ast_depth": self.ast_depth,
            "parse_ms": round(self.parse_ms, 3), "check_ms": round(self.check_ms, 3),
            "total_ms": round(self.total_ms, 3),
        })  # fmt: skip
        return doc


@dataclass
class ChangeValidation:
    """A change is valid when it adds no error the file did not already have."""

    is_valid: bool
    result: ValidationResult  # the after version
    new_errors: list[SyntaxErrorRecord] = field(default_factory=list)
    preexisting_errors: list[SyntaxErrorRecord] = field(default_factory=list)

    @property
    def error_summary(self) -> str:
        if self.is_valid:
            return ""
        return "; ".join(e.describe() for e in self.new_errors) or self.result.error_summary


def tree_depth(tree: Tree) -> int:
    """Maximum node depth, walked with a cursor (no recursion, no Node objects per step)."""
    cursor = tree.walk()
    depth = best = 1
    while True:
        if cursor.goto_first_child():
            depth += 1
            best = max(best, depth)
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return best
            depth -= 1
