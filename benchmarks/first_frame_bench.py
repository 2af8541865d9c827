"""Process start → first frame, as the user waits for it, in a real terminal.

`tui_bench.py` measures the first frame from inside the process (headless): it cannot see what
happens before Textual starts (the interpreter, the `ouroboros` entry point, the imports before
the app runs) nor the frame's trip to the terminal. This benchmark starts each program on a
pseudo-terminal (80×24, TERM=xterm-256color, no COLORTERM: what SSH + tmux usually give) and times
from `Popen` until the first painted frame reaches the terminal (the first rounded border
character, which both apps draw only as part of the whole first frame). Then it sends ctrl+q.

Compared, interleaved so machine load hits both alike, as ratios from the same run:
- `ouroboros REPO` through the real entry point (`ouroboros_tui.entry:main`, what the console
  script runs) on the demo repository;
- a bare Textual app with the same widgets, ids and stylesheet and none of our code.

Goal: median ratio ≤ 1.3. Run: .venv/bin/python benchmarks/first_frame_bench.py [--runs 7] [--json]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

MARKER = "╭".encode()  # the round borders of the panes: drawn with the first full frame
SIZE = (24, 80)


def _terminal_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "TEXTUAL", "NO_COLOR")}
    env.update(TERM="xterm-256color", OUROBOROS_CONFIG_HOME=str(home), HF_HUB_OFFLINE="1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
               LINES=str(SIZE[0]), COLUMNS=str(SIZE[1]))  # fmt: skip
    return env


def first_frame(argv: list[str], env: dict[str, str], timeout: float = 60.0) -> float:
    """Seconds from process start to the first frame on the pseudo-terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[0], SIZE[1], 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
                            start_new_session=True)  # fmt: skip
    os.close(slave)
    seen = b""
    elapsed: float | None = None
    try:
        deadline = start + timeout
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            seen += chunk
            if MARKER in seen:
                elapsed = time.perf_counter() - start
                break
        if elapsed is None:
            raise RuntimeError(f"no frame from {argv[:3]} (exit {proc.poll()}): {seen[-400:]!r}")
        os.write(master, b"\x11")  # ctrl+q
        _drain_until_exit(master, proc)
        return elapsed
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


def _drain_until_exit(master: int, proc: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Keep reading so the child never blocks on a full terminal while it shuts down."""
    deadline = time.perf_counter() + timeout
    while proc.poll() is None and time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                os.read(master, 65536)
            except OSError:
                break


def bare_app_script(path: Path) -> Path:
    """tui_bench's bare app (same widgets, ids and stylesheet), run in a terminal, not headless."""
    from tui_bench import CHILD_BARE

    hook = (
        "    def on_mount(self):\n"
        "        def done():\n"
        "            print(\"FRAME\", \"torch\" in sys.modules, flush=True)\n"
        "            self.app.exit(0)\n"
        "        self.call_after_refresh(done)\n"
    )
    assert hook in CHILD_BARE, "tui_bench's bare app changed: update this"
    code = CHILD_BARE.replace(hook, "").replace("BareApp().run(headless=True, size=(80, 24))", "BareApp().run()")
    assert "headless" not in code and "FRAME" not in code, "tui_bench's bare app changed: update this"
    path.write_text(code, encoding="utf-8")
    return path


def run(runs: int) -> dict[str, Any]:
    from ouroboros_tui.tui.demo import make_demo_repo

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        repo, _ = make_demo_repo(work)
        env = _terminal_env(work / "user-config")
        ours = [sys.executable, "-c", "from ouroboros_tui.entry import main; main()", str(repo), "-t", "calc.py"]
        bare = [sys.executable, str(bare_app_script(work / "bare.py")), str(repo),
                str(ROOT / "ouroboros_tui" / "tui" / "app.tcss")]  # fmt: skip
        first_frame(ours, env)  # warm the file cache for both
        first_frame(bare, env)
        ours_s, bare_s, ratios = [], [], []
        for _ in range(runs):
            a = first_frame(ours, env)
            b = first_frame(bare, env)
            ours_s.append(a)
            bare_s.append(b)
            ratios.append(a / b)
    return {
        "runs": runs,
        "ouroboros_ms": round(statistics.median(ours_s) * 1000, 1),
        "bare_ms": round(statistics.median(bare_s) * 1000, 1),
        "ratio_of_medians": round(statistics.median(ours_s) / statistics.median(bare_s), 3),
        "ratio_median": round(statistics.median(ratios), 3),
        "ratio_range": [round(min(ratios), 3), round(max(ratios), 3)],
        "goal": 1.3,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.runs)
    if args.json:
        print(json.dumps(result))
        return
    print(f"process start → first frame in a pty (80×24, xterm-256color), median of {result['runs']}:")
    print(f"  ouroboros REPO  {result['ouroboros_ms']:.0f} ms")
    print(f"  bare Textual    {result['bare_ms']:.0f} ms")
    print(f"  ratio {result['ratio_of_medians']:.2f} (per-pair median {result['ratio_median']:.2f}, "
          f"range {result['ratio_range'][0]:.2f}–{result['ratio_range'][1]:.2f}; goal ≤ 1.3)")


if __name__ == "__main__":
    main()
