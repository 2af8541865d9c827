"""The compressor's git calls: more paths than a pipe holds go through, a cancel kills git and
anything git started, and no child process outlives a finished or cancelled run."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from pathlib import Path

import psutil
import pytest

from ouroboros_tui.models.tokens import TokenCounter, estimate_tokens
from ouroboros_tui.pipeline.compressor import Stopped, compress
from ouroboros_tui.source.cancel import git
from ouroboros_tui.source.generated import attribute_flags
from tests.fixtures.synthetic_repo import module_path, write_repo


def estimate() -> TokenCounter:
    return TokenCounter(estimate_tokens, "estimate", exact=False)


def _children() -> set[int]:
    """Live child processes of this test process (earlier tests may keep their own, e.g. a JS checker)."""
    found = set()
    for proc in psutil.Process(os.getpid()).children(recursive=True):
        try:
            if proc.status() != psutil.STATUS_ZOMBIE:
                found.add(proc.pid)
        except psutil.NoSuchProcess:
            continue
    return found


def _in_thread(call: object, limit_s: float) -> list[object]:
    """Runs call() in a thread; [] when it did not come back within limit_s (a hang)."""
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(call()), daemon=True)  # type: ignore[operator]
    thread.start()
    thread.join(limit_s)
    return result


def test_check_attr_with_more_paths_than_a_pipe_holds_answers_for_every_path(tmp_path: Path) -> None:
    # 50,000 paths (~1.4 MB on git's stdin): the call used to wait forever once the first write
    # did not fit, and the benchmark at 20,000 files hung with `git check-attr` left running.
    git_repo = tmp_path / "repo"
    write_repo(git_repo, 5, commit=False)
    before = _children()
    paths = [f"gen/part{i // 500}/file{i}.py" if i % 2 else module_path(i) for i in range(50_000)]
    result = _in_thread(lambda: attribute_flags(git_repo, paths), 30.0)
    assert result, "git check-attr did not come back"
    flags = result[0]
    assert isinstance(flags, dict)
    assert len(flags) == 25_000 and flags["gen/part0/file1.py"] == "generated"
    assert module_path(2) not in flags
    assert _children() <= before


def test_a_cancel_kills_git_and_what_git_started(tmp_path: Path) -> None:
    write_repo(tmp_path, 1, commit=False)
    marker = "31.4159"  # an unusual sleep to find among the machine's processes
    before = _children()
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(Stopped):
        git(tmp_path, ["-c", f"alias.slow=!sleep {marker}", "slow"], cancel)
    assert time.monotonic() - started < 0.3 + 0.5
    time.sleep(0.1)
    left = [p for p in psutil.process_iter(["cmdline"]) if marker in " ".join(p.info["cmdline"] or [])]
    assert not left and _children() <= before


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("procs") / "repo"
    write_repo(root, 2500)  # .gitattributes: check-attr gets ~60 kB of paths, about a pipe's worth
    return root


# Slow tier: the tests on the 2,500-file repo (seconds to write and commit). A cancel killing git and
# what git started stays fast in test_a_cancel_kills_git_and_what_git_started.
@pytest.mark.slow
@pytest.mark.parametrize("delay_s", [0.0, 0.02, 0.1, 0.3])
def test_no_child_process_outlives_a_cancelled_or_finished_run(generated: Path, delay_s: float) -> None:
    root = generated
    shutil.rmtree(root / ".ouroboros", ignore_errors=True)  # a cold run: every stage can be hit
    before = _children()
    cancel = threading.Event()
    timer = threading.Timer(delay_s, cancel.set)
    timer.start()
    with contextlib.suppress(Stopped):  # a run the cancel missed finishes: both must leave nothing
        compress(root, "x", [module_path(1)], estimate(), 2000, cancel=cancel)
    timer.join()
    assert _children() <= before
    ctx = compress(root, "make compute_7 return a float", [module_path(7)], estimate(), 2000)
    assert "def compute_7" in ctx.text and ctx.report["files"]["files"] > 2500
    assert _children() <= before


def test_one_listing_tells_changed_deleted_untracked_and_ignored_files_apart(
        tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    from ouroboros_tui.source.snapshot import blob_id, snapshot

    write_repo(tmp_path, 4)
    (tmp_path / module_path(1)).write_text("edited = 1\n")
    (tmp_path / module_path(2)).unlink()
    (tmp_path / "new.py").write_text("fresh = 1\n")
    (tmp_path / ".gitignore").write_text("ignored.py\n")
    (tmp_path / "ignored.py").write_text("x = 1\n")
    (tmp_path / "link.py").symlink_to(tmp_path / "new.py")
    listing = snapshot(tmp_path)
    files = listing.files
    assert listing.caches_trusted
    assert files[module_path(0)] == blob_id((tmp_path / module_path(0)).read_bytes())  # unchanged: git's id
    assert files[module_path(1)] is None and files["new.py"] is None and files[".gitignore"] is None
    assert module_path(2) not in files and "ignored.py" not in files and "link.py" not in files
    assert list(files) == sorted(files)
    assert snapshot(tmp_path_factory.mktemp("plain")) == ({}, False)


def test_gitattributes_flag_files_only_through_linguist_settings(tmp_path: Path) -> None:
    from ouroboros_tui.source.generated import attribute_flags, mentions_linguist

    write_repo(tmp_path, 3, commit=False)
    (tmp_path / "gen" / ".gitattributes").write_text("*.py text eol=lf\n")
    (tmp_path / ".gitattributes").write_text("*.sh text eol=lf\n")
    paths = [".gitattributes", "gen/.gitattributes", "gen/schema.py", module_path(0)]
    assert not mentions_linguist(tmp_path, paths)  # eol settings only: no git call needed
    (tmp_path / "gen" / ".gitattributes").write_text("schema.py linguist-vendored\n")
    assert mentions_linguist(tmp_path, paths)
    assert attribute_flags(tmp_path, paths) == {"gen/schema.py": "vendored"}


@pytest.mark.slow  # the 2,500-file repo, as above
def test_the_garbage_collector_is_back_after_runs_that_finish_or_stop(generated: Path) -> None:
    import gc

    from ouroboros_tui.source import gc_pause

    assert gc.isenabled()
    with gc_pause.paused():
        with gc_pause.paused():  # a second run, nested
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Stopped):
        compress(generated, "x", [module_path(1)], estimate(), 2000, cancel=cancel)
    assert gc.isenabled()
    gc.disable()  # a caller that turned it off keeps it off
    try:
        compress(generated, "make compute_3 return a float", [module_path(3)], estimate(), 2000)
        assert not gc.isenabled()
    finally:
        gc.enable()
