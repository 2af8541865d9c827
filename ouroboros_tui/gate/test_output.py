"""Run a test command with a timeout and an output cap, and read its output: which tests failed,
how many passed, and the lines a model needs to fix a failure.

Runners understood: pytest (`FAILED a.py::t`, `3 passed`), go test (`--- FAIL: TestX`, `--- PASS`,
`ok  pkg`), jest/vitest (`✕ name`, `Tests: 1 failed, 41 passed`), mocha (`41 passing`, `1) name`),
node's test runner (`not ok 1 - name`, `# pass 41`). Another runner still gets a verdict from its exit
code; only the failing names (which make a pre-existing failure not block) need the output.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import psutil

from ouroboros_tui.gate import leftovers

OUTPUT_CAP = 256 * 1024  # bytes kept: the first 16 KB and the last 240 KB
_HEAD = 16 * 1024

_FAILED = [
    re.compile(r"^(?:FAILED|ERROR) (\S+)", re.M),  # pytest short summary
    re.compile(r"^\s*--- FAIL: (\S+)", re.M),  # go test
    re.compile(r"^\s*[✕×] (.+?)(?: \(\d+ ?m?s\))?$", re.M),  # jest, vitest
    re.compile(r"^not ok \d+ - (.+)$", re.M),  # TAP, node --test
]
_PASSED = [
    re.compile(r"(\d+) passed"),  # pytest, jest "Tests: 41 passed"
    re.compile(r"(\d+) passing"),  # mocha
    re.compile(r"^# pass (\d+)", re.M),  # node --test
]
_GO_PASS = re.compile(r"^\s*--- PASS: ", re.M)
_GO_OK = re.compile(r"^ok\s+\S+", re.M)
_KEEP = re.compile(r"^(E |>|\s*File \"|\S+\.py:\d+:|\s+at |\s*(Expected|Received|AssertionError|assert)|"
                   r".*Error:|\s+\S+_test\.go:\d+:)")


@dataclass
class CommandRun:
    command: str
    exit_code: int | None  # None: stopped at the timeout
    output: str
    seconds: float
    timed_out: bool = False
    truncated: bool = False
    cancelled: bool = False  # stopped because the run was cancelled (exit_code None too)


@dataclass
class TestReport:
    failing: list[str] = field(default_factory=list)
    passed: int | None = None


def run_command(command: str, cwd: str, timeout_s: float, env: dict[str, str] | None = None, *,
                cancel: threading.Event | None = None) -> CommandRun:
    """Run `command` through the shell in its own process group; at the timeout (or when `cancel` is set:
    Ctrl-C in the CLI, which does not reach a command in its own session) stop it and everything it
    started, and when it ends stop what it left running (a server started with `setsid`, a daemon):
    see gate/leftovers.py. Output beyond OUTPUT_CAP is dropped from the middle."""
    start = time.perf_counter()
    since = time.time()
    token = leftovers.new_token()
    env = {**(os.environ if env is None else env), leftovers.TOKEN_VAR: token}
    proc = subprocess.Popen(command, shell=True, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    head = bytearray()
    tail: deque[bytes] = deque()
    size = {"tail": 0, "dropped": 0}

    def read() -> None:
        stream: Any = proc.stdout
        for chunk in iter(lambda: stream.read1(65536), b""):
            if len(head) < _HEAD:
                room = _HEAD - len(head)
                head.extend(chunk[:room])
                chunk = chunk[room:]
            tail.append(chunk)
            size["tail"] += len(chunk)
            while size["tail"] > OUTPUT_CAP - _HEAD and tail:
                dropped = tail.popleft()
                size["tail"] -= len(dropped)
                size["dropped"] += len(dropped)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout_s
    cancelled = False
    while proc.poll() is None and time.monotonic() < deadline:
        if cancel is not None and cancel.is_set():
            cancelled = True
            break
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=max(0.0, min(0.1 if cancel else timeout_s, deadline - time.monotonic())))
    stopped = proc.poll() is None
    timed_out = stopped and not cancelled
    # The tree is read before anything is stopped: a stopped parent's children move to init.
    snapshot = leftovers.tree(proc.pid) if stopped else []
    if stopped:
        with contextlib.suppress(psutil.Error):
            snapshot.append(psutil.Process(proc.pid))
    leftovers.sweep(token, proc.pid, since, snapshot)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)
    reader.join(timeout=5)  # a process that kept the output open is stopped by now
    seconds = time.perf_counter() - start
    body = bytes(head) + (f"\n… {size['dropped']} bytes of output left out …\n".encode() if size["dropped"] else b"")
    body += b"".join(tail)
    return CommandRun(command=command, exit_code=None if stopped else proc.returncode,
                      output=body.decode("utf-8", "replace"), seconds=seconds,
                      timed_out=timed_out, truncated=size["dropped"] > 0, cancelled=cancelled)


def read_report(output: str) -> TestReport:
    failing: list[str] = []
    for pattern in _FAILED:
        for match in pattern.finditer(output):
            name = match[1].strip()
            if name not in failing:
                failing.append(name)
    passed: int | None = None
    for pattern in _PASSED:
        found = pattern.findall(output)
        if found:
            passed = int(found[-1])
            break
    if passed is None and (_GO_PASS.search(output) or _GO_OK.search(output)):
        passed = len(_GO_PASS.findall(output)) or len(_GO_OK.findall(output))
    return TestReport(failing=failing, passed=passed)


def trimmed(output: str, limit: int = 40) -> list[str]:
    """The assertion and traceback lines worth showing a model, else the output's last lines."""
    lines = [line.rstrip() for line in output.splitlines()]
    kept = [line[:200] for line in lines if _KEEP.match(line)]
    if not kept:
        kept = [line[:200] for line in lines if line.strip()][-limit:]
    return kept[:limit]
