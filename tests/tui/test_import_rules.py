"""The first frame must not wait for torch: the app module pulls no torch / transformers."""

from __future__ import annotations

import subprocess
import sys


def test_tui_app_imports_no_torch() -> None:
    code = (
        "import sys, ouroboros_tui.tui.app, ouroboros_tui.cli_commands.tui_cmd\n"
        "heavy = [m for m in ('torch', 'transformers') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


def test_domain_code_imports_no_textual() -> None:
    code = (
        "import sys, ouroboros_tui.pipeline.run, ouroboros_tui.apply.apply_run\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"

