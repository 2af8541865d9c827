"""Which public top-level definitions a change removes or renames, at a cost in proportion to the
change rather than to the file (risk scoring, patch/risk.py).

One version is parsed in full (or its tree comes from the gate, which parsed the file after); the
other is re-parsed incrementally from it (`Tree.edit`), and tree-sitter's `changed_ranges` says where
the syntax differs between the two — the edit itself plus whatever it re-shaped (a string opened
above a function swallows it). Only definitions meeting that window are collected on either side. A
name that leaves the window may still be defined elsewhere in the file after (a duplicate, a move):
each such candidate is looked up at its occurrences.
"""

from __future__ import annotations

import re
from typing import Any

from ouroboros_tui.gate.incremental import apply_edit, compute_edit
from ouroboros_tui.source.grammar import language_for, parser_for
from ouroboros_tui.source.tags import DEFINITIONS, definitions_in

# Past this many occurrences of a candidate name, one query over the whole file after is cheaper.
MAX_LOOKUPS = 200


def removed_public(path: str, before: str | None, after: str, after_tree: Any = None) -> dict[str, int]:
    """Public top-level names defined in `before` and not at top level in `after` → their line in
    `before`. A new file removes nothing; a language without definitions, nothing. `after_tree`: the
    gate's tree of `after`, when it has one (then `before` is the one parsed incrementally)."""
    if before is None:
        return {}
    language = language_for(path)
    parser = parser_for(language) if language else None
    if language is None or parser is None or language not in DEFINITIONS:
        return {}
    old, new = before.encode("utf-8", "surrogatepass"), after.encode("utf-8", "surrogatepass")
    if old == new:
        return {}
    if after_tree is not None and after_tree.root_node.end_byte <= len(new):
        old_tree, old_window, new_window = _reparse(parser, after_tree, new, old)
        new_tree = after_tree
    else:
        old_tree = parser.parse(old)
        new_tree, new_window, old_window = _reparse(parser, old_tree, old, new)
    gone = {d.name: d.line for d in definitions_in(old_tree, old, language, parser, old_window)
            if d.top_level and d.public}
    gone_names = set(gone) - {d.name for d in definitions_in(new_tree, new, language, parser, new_window)
                              if d.top_level}
    still = _defined_elsewhere(new_tree, new, language, parser, gone_names)
    return {name: line for name, line in gone.items() if name in gone_names - still}


def _reparse(parser: Any, tree: Any, src: bytes, dst: bytes) -> tuple[Any, tuple[int, int], tuple[int, int]]:
    """Parse `dst` from `tree` (the tree of `src`), re-using what the edit left alone. Returns (tree
    of `dst`, the window where the syntax differs in `dst` bytes, the same window in `src` bytes)."""
    edit = compute_edit(src, dst)
    assert edit is not None  # src != dst
    edited = tree.copy()
    apply_edit(edited, edit)
    dst_tree = parser.parse(dst, edited)
    lo, hi = edit.start_byte, edit.new_end_byte
    for changed in edited.changed_ranges(dst_tree):
        lo, hi = min(lo, changed.start_byte), max(hi, changed.end_byte)
    # In `src`: unchanged before the edit, shifted by the edit's growth after it.
    shift = edit.new_end_byte - edit.old_end_byte
    src_lo = lo if lo <= edit.start_byte else max(edit.start_byte, lo - shift)
    src_hi = edit.old_end_byte if hi <= edit.new_end_byte else hi - shift
    return dst_tree, (lo, hi), (src_lo, max(src_lo, src_hi))


def _defined_elsewhere(tree: Any, data: bytes, language: str, parser: Any, names: set[str]) -> set[str]:
    """Those of `names` that the file defines at top level somewhere, looked up at their occurrences:
    the top-level statement holding each one is searched for definitions."""
    if not names:
        return set()
    hits = [(name, m.start(), m.end()) for name in names
            for m in re.finditer(rb"\b" + re.escape(name.encode()) + rb"\b", data)]
    if len(hits) > MAX_LOOKUPS:
        return names & {d.name for d in definitions_in(tree, data, language, parser) if d.top_level}
    found: set[str] = set()
    root = tree.root_node
    for name, start, end in hits:
        node = root.descendant_for_byte_range(start, end)
        while node is not None and node.parent is not None and node.parent != root:
            node = node.parent
        if node is None or node == root:
            continue
        if any(d.name == name and d.top_level
               for d in definitions_in(tree, data, language, parser, (node.start_byte, node.end_byte))):
            found.add(name)
    return found
