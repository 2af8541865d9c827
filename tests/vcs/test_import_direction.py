"""vcs/ and provenance/ take plain data: importing them pulls in no pipeline, TUI, textual or torch."""

from __future__ import annotations

import json
import subprocess
import sys


def test_vcs_and_provenance_import_nothing_above_them() -> None:
    code = (
        "import json, sys\n"
        "import ouroboros_tui.vcs, ouroboros_tui.vcs.revert\n"
        "import ouroboros_tui.provenance, ouroboros_tui.provenance.verify\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = json.loads(out)
    forbidden = [m for m in loaded if m.startswith(("ouroboros_tui.pipeline", "ouroboros_tui.tui", "textual",
                                                     "torch", "transformers"))]
    assert forbidden == []


def test_apply_glue_pulls_no_textual_or_torch() -> None:
    code = "import json, sys\nimport ouroboros_tui.apply.apply_run\nprint(json.dumps(sorted(sys.modules)))\n"
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                       check=True).stdout)
    assert not [m for m in loaded if m.startswith(("textual", "torch", "transformers", "ouroboros_tui.tui"))]
