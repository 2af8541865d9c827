"""`ouroboros [REPO] [-t FILE …]` and `ouroboros demo`: start the full-screen app."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ouroboros_tui.cli_commands.common import EXIT_OK, EXIT_USAGE, fail
from ouroboros_tui.config import ConfigError


def run(repo: Path, targets: list[str]) -> int:
    repo = repo.resolve()
    if not repo.is_dir():
        return fail(f"{repo} is not a directory.")
    from ouroboros_tui.tui.app import make_app

    try:
        app = make_app(repo, targets)
    except ConfigError as exc:
        return fail(str(exc), EXIT_USAGE)
    code = app.run()
    return code if isinstance(code, int) else EXIT_OK


def demo() -> int:
    from ouroboros_tui.config import load_settings, scripted_flags
    from ouroboros_tui.tui.app import make_app
    from ouroboros_tui.tui.demo import DEMO_TARGET, DEMO_TASK, make_demo_repo, paced_generators

    with tempfile.TemporaryDirectory(prefix="ouroboros-demo-") as tmp:
        repo, script = make_demo_repo(Path(tmp))
        flags = scripted_flags(script)
        try:
            settings = load_settings(repo, flags)
        except ConfigError as exc:
            return fail(str(exc), EXIT_USAGE)
        app = make_app(
            repo, [DEMO_TARGET], settings, flags=flags, demo=True, task=DEMO_TASK,
            generators=paced_generators(0.03),
        )  # fmt: skip
        code = app.run()
    return code if isinstance(code, int) else EXIT_OK
