"""Regenerate docs/screenshot.svg: the demo run (scripted model) at the review step.

Run: .venv/bin/python docs/make_screenshot.py
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


async def main() -> None:
    from ouroboros_tui.config import load_settings, scripted_flags
    from ouroboros_tui.tui.app import make_app
    from ouroboros_tui.tui.demo import DEMO_TARGET, DEMO_TASK, make_demo_repo
    from ouroboros_tui.tui.widgets.diff_review import DiffReview

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["OUROBOROS_CONFIG_HOME"] = str(Path(tmp) / "config")
        repo, script = make_demo_repo(Path(tmp))
        flags = scripted_flags(script)
        app = make_app(repo, [DEMO_TARGET], load_settings(repo, flags), flags=flags, demo=True,
                       task=DEMO_TASK, persist_theme=False)  # fmt: skip
        async with app.run_test(size=(110, 32)) as pilot:
            review = app.screen.query_one(DiffReview)
            await pilot.press("ctrl+r")
            deadline = time.monotonic() + 30
            while not review.hunks and time.monotonic() < deadline:
                await pilot.pause(0.05)
            app.clear_notifications()
            await pilot.press("y")
            await pilot.pause(0.2)
            svg = app.export_screenshot(title="ouroboros demo")
    (ROOT / "docs" / "screenshot.svg").write_text(svg, encoding="utf-8")
    print("wrote docs/screenshot.svg")


if __name__ == "__main__":
    asyncio.run(main())
