"""TUI benchmarks, each against a baseline measured in the same run.

1. Time to first frame of `ouroboros` (the real app on a small repo, headless, in a fresh
   process, from process start) ÷ the same for a bare Textual app with the same widgets, ids and
   stylesheet but none of the app's code. Goal ≤ 1.3, and torch not imported at the first frame.
2. Keypress → repaint while moving through a 2,000-hunk patch (median and p95), and the same on
   a 10-hunk patch as the baseline. Goal ≤ 16 ms median.
3. Opening history with 10,000 runs in the index (key → first paint of the table with its rows),
   against 100 runs (both fill the screen, so the ratio is what the index size costs).

Run: .venv/bin/python benchmarks/tui_bench.py [--runs 7]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

# --- 1. first frame ------------------------------------------------------------------------

CHILD_OUROBOROS = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from ouroboros_tui.tui.app import make_app
    from ouroboros_tui.tui.screens.main import MainScreen

    original = MainScreen.on_mount
    def on_mount(self):
        original(self)
        def done():
            print("FRAME", "torch" in sys.modules, flush=True)
            self.app.exit(0)
        self.call_after_refresh(done)
    MainScreen.on_mount = on_mount
    make_app(Path(sys.argv[1]), ["calc.py"], persist_theme=False).run(headless=True, size=(80, 24))
    """
)

CHILD_BARE = textwrap.dedent(
    """
    import sys
    from textual.app import App
    from textual.containers import Horizontal, Vertical, VerticalScroll
    from textual.screen import Screen
    from textual.scroll_view import ScrollView
    from textual.widgets import Checkbox, Footer, Header, Input, Label, Select, Static, TextArea, Tree

    # The same widgets, ids and stylesheet as the main screen, with none of the app's logic.
    class Bare(Screen):
        AUTO_FOCUS = "#task-text"

        def compose(self):
            yield Header()
            with Horizontal(id="main-body"):
                tree = Tree("repo", id="file-tree")
                for name in ("calc.py", "main.py", "README.md"):
                    tree.root.add_leaf(name)
                tree.root.expand()
                yield tree
                with Vertical(id="work"):
                    with Vertical(id="task-input"):
                        yield TextArea(compact=True, id="task-text")
                        with Horizontal(id="task-options"):
                            yield Select([(p, p) for p in ("fast", "balanced", "quality")], value="balanced",
                                         allow_blank=False, compact=True, id="preset")
                            yield Checkbox("safe", True, compact=True, id="safe-mode")
                            yield Label("risk≤", id="risk-label")
                            yield Input("0.3", compact=True, id="max-risk")
                    with Vertical(id="stages"):
                        yield Static("Stage  State  Model  Time  Tok  Tok/s", id="stage-table")
                        with VerticalScroll(id="stage-output-scroll"):
                            yield Static(id="stage-attempts")
                            yield Static(id="stage-output")
                    yield ScrollView(id="diff-review")
                    yield Static(id="review-errors")
            yield Footer()

        def on_mount(self):
            def done():
                print("FRAME", "torch" in sys.modules, flush=True)
                self.app.exit(0)
            self.call_after_refresh(done)

    class BareApp(App):
        CSS_PATH = sys.argv[2]

        def on_mount(self):
            self.push_screen(Bare())

    BareApp().run(headless=True, size=(80, 24))
    """
)


def _first_frame(code: str, repo: Path) -> tuple[float, bool]:
    env = dict(os.environ, OUROBOROS_CONFIG_HOME=str(repo.parent / "user-config"))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(repo), str(ROOT / "ouroboros_tui" / "tui" / "app.tcss")],
        stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("FRAME"):
            elapsed = time.perf_counter() - start
            torch_loaded = line.split()[1] == "True"
            proc.wait(timeout=30)
            return elapsed, torch_loaded
    proc.wait(timeout=30)
    raise RuntimeError(f"child exited ({proc.returncode}) without painting a frame")


def bench_first_frame(runs: int, work: Path) -> dict[str, Any]:
    from ouroboros_tui.tui.demo import make_demo_repo

    repo, _ = make_demo_repo(work / "ff")
    _first_frame(CHILD_BARE, repo)  # warm the file cache for both
    _first_frame(CHILD_OUROBOROS, repo)
    ours, bare, torch_seen = [], [], False
    for _ in range(runs):  # interleaved so machine load hits both alike
        t, torch_loaded = _first_frame(CHILD_OUROBOROS, repo)
        ours.append(t)
        torch_seen |= torch_loaded
        bare.append(_first_frame(CHILD_BARE, repo)[0])
    return {
        "ouroboros_ms": statistics.median(ours) * 1000,
        "bare_ms": statistics.median(bare) * 1000,
        "ratio": statistics.median(ours) / statistics.median(bare),
        "torch_at_first_frame": torch_seen,
    }


# --- 2. keypress → repaint ------------------------------------------------------------------


