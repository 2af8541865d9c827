"""Stop every process a test command started, including those that left its process group.

A test that starts a server with `setsid`/`start_new_session=True`, or a daemon that double-forks,
is no longer in the command's process group nor (once its parent exits) under the command in the
process tree: `killpg` misses it, and on a GPU box over SSH it would keep a port or GPU memory after
the run. So the command's environment carries a token of its own (`OUROBOROS_TEST_RUN`), inherited by
everything it starts, and at the end every process is stopped that holds the token, or is still in
the command's process group, or was below the command in the process tree just before it was stopped
(that one covers a process that cleared its environment): SIGTERM, a short wait, then SIGKILL.

psutil reads the process table and environments, and checks that a pid still names the process it
found (its start time) before signalling it, so a pid reused in between is never hit.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import time
from collections.abc import Sequence

import psutil

TOKEN_VAR = "OUROBOROS_TEST_RUN"
_GONE = (psutil.NoSuchProcess, psutil.ZombieProcess)


def new_token() -> str:
    return secrets.token_hex(12)


def tree(pid: int) -> list[psutil.Process]:
    """The processes below `pid` now; taken before `pid` is stopped, as its children are re-parented then."""
    try:
        return list(psutil.Process(pid).children(recursive=True))
    except (*_GONE, psutil.AccessDenied):
        return []


def left_by(token: str, group: int, since: float) -> list[psutil.Process]:
    """This user's processes (others' environments cannot be read, nor could they be signalled) whose
    environment carries `token` or that are in process group `group`. One started before `since` (a
    time.time()) can do neither, so its environment is not read: most of the table is skipped."""
    found: list[psutil.Process] = []
    me = os.getpid()
    for proc in psutil.process_iter(["create_time"]):
        created = proc.info.get("create_time")
        if proc.pid == me or created is None or created < since - 1:  # create_time has clock-tick precision
            continue
        try:
            if os.getpgid(proc.pid) == group or proc.environ().get(TOKEN_VAR) == token:
                found.append(proc)
        except (*_GONE, psutil.AccessDenied, ProcessLookupError):
            continue
    return found


def running(proc: psutil.Process) -> bool:
    """Alive and not a zombie (a zombie is dead; its parent, perhaps init, has yet to reap it)."""
    try:
        return bool(proc.status() != psutil.STATUS_ZOMBIE)
    except _GONE:
        return False


def stop(procs: list[psutil.Process], grace_s: float = 2.0) -> None:
    """SIGTERM, up to `grace_s` for them to exit, then SIGKILL (and up to 5 s for that)."""
    for sig, wait_s in ((signal.SIGTERM, grace_s), (signal.SIGKILL, 5.0)):
        for proc in procs:
            with contextlib.suppress(*_GONE, psutil.AccessDenied):
                proc.send_signal(sig)  # psutil checks the pid still names the same process
        deadline = time.monotonic() + wait_s
        while procs and time.monotonic() < deadline:
            time.sleep(0.02)
            procs = [p for p in procs if running(p)]
        if not procs:
            return


def sweep(token: str, group: int, since: float, snapshot: Sequence[psutil.Process] = ()) -> list[int]:
    """Stop everything the command left; look again (a process may start another while it is being
    stopped), up to three times. Returns the pids stopped."""
    stopped: set[int] = set()
    procs = list(snapshot)
    for _ in range(3):
        procs = [p for p in {p.pid: p for p in procs + left_by(token, group, since)}.values() if running(p)]
        if not procs:
            break
        stopped.update(p.pid for p in procs)
        stop(procs)
        procs = []
    return sorted(stopped)
