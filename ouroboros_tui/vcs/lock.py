"""One writer per repository: `.ouroboros/lock`, created with O_EXCL.

The file holds who took it (pid, host, start time, command). A lock left by a process that died on
this host is taken over; a live holder (or one on another host, which we cannot check) is reported.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from ouroboros_tui.errors import OuroborosError

# An unreadable lock file younger than this may still be being written by its owner.
PARTIAL_LOCK_GRACE_S = 5.0


@dataclass(frozen=True)
class LockInfo:
    pid: int
    host: str
    started: str
    command: str

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}, started {self.started} ({self.command})"


class LockHeld(OuroborosError):
    """Another writer holds the repository's lock."""

    def __init__(self, path: Path, holder: LockInfo | None) -> None:
        who = holder.describe() if holder else "an unknown process (the lock file is unreadable)"
        super().__init__(
            f"another Ouroboros writer holds {path}: {who}. Wait for it to finish; if it is gone, "
            f"delete {path}."
        )
        self.path = path
        self.holder = holder


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def read_lock(path: Path) -> LockInfo | None:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return LockInfo(int(data["pid"]), str(data["host"]), str(data["started"]), str(data["command"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class RepoLock:
    """Context manager: `with RepoLock(repo_root / ".ouroboros" / "lock", "apply gen_…"): ...`"""

    def __init__(self, path: Path, command: str = "") -> None:
        self.path = Path(path)
        self.command = command or " ".join(sys.argv[:3])
        self.held = False

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": self.command,
        }
        payload = json.dumps(info).encode("utf-8")
        self._remove_dead_drafts()
        for _ in range(3):
            try:
                self._create(payload)
            except FileExistsError:
                if self._take_over_if_stale():
                    continue
                raise LockHeld(self.path, read_lock(self.path)) from None
            self.held = True
            return
        raise LockHeld(self.path, read_lock(self.path))

    def _create(self, payload: bytes) -> None:
        """Create the lock with its content in one step: write a draft, then hard-link it into place
        (link fails if the lock exists, like O_EXCL). A kill can never leave a half-written lock."""
        draft = self.path.with_name(f"{self.path.name}.{os.getpid()}.draft")
        with open(draft, "wb") as handle:  # no fsync: after a reboot every holder is dead anyway
            handle.write(payload)
        try:
            os.link(draft, self.path)
        except (PermissionError, NotImplementedError):  # filesystems without hard links
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(draft)

    def _remove_dead_drafts(self) -> None:
        for draft in self.path.parent.glob(f"{self.path.name}.*.draft"):
            pid = draft.name.split(".")[-2]
            if pid.isdigit() and not _pid_alive(int(pid)):
                with contextlib.suppress(OSError):
                    draft.unlink()

    def _take_over_if_stale(self) -> bool:
        holder = read_lock(self.path)
        if holder is None:
            try:
                age = time.time() - self.path.stat().st_mtime
            except FileNotFoundError:
                return True  # released meanwhile: try again
            if age < PARTIAL_LOCK_GRACE_S:
                return False
        elif holder.host != socket.gethostname() or _pid_alive(holder.pid):
            return False
        # Dead holder on this host (or a long-abandoned half-written file): remove it. Rename first
        # so two processes taking over at once cannot both delete a fresh lock.
        aside = self.path.with_name(f"{self.path.name}.stale.{os.getpid()}")
        try:
            os.replace(self.path, aside)
        except FileNotFoundError:
            return True
        with contextlib.suppress(OSError):
            os.unlink(aside)
        return True

    def release(self) -> None:
        if not self.held:
            return
        holder = read_lock(self.path)
        if holder is not None and holder.pid == os.getpid():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)
        self.held = False

    def __enter__(self) -> RepoLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
