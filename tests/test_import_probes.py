"""What the static contracts cannot see: what a real start loads at run time, in a fresh interpreter.

`lint-imports` (test_import_contracts.py) proves no module outside models/ names torch and none
outside tui/ names textual. Whether a start actually stays light depends on which lazy paths run, so
these few probes start the real thing and read `sys.modules`: `ouroboros --help` loads no torch,
transformers or textual; a scripted run loads no torch; the TUI paints its first frame without torch.
(Importing the package and using the gate: tests/api/test_public_surface.py.) Slow tier: each is a
fresh interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import git, write_mock_script

pytestmark = pytest.mark.slow

WATCHED = ("textual", "torch", "transformers", "ouroboros_tui.tui")


def _loaded_after(code: str, cwd: Path | None = None) -> list[str]:
    """Run `code` in a fresh interpreter; which WATCHED modules were loaded when it finished."""
    report = (
        "\nimport json as _json, sys as _sys\n"
        f"print('@@' + _json.dumps([m for m in {WATCHED!r} if m in _sys.modules]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code) + report], cwd=cwd, capture_output=True,
                          text=True, timeout=180, stdin=subprocess.DEVNULL)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("@@"))
    return list(json.loads(line[2:]))


def test_cli_help_loads_no_torch_nor_textual() -> None:
    # The CLI imports each command's body only when it runs: --help stays instant.
    code = """
        import sys
        from ouroboros_tui.entry import main
        sys.argv = ["ouroboros", "--help"]
        try:
            main()
        except SystemExit as exit:
            assert exit.code in (0, None), exit.code
    """
    assert _loaded_after(code) == []


def test_a_scripted_refactor_loads_no_torch_nor_textual(git_repo: Path, tmp_path: Path) -> None:
    (git_repo / "calc.py").write_text("def add(a, b):\n    return a + b\n")
    git(git_repo, "add", "calc.py")
    git(git_repo, "commit", "-qm", "calc")
    edit = "calc.py\n<<<<<<< SEARCH\ndef add(a, b):\n=======\ndef add(a: int, b: int) -> int:\n>>>>>>> REPLACE\n"
    mock = write_mock_script(tmp_path, ("builder", edit))
    code = f"""
        import contextlib, io, json, sys
        from ouroboros_tui.entry import main
        sys.argv = ["ouroboros", "refactor", "hints", "-t", "calc.py", "--mock", {str(mock)!r}, "--json"]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            try:
                main()
            except SystemExit as exit:
                assert exit.code == 0, (exit.code, out.getvalue())
        assert json.loads(out.getvalue())["status"] == "pending", out.getvalue()
    """
    assert _loaded_after(code, cwd=git_repo) == []


def test_the_tuis_first_frame_loads_no_torch(git_repo: Path) -> None:
    # The app paints before any model is needed; torch loads in the worker thread when a task runs.
    code = f"""
        import asyncio
        from pathlib import Path
        from ouroboros_tui.tui.app import make_app

        async def first_frame():
            app = make_app(Path({str(git_repo)!r}), [])
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                assert app.main_screen is not None and app.main_screen.is_mounted

        asyncio.run(first_frame())
    """
    assert _loaded_after(code) == ["textual", "ouroboros_tui.tui"]
