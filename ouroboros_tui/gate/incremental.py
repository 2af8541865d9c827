"""Incremental re-validation: the gate keeps the last tree per file, tells tree-sitter what changed
(`Tree.edit`) so the re-parse reuses the untouched parts, and for Python compiles only the top-level
statement an edit fell in when the rest of the file is known to compile.

Why compiling one statement gives compile()'s verdict on the whole file: the previous version
compiled, and the edit lies inside one top-level statement S that starts a line at column 0 and shares
its lines with no other statement. Before S the tokenizer is at a clean line start (no open bracket or
string, indentation 0); if the new S compiles alone it ends in the same clean state, so the unchanged
rest tokenizes and compiles as before. A method of a top-level class is smaller still: a function
scope is self-contained (no enclosing function for `nonlocal`), so it is compiled under a stand-in
`class _:` header with its own indentation, followed by a sentinel member that proves the next member
still lines up. Module-wide rules are the exceptions, and they fall back to a
full compile: `from __future__` (we pass the file's future flags; edits near or in the header compile
the whole file) and a module-level `global` (checked against earlier assignments). When S alone does
NOT compile we compile the whole file, so the errors are always CPython's own."""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass

from tree_sitter import Node, Point, Tree


@dataclass
class CachedFile:
    language: str
    data: bytes
    tree: Tree
    compiled_ok: bool = False  # Python: the whole text passed compile()
    future_flags: int = 0
    header_end: int = 0  # byte offset of the end of the last `from __future__` import
    module_global: bool = False  # a `global` statement in module scope


@dataclass(frozen=True)
class TextEdit:
    start_byte: int
    old_end_byte: int
    new_end_byte: int
    start_point: Point
    old_end_point: Point
    new_end_point: Point


