"""Which files are near the targets: a file graph from names defined and used, ranked by a
personalized PageRank computed by local push.

An edge runs from a file using a name to each file defining it (how the targets reach the
definitions they use), and back at half weight (how they reach their callers). A name defined in
many files says little about any one of them: its weight is divided by the number of files defining
it, and a name defined in more than MAX_OWNERS files (`__init__`, `forward`, `get`) makes no edges;
a name used by many files (`split`, `run`) is weighted down by its inverse document frequency.

The ranking is the Andersen–Chung–Lang push (FOCS 2006): residual mass starts at the seeds, a file
keeps ALPHA of what reaches it and passes the rest along its edges, and a file whose residual is
below EPSILON is not pushed. Only files the mass reaches are ever looked at, so the cost grows with
the targets' neighbourhood, not the repository; power iteration over the whole graph (what we did
before) cost 25 % of a run on a 3k-file tree. No numeric library is needed for this.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Callable, Mapping
from typing import Protocol

from ouroboros_tui.source.cancel import Stopped

__all__ = ["MAX_OWNERS", "Stopped", "SymbolGraph"]

MAX_OWNERS = 30
ALPHA = 0.15  # restart probability (damping 0.85)
EPSILON = 5e-4  # residual below which a file is not pushed: at most 1/(ALPHA·EPSILON) pushes
MAX_WORK = 300_000  # edge relaxations; bounds a hub-heavy graph
CALLER_WEIGHT = 0.5
TASK_NAME_BOOST = 10.0
PRIVATE_WEIGHT = 0.1


class Named(Protocol):
    names: list[str]


class Tagged(Protocol):
    names: list[str]
    refs: dict[str, int]


Users = Mapping[str, list[tuple[str, int]]]  # name → (file using it, occurrences)


class SymbolGraph:
    """`files`: path → its defined names; `users`: the inverted index of references; `refs_of`:
    a file's references, asked only for the files the push reaches."""

    def __init__(self, files: Mapping[str, Named], users: Users, refs_of: Callable[[str], dict[str, int]],
                 task_names: set[str] | None = None, cancel: threading.Event | None = None) -> None:
        self.files = files
        self.users = users
        self.refs_of = refs_of
        self.task_names = task_names or set()
        owners: dict[str, list[str]] = {}
        for n, (path, info) in enumerate(files.items()):
            if cancel is not None and n % 1024 == 0 and cancel.is_set():
                raise Stopped()
            for name in info.names:
                owners.setdefault(name, []).append(path)
        self.defined = owners.keys()
        self.owners = {name: paths for name, paths in owners.items() if len(paths) <= MAX_OWNERS}
        self._neighbours: dict[str, dict[str, float]] = {}
        self._weights: dict[str, float] = {}

    @classmethod
    def from_tags(cls, files: Mapping[str, Tagged], task_names: set[str] | None = None) -> SymbolGraph:
        """From files that carry their references (small graphs, tests)."""
        defined = {name for info in files.values() for name in info.names}
        users: dict[str, list[tuple[str, int]]] = {}
        for path, info in files.items():
            for name in info.refs.keys() & defined:
                users.setdefault(name, []).append((path, info.refs[name]))
        return cls(files, users, lambda path: files[path].refs, task_names)

    def specificity(self, name: str) -> float:
        """log(1 + files / files using the name): `split` or `run` used everywhere says less of a
        file than a name only it and the target use (inverse document frequency)."""
        return math.log(1 + len(self.files) / max(1, len(self.users.get(name, ()))))

    def weight(self, name: str, count: int) -> float:
        base = self._weights.get(name)
        if base is None:
            base = self.specificity(name) / len(self.owners[name])
            if name in self.task_names:
                base *= TASK_NAME_BOOST
            if name.startswith("_"):
                base *= PRIVATE_WEIGHT
            self._weights[name] = base
        return base * math.sqrt(count)

    def neighbours(self, path: str) -> dict[str, float]:
        """Files one edge away and the edge weights (definitions used, then callers)."""
        found = self._neighbours.get(path)
        if found is not None:
            return found
        found = {}
        info = self.files[path]
        for name, count in self.refs_of(path).items():
            owners = self.owners.get(name)
            if owners is None:
                continue
            weight = self.weight(name, count)
            for owner in owners:
                if owner != path:
                    found[owner] = found.get(owner, 0.0) + weight
        for name in info.names:
            if name not in self.owners:
                continue
            for user, count in self.users.get(name, ()):
                if user != path and user in self.files:
                    found[user] = found.get(user, 0.0) + CALLER_WEIGHT * self.weight(name, count)
        self._neighbours[path] = found
        return found

    def rank(self, seeds: Mapping[str, float], cancel: threading.Event | None = None) -> dict[str, float]:
        """Approximate personalized PageRank restarting at `seeds` (weights need not sum to 1)."""
        total = sum(w for p, w in seeds.items() if p in self.files and w > 0)
        if total <= 0:
            return {}
        residual = {p: w / total for p, w in seeds.items() if p in self.files and w > 0}
        score: dict[str, float] = {}
        queue = deque(residual)
        queued = set(residual)
        work = pushes = 0
        while queue and work < MAX_WORK:
            pushes += 1
            if cancel is not None and pushes % 64 == 0 and cancel.is_set():
                raise Stopped()
            node = queue.popleft()
            queued.discard(node)
            mass = residual.pop(node, 0.0)
            edges = self.neighbours(node)
            out = sum(edges.values())
            if out <= 0:
                score[node] = score.get(node, 0.0) + mass  # nowhere to go: the walk stays
                continue
            score[node] = score.get(node, 0.0) + ALPHA * mass
            share = (1 - ALPHA) * mass / out
            work += len(edges)
            for other, weight in edges.items():
                value = residual.get(other, 0.0) + share * weight
                residual[other] = value
                if value >= EPSILON and other not in queued:
                    queued.add(other)
                    queue.append(other)
        return score
