"""The gate levels past syntax, end to end: the CLI on temp git repos with scripted answers. For
each level an answer that fails it is rejected and retried with the finding in the next prompt, then a
passing answer is committed; what the file or HEAD already had does not block."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

from tests.conftest import git, write_mock_script
from tests.run_cli import ouroboros

# A real process only where a signal is sent to it (the Ctrl-C test); the other runs are in-process.
OUROBOROS = str(Path(sys.executable).parent / "ouroboros")

CALC = "def add(a, b):\n    return a + b\n\n\ndef twice(a):\n    return add(a, a)\n"
TESTS = "from calc import add, twice\n\n\ndef test_add():\n    assert add(2, 3) == 5\n\n\ndef test_twice():\n" \
        "    assert twice(4) == 8\n"
# Plugins off: pytest's start-up is most of a small suite's time on a busy machine.
PYTEST = f"PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 {sys.executable} -m pytest -q -p no:cacheprovider"


def block(path: str, search: str, replace: str) -> str:
    return f"{path}\n<<<<<<< SEARCH\n{search}=======\n{replace}>>>>>>> REPLACE\n"


GOOD = block("calc.py", "def add(a, b):\n    return a + b\n", "def add(a: int, b: int) -> int:\n    return a + b\n")


@pytest.fixture
def repo(git_repo: Path) -> Path:
    (git_repo / "calc.py").write_text(CALC)
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "code")
    return git_repo


def refactor(repo: Path, tmp_path: Path, *answers: str, args: tuple[str, ...] = (),
             targets: tuple[str, ...] = ("calc.py",)) -> tuple[int, dict[str, Any]]:
    mock = write_mock_script(tmp_path, *[("builder", a) for a in answers])
    # In-process (tests/run_cli.py): the same entry point without an interpreter start per run; the
    # test command still runs in its own process, as it does for a user.
    result = ouroboros("refactor", "improve it", *(x for t in targets for x in ("-t", t)), "--mock", str(mock),
                       "--json", *args, cwd=repo)
    return result.code, result.json()


def artifact(repo: Path, run_id: str) -> dict[str, Any]:
    return json.loads((repo / ".ouroboros" / "runs" / run_id / "artifact_metadata.json").read_text())


def second_prompt(repo: Path, run_id: str) -> str:
    return json.dumps(artifact(repo, run_id)["attempts"][1]["prompt"])


def safety_trailer(repo: Path) -> str:
    message = git(repo, "log", "-1", "--format=%B")
    return next(line for line in message.splitlines() if line.startswith("Ouroboros-Safety:"))


APPLY = ("--auto-apply", "--max-risk", "1")


def test_semantic_undefined_name_is_retried_then_the_fix_is_committed(repo: Path, tmp_path: Path) -> None:
    undefined = block("calc.py", "    return a + b\n", "    return a + c\n")
    code, doc = refactor(repo, tmp_path, undefined, GOOD, args=APPLY)
    assert code == 0, doc
    prompt = second_prompt(repo, doc["run_id"])
    assert "F821" in prompt and "Undefined name `c`" in prompt and "return a + c" in prompt
    levels = artifact(repo, doc["run_id"])["attempts"][0]["levels"]
    assert levels["semantic"]["status"] == "fail" and levels["syntax"]["status"] == "pass"
    assert safety_trailer(repo) == "Ouroboros-Safety: syntax=pass semantic=pass security=pass"
    assert "def add(a: int, b: int) -> int:" in (repo / "calc.py").read_text()


def test_a_finding_the_file_already_had_does_not_block(repo: Path, tmp_path: Path) -> None:
    (repo / "calc.py").write_text("import os\n\n" + CALC + "\nvalue = undefined_before\n")
    git(repo, "commit", "-qam", "old sins")
    # The edit shifts the old findings down a line: matched by rule, name and line text, not number.
    shift = block("calc.py", "import os\n", "import os\n# a comment\n")
    code, doc = refactor(repo, tmp_path, shift)
    assert code == 0 and doc["status"] == "pending" and len(doc["attempts"]) == 1, doc
    levels = artifact(repo, doc["run_id"])["safety_checks"]["levels"]
    assert levels["semantic"]["status"] == "pass" and levels["semantic"]["preexisting"] == 2


def test_security_shell_injection_and_a_secret_are_retried(repo: Path, tmp_path: Path) -> None:
    shell = block("calc.py", "def add(a, b):\n", "import subprocess\n\n\ndef run(cmd):\n"
                  "    return subprocess.run(cmd, shell=True)\n\n\ndef add(a, b):\n")
    secret = block("calc.py", "def add(a, b):\n", 'AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"\n\n\ndef add(a, b):\n')
    code, doc = refactor(repo, tmp_path, shell, secret, GOOD, args=APPLY)
    assert code == 0 and len(doc["attempts"]) == 3, doc
    record = artifact(repo, doc["run_id"])
    assert "S602" in second_prompt(repo, doc["run_id"])
    third = json.dumps(record["attempts"][2]["prompt"])
    assert "AWS Access Key" in third
    assert "AKIAIOSFODNN7EXAMPLE" not in json.dumps(record["attempts"][1]["levels"])  # masked
    assert safety_trailer(repo).endswith("security=pass")


def test_javascript_inner_html_is_a_security_failure(repo: Path, tmp_path: Path) -> None:
    (repo / "view.js").write_text("const box = document.getElementById('box');\nbox.textContent = 'hi';\n")
    git(repo, "add", "view.js")
    git(repo, "commit", "-qm", "view")
    bad = block("view.js", "box.textContent = 'hi';\n", "box.innerHTML = location.hash;\n")
    good = block("view.js", "box.textContent = 'hi';\n", "box.textContent = location.hash;\n")
    code, doc = refactor(repo, tmp_path, bad, good, targets=("view.js",), args=APPLY)
    assert code == 0 and len(doc["attempts"]) == 2, doc
    assert "js-inner-html" in second_prompt(repo, doc["run_id"])


def test_gate_flag_chooses_the_levels(repo: Path, tmp_path: Path) -> None:
    undefined = block("calc.py", "    return a + b\n", "    return a + c\n")
    code, doc = refactor(repo, tmp_path, undefined, args=("--gate", "syntax", *APPLY))
    assert code == 0 and len(doc["attempts"]) == 1, doc
    assert safety_trailer(repo) == "Ouroboros-Safety: syntax=pass"
    code, doc = refactor(repo, tmp_path, undefined, args=("--gate", "syntax,bogus"))
    assert code == 2 and "bogus" in doc["error"]


# -- the tests level ---------------------------------------------------------------------------


def with_tests(repo: Path, command: str = PYTEST, timeout: float = 60, extra: str = "", attempts: int = 3) -> None:
    (repo / "test_calc.py").write_text(TESTS + extra)
    (repo / "ouroboros.toml").write_text(f"[pipeline]\nmax_retry_attempts = {attempts}\n[gate]\n"
                                         f"test_command = {json.dumps(command)}\ntest_timeout_s = {timeout}\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "tests")


def test_a_change_that_breaks_a_test_is_retried_with_the_failure(repo: Path, tmp_path: Path) -> None:
    with_tests(repo)
    breaks = block("calc.py", "    return a + b\n", "    return a - b\n")
    code, doc = refactor(repo, tmp_path, breaks, GOOD, args=APPLY)
    assert code == 0 and len(doc["attempts"]) == 2, doc
    prompt = second_prompt(repo, doc["run_id"])
    assert "test_calc.py::test_add" in prompt and "assert" in prompt
    assert safety_trailer(repo) == "Ouroboros-Safety: syntax=pass semantic=pass security=pass tests=pass(2)"


# Slow tier: a second tests-level run (two pytest starts); the fast tier keeps the retry one above.
@pytest.mark.slow
def test_a_test_failing_on_head_does_not_block(repo: Path, tmp_path: Path) -> None:
    with_tests(repo, extra="\n\ndef test_already_broken():\n    assert add(1, 1) == 3\n")
    code, doc = refactor(repo, tmp_path, GOOD)
    assert code == 0 and len(doc["attempts"]) == 1, doc
    tests = artifact(repo, doc["run_id"])["safety_checks"]["levels"]["tests"]
    assert tests["status"] == "pass" and "already fail" in tests["detail"]


def fingerprint(repo: Path) -> str:
    """The user's work tree files (outside .ouroboros) and index, byte for byte."""
    digest = hashlib.sha256()
    for path in sorted(p for p in repo.rglob("*") if p.is_file() and ".ouroboros" not in p.parts
                       and ".git" not in p.parts):
        digest.update(str(path.relative_to(repo)).encode() + b"\0" + path.read_bytes())
    digest.update((repo / ".git" / "index").read_bytes())
    return digest.hexdigest()


