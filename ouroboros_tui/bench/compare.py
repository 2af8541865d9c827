"""`ouroboros bench compare A B`: what changed between two saved runs — totals, settings, versions,
and the tasks whose outcome changed."""

from __future__ import annotations

from typing import Any

# Totals worth comparing, and whether a higher value is better.
METRICS: tuple[tuple[str, bool], ...] = (
    ("pass_at_1", True), ("pass_at_n", True), ("self_healing_gain", True), ("wrong_applies", False),
    ("answers", False), ("tokens_per_s", True), ("seconds_per_task", False), ("peak_rss_mb", False),
    ("gpu_peak_mb", False),
)


def _flat(doc: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(doc, dict):
        return {prefix: doc}
    out: dict[str, Any] = {}
    for key, value in doc.items():
        out.update(_flat(value, f"{prefix}.{key}" if prefix else str(key)))
    return out


def compare(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    ta, tb = a.get("totals", {}), b.get("totals", {})
    metrics = []
    for name, higher_better in METRICS:
        va, vb = ta.get(name), tb.get(name)
        delta = round(vb - va, 4) if isinstance(va, int | float) and isinstance(vb, int | float) else None
        better = None if not delta else (delta > 0) == higher_better
        metrics.append({"metric": name, "a": va, "b": vb, "delta": delta, "better": better})
    for key in ("gate_refusals", "answer_failures", "outcomes"):
        for sub in sorted(set(ta.get(key, {})) | set(tb.get(key, {}))):
            va, vb = ta.get(key, {}).get(sub, 0), tb.get(key, {}).get(sub, 0)
            if va != vb:
                metrics.append({"metric": f"{key}.{sub}", "a": va, "b": vb, "delta": vb - va,
                                "better": None if key == "outcomes" else vb < va})
    settings = _diff(_flat(a.get("settings", {})), _flat(b.get("settings", {})))
    versions = _diff(_flat(a.get("versions", {})), _flat(b.get("versions", {})))
    by_id_a = {t["id"]: t for t in a.get("tasks", [])}
    by_id_b = {t["id"]: t for t in b.get("tasks", [])}
    tasks = []
    for task_id in (i for i in by_id_a if i in by_id_b):
        ra, rb = by_id_a[task_id], by_id_b[task_id]
        if ra["outcome"] != rb["outcome"] or ra.get("accepted_attempt") != rb.get("accepted_attempt"):
            tasks.append({"id": task_id, "a": ra["outcome"], "b": rb["outcome"],
                          "a_attempt": ra.get("accepted_attempt"), "b_attempt": rb.get("accepted_attempt")})
    same_suite = a.get("suite", {}).get("name") == b.get("suite", {}).get("name")
    # Totals over different task sets are not comparable; say so rather than let a delta mislead.
    return {"a": a.get("bench_id"), "b": b.get("bench_id"), "same_suite": same_suite,
            "same_tasks": set(by_id_a) == set(by_id_b),
            "only_in_a": [i for i in by_id_a if i not in by_id_b],
            "only_in_b": [i for i in by_id_b if i not in by_id_a],
            "metrics": metrics, "settings": settings, "versions": versions, "tasks": tasks}


def _diff(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"key": key, "a": a.get(key), "b": b.get(key)} for key in sorted(set(a) | set(b))
            if a.get(key) != b.get(key)]
