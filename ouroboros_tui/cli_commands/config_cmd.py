"""`ouroboros config init | show`."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from rich.table import Table

from ouroboros_tui.cli_commands.common import EXIT_OK, CommandError, out
from ouroboros_tui.config import PROJECT_FILE, load_settings, user_config_path
from ouroboros_tui.config_template import render_template


def init(repo: Path, user: bool, force: bool) -> int:
    target = user_config_path() if user else repo / PROJECT_FILE
    if target.exists() and not force:
        raise CommandError(f"{target} already exists; pass --force to overwrite it.")
    if not user and not repo.is_dir():
        raise CommandError(f"{repo} is not a directory.")
    from ouroboros_tui.gate.test_detect import propose_test_command

    proposed = None if user else propose_test_command(repo)
    proposals = {("gate", "test_command"): proposed} if proposed else {}
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(render_template(proposals=proposals), encoding="utf-8")
    tmp.replace(target)
    out.print(f"wrote {target}", markup=False)
    if proposed:
        out.print(f"[gate] test_command = {proposed[0]!r} ({proposed[1]}); the tests level runs it in an "
                  "isolated worktree", markup=False, soft_wrap=True)
    return EXIT_OK


def show(repo: Path) -> int:
    settings = load_settings(repo)
    table = Table(title="Ouroboros settings", show_lines=False)
    table.add_column("setting")
    table.add_column("value")
    for name in ("preset", "safe_mode", "max_retry_attempts", "max_risk", "run_git_hooks", "budget_tokens",
                 "theme"):
        table.add_row(name, escape(str(getattr(settings, name))))
    for role, model in settings.models.items():
        table.add_row(f"{role}", escape(f"{model.backend}: {model.label} ({model.device}, {model.dtype})"))
    out.print(table)
    out.print("from: " + " < ".join(settings.sources), markup=False)
    return EXIT_OK