# Slow tier: three refactors with four test-command runs (~5 s).
@pytest.mark.slow
def test_tests_run_in_a_worktree_without_the_users_uncommitted_work(repo: Path, tmp_path: Path) -> None:
    probe = tmp_path / "probe.txt"
    # The test command records, while it runs, the user's tree and index and what the worktree holds.
    script = tmp_path / "probe.py"
    script.write_text(
        "import hashlib, pathlib, sys\n"
        f"sys.path[:0] = [{str(Path(__file__).parent)!r}, {str(Path(__file__).parents[2])!r}]\n"
        "from test_gate_levels import fingerprint\n"
        f"user = pathlib.Path({str(repo)!r})\n"
        f"with open({str(probe)!r}, 'a') as out:\n"
        "    out.write(fingerprint(user) + ' ' + str(pathlib.Path('notes.txt').exists()) + ' '"
        " + pathlib.Path.cwd().as_posix() + '\\n')\n")
    with_tests(repo, command=f"{sys.executable} {script} && {PYTEST}")
    (repo / "notes.txt").write_text("my uncommitted work\n")
    (repo / "staged.py").write_text("X = 1\n")
    git(repo, "add", "staged.py")
    before = fingerprint(repo)
    code, doc = refactor(repo, tmp_path, GOOD)
    assert code == 0 and doc["status"] == "pending", doc
    runs = probe.read_text().splitlines()
    assert len(runs) == 2  # the baseline on HEAD, then HEAD + the change
    for line in runs:
        seen, has_notes, cwd = line.split(" ")
        assert seen == before and has_notes == "False" and cwd.endswith(".ouroboros/worktrees/tests")
    assert fingerprint(repo) == before
    # A second run reuses the worktree and the baseline cached for this HEAD: one test run only.
    code, doc = refactor(repo, tmp_path, GOOD)
    assert code == 0 and len(probe.read_text().splitlines()) == 3


