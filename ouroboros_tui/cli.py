"""`ouroboros`: the Typer app. With no command it opens the TUI.

Each command's body lives in `ouroboros_tui.cli_commands.<name>` and is imported only when the
command runs, so `ouroboros --help` and the TUI's first frame stay fast. Command functions return
the exit code (0 done, 1 the run failed, 2 usage or config error, 3 refused for safety) or raise an
OuroborosError; `_run` sends both through cli_commands/errors.py, the one place for exit codes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=False,
    help="Ouroboros: plan, write, gate and commit code changes with an in-process model.",
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
models_app = typer.Typer(help="List, download and check the configured models.", no_args_is_help=True)
config_app = typer.Typer(help="Write and inspect ouroboros.toml.", no_args_is_help=True)
app.add_typer(models_app, name="models")
app.add_typer(config_app, name="config")
bench_app = typer.Typer(help="Measure a model setup on a suite of refactoring tasks.")
app.add_typer(bench_app, name="bench")


def _run(body: Callable[[], int], as_json: bool = False) -> None:
    """Every command's one error path (cli_commands/errors.py): a message and its exit code."""
    from ouroboros_tui.cli_commands.errors import run_command

    raise typer.Exit(run_command(body, as_json))


def _repo_option() -> Path:
    return typer.Option(Path("."), "--repo", "-C", help="Repository to work in.", show_default=False)


@app.command("tui", hidden=True)
def tui_command(
    repo: Path = typer.Argument(Path("."), help="Repository (default: the current directory)."),
    target: list[Path] = typer.Option([], "--target", "-t", help="Pre-mark a file as a target."),
) -> None:
    """Open the full-screen app (what `ouroboros [REPO] [-t FILE …]` runs)."""
    from ouroboros_tui.cli_commands import tui_cmd

    _run(lambda: tui_cmd.run(repo, [str(t) for t in target]))


@app.command("demo")
def demo_command() -> None:
    """A throwaway repo and a scripted model that run the whole loop: no weights needed."""
    from ouroboros_tui.cli_commands import tui_cmd

    _run(lambda: tui_cmd.demo())


