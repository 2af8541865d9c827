"""Layout snapshots at 80×24 (the tmux-over-SSH minimum) and 160×48. Fixed repo content, no
times or run ids on screen, so the pictures are the same on every machine.
Update after an intended change: pytest tests/tui/test_snapshots.py --snapshot-update"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from ouroboros_tui.config import load_settings, scripted_flags
from ouroboros_tui.provenance.store import RunStore
from ouroboros_tui.tui.app import OuroborosApp, make_app
from ouroboros_tui.tui.demo import CALC, make_demo_repo
from ouroboros_tui.tui.widgets.diff_review import DiffReview
from ouroboros_tui.tui.widgets.file_tree import FileTree
from tests.tui.helpers import review_record, wait_until


def _app(tmp_path: Path) -> tuple[OuroborosApp, Path]:
    repo, script = make_demo_repo(tmp_path)
    (repo / "main.py").write_text((repo / "main.py").read_text() + "# edited\n")  # modified
    (repo / "notes.txt").write_text("untracked\n")  # untracked
    (repo / "build").mkdir()
    (repo / "build" / "out.bin").write_text("ignored\n")
    (repo / ".gitignore").write_text("build/\n")
    app = make_app(repo, ["calc.py"], load_settings(repo, scripted_flags(script)), persist_theme=False)
    return app, repo


async def _ready(pilot: Pilot[Any]) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: app.screen.query_one(FileTree).loaded)
    area = app.screen.query_one("#task-text", TextArea)
    area.cursor_blink = False
    area.text = "Add type hints to calc.py"
    await pilot.pause()


def _review(repo: Path) -> Any:
    after = CALC.replace("def add(a, b):", "def add(a: float, b: float) -> float:").replace(
        "    return low\n", "    return float(low)\n"
    )
    other_before = "".join(f"LIMIT_{i} = {i}\n" for i in range(40))
    other_after = other_before.replace("LIMIT_3 = 3", "LIMIT_3 = 30").replace("LIMIT_30 = 30", "LIMIT_30 = 3")
    record = review_record(repo, {"calc.py": (CALC, after), "limits.py": (other_before, other_after)})
    for hunk, risk in zip(record.patch.hunks, (0.12, 0.64, 0.3, 0.05), strict=False):
        hunk.risk, hunk.risk_factors = risk, {"size": risk / 2, "public_api": risk / 2}
    return record


def _reviewing(repo: Path):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[Any]) -> None:
        await _ready(pilot)
        pilot.app.main_screen.show_patch(_review(repo))  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("y", "n")
        pilot.app.screen.query_one(DiffReview).move_to(0)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_main_screen_layout(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    app, _ = _app(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=_ready)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_review_layout(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    app, repo = _app(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=_reviewing(repo))


def test_history_layout(snap_compare: Any, tmp_path: Path) -> None:
    app, repo = _app(tmp_path)
    statuses = ("applied", "pending", "failed", "undone", "cancelled", "rejected", "refused")
    RunStore(repo).upsert_many(
        {
            "run_id": f"gen_20261101_1200{i:02d}_00{i:02d}", "created_at": f"2026-11-01T12:{i:02d}:00+00:00",
            "task": f"Refactor module {i} for clarity", "status": statuses[i % len(statuses)],
            "attempts": 1 + i % 3, "risk": (i % 10) / 10, "commit_sha": f"{i:07x}abc" if i % 7 == 0 else None,
            "targets": "a.py", "hunks_total": 3, "hunks_applied": 1,
        }
        for i in range(30)
    )  # fmt: skip

    async def run_before(pilot: Pilot[Any]) -> None:
        await _ready(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_review_line_mode_layout(snap_compare: Any, tmp_path: Path) -> None:
    """Line mode at 80×24: the line cursor, a left-out addition struck through, the title's count."""
    app, repo = _app(tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _reviewing(repo)(pilot)
        await pilot.press("v", "j", "space")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