# Slow tier: waits out a 10 s timeout; tests/gate/test_test_command.py stops a hang in ~1 s.
@pytest.mark.slow
def test_a_hanging_test_command_is_stopped_at_the_timeout(repo: Path, tmp_path: Path) -> None:
    pidfile = tmp_path / "pid"
    (repo / "check.py").write_text(f"import os, pathlib\npathlib.Path({str(pidfile)!r}).write_text(str(os.getpid()))\n"
                                   "from calc import twice\nassert twice(1) == 2\nprint('1 passed')\n")
    with_tests(repo, command=f"{sys.executable} check.py", timeout=10, attempts=1)
    hangs = block("calc.py", "def twice(a):\n    return add(a, a)\n", "def twice(a):\n    while True:\n        pass\n")
    code, doc = refactor(repo, tmp_path, hangs, args=("--gate", "syntax,tests"))
    assert code == 1 and doc["status"] == "failed", doc["safety"]
    details = " ".join(doc["details"])
    assert "did not finish in 10 s" in details and "stopped" in details, details
    assert stopped(int(pidfile.read_text()))


def stopped(pid: int, wait_s: float = 5.0) -> bool:
    """The process is gone (or dead and waiting to be reaped by init, which may take a moment)."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.1)
    return False


def snapshot(repo: Path) -> dict[str, str]:
    """Every path under the repository, .git and .ouroboros included: its kind and bytes."""
    seen: dict[str, str] = {}
    for path in sorted(repo.rglob("*")):
        name = str(path.relative_to(repo))
        if path.is_symlink():
            seen[name] = "link " + os.readlink(path)
        elif path.is_dir():
            seen[name] = "dir"
        else:
            seen[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return seen


# The second case runs the tests level twice more (slow tier); the first stays fast.
@pytest.mark.parametrize("earlier_run", [False, pytest.param(True, marks=pytest.mark.slow)],
                         ids=["first-run", "after-a-real-run"])
def test_a_dry_run_with_the_tests_level_writes_nothing(repo: Path, tmp_path: Path, earlier_run: bool) -> None:
    probe = tmp_path / "cwd.txt"
    with_tests(repo, command=f"{sys.executable} -c \"import os; open({str(probe)!r}, 'a').write(os.getcwd() + "
                             f"'\\\\n')\" && {PYTEST}")
    breaks = block("calc.py", "    return a + b\n", "    return a - b\n")
    if earlier_run:  # the reused worktree, cached baseline and lock exist: a dry run leaves them as they are
        assert refactor(repo, tmp_path, GOOD)[0] == 0
    before = snapshot(repo)
    code, doc = refactor(repo, tmp_path, breaks, GOOD, args=("--dry-run",))
    assert code == 0 and doc["dry_run"] and len(doc["attempts"]) == 2, doc  # the tests level ran, and blocked
    assert doc["safety"]["levels"]["tests"]["status"] == "pass", doc["safety"]
    assert snapshot(repo) == before
    assert git(repo, "worktree", "list", "--porcelain").count("worktree ") == 1 + earlier_run


def test_ctrl_c_during_a_dry_runs_tests_leaves_no_trace_and_no_process(repo: Path, tmp_path: Path) -> None:
    started = tmp_path / "started"
    # The test command starts a server in its own session (as a test suite may), then hangs.
    marker = f"time.sleep(60)  # {tmp_path}"
    server = "import os, pathlib, subprocess, sys, time; " \
             f"subprocess.Popen([sys.executable, '-c', {'import time; ' + marker!r}], start_new_session=True); " \
             f"pathlib.Path({str(started)!r}).write_text(str(os.getpid())); time.sleep(60)"
    with_tests(repo, command=f"{sys.executable} -c {json.dumps(server)}", timeout=120)
    before = snapshot(repo)
    mock = write_mock_script(tmp_path, ("builder", GOOD))
    cli = subprocess.Popen([OUROBOROS, "refactor", "improve it", "-t", "calc.py", "--mock", str(mock), "--json",
                            "--dry-run"], cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not started.exists():
            assert time.monotonic() < deadline and cli.poll() is None, cli.communicate()
            time.sleep(0.1)
        command_pid = int(started.read_text())
        cli.send_signal(signal.SIGINT)
        cli.communicate(timeout=20)  # the command is stopped at once, not at its 120 s timeout
    finally:
        if cli.poll() is None:
            cli.kill()
            cli.wait()
    assert stopped(command_pid)
    assert not [p for p in psutil.process_iter(["cmdline"]) if marker in " ".join(p.info["cmdline"] or [])
                and p.status() != psutil.STATUS_ZOMBIE]
    assert snapshot(repo) == before
