"""Stopping the compressor within a fraction of a second: the flag is checked between small steps,
and the git calls it makes (which take seconds on 50,000 files) are polled and killed."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

POLL_S = 0.05


class Stopped(Exception):
    """The cancel flag was set."""


def check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Stopped()


def git(repo: Path, args: list[str], cancel: threading.Event | None = None,
        stdin: bytes | None = None) -> tuple[int, bytes]:
    """(exit status, stdout) of `git ARGS` in `repo`; killed, raising Stopped, once `cancel` is set."""
    proc = subprocess.Popen(["git", *args], cwd=repo, stdin=subprocess.PIPE if stdin is not None else None,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    data = stdin
    while True:
        try:
            out, _ = proc.communicate(data, timeout=POLL_S)
            return proc.returncode, out
        except subprocess.TimeoutExpired:
            data = None  # already written; communicate() keeps the rest
            if cancel is not None and cancel.is_set():
                proc.kill()
                proc.communicate()
                raise Stopped() from None
