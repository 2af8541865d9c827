"""What of the repository goes into the context, in the order the change needs it, each piece
with the reason it is there:

1. the targets: whole when they fit; else the definitions the task names (with a few lines
   around them) and an outline of the rest;
2. the definitions the targets use, from the files defining them ("defines X, used by the target");
3. the callers of the targets' definitions, the lines that call them ("calls X");
4. outlines (definition signatures) of the other files the ranking reached, best first.

Every block is counted with the builder's tokenizer; once the budget is full the rest is only
counted, not tokenized, so the cost of a run follows the budget, not the repository.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ouroboros_tui.source.graph import Stopped, SymbolGraph
from ouroboros_tui.source.repo_index import RepoIndex
from ouroboros_tui.source.tags import Definition, code_identifiers

BODY_LINES = 12  # a definition used by the targets is shown whole up to this many lines
CALLER_LINES = 6  # call sites shown per caller file
MAX_USED_NAMES = 60  # definitions used by the targets considered, most used first
OWNERS_SHOWN = 2  # files shown per name used, when several define it
WINDOW = 3  # lines of context around a named definition in a large target
FULL_AFTER = 20  # consecutive blocks that do not fit: the budget is full, stop tokenizing


def fence(path: str, body: str, note: str = "") -> str:
    if not body.endswith("\n"):
        body += "\n"
    return f"{path}{f' ({note})' if note else ''}\n```\n{body}```\n"


def numbered(rows: list[tuple[int, str]]) -> str:
    return "".join(f"{line:>5}: {text}\n" for line, text in rows)


@dataclass
class Assembler:
    count: Callable[[str], int]
    budget: int
    cancel: threading.Event | None = None
    parts: list[str] = field(default_factory=list)
    kept: list[dict[str, Any]] = field(default_factory=list)
    owners: list[dict[str, Any]] = field(default_factory=list)
    dropped: list[dict[str, Any]] = field(default_factory=list)
    used: int = 0
    misses: int = 0
    _sep: int = -1
    # Large targets shown as outline + windows (pipeline/target_view.py), and their definitions, so
    # the run can draw the windows again around the plan's symbols (pipeline/builder_setup.py).
    target_views: dict[str, str] = field(default_factory=dict)
    target_definitions: dict[str, list[Definition]] = field(default_factory=dict)

    def check(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Stopped()

    @property
    def full(self) -> bool:
        return self.misses >= FULL_AFTER

    def fits(self, cost: int) -> bool:
        if self._sep < 0:
            self._sep = self.count("\n")
        return self.used + cost + (self._sep if self.parts else 0) <= self.budget

    def add(self, block: str, entry: dict[str, Any]) -> bool:
        """Keep the block when it fits; else record it dropped. Returns whether it was kept."""
        self.check()
        if self.full:
            self.dropped.append({**entry, "reason": "over budget"})
            return False
        cost = self.count(block)
        if not self.fits(cost):
            self.misses += 1
            self.dropped.append({**entry, "tokens": cost, "reason": "over budget"})
            return False
        self.used += cost + (self._sep if self.parts else 0)
        self.parts.append(block)
        entry = {**entry, "tokens": cost}
        self.kept.append(entry)
        self.owners.append(entry)
        return True

    def add_rows(self, path: str, note: str, rows: list[tuple[int, str]], entry: dict[str, Any]) -> bool:
        """Keep as many of `rows` (best first) as fit, shown in line order."""
        while rows:
            if self.add(fence(path, numbered(sorted(rows)), note), entry):
                return True
            if self.full or len(rows) == 1:
                return False
            self.dropped.pop()
            self.misses -= 1
            rows = rows[: len(rows) // 2]  # halve, not one by one: a handful of tokenizer calls
        return False

    def text(self) -> str:
        """The joined text, trimmed until the tokenizer's own count of the whole fits (tokenizers
        are not additive across joins)."""
        text = "\n".join(self.parts)
        while self.parts and self.count(text) > self.budget:
            self.parts.pop()
            gone = self.owners.pop()
            self.kept.remove(gone)
            self.dropped.append({**gone, "reason": "over budget after joining"})
            text = "\n".join(self.parts)
        return text


def _window_rows(lines: list[str], definitions: list[Definition]) -> list[tuple[int, str]]:
    rows: dict[int, str] = {}
    for d in definitions:
        for number in range(max(1, d.line - WINDOW), min(len(lines), d.end_line + 1) + 1):
            rows[number] = lines[number - 1].rstrip("\n")
    return sorted(rows.items())


def add_target(box: Assembler, index: RepoIndex, path: str, task_names: set[str]) -> None:
    text = index.text(path)
    if box.add(fence(path, text), {"path": path, "kind": "whole", "why": "target"}):
        return
    box.dropped.pop()
    box.misses -= 1
    lines = text.splitlines()
    definitions = index.definitions(path)
    named = [d for d in definitions if d.name in task_names]
    if named:
        from ouroboros_tui.pipeline.target_view import render

        room = box.budget - box.used - (box.count("\n") if box.parts else 0)
        view = render(path, text, definitions, {d.name for d in named}, box.count, room)
        entry = {"path": path, "kind": "excerpt", "why": "target: its outline, then the definitions the "
                 "task names and the lines that use them", "symbols": [d.name for d in named],
                 "lines_total": len(lines)}
        if view is not None and box.add(view, entry):
            box.target_views[path] = view
            box.target_definitions[path] = definitions
            return
        if view is not None:
            box.dropped.pop()
            box.misses = max(0, box.misses - 1)
        windows = _window_rows(lines, named)
        outline = [(d.line, d.signature) for d in definitions if d.top_level and d not in named]
        entry = {"path": path, "kind": "excerpt", "why": "target: the definitions the task names, "
                 "then an outline of the rest", "symbols": [d.name for d in named],
                 "lines_total": len(lines)}
        if box.add_rows(path, f"target, {len(lines)} lines: excerpt", windows + outline, entry):
            return
        box.dropped.pop()
    # Nothing named (or the named code alone is over budget): the longest head that fits.
    lo, hi = 0, len(lines)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if box.fits(box.count(fence(path, "\n".join(lines[:mid]) + f"\n… ({len(lines) - mid} more lines)"))):
            lo = mid
        else:
            hi = mid - 1
    entry = {"path": path, "kind": "truncated", "why": "target (too large for the budget: its head)",
             "lines_kept": lo, "lines_total": len(lines)}
    if not lo or not box.add(fence(path, "\n".join(lines[:lo]) + f"\n… ({len(lines) - lo} more lines)"), entry):
        box.kept.append({**entry, "tokens": 0})


def _focus(index: RepoIndex, target: str, task_names: set[str]) -> list[Definition]:
    """The target's definitions the task names (empty: the whole target is the focus)."""
    return [d for d in index.definitions(target) if d.name in task_names]


