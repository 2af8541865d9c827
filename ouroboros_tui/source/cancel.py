"""Stopping the compressor within a fraction of a second: the flag is checked between small steps,
and the git calls it makes (which take seconds on 50,000 files) are polled and killed.

A git call's stdin is written and its stdout read by two threads while this one polls the flag:
`Popen.communicate(input, timeout=…)` retried after a timeout with no input stops writing (CPython
registers stdin for writing only when `input` is passed again), so `git check-attr --stdin` with
more paths than a pipe holds waited forever for the rest, and a killed caller left it behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from pathlib import Path
from typing import IO

POLL_S = 0.05


class Stopped(Exception):
    """The cancel flag was set."""


def check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Stopped()


def _write(pipe: IO[bytes], data: bytes) -> None:
    with contextlib.suppress(OSError, ValueError):  # git exited or was killed: nothing more to say
        pipe.write(data)
    with contextlib.suppress(OSError, ValueError):
        pipe.close()  # end of input: `--stdin` commands finish


def _read(pipe: IO[bytes], into: list[bytes]) -> None:
    with contextlib.suppress(OSError, ValueError):
        into.append(pipe.read())


def git(repo: Path, args: list[str], cancel: threading.Event | None = None,
        stdin: bytes | None = None) -> tuple[int, bytes]:
    """(exit status, stdout) of `git ARGS` in `repo`; killed, raising Stopped, once `cancel` is set.
    Neither git nor anything it starts (a hook, an alias) outlives the call: any exit from here
    (cancel, an interrupt, an error) kills its process group and reaps it."""
    proc = subprocess.Popen(["git", *args], cwd=repo,
                            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # its own group, killed as one
    assert proc.stdout is not None
    out: list[bytes] = []
    threads = [threading.Thread(target=_read, args=(proc.stdout, out), daemon=True)]
    if stdin is not None:
        assert proc.stdin is not None
        threads.append(threading.Thread(target=_write, args=(proc.stdin, stdin), daemon=True))
    for thread in threads:
        thread.start()
    try:
        # Waiting on the threads wakes the moment git closes its output (proc.wait(timeout=…)
        # sleeps in growing steps and overshoots by up to 50 ms, per call).
        for thread in threads:
            while thread.is_alive():
                thread.join(POLL_S)
                check(cancel)
        while True:
            try:
                proc.wait(timeout=POLL_S)
                return proc.returncode, b"".join(out)
            except subprocess.TimeoutExpired:
                check(cancel)
    finally:
        if proc.poll() is None or any(t.is_alive() for t in threads):
            with contextlib.suppress(OSError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for thread in threads:
            thread.join(timeout=1.0)  # the pipes close with the process
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
