"""`ouroboros [REPO] [-t FILE …]` and `ouroboros demo`: start the full-screen app."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ouroboros_tui.cli_commands.common import EXIT_OK, CommandError


def run(repo: Path, targets: list[str]) -> int:
    repo = repo.resolve()
    if not repo.is_dir():
        raise CommandError(f"{repo} is not a directory.")
    from ouroboros_tui.tui.app import make_app

    app = make_app(repo, targets)  # a ConfigError is reported by cli_commands/errors.py
    code = app.run()
    return code if isinstance(code, int) else EXIT_OK


def demo() -> int:
    from ouroboros_tui.config import load_settings, scripted_flags
    from ouroboros_tui.tui.app import make_app
    from ouroboros_tui.tui.demo import DEMO_TARGET, DEMO_TASK, make_demo_repo, paced_generators

    with tempfile.TemporaryDirectory(prefix="ouroboros-demo-") as tmp:
        repo, script = make_demo_repo(Path(tmp))
        flags = scripted_flags(script)
        settings = load_settings(repo, flags)
        app = make_app(
            repo, [DEMO_TARGET], settings, flags=flags, demo=True, task=DEMO_TASK,
            generators=paced_generators(0.03),
        )  # fmt: skip
        code = app.run()
    return code if isinstance(code, int) else EXIT_OK
