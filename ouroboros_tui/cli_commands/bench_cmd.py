"""`ouroboros bench …` and `ouroboros bench compare A B`: run a task suite through the real pipeline
and show (or print as JSON) what it measured; the tables live in bench_view.py.

Exit codes: 0 the bench ran (whatever the model scored); 1 an --oracle self-test that is not 100 %
(the suite or the pipeline is broken); 2 usage errors (unknown suite, bad --tasks, bad settings);
130 interrupted (what finished is still saved, marked incomplete).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.markup import escape

from ouroboros_tui.cli_commands import bench_view as view
from ouroboros_tui.cli_commands.common import CommandError, console_for, print_json
from ouroboros_tui.cli_commands.errors import EXIT_FAILED, EXIT_OK


def run(*, oracle: bool, script: str | None, preset: str | None, suite: str | None, tasks: str | None,
        attempts: int | None, as_json: bool, cwd: Path) -> int:
    from ouroboros_tui.bench import report
    from ouroboros_tui.bench.runner import BenchSettings, Runner
    from ouroboros_tui.bench.suite import load_suite, select
    from ouroboros_tui.config import load_settings

    console = console_for(as_json)
    script_name = _script_name(script) if script else "oracle.jsonl"
    chosen_suite = load_suite(suite)
    chosen = select(chosen_suite, tasks)
    if script:
        chosen = [t for t in chosen if (t.folder / script_name).is_file()]
        if not chosen:
            raise CommandError(f"--script {script}: no selected task has a {script_name}.")
    elif oracle:
        missing = [t.id for t in chosen if not t.oracle.is_file()]
        if missing:
            raise CommandError(f"--oracle: these tasks have no oracle.jsonl: {', '.join(missing)}.")
    # Settings as `refactor` would read them here: the repository's ouroboros.toml, else the cwd's.
    bench = BenchSettings(origin=report.repo_root(cwd) or cwd.resolve(), preset=preset, attempts=attempts,
                          oracle=oracle or bool(script), script=script_name)
    base = load_settings(bench.origin, bench.flags())  # a bad setting: ConfigError, exit 2

    bench_id = report.new_bench_id()
    settings_doc = report.settings_doc(base, bench.oracle, script_name)
    results: list[dict[str, Any]] = []
    progress = view.BenchProgress(console, len(chosen), enabled=True)
    runner = Runner(bench, on_stage=progress.stage)
    interrupted = False
    stopped = ""
    try:
        with progress:
            for task in chosen:
                progress.start(task)
                results.append(runner.run(task))
                progress.done(results[-1])
                if _model_unusable(results[-1]):
                    stopped = results[-1]["failure"]
                    break
    except KeyboardInterrupt:
        interrupted = True
    doc = report.document(bench_id, chosen_suite, settings_doc, results, tasks, base.max_retry_attempts,
                          complete=not (interrupted or stopped))
    if stopped:
        doc["stopped"] = f"stopped after task {results[-1]['id']}: the model could not answer at all ({stopped})"
    try:
        report.save(doc, cwd)
    except OSError as exc:
        doc["saved_to"], doc["save_error"] = None, f"could not save: {exc}"
    if as_json:
        print_json(doc)
    else:
        view.show_run(console, doc)
    if interrupted:
        return 130
    if stopped:
        if not as_json:
            console.print(f"[bold red]error:[/] {escape(doc['stopped'])}", highlight=False)
        return EXIT_FAILED
    if bench.oracle and not script and doc["totals"]["passed"] < len(results):
        return EXIT_FAILED
    return EXIT_OK


def compare(a: str, b: str, as_json: bool, cwd: Path) -> int:
    from ouroboros_tui.bench import report
    from ouroboros_tui.bench.compare import compare as diff

    first, second = report.load(a, cwd), report.load(b, cwd)
    result = diff(first, second)
    if as_json:
        print_json(result)
    else:
        view.show_compare(console_for(False), result)
    return EXIT_OK


def _model_unusable(result: dict[str, Any]) -> bool:
    """The model failed before giving any answer (weights missing, server down): every other task would
    fail the same way, so the bench stops rather than report that 33 times."""
    return result["outcome"] == "error" and not result.get("answers")


def _script_name(script: str) -> str:
    name = script if script.endswith(".jsonl") else f"{script}.jsonl"
    if "/" in name or "\\" in name or name.startswith("."):
        raise CommandError(f"--script {script}: give a script's name in each task folder, e.g. retry.")
    return name