def _patch_record(repo: Path, hunks: int) -> Any:
    from ouroboros_tui.patch.hunks import make_patch
    from ouroboros_tui.runs.record import RunRecord

    lines = [f"value_{i} = {i}\n" for i in range(hunks * 8)]
    before = "".join(lines)
    after = "".join(line.replace(" = ", " == ") if i % 8 == 0 else line for i, line in enumerate(lines))
    patch = make_patch({"big.py": (before, after)})
    assert len(patch.hunks) == hunks, len(patch.hunks)
    return RunRecord(run_id="gen_bench", task="bench", targets=["big.py"], repo=str(repo), status="pending",
                     patch=patch)  # fmt: skip


async def _key_latencies(repo: Path, hunks: int, presses: int) -> list[float]:
    from ouroboros_tui.tui.app import make_app
    from ouroboros_tui.tui.widgets.diff_review import DiffReview

    app = make_app(repo, persist_theme=False)
    painted: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            painted.append(time.perf_counter())

        app._display = display  # type: ignore[method-assign]
        app.main_screen.show_patch(_patch_record(repo, hunks))  # type: ignore[union-attr]
        await pilot.pause()
        review = app.screen.query_one(DiffReview)
        latencies = []
        for i in range(presses):
            key = "j" if (i // max(1, hunks - 1)) % 2 == 0 else "k"
            painted.clear()
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            if painted:
                latencies.append(painted[0] - start)
        assert review.hunks
    return latencies


def bench_keys(work: Path, presses: int) -> dict[str, Any]:
    from ouroboros_tui.tui.demo import make_demo_repo

    repo, _ = make_demo_repo(work / "keys")
    big = asyncio.run(_key_latencies(repo, 2000, presses))
    small = asyncio.run(_key_latencies(repo, 10, presses))
    q = statistics.quantiles(big, n=20)
    return {
        "median_ms": statistics.median(big) * 1000,
        "p95_ms": q[-1] * 1000,
        "baseline_10_hunks_median_ms": statistics.median(small) * 1000,
        "ratio": statistics.median(big) / statistics.median(small),
        "samples": len(big),
    }


# --- 3. history with 10,000 runs ------------------------------------------------------------


async def _open_history(repo: Path) -> float:
    """Key press → the first paint of the history screen with its rows."""
    from ouroboros_tui.tui.app import make_app
    from ouroboros_tui.tui.screens.history import HistoryScreen
    from ouroboros_tui.tui.widgets.history_table import HistoryTable

    app = make_app(repo, persist_theme=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        painted: list[float] = []
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if isinstance(screen, HistoryScreen) and screen.query(HistoryTable) and screen.query_one(
                HistoryTable
            ).row_count:
                painted.append(time.perf_counter())

        app._display = display  # type: ignore[method-assign]
        start = time.perf_counter()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen) and painted
        return painted[0] - start


def _seed_runs(repo: Path, n: int) -> None:
    from ouroboros_tui.provenance.store import RunStore

    RunStore(repo).upsert_many(
        {
            "run_id": f"gen_20260101_{i:06d}_beef", "created_at": f"2026-01-01T00:00:00+00:00#{i:06d}",
            "task": f"task {i}", "status": "applied", "attempts": 1, "risk": 0.1, "commit_sha": f"{i:040x}",
            "targets": "a.py", "hunks_total": 2, "hunks_applied": 2,
        }
        for i in range(n)
    )  # fmt: skip


def bench_history(work: Path, runs: int) -> dict[str, Any]:
    from ouroboros_tui.tui.demo import make_demo_repo

    big_repo, _ = make_demo_repo(work / "hist-big")
    small_repo, _ = make_demo_repo(work / "hist-small")
    _seed_runs(big_repo, 10_000)
    _seed_runs(small_repo, 100)  # enough to fill the screen, so both paint the same rows
    big, small = [], []
    for _ in range(runs):  # interleaved, as for the first frame
        big.append(asyncio.run(_open_history(big_repo)))
        small.append(asyncio.run(_open_history(small_repo)))
    return {
        "open_10000_ms": statistics.median(big) * 1000,
        "open_100_ms": statistics.median(small) * 1000,
        "ratio": statistics.median(big) / statistics.median(small),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="first-frame and history repetitions")
    parser.add_argument("--presses", type=int, default=200, help="key presses per patch")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ouroboros-bench-") as tmp:
        work = Path(tmp)
        os.environ["OUROBOROS_CONFIG_HOME"] = str(work / "user-config")
        ff = bench_first_frame(args.runs, work)
        print(
            f"first frame: ouroboros {ff['ouroboros_ms']:.0f} ms / bare Textual {ff['bare_ms']:.0f} ms "
            f"= {ff['ratio']:.2f} (goal <= 1.3); torch loaded at first frame: {ff['torch_at_first_frame']}"
        )
        keys = bench_keys(work, args.presses)
        print(
            f"key -> repaint, 2,000-hunk patch: median {keys['median_ms']:.1f} ms, p95 {keys['p95_ms']:.1f} ms "
            f"(goal <= 16 ms median); 10-hunk patch median {keys['baseline_10_hunks_median_ms']:.1f} ms; "
            f"ratio {keys['ratio']:.2f} ({keys['samples']} presses)"
        )
        hist = bench_history(work, args.runs)
        print(
            f"open history: 10,000 runs {hist['open_10000_ms']:.0f} ms / 100 runs {hist['open_100_ms']:.0f} ms "
            f"= {hist['ratio']:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
