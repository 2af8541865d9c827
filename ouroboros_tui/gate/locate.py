"""Turn positions into records a person (or a model on its next attempt) can act on: tree-sitter
ERROR/MISSING nodes → messages, byte columns → character columns, and source context with a caret."""

from __future__ import annotations

from tree_sitter import Node, Tree

from ouroboros_tui.gate.results import SyntaxErrorRecord

MAX_ERRORS = 20
_WINDOW = 160  # longest line shown whole in a context; longer ones are cut around the column
_SNIPPET = 30


class SourceText:
    """The text being checked, split into lines on demand (only failing files pay for it)."""

    def __init__(self, text: str, data: bytes) -> None:
        self.text = text
        self.data = data
        self._lines: list[str] | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            # tree-sitter and CPython both count rows by '\n'; drop the '\r' of CRLF files.
            self._lines = [line.removesuffix("\r") for line in self.text.split("\n")]
        return self._lines

    def line_text(self, line: int) -> str:
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else ""

    def char_column(self, byte_offset: int, byte_column: int) -> int:
        """1-based character column of a (byte offset, byte column) tree-sitter position."""
        start = max(0, byte_offset - byte_column)
        return len(self.data[start:byte_offset].decode("utf-8", "replace")) + 1

    def record(self, *, line: int, column: int, end_line: int, end_column: int, kind: str,
               message: str, source: str, detail: str = "") -> SyntaxErrorRecord:
        line = min(max(line, 1), max(len(self.lines), 1))
        column = max(column, 1)
        if (end_line, end_column) < (line, column):
            end_line, end_column = line, column
        return SyntaxErrorRecord(
            line=line, column=column, end_line=end_line, end_column=end_column, kind=kind,
            message=message, source=source, detail=detail, line_text=self.line_text(line).strip(),
            context=self.context(line, column, end_line, end_column),
        )  # fmt: skip

    def context(self, line: int, column: int, end_line: int, end_column: int, around: int = 2) -> str:
        """Lines around `line` with a gutter, and a caret line under the error's span."""
        lines = self.lines
        first, last = max(1, line - around), min(len(lines), line + around)
        if last > line and last == len(lines) and not lines[-1]:
            last -= 1  # the "line" after a final newline is not a line
        width = len(str(last))
        out: list[str] = []
        for number in range(first, last + 1):
            text = lines[number - 1]
            start = 0
            if len(text) > _WINDOW and number == line:  # cut very long lines around the error
                start = max(0, min(column - 1 - _WINDOW // 2, len(text) - _WINDOW))
            lead = "…" if start else ""
            tail = "…" if start + _WINDOW < len(text) else ""
            out.append(f"{number:>{width}} | {lead}{text[start:start + _WINDOW]}{tail}")
            if number == line:
                before = lead + text[start:max(start, column - 1)]
                # Keep tabs so the caret lines up under tab-indented code.
                pad = "".join(ch if ch == "\t" else " " for ch in before)
                room = max(1, len(text) - (column - 1))
                span = max(1, min(end_column - column if end_line == line else 1, room, _WINDOW))
                out.append(f"{'':>{width}} | {pad}{'^' * span}")
        return "\n".join(out)


def _snippet(node: Node) -> str:
    raw = (node.text or b"").decode("utf-8", "replace")
    first = raw.split("\n", 1)[0].strip()
    if len(first) > _SNIPPET:
        return first[:_SNIPPET] + "…"
    return first + ("…" if "\n" in raw.strip() else "")


def describe_node(node: Node) -> tuple[str, str]:
    """(kind, message) for an ERROR or MISSING node."""
    if node.is_missing:
        token = node.type
        return "missing", (f"missing '{token}'" if not node.is_named else f"missing {token}")
    leaf = node.child_count == 0 or (node.child_count == 1 and node.children[0].child_count == 0)
    text = _snippet(node)
    if not text:
        return "unexpected", "unexpected end of input"
    return "unexpected", (f"unexpected token '{text}'" if leaf else f"unexpected '{text}' (cannot parse this)")


def tree_errors(tree: Tree, src: SourceText) -> tuple[list[SyntaxErrorRecord], int]:
    """Records for the outermost ERROR nodes and every MISSING node, and how many such nodes exist.
    Only subtrees that contain an error are visited, so a clean tree costs nothing."""
    root = tree.root_node
    if not root.has_error:
        return [], 0
    records: list[SyntaxErrorRecord] = []
    count = 0
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            count += 1
            if len(records) < MAX_ERRORS:
                kind, message = describe_node(node)
                start, end = node.start_point, node.end_point
                records.append(src.record(
                    line=start.row + 1, column=src.char_column(node.start_byte, start.column),
                    end_line=end.row + 1, end_column=src.char_column(node.end_byte, end.column),
                    kind=kind, message=message, source="tree-sitter",
                ))  # fmt: skip
            if node.is_error:
                count += _count_inner(node)
                continue
        stack.extend(reversed([c for c in node.children if c.has_error]))
    records.sort(key=lambda r: (r.line, r.column))
    return records, count


def _count_inner(node: Node) -> int:
    total = 0
    stack = [c for c in node.children if c.has_error]
    while stack:
        n = stack.pop()
        if n.is_error or n.is_missing:
            total += 1
        stack.extend(c for c in n.children if c.has_error)
    return total
