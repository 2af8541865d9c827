"""What `ouroboros bench` shows: a progress bar while tasks run, then a table per task and the totals;
and the diff of `bench compare`."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

OUTCOME_STYLE = {"passed": "green", "wrong_apply": "red", "no_patch": "yellow", "refused": "yellow",
                 "apply_refused": "yellow", "error": "red", "cancelled": "dim"}


class BenchProgress:
    """A bar over the tasks; the description names the task and the stage it is in."""

    def __init__(self, console: Console, total: int, enabled: bool = True) -> None:
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=console, transient=True, disable=not enabled)
        self.bar = self.progress.add_task("bench", total=total)
        self.current = ""

    def __enter__(self) -> BenchProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def start(self, task: Any) -> None:
        self.current = f"{task.number:>2} {task.id}"
        self.progress.update(self.bar, description=escape(self.current))

    def stage(self, task: Any, stage: str) -> None:
        self.progress.update(self.bar, description=escape(f"{self.current} · {stage}"))

    def done(self, result: dict[str, Any]) -> None:
        self.progress.advance(self.bar)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "-"


def _pct(value: float) -> str:
    return f"{value * 100:.0f} %"


def _scripted(doc: dict[str, Any]) -> bool:
    """Scripted answers take no model time: their tokens/s would be a meaningless huge number."""
    return doc["settings"]["models"].get("builder", {}).get("backend") == "scripted"


def task_table(tasks: list[dict[str, Any]], scripted: bool = False) -> Table:
    table = Table(title="tasks", title_justify="left", show_lines=False, pad_edge=False)
    # The task id already says its kind (01-rename-with-callers); "att." is accepted/used attempts.
    for name, justify in (("#", "right"), ("task", "left"), ("outcome", "left"), ("att.", "right"),
                          ("gate refused", "left"), ("parse/match", "left"), ("tok/s", "right"), ("s", "right")):
        table.add_column(name, justify=justify, no_wrap=name in ("task", "outcome"))  # type: ignore[arg-type]
    for t in tasks:
        accepted = t.get("accepted_attempt")
        attempts = f"{accepted}/{t['attempts']}" if accepted else f"-/{t['attempts']}"
        style = OUTCOME_STYLE.get(t["outcome"], "")
        table.add_row(str(t["number"]), escape(t["id"]), f"[{style}]{t['outcome']}[/]",
                      attempts, _counts(t.get("gate_refusals", {})), _counts(t.get("answer_failures", {})),
                      "-" if scripted else f"{t.get('tokens_per_s', 0.0):.0f}", f"{t.get('seconds', 0.0):.1f}")
    return table


def totals_table(doc: dict[str, Any]) -> Table:
    t = doc["totals"]
    table = Table(title="totals", title_justify="left", show_header=False, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    n = t["tasks"]
    table.add_row("pass@1 (first attempt)", f"{_pct(t['pass_at_1'])}  ({t['passed_first_attempt']}/{n})")
    table.add_row(f"pass within {doc['attempts']} attempts", f"{_pct(t['pass_at_n'])}  ({t['passed']}/{n})")
    table.add_row("self-healing gain", _pct(t["self_healing_gain"]))
    table.add_row("answers (attempts)", str(t["answers"]))
    table.add_row("refused by the gate", _counts(t["gate_refusals"]))
    table.add_row("did not parse or match", _counts(t["answer_failures"]))
    table.add_row("wrong applies caught only by tests", str(t["wrong_applies"]))
    table.add_row("outcomes", _counts(t["outcomes"]))
    if _scripted(doc):
        table.add_row("tokens/s", "- (scripted answers: no model ran)")
    else:
        table.add_row("tokens/s", f"{t['tokens_per_s']:.1f}  ({t['tokens']} tokens in "
                                  f"{t['model_s']:.1f} s of model time)")
    table.add_row("seconds per task", f"{t['seconds_per_task']:.2f}  ({t['seconds']:.1f} s in all)")
    gpu = t.get("gpu_peak_mb")
    table.add_row("peak memory", f"{t['peak_rss_mb']:.0f} MiB RSS" + (f", {gpu:.0f} MiB GPU" if gpu else ""))
    if "tests_fail_untouched" in t:
        table.add_row("hidden tests fail untouched", f"{t['tests_fail_untouched']}/{n}")
    return table


def show_run(console: Console, doc: dict[str, Any]) -> None:
    settings = doc["settings"]
    models = "; ".join(f"{role}={m['model']}" for role, m in settings["models"].items())
    console.print(f"[bold]{doc['bench_id']}[/]  suite [bold]{escape(doc['suite']['name'])}[/] "
                  f"({len(doc['tasks'])}/{doc['suite']['tasks_in_suite']} tasks)  preset {settings['preset']}  "
                  f"attempts {doc['attempts']}", highlight=False)
    console.print(f"[dim]{escape(models)}[/]", highlight=False)
    console.print(task_table(doc["tasks"], scripted=_scripted(doc)))
    console.print(totals_table(doc))
    failed = [t for t in doc["tasks"] if not t["passed"]]
    for t in failed[:10]:
        why = t.get("failure") or (t.get("tests") or {}).get("output", "").splitlines()[-1:]
        text = why if isinstance(why, str) else " ".join(why)
        console.print(f"[dim]{t['number']:>2} {escape(t['id'])}: {escape(text[:160])}[/]", highlight=False)
    if not doc.get("complete", True) and not doc.get("stopped"):
        console.print("[yellow]interrupted: the totals cover the tasks that finished[/]")
    if doc.get("saved_to"):
        where = "this repository" if doc.get("saved_in") == "repo" else "a temp folder (not inside a git repository)"
        console.print(f"saved in {where}: {escape(doc['saved_to'])}", highlight=False)
    elif doc.get("save_error"):
        console.print(f"[yellow]{escape(doc['save_error'])}[/]")


def show_compare(console: Console, result: dict[str, Any]) -> None:
    console.print(f"[bold]{result['a']}[/] → [bold]{result['b']}[/]"
                  + ("" if result["same_suite"] else "  [yellow](different suites)[/]"), highlight=False)
    if not result["same_tasks"]:
        console.print(f"[yellow]the runs cover different tasks ({len(result['only_in_a'])} only in A, "
                      f"{len(result['only_in_b'])} only in B): the totals are not comparable; "
                      "the task list below covers the common ones[/]")
    table = Table(show_edge=False, pad_edge=False)
    for name in ("metric", "A", "B", "change"):
        table.add_column(name, justify="left" if name == "metric" else "right")
    for m in result["metrics"]:
        delta = m["delta"]
        style = "" if m["better"] is None else "green" if m["better"] else "red"
        shown = "" if delta in (None, 0) else f"[{style}]{delta:+g}[/]" if style else f"{delta:+g}"
        table.add_row(m["metric"], _fmt(m["a"]), _fmt(m["b"]), shown)
    console.print(table)
    for title, rows in (("settings", result["settings"]), ("versions", result["versions"])):
        if rows:
            console.print(f"[bold]{title} that differ[/]")
            for row in rows:
                console.print(f"  {escape(row['key'])}: {escape(str(row['a']))} → {escape(str(row['b']))}",
                              highlight=False)
    if result["tasks"]:
        console.print("[bold]tasks whose outcome changed[/] (accepted attempt in brackets)")
        for t in result["tasks"]:
            console.print(f"  {escape(t['id'])}: {t['a']} ({t['a_attempt'] or '-'}) → "
                          f"{t['b']} ({t['b_attempt'] or '-'})", highlight=False)
    else:
        console.print("no common task changed its outcome")


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:g}" if isinstance(value, float) else str(value)
