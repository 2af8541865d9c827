"""Repository → context within a token budget, with a report of what was kept and dropped.

1. Tags (tree-sitter) for every text file git knows of.
2. A file graph: an edge from a file that references a name to each file defining it, weighted by
   sqrt(occurrences), ×10 when the task mentions the name, ×0.1 for private names (`_x`), plus a
   reverse edge at half weight so callers of a target are reached from it as callees are.
3. Personalized PageRank (damping 0.85, power iteration) restarting at the targets (weight 1) and at
   files whose path or definitions the task names (weight 0.5).
4. Cut to the budget, counted with the builder's tokenizer: targets whole first (when they fit; else
   their outline and windows around what the task names — pipeline/target_view.py — else their head,
   marked truncated), then ranked files as outlines (signatures of their definitions),
   best symbols first. The assembled text is re-counted and trimmed so the tokenizer's own count of the
   whole never exceeds the budget.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ouroboros_tui.pipeline.target_view import render as render_target
from ouroboros_tui.source.files import list_files, read_text
from ouroboros_tui.source.tags import FileTags, extract

DAMPING = 0.85
IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{2,}")


@dataclass
class Context:
    text: str
    report: dict[str, Any]
    ranking: list[tuple[str, float]] = field(default_factory=list)
    tags: dict[str, FileTags] = field(default_factory=dict)
    target_views: dict[str, str] = field(default_factory=dict)  # target → its outline + windows text


def task_identifiers(task: str) -> set[str]:
    """Words of the task that could name code: identifiers, file stems, dotted parts."""
    words = set(IDENT_RE.findall(task))
    return {w for w in words if not w.islower() or "_" in w or len(w) > 3}


def pagerank(
    nodes: list[str], edges: dict[str, dict[str, float]], personal: dict[str, float], iterations: int = 100
) -> dict[str, float]:
    """Personalized PageRank by power iteration. Dangling mass returns to the personalization."""
    if not nodes:
        return {}
    total = sum(personal.get(n, 0.0) for n in nodes)
    p = {n: (personal.get(n, 0.0) / total if total else 1.0 / len(nodes)) for n in nodes}
    out_weight = {n: sum(edges.get(n, {}).values()) for n in nodes}
    rank = dict(p)
    for _ in range(iterations):
        dangling = sum(rank[n] for n in nodes if out_weight[n] == 0)
        nxt = {n: (1 - DAMPING) * p[n] + DAMPING * dangling * p[n] for n in nodes}
        for src, targets in edges.items():
            if out_weight[src] == 0:
                continue
            share = DAMPING * rank[src] / out_weight[src]
            for dst, weight in targets.items():
                nxt[dst] += share * weight
        delta = sum(abs(nxt[n] - rank[n]) for n in nodes)
        rank = nxt
        if delta < 1e-10:
            break
    return rank


def build_graph(all_tags: dict[str, FileTags], idents: set[str]) -> dict[str, dict[str, float]]:
    defined_in: dict[str, set[str]] = {}
    for path, tags in all_tags.items():
        for d in tags.definitions:
            defined_in.setdefault(d.name, set()).add(path)
    edges: dict[str, dict[str, float]] = {}

    def add(a: str, b: str, w: float) -> None:
        edges.setdefault(a, {})
        edges[a][b] = edges[a].get(b, 0.0) + w

    for path, tags in all_tags.items():
        for name, count in tags.references.items():
            for owner in defined_in.get(name, ()):
                if owner == path:
                    continue
                weight = math.sqrt(count)
                if name in idents:
                    weight *= 10
                if name.startswith("_"):
                    weight *= 0.1
                add(path, owner, weight)
                add(owner, path, weight * 0.5)
    return edges


def _fence(path: str, body: str) -> str:
    if not body.endswith("\n"):
        body += "\n"
    return f"{path}\n```\n{body}```\n"


Item = tuple[str, int, str]  # (name for the report, 1-based line, text shown)


def _outline(path: str, items: list[Item]) -> str:
    rows = [f"  {line:>4}: {text}" for _name, line, text in sorted(items, key=lambda i: i[1])]
    return f"{path} (outline)\n" + "\n".join(rows) + "\n"


def _items(
    tags: FileTags, text: str, idents: set[str], referenced: dict[str, int], target_names: set[str]
) -> list[Item]:
    """What an outline can show of a file, best first: lines using the targets' names (how callers
    call them), then definitions — named in the task, referenced elsewhere, public, top level."""
    items: list[Item] = []
    used = [n for n in tags.references if n in target_names]
    if used:
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in used) + r")\b")
        for number, line in enumerate(text.splitlines(), start=1):
            if pattern.search(line):
                items.append((f"L{number}", number, line.strip()[:160]))
                if len(items) >= 6:
                    break

    def score(d: Any) -> tuple[int, int, int, int]:
        return (d.name in idents, referenced.get(d.name, 0), d.public, d.top_level)

    shown = {line for _n, line, _t in items}
    for d in sorted(tags.definitions, key=score, reverse=True):
        if d.line not in shown:
            shown.add(d.line)
            items.append((d.name, d.line, d.signature[:160]))
    return items


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
) -> Context:
    if language_for is None or parser_for is None:
        from ouroboros_tui.source.grammar import language_for as lf
        from ouroboros_tui.source.grammar import parser_for as pf

        language_for, parser_for = lf, pf
    files = list_files(repo)
    for t in targets:
        if t not in files and (repo / t).is_file():
            files.append(t)
    texts: dict[str, str] = {}
    skipped: list[dict[str, str]] = []
    all_tags: dict[str, FileTags] = {}
    for path in files:
        text, reason = read_text(repo, path, None if path in targets else max_file_bytes)
        if text is None:
            skipped.append({"path": path, "reason": reason})
            continue
        texts[path] = text
        language = language_for(path)
        try:
            all_tags[path] = extract(path, text, language, parser_for(language) if language else None)
        except Exception as exc:  # a grammar that chokes must not sink the run
            skipped.append({"path": path, "reason": f"tags failed: {exc}"})
            all_tags[path] = FileTags(path, language, [], {})

    idents = task_identifiers(task)
    personal: dict[str, float] = {t: 1.0 for t in targets if t in texts}
    for path, tags in all_tags.items():
        if path in personal:
            continue
        stem = Path(path).stem
        if stem in idents or any(d.name in idents for d in tags.definitions if d.top_level):
            personal[path] = 0.5
    edges = build_graph(all_tags, idents)
    rank = pagerank(list(texts), edges, personal)
    ranking = sorted(rank.items(), key=lambda kv: (-kv[1], kv[0]))

    target_names = {d.name for t in targets if t in all_tags for d in all_tags[t].definitions}
    referenced: dict[str, int] = {}
    for tags in all_tags.values():
        for name, count in tags.references.items():
            referenced[name] = referenced.get(name, 0) + count

    kept: list[dict[str, Any]] = []
    dropped: list[dict[str, Any]] = []
    dropped_symbols: list[dict[str, Any]] = []
    parts: list[str] = []
    owners: list[dict[str, Any]] = []  # the kept entry each part belongs to
    used = 0
    views: dict[str, str] = {}
    sep = count_tokens("\n")

    def room(cost: int) -> bool:
        return used + cost + (sep if parts else 0) <= budget

    for t in targets:
        if t not in texts:
            continue
        whole = _fence(t, texts[t])
        cost = count_tokens(whole)
        if room(cost):
            parts.append(whole)
            used += cost + (sep if len(parts) > 1 else 0)
            kept.append({"path": t, "kind": "whole", "tokens": cost, "target": True})
            owners.append(kept[-1])
            continue
        # Too large: the outline and windows around what the task names (pipeline/target_view.py).
        left = sum(1 for x in targets[targets.index(t):] if x in texts)
        share = (budget - used - (sep if parts else 0)) // max(1, left)
        view = render_target(t, texts[t], all_tags[t].definitions if t in all_tags else [],
                             idents | set(IDENT_RE.findall(task)), count_tokens, share)
        if view is not None:
            cost = count_tokens(view)
            parts.append(view)
            used += cost + (sep if len(parts) > 1 else 0)
            kept.append({"path": t, "kind": "windows", "tokens": cost, "target": True,
                         "lines_total": len(texts[t].splitlines()), "whole_tokens": count_tokens(whole)})
            owners.append(kept[-1])
            views[t] = view
            continue
        lines = texts[t].splitlines(keepends=True)
        lo, hi = 0, len(lines)
        while lo < hi:  # the longest head that fits
            mid = (lo + hi + 1) // 2
            if room(count_tokens(_fence(t, "".join(lines[:mid]) + f"… ({len(lines) - mid} more lines)\n"))):
                lo = mid
            else:
                hi = mid - 1
        head = _fence(t, "".join(lines[:lo]) + f"… ({len(lines) - lo} more lines)\n")
        head_cost = count_tokens(head)
        entry = {"path": t, "kind": "truncated", "tokens": head_cost if lo else 0, "target": True,
                 "lines_kept": lo, "lines_total": len(lines), "whole_tokens": cost}
        if lo and room(head_cost):
            parts.append(head)
            owners.append(entry)
            used += head_cost + (sep if len(parts) > 1 else 0)
        kept.append(entry)

    for path, score in ranking:
        if path in targets:
            continue
        tags = all_tags[path]
        names = _items(tags, texts[path], idents, referenced, target_names)
        if not names:
            dropped.append({"path": path, "tokens": count_tokens(_fence(path, texts[path])), "rank": round(score, 6),
                            "reason": "nothing to outline (no definitions, no use of the targets)"})
            continue
        if not room(count_tokens(_outline(path, names[:1]))):  # full: skip the per-item counting
            dropped.append({"path": path, "tokens": count_tokens(_outline(path, names)),
                            "rank": round(score, 6), "reason": "over budget"})
            dropped_symbols.extend({"path": path, "name": n[0]} for n in names)
            continue
        chosen: list[Item] = []
        for item in names:
            if room(count_tokens(_outline(path, [*chosen, item]))):
                chosen.append(item)
            else:
                dropped_symbols.append({"path": path, "name": item[0]})
        block = _outline(path, chosen)
        cost = count_tokens(block)
        parts.append(block)
        used += cost + (sep if len(parts) > 1 else 0)
        kept.append({"path": path, "kind": "outline", "tokens": cost, "rank": round(score, 6),
                     "symbols": [c[0] for c in chosen], "symbols_total": len(names)})
        owners.append(kept[-1])

    text = "\n".join(parts)
    # Tokenizers are not additive across joins: trust only the count of the whole.
    while parts and count_tokens(text) > budget:
        parts.pop()
        gone = owners.pop()
        kept.remove(gone)
        gone["reason"] = "over budget after joining"
        dropped.append(gone)
        text = "\n".join(parts)
    report = {
        "budget": budget,
        "used": count_tokens(text) if text else 0,
        "counter": counter_label,
        "kept": kept,
        "dropped": dropped,
        "dropped_symbols": dropped_symbols,
        "skipped": skipped,
        "ranking": [[p, round(s, 6)] for p, s in ranking[:30]],
        "task_identifiers": sorted(idents),
    }
    return Context(text=text, report=report, ranking=ranking, tags=all_tags,
                   target_views={t: v for t, v in views.items() if v in parts})
