"""No process a test command starts outlives the run: real processes in a temp git repo, started the
ways a test suite starts servers and daemons (a new session, a double fork), stopped at the timeout
and after a command that finished but left them running."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from ouroboros_tui.gate import leftovers
from ouroboros_tui.gate.test_output import run_command
from tests.conftest import git

# The test command: starts a sleeper the way `mode` says, waits until it has written its pid, then
# exits at once or hangs. The sleeper keeps the command's output open, as a server started by a test does.
SPAWN = '''\
import os, subprocess, sys, time
mode, then, pidfile = sys.argv[1], sys.argv[2], sys.argv[3]
code = f"import os, pathlib, time; pathlib.Path({pidfile!r}).write_text(str(os.getpid())); time.sleep(60)"
sleeper = [sys.executable, "-c", code]
if mode == "setsid":
    subprocess.Popen(sleeper, start_new_session=True)
elif mode == "setsid-tool":
    subprocess.Popen(["setsid", *sleeper])
elif mode == "no-env":  # a new session and an empty environment: only the process tree finds it
    subprocess.Popen(sleeper, start_new_session=True, env={})
elif mode == "daemon":  # the classic double fork: the sleeper's parent is gone before the command ends
    first = os.fork()
    if first == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, sleeper)
        os._exit(0)
    os.waitpid(first, 0)
deadline = time.monotonic() + 20
while not os.path.exists(pidfile) or not open(pidfile).read():
    assert time.monotonic() < deadline, "the sleeper did not start"
    time.sleep(0.02)
print("1 passed", flush=True)
if then == "hang":
    time.sleep(60)
'''


@pytest.fixture
def repo(git_repo: Path) -> Path:
    (git_repo / "spawn.py").write_text(SPAWN)
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-qm", "spawn")
    return git_repo


def gone(pid: int, wait_s: float = 3.0) -> bool:
    """The process no longer exists (or is a zombie waiting for init to reap it)."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.05)
    return False


def spawn(repo: Path, mode: str, then: str, timeout_s: float = 30) -> tuple[int, float, bool]:
    pidfile = repo.parent / f"{mode}-{then}.pid"
    run = run_command(f"{sys.executable} spawn.py {mode} {then} {pidfile}", str(repo), timeout_s)
    pid = int(pidfile.read_text())
    try:
        return pid, run.seconds, run.timed_out
    finally:
        assert "1 passed" in run.output, run.output


@pytest.mark.parametrize("mode", ["setsid", "setsid-tool", "daemon"])
def test_a_process_in_its_own_session_is_stopped_at_the_timeout(repo: Path, mode: str) -> None:
    pid, seconds, timed_out = spawn(repo, mode, "hang", timeout_s=1.5)
    assert timed_out and gone(pid), f"{mode} sleeper {pid} outlived the run"
    assert seconds < 8


@pytest.mark.parametrize("mode", ["setsid", "setsid-tool", "daemon"])
def test_what_a_finished_command_left_running_is_stopped(repo: Path, mode: str) -> None:
    pid, seconds, timed_out = spawn(repo, mode, "exit")
    assert not timed_out and gone(pid), f"{mode} sleeper {pid} outlived the run"
    assert seconds < 4  # not waiting on the output the sleeper held open


def test_a_process_that_cleared_its_environment_is_stopped_at_the_timeout(repo: Path) -> None:
    pid, _, timed_out = spawn(repo, "no-env", "hang", timeout_s=1.5)
    assert timed_out and gone(pid)


def test_processes_the_command_did_not_start_are_left_alone(repo: Path) -> None:
    # Same user, same environment, started during the run, but not by the command.
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        run = run_command(f"{sys.executable} -c 'print(1)'", str(repo), 10)
        assert run.exit_code == 0 and bystander.poll() is None
    finally:
        bystander.kill()
        bystander.wait()


def test_the_token_is_in_the_commands_environment_and_not_ours(repo: Path) -> None:
    run = run_command(f"{sys.executable} -c 'import os; print(os.environ[\"{leftovers.TOKEN_VAR}\"])'", str(repo), 10)
    assert run.exit_code == 0 and len(run.output.strip()) == 24
    assert leftovers.TOKEN_VAR not in os.environ


def test_a_cancelled_run_stops_the_command_and_what_it_started(repo: Path) -> None:
    cancel = threading.Event()
    threading.Timer(1.0, cancel.set).start()
    pidfile = repo.parent / "cancel.pid"
    run = run_command(f"{sys.executable} spawn.py setsid hang {pidfile}", str(repo), 60, cancel=cancel)
    assert run.cancelled and not run.timed_out and run.exit_code is None and run.seconds < 8
    assert gone(int(pidfile.read_text()))