@app.command("refactor")
def refactor_command(
    task: str = typer.Argument(..., help="What to change, in words."),
    target: list[Path] = typer.Option([], "--target", "-t", help="File to change (repeatable)."),
    config: str | None = typer.Option(None, "--config", help="Preset: fast, balanced or quality."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Never write to the work tree or the index."),
    auto_apply: bool = typer.Option(False, "--auto-apply", help="Apply if the gate passed and risk ≤ --max-risk."),
    max_risk: float | None = typer.Option(None, "--max-risk", help="Highest run risk --auto-apply accepts."),
    safe_mode: bool | None = typer.Option(
        None, "--safe-mode/--no-safe-mode", help="Block gate failures (default) or show them as warnings."
    ),
    mock: Path | None = typer.Option(None, "--mock", help="Scripted responses (JSON Lines): tests and demos."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document and nothing else on stdout."),
    repo: Path = _repo_option(),
    gate: str | None = typer.Option(
        None, "--gate", help="Gate levels, comma-separated: syntax, semantic, security, tests (docs/gate.md)."
    ),
) -> None:
    """Plan, write and gate a change; then review it hunk by hunk (or leave it pending)."""
    from ouroboros_tui.cli_commands import refactor_cmd

    _run(lambda: refactor_cmd.run(
        task=task,
        targets=[str(t) for t in target],
        preset=config,
        dry_run=dry_run,
        auto_apply=auto_apply,
        max_risk=max_risk,
        safe_mode=safe_mode,
        mock=mock,
        as_json=as_json,
        repo=repo,
        gate=gate,
    ), as_json)


@app.command("apply")
def apply_command(
    run_id: str = typer.Argument(..., help="A pending run's id."),
    hunks: str | None = typer.Option(None, "--hunks", help="Hunk numbers to apply, e.g. 1,3."),
    all_hunks: bool = typer.Option(False, "--all", help="Apply every hunk."),
    as_json: bool = typer.Option(False, "--json"),
    repo: Path = _repo_option(),
) -> None:
    """Apply a pending run (the same code path as the TUI's commit)."""
    from ouroboros_tui.cli_commands import runs_cmd

    _run(lambda: runs_cmd.apply(run_id=run_id, hunks=hunks, all_hunks=all_hunks, as_json=as_json, repo=repo), as_json)


@app.command("status")
def status_command(
    run_id: str | None = typer.Argument(None),
    latest: bool = typer.Option(False, "--latest", help="The most recent run."),
    as_json: bool = typer.Option(False, "--json"),
    repo: Path = _repo_option(),
) -> None:
    """Show one run: status, attempts, gate results, hunks, commit."""
    from ouroboros_tui.cli_commands import runs_cmd

    _run(lambda: runs_cmd.status(run_id=run_id, latest=latest, as_json=as_json, repo=repo), as_json)


@app.command("list-runs")
def list_runs_command(
    limit: int = typer.Option(20, "--limit", min=1, help="How many runs, newest first."),
    as_json: bool = typer.Option(False, "--json"),
    repo: Path = _repo_option(),
) -> None:
    """Past runs, newest first."""
    from ouroboros_tui.cli_commands import runs_cmd

    _run(lambda: runs_cmd.list_runs(limit=limit, as_json=as_json, repo=repo), as_json)


@app.command("undo")
def undo_command(
    run_id: str = typer.Argument(...),
    repo: Path = _repo_option(),
) -> None:
    """Revert exactly that run's commit (also after later commits)."""
    from ouroboros_tui.cli_commands import runs_cmd

    _run(lambda: runs_cmd.undo(run_id=run_id, repo=repo))


@app.command("verify")
def verify_command(
    commit: str = typer.Argument("HEAD"),
    as_json: bool = typer.Option(False, "--json"),
    repo: Path = _repo_option(),
) -> None:
    """Re-check a commit against its trailers and its run's artifact."""
    from ouroboros_tui.cli_commands import runs_cmd

    _run(lambda: runs_cmd.verify(commit=commit, as_json=as_json, repo=repo), as_json)


@app.command("validate")
def validate_command(
    paths: list[Path] = typer.Argument(..., help="Files or directories (recursed, .gitignore respected)."),
    as_json: bool = typer.Option(False, "--json"),
    node: bool | None = typer.Option(
        None, "--node/--no-node",
        help="JavaScript/TypeScript verdicts from node's parsers (default: when node is on PATH)."),
) -> None:
    """Run the safety gate alone."""
    from ouroboros_tui.cli_commands import validate_cmd

    _run(lambda: validate_cmd.run(paths, as_json=as_json, node_check=node), as_json)


@models_app.command("list")
def models_list_command(as_json: bool = typer.Option(False, "--json"), repo: Path = _repo_option()) -> None:
    """Configured models, cached or not, with their size."""
    from ouroboros_tui.cli_commands import models_cmd

    _run(lambda: models_cmd.list_models(as_json=as_json, repo=repo), as_json)


@models_app.command("pull")
def models_pull_command(model_id: str = typer.Argument(..., metavar="ID")) -> None:
    """Download a model into the Hugging Face cache."""
    from ouroboros_tui.cli_commands import models_cmd

    _run(lambda: models_cmd.pull(model_id))


@models_app.command("check")
def models_check_command(repo: Path = _repo_option()) -> None:
    """Load each configured model and generate a few tokens."""
    from ouroboros_tui.cli_commands import models_cmd

    _run(lambda: models_cmd.check(repo=repo))


@config_app.command("init")
def config_init_command(
    user: bool = typer.Option(False, "--user", help="Write the per-user file instead of ./ouroboros.toml."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
    repo: Path = _repo_option(),
) -> None:
    """Write a commented starting ouroboros.toml."""
    from ouroboros_tui.cli_commands import config_cmd

    _run(lambda: config_cmd.init(repo=repo, user=user, force=force))


@config_app.command("show")
def config_show_command(repo: Path = _repo_option()) -> None:
    """Print the merged settings and the files they came from."""
    from ouroboros_tui.cli_commands import config_cmd

    _run(lambda: config_cmd.show(repo=repo))


@bench_app.callback(invoke_without_command=True)
def bench_command(
    ctx: typer.Context,
    oracle: bool = typer.Option(False, "--oracle", help="Play each task's own right answer (the bench's self-test)."),
    script: str | None = typer.Option(None, "--script", help="Play this script of each task that has one "
                                      "(e.g. retry, wrong); implies the scripted backend."),
    preset: str | None = typer.Option(None, "--preset", help="Preset: fast, balanced or quality."),
    suite: str | None = typer.Option(None, "--suite", help="A shipped suite's name (default core) or a folder."),
    tasks: str | None = typer.Option(None, "--tasks", help="Which tasks: 1-10, 3,5,7-9 or task ids."),
    attempts: int | None = typer.Option(None, "--attempts", min=1, max=20,
                                        help="Builder attempts per task (default: max_retry_attempts)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document and nothing else on stdout."),
) -> None:
    """Run each task through the real pipeline in a temp repo, apply when the gate passes, run its hidden
    tests; report pass@1, pass within N attempts, gate refusals, failures by cause, speed and memory."""
    if ctx.invoked_subcommand is not None:
        return
    from ouroboros_tui.cli_commands import bench_cmd

    _run(lambda: bench_cmd.run(oracle=oracle, script=script, preset=preset, suite=suite, tasks=tasks,
                               attempts=attempts, as_json=as_json, cwd=Path.cwd()), as_json)


@bench_app.command("compare")
def bench_compare_command(
    a: str = typer.Argument(..., help="A saved run: file, bench id, latest or previous."),
    b: str = typer.Argument("latest", help="The run to compare with A (default: latest)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """What changed between two saved bench runs: totals, settings, versions, tasks."""
    from ouroboros_tui.cli_commands import bench_cmd

    _run(lambda: bench_cmd.compare(a, b, as_json=as_json, cwd=Path.cwd()), as_json)


COMMANDS = {"tui", "demo", "refactor", "apply", "status", "list-runs", "undo", "verify", "validate",
            "models", "config", "bench"}


def _route(argv: list[str]) -> list[str]:
    """`ouroboros [REPO] [-t FILE]` has no command word: send it to the hidden `tui` command."""
    if any(a in ("-h", "--help") for a in argv[:1]):
        return argv
    first = next((a for a in argv if not a.startswith("-")), None)
    if first in COMMANDS:
        return argv
    return ["tui", *argv]


def _main_json(argv: list[str]) -> int:
    """Run with --json: a bad flag or value, which Click reports before any command runs, must
    still leave exactly one JSON document on stdout (the human message goes to stderr)."""
    try:
        code = app(args=argv, prog_name="ouroboros", standalone_mode=False)
    except typer.Abort:
        return 130
    except typer.TyperException as exc:  # Typer vendors Click; its ClickException derives from this
        getattr(exc, "show", lambda: None)()
        from ouroboros_tui.cli_commands.common import print_json
        from ouroboros_tui.cli_commands.errors import EXIT_USAGE

        describe = getattr(exc, "format_message", None)
        message = describe() if callable(describe) else str(exc)
        print_json({"ok": False, "error": message, "exit_code": EXIT_USAGE})
        return EXIT_USAGE
    return code if isinstance(code, int) else 0


def main() -> None:
    argv = _route(sys.argv[1:])
    try:
        if "--json" in argv:
            sys.exit(_main_json(argv))
        app(args=argv, prog_name="ouroboros")
    except KeyboardInterrupt:
        sys.exit(130)