class TreeCache:
    """Last tree per path, least recently used dropped first."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._files: OrderedDict[str, CachedFile] = OrderedDict()

    def get(self, key: str) -> CachedFile | None:
        entry = self._files.get(key)
        if entry is not None:
            self._files.move_to_end(key)
        return entry

    def put(self, key: str, entry: CachedFile) -> None:
        self._files[key] = entry
        self._files.move_to_end(key)
        while len(self._files) > self.size:
            self._files.popitem(last=False)

    def forget(self, key: str | None = None) -> None:
        if key is None:
            self._files.clear()
        else:
            self._files.pop(key, None)


def _common_prefix(a: bytes, b: bytes) -> int:
    """Length of the common prefix, by bisection on C-level slice comparisons (no Python loop per byte)."""
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return n
    lo, hi = 0, n  # a[:lo] == b[:lo]; a[:hi] != b[:hi]
    while hi - lo > 64:
        mid = (lo + hi) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid
    while lo < hi and a[lo] == b[lo]:
        lo += 1
    return lo


def _common_suffix(a: bytes, b: bytes, limit: int) -> int:
    la, lb = len(a), len(b)
    n = min(limit, la, lb)
    if a[la - n:] == b[lb - n:]:
        return n
    lo, hi = 0, n
    while hi - lo > 64:
        mid = (lo + hi) // 2
        if a[la - mid:la - lo] == b[lb - mid:lb - lo]:
            lo = mid
        else:
            hi = mid
    while lo < hi and a[la - lo - 1] == b[lb - lo - 1]:
        lo += 1
    return lo


def shared_ends(a: list[str], b: list[str]) -> tuple[int, int]:
    """(lines shared at the start, lines shared at the end after those) of two versions of a file, by
    bisection on slice comparisons (in C): what a change left alone, at the cost of log(n) compares."""
    def same(x: list[str], y: list[str]) -> int:
        lo, hi = 0, min(len(x), len(y))
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if x[lo:mid] == y[lo:mid]:
                lo = mid
            else:
                hi = mid - 1
        return lo

    head = same(a, b)
    return head, same(a[head:][::-1], b[head:][::-1])


def _point(data: bytes, offset: int) -> Point:
    row = data.count(b"\n", 0, offset)
    return Point(row, offset - (data.rfind(b"\n", 0, offset) + 1))


def compute_edit(old: bytes, new: bytes) -> TextEdit | None:
    """The single edit that turns `old` into `new` (common prefix and suffix kept), None if equal."""
    if old == new:
        return None
    start = _common_prefix(old, new)
    suffix = _common_suffix(old, new, min(len(old), len(new)) - start)
    old_end, new_end = len(old) - suffix, len(new) - suffix
    return TextEdit(start, old_end, new_end, _point(old, start), _point(old, old_end), _point(new, new_end))


def apply_edit(tree: Tree, edit: TextEdit) -> None:
    tree.edit(
        start_byte=edit.start_byte, old_end_byte=edit.old_end_byte, new_end_byte=edit.new_end_byte,
        start_point=edit.start_point, old_end_point=edit.old_end_point, new_end_point=edit.new_end_point,
    )


@dataclass(frozen=True)
class Segment:
    """The part of the file to compile instead of the whole: bytes [start, old_end) of the old text."""

    start: int
    old_end: int
    row: int  # row of `start`
    in_class: bool  # a method of a top-level class: compiled inside a stand-in `class` header


def _owns_lines(node: Node) -> bool:
    prev, nxt = node.prev_sibling, node.next_sibling
    if prev is not None and prev.end_point.row >= node.start_point.row:
        return False
    return nxt is None or nxt.start_point.row > node.end_point.row or nxt.type == "comment"


def _child_at(parent: Node, byte: int) -> Node | None:
    """The child starting at or before `byte`. (Node.first_child_for_byte is not used: in
    py-tree-sitter 0.26 it returns a broken Node, which crashes, when no child matches.)"""
    children = parent.children
    index = bisect_right([c.start_byte for c in children], byte) - 1
    return children[index] if index >= 0 else None


def _inside(node: Node, edit: TextEdit) -> bool:
    return node.start_byte <= edit.start_byte and edit.old_end_byte <= node.end_byte


def _definition(node: Node) -> Node:
    return node.child_by_field_name("definition") or node if node.type == "decorated_definition" else node


def enclosing_statement(entry: CachedFile, edit: TextEdit) -> Segment | None:
    """The smallest unit of the previous, clean, compiled tree that contains the edit and can be
    compiled alone: a method of a top-level class, else the top-level statement; None if neither."""
    root = entry.tree.root_node
    if root.has_error or not entry.compiled_ok or entry.module_global:
        return None
    node = _child_at(root, edit.start_byte)
    if node is None or not _inside(node, edit) or node.type == "comment":
        return None
    if node.start_point.column != 0 or node.start_point.row < 2 or node.start_byte <= entry.header_end:
        return None  # rows 0-1 may hold an encoding cookie; the header holds `from __future__`
    if not _owns_lines(node):
        return None
    method = _method(node, edit)
    if method is not None:
        return method
    return Segment(node.start_byte, node.end_byte, node.start_point.row, in_class=False)


def _method(statement: Node, edit: TextEdit) -> Segment | None:
    """A def directly in the body of a top-level class: its scope is its own (no enclosing function
    for `nonlocal` to reach), so it compiles alone exactly as in place, given the same indentation."""
    cls = _definition(statement)
    body = cls.child_by_field_name("body") if cls.type == "class_definition" else None
    if body is None:
        return None
    member = _child_at(body, edit.start_byte)
    if member is None or not _inside(member, edit) or _definition(member).type != "function_definition":
        return None
    if edit.start_byte == member.start_byte:
        return None  # the edit may change the method's own indentation, which the stand-in would adopt
    line_start = member.start_byte - member.start_point.column
    if member.start_point.row <= cls.start_point.row or not _owns_lines(member):
        return None
    return Segment(line_start, member.end_byte, member.start_point.row, in_class=True)