def add_used_definitions(box: Assembler, index: RepoIndex, graph: SymbolGraph, targets: list[str],
                         rank: dict[str, float], shown: dict[str, set[int]]) -> None:
    """Definitions the targets' code uses: identifiers in code (tree-sitter, not words of comments),
    within the definitions the task names when it names some."""
    used: dict[str, int] = {}
    own = {n for t in targets if t in index.files for n in index.files[t].names}
    for t in targets:
        if t not in index.files:
            continue
        focus = _focus(index, t, graph.task_names)
        spans = [(d.line, d.end_line) for d in focus] or None
        info = index.files[t]
        parser = index.parser_for(info.language) if index.parser_for and info.language else None
        try:
            found = code_identifiers(index.text(t), info.language, parser, spans, graph.owners.keys())
        except Exception:  # a grammar that chokes: fall back to the words of the file
            found = Counter(index.refs(t))
        for name, count in found.items():
            if name in graph.owners and name not in own:
                used[name] = used.get(name, 0) + count
    names = sorted(used, key=lambda n: (n not in graph.task_names, -used[n] * graph.specificity(n), n))
    names = names[:MAX_USED_NAMES]
    by_file: dict[str, list[str]] = {}
    for name in names:  # a name many files define (`post_init`): the best-ranked few of them
        owners = sorted((o for o in graph.owners[name] if o not in targets), key=lambda p: (-rank.get(p, 0.0), p))
        for owner in owners[:OWNERS_SHOWN]:
            by_file.setdefault(owner, []).append(name)
    for path in sorted(by_file, key=lambda p: (-rank.get(p, 0.0), p)):
        box.check()
        wanted = set(by_file[path])
        lines = index.text(path).splitlines()
        rows: list[tuple[int, str]] = []
        for d in index.definitions(path):
            if d.name in wanted and d.line not in shown.setdefault(path, set()):
                end = min(d.end_line, d.line + BODY_LINES - 1)
                rows.extend((n, lines[n - 1]) for n in range(d.line, end + 1) if n <= len(lines))
                if end < d.end_line:
                    rows.append((end + 1, "…"))
        if rows:
            entry = {"path": path, "kind": "definitions",
                     "why": f"defines {', '.join(sorted(wanted)[:5])}, used by the target"}
            if box.add_rows(path, "definitions the target uses", rows, entry):
                shown[path].update(n for n, _ in rows)


def add_callers(box: Assembler, index: RepoIndex, graph: SymbolGraph, targets: list[str],
                rank: dict[str, float], shown: dict[str, set[int]]) -> None:
    names: set[str] = set()
    for t in targets:
        if t in index.files:  # the named definitions' callers, or every top-level definition's
            focus = _focus(index, t, graph.task_names)
            names |= {d.name for d in (focus or index.definitions(t)) if focus or d.top_level}
    names &= graph.users.keys()
    callers: dict[str, list[str]] = {}
    for name in names:
        for user, _count in graph.users[name]:
            if user not in targets:
                callers.setdefault(user, []).append(name)
    for path in sorted(callers, key=lambda p: (-rank.get(p, 0.0), p)):
        box.check()
        if box.full:
            box.dropped.append({"path": path, "kind": "callers", "reason": "over budget"})
            continue
        called = sorted(set(callers[path]))
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in called) + r")\b")
        rows = [(n, line.strip()[:200]) for n, line in enumerate(index.text(path).splitlines(), start=1)
                if pattern.search(line) and not line.lstrip().startswith(("import ", "from "))][:CALLER_LINES]
        if rows:
            entry = {"path": path, "kind": "callers", "why": f"calls {', '.join(called[:5])} of the target"}
            if box.add_rows(path, "uses the target", rows, entry):
                shown.setdefault(path, set()).update(n for n, _ in rows)


def add_outlines(box: Assembler, index: RepoIndex, ranking: list[tuple[str, float]], targets: list[str],
                 task_names: set[str], shown: dict[str, set[int]]) -> None:
    for path, score in ranking:
        if path in targets:
            continue
        box.check()
        entry = {"path": path, "kind": "outline", "rank": round(score, 6), "why": "near the targets in the ranking"}
        if box.full:
            box.dropped.append({**entry, "reason": "over budget"})
            continue
        seen = shown.get(path, set())
        definitions = sorted(index.definitions(path),
                             key=lambda d: (d.name not in task_names, not d.public, not d.top_level, d.line))
        rows = [(d.line, d.signature[:160]) for d in definitions if d.line not in seen]
        if not rows:
            if not seen:
                box.dropped.append({**entry, "reason": "nothing to outline"})
            continue
        entry["symbols_total"] = len(rows)
        box.add_rows(path, "outline", rows, entry)
