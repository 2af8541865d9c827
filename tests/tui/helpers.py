"""Shared by the Pilot tests: a demo repo with its scripted model, and waiting on app state."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from ouroboros_tui.config import load_settings, scripted_flags
from ouroboros_tui.tui.app import OuroborosApp, make_app
from ouroboros_tui.tui.demo import make_demo_repo


async def wait_until(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {condition}")
        await pilot.pause(0.05)


def demo_app(root: Path, **kwargs: Any) -> tuple[OuroborosApp, Path]:
    repo, script = make_demo_repo(root)
    flags = scripted_flags(script)
    kwargs.setdefault("persist_theme", False)
    app = make_app(repo, kwargs.pop("targets", ()), load_settings(repo, flags), flags=flags, **kwargs)
    return app, repo


def numbered_file(n: int, prefix: str = "value") -> str:
    return "".join(f"{prefix}_{i} = {i}\n" for i in range(n))


def review_record(repo: Path, changes: dict[str, tuple[str | None, str]]) -> Any:
    """A pending RunRecord whose patch makes `changes` (path → (before, after))."""
    from ouroboros_tui.patch.hunks import make_patch
    from ouroboros_tui.runs.record import RunRecord, new_run_id

    patch = make_patch(changes)
    return RunRecord(
        run_id=new_run_id(), task="test review", targets=sorted(changes), repo=str(repo),
        status="pending", patch=patch,
    )  # fmt: skip


async def run_to_review(pilot: Pilot[Any], app: OuroborosApp, hunks: int = 3) -> Any:
    """ctrl+r on the app's task, then wait until the review shows `hunks` hunks; returns the review."""
    from ouroboros_tui.tui.widgets.diff_review import DiffReview

    review = app.screen.query_one(DiffReview)
    await pilot.press("ctrl+r")
    await wait_until(pilot, lambda: len(review.hunks) == hunks)
    return review
