"""Repository → context within a token budget, with a report of what was kept and why.

1. An index of the repository (source/repo_index.py): each file's definition names and references,
   from the tag cache keyed by git's blob id, so only files whose content is new are parsed.
   Generated, minified and vendored files take no part.
2. The task's words count only when they name a symbol (or file) of the repository.
3. A personalized PageRank by local push from the targets (and the files defining the symbols the
   task names), over a graph of names defined and used (source/graph.py): its cost follows the
   targets' neighbourhood, not the repository.
4. The context, in the order the change needs it (pipeline/context_select.py): the targets, the
   definitions they use, their callers, then outlines of the ranked files — each with its reason.

The report lists the kept pieces and counts what was dropped or skipped (a few examples each);
Context.dropped and Context.skipped hold the full lists for whoever asks. The same task on the
same content (a reject-with-reason re-run) gets the context already built.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ouroboros_tui.pipeline import context_select as select
from ouroboros_tui.source import gc_pause
from ouroboros_tui.source.graph import Stopped, SymbolGraph
from ouroboros_tui.source.repo_index import build_index

IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
EXAMPLES = 10  # dropped / skipped entries named in the report; the rest are counted
RANKING_SHOWN = 30
REUSE_SLOTS = 4

__all__ = ["Context", "Stopped", "compress", "task_identifiers"]


@dataclass
class Context:
    text: str
    report: dict[str, Any]
    ranking: list[tuple[str, float]] = field(default_factory=list)
    dropped: list[dict[str, Any]] = field(default_factory=list)  # the full list, on demand
    skipped: dict[str, str] = field(default_factory=dict)
    target_views: dict[str, str] = field(default_factory=dict)  # large target → its outline + windows
    target_definitions: dict[str, list[Any]] = field(default_factory=dict)


_reuse: OrderedDict[tuple[Any, ...], Context] = OrderedDict()
_reuse_lock = threading.Lock()


def _code_shaped(word: str, task: str) -> bool:
    """`snake_case`, `CamelCase`, `x2`, or written as code in the task (`start`, start())."""
    return ("_" in word or any(c.isdigit() for c in word) or any(c.isupper() for c in word)
            or f"`{word}" in task or f"{word}(" in task or f".{word}" in task)


def task_identifiers(task: str, defined: Any, paths: Any = ()) -> set[str]:
    """Words of the task that name a symbol the repository defines, or a file stem. A plain word
    ("start", "local", "variable") is a word of English unless the task writes it as code, even
    when some file defines a `start`."""
    words = set(IDENT_RE.findall(task)) | {w for part in re.findall(r"[\w.]+", task) for w in part.split(".")}
    stems = {_stem(p) for p in paths}
    return {w for w in words if len(w) > 1 and _code_shaped(w, task) and (w in defined or w in stems)}


def _stem(path: str) -> str:
    """PurePosixPath(path).stem without building 50,000 path objects."""
    base = path.rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return base[:dot] if dot > 0 else base


def compress(
    repo: Path,
    task: str,
    targets: list[str],
    count_tokens: Callable[[str], int],
    budget: int,
    *,
    counter_label: str = "",
    max_file_bytes: int = 512_000,
    language_for: Callable[[str], str | None] | None = None,
    parser_for: Callable[[str], Any] | None = None,
    cancel: threading.Event | None = None,
    write_cache: bool = True,
) -> Context:
    """Raises source.graph.Stopped within a fraction of a second of `cancel` being set.
    `write_cache` False: read the caches in .ouroboros/ if there, write nothing (a dry run)."""
    if language_for is None or parser_for is None:
        from ouroboros_tui.source.grammar import language_for as lf
        from ouroboros_tui.source.grammar import parser_for as pf

        language_for, parser_for = lf, pf
    with gc_pause.paused():  # a third of a warm run was the cyclic collector walking the index
        return _compress(repo, task, targets, count_tokens, budget, counter_label, max_file_bytes, language_for,
                         parser_for, cancel, write_cache)


def _compress(repo: Path, task: str, targets: list[str], count_tokens: Callable[[str], int], budget: int,
              counter_label: str, max_file_bytes: int, language_for: Callable[[str], str | None],
              parser_for: Callable[[str], Any], cancel: threading.Event | None, write_cache: bool) -> Context:
    started = time.perf_counter()
    index = build_index(repo, targets, max_file_bytes=max_file_bytes, language_for=language_for,
                        parser_for=parser_for, cancel=cancel, write_cache=write_cache)
    indexed = time.perf_counter()
    key = (str(repo.resolve()), task, tuple(targets), budget, counter_label, max_file_bytes, index.fingerprint)
    with _reuse_lock:
        previous = _reuse.get(key)
    if previous is not None:
        if index.cache is not None:
            index.cache.close()
        report = {**previous.report, "reused": True,
                  "timings_s": {"index": round(indexed - started, 4), "total": round(time.perf_counter() - started, 4)}}
        return Context(previous.text, report, previous.ranking, previous.dropped, previous.skipped,
                       dict(previous.target_views), dict(previous.target_definitions))

    graph = SymbolGraph(index.files, index.users, index.refs, cancel=cancel)
    names = task_identifiers(task, graph.defined, index.files)
    graph.task_names = names
    seeds = {t: 1.0 for t in targets if t in index.files}
    if names:
        for path, info in index.files.items():
            if path not in seeds and (_stem(path) in names or names.intersection(info.names)):
                seeds[path] = 0.5
    rank = graph.rank(seeds, cancel)
    ranking = sorted(rank.items(), key=lambda kv: (-kv[1], kv[0]))
    ranked = time.perf_counter()

    box = select.Assembler(count_tokens, budget, cancel)
    shown: dict[str, set[int]] = {}
    try:
        for target in targets:
            if target in index.files:
                select.add_target(box, index, target, names)
        select.add_used_definitions(box, index, graph, targets, rank, shown)
        select.add_callers(box, index, graph, targets, rank, shown)
        select.add_outlines(box, index, ranking, targets, names, shown)
        text = box.text()
    finally:
        if index.cache is not None:
            index.cache.close()  # writes the definitions parsed for this context

    report = {
        "budget": budget,
        "used": count_tokens(text) if text else 0,
        "counter": counter_label,
        "kept": box.kept,
        "dropped": _summary(box.dropped, key="reason"),
        "skipped": _summary([{"path": p, "reason": r} for p, r in index.skipped.items()], key="reason"),
        "files": {**index.stats, "in_graph": len(index.files), "reached": len(rank)},
        "ranking": [[p, round(s, 6)] for p, s in ranking[:RANKING_SHOWN]],
        "task_identifiers": sorted(names),
        "timings_s": {"index": round(indexed - started, 4), "rank": round(ranked - indexed, 4),
                      "select": round(time.perf_counter() - ranked, 4),
                      "total": round(time.perf_counter() - started, 4)},
    }
    context = Context(text, report, ranking, box.dropped, index.skipped,
                      {t: v for t, v in box.target_views.items() if v in box.parts}, dict(box.target_definitions))
    with _reuse_lock:
        _reuse[key] = context
        while len(_reuse) > REUSE_SLOTS:
            _reuse.popitem(last=False)
    return context


def _summary(entries: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """Counts by reason and the first few entries: a report in proportion to the change."""
    reasons = Counter(str(e.get(key, "")).split(" (")[0] for e in entries)
    return {"count": len(entries), "by_reason": dict(reasons.most_common()),
            "examples": [{k: v for k, v in e.items() if k in ("path", "kind", "reason", "tokens")}
                         for e in entries[:EXAMPLES]]}
