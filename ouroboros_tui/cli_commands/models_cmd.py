"""`ouroboros models list | pull ID | check`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.table import Table

from ouroboros_tui.cli_commands.common import (
    EXIT_FAILED,
    EXIT_OK,
    console_for,
    err,
    out,
    print_json,
)
from ouroboros_tui.config import ModelConfig, load_settings

LOCAL_BACKENDS = ("autoregressive", "masked-diffusion", "block-diffusion")


def _human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def _describe(config: ModelConfig) -> dict[str, Any]:
    """One role's model: where it lives and whether its weights are here."""
    row: dict[str, Any] = {"role": config.role, "backend": config.backend, "model": config.label,
                           "cached": None, "path": None, "size_bytes": None}
    if config.backend in LOCAL_BACKENDS:
        from ouroboros_tui.models.hub import locate

        location = locate(config.model)
        usable = location.path is not None and location.problem is None
        row.update(cached=usable, size_bytes=location.size_bytes if location.path else None,
                   path=str(location.path) if location.path else None, local_dir=location.is_local_dir,
                   problem=location.problem)
    elif config.backend == "remote":
        row["path"] = config.base_url
    else:
        row["path"] = config.script
    return row


def list_models(as_json: bool, repo: Path) -> int:
    settings = load_settings(repo)
    from ouroboros_tui.models.hub import hf_cache_dir

    rows = [_describe(config) for config in settings.models.values()]
    if as_json:
        print_json({"ok": True, "preset": settings.preset, "cache_dir": str(hf_cache_dir()), "models": rows})
        return EXIT_OK
    table = Table(title=f"Configured models (preset {settings.preset})")
    for column in ("role", "backend", "model", "here", "size", "location"):
        table.add_column(column, overflow="fold", no_wrap=column in ("role", "here", "size"))
    for row in rows:
        here = "incomplete" if row.get("problem") else {True: "cached", False: "missing", None: "-"}[row["cached"]]
        size = _human_size(row["size_bytes"]) if row["size_bytes"] else "-"
        table.add_row(row["role"], row["backend"], escape(row["model"]), here, size, escape(row["path"] or "-"))
    out.print(table)
    out.print(f"Hugging Face cache: {hf_cache_dir()}", markup=False)
    for row in rows:
        if row.get("problem"):
            out.print(f"  {row['model']} {row['problem']}: not a saved model directory", markup=False)
    # A local path cannot be pulled: only hub ids get the command.
    missing = sorted({r["model"] for r in rows if r["cached"] is False and not r.get("local_dir")})
    for model in missing:
        out.print(f"  fetch with: ouroboros models pull {model}", markup=False)
    return EXIT_OK


def pull(model_id: str) -> int:
    from ouroboros_tui.models.hub import dir_size, download

    err.print(f"downloading {model_id} …", markup=False)
    path = download(model_id)
    out.print(f"{model_id}: {_human_size(dir_size(path))} in {path}", markup=False)
    return EXIT_OK


def check(repo: Path, max_new_tokens: int = 8) -> int:
    """Load each configured model (once per distinct model) and generate a few tokens."""
    settings = load_settings(repo)
    from ouroboros_tui.models import GenerationResult, ModelError, make_generator

    console = console_for(False)
    table = Table(title="Model check")
    for column in ("role", "model", "result", "load s", "1st token s", "tok/s"):
        table.add_column(column, overflow="fold")
    failures: list[str] = []
    messages = [{"role": "user", "content": "Write a Python function that adds two numbers."}]
    for config in settings.models.values():
        console.print(f"checking {config.role}: {config.label} …", markup=False)
        try:
            result: GenerationResult = make_generator(config).generate(messages, max_new_tokens=max_new_tokens)
        except ModelError as exc:
            failures.append(f"{config.role}: {exc}")
            table.add_row(config.role, escape(config.label), "[red]failed[/] (below)", "-", "-", "-")
            continue
        first = f"{result.first_token_s:.2f}" if result.first_token_s is not None else "-"
        table.add_row(config.role, escape(f"{config.label} ({config.backend})"), f"ok ({result.token_count} tokens)",
                      f"{result.load_s:.2f}", first, f"{result.tokens_per_s:.1f}")
    console.print(table)
    for failure in failures:  # outside the table so the fix is readable, not wrapped in a cell
        err.print(f"[bold red]error:[/] {escape(failure)}", soft_wrap=True, highlight=False)
    return EXIT_FAILED if failures else EXIT_OK
