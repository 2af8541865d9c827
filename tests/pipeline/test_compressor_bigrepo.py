"""The compressor on a generated repository with known callers and callees: what the change needs
is kept, noise is not, tags are cached by blob id, a cancel lands fast, the report stays small."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from ouroboros_tui.models.tokens import TokenCounter, estimate_tokens
from ouroboros_tui.pipeline.compressor import Stopped, compress
from tests.conftest import git
from tests.fixtures.synthetic_repo import callees, callers, module_path, write_repo

FILES = 300


def estimate() -> TokenCounter:
    return TokenCounter(estimate_tokens, "estimate", exact=False)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic") / "repo"
    write_repo(root, FILES)
    return root


def _target(synthetic: Path) -> int:
    return next(n for n in range(FILES) if len(callers(n, FILES)) >= 3 and len(callees(n, FILES)) >= 2)


def test_known_callers_and_callees_are_kept_and_noise_is_not(synthetic: Path) -> None:
    n = _target(synthetic)
    ctx = compress(synthetic, f"make compute_{n} return a float", [module_path(n)], estimate(), 3000)
    kept = ctx.report["kept"]
    by_kind: dict[str, set[str]] = {}
    for entry in kept:
        by_kind.setdefault(entry["kind"], set()).add(entry["path"])
    assert by_kind["whole"] == {module_path(n)}
    assert {module_path(c) for c in callees(n, FILES)} <= by_kind["definitions"]
    assert {module_path(c) for c in callers(n, FILES)} <= by_kind["callers"]
    for c in callees(n, FILES):  # the callee's own code, not just its name
        assert f"def compute_{c}(value):" in ctx.text
    for c in callers(n, FILES):
        entry = next(e for e in kept if e["path"] == module_path(c) and e["kind"] == "callers")
        assert entry["why"] == f"calls Helper_{n}, compute_{n} of the target" or f"compute_{n}" in entry["why"]
    noise = {"pkg/stubs.py", "static/app.min.js", "static/bundle.js", "vendor/lib/copy.py", "gen/schema.py"}
    assert not noise & {e["path"] for e in kept}
    assert {ctx.skipped[p] for p in noise} == {"generated", "minified", "vendored"}
    assert ctx.report["task_identifiers"] == [f"compute_{n}"]  # "make", "return", "float" are words


def test_plain_words_name_nothing_unless_the_repo_defines_them(git_repo: Path) -> None:
    (git_repo / "a.py").write_text("def local(variable):\n    return variable\n")
    (git_repo / "b.py").write_text("def other():\n    pass\n")
    (git_repo / "c.py").write_text("def load_rows(path):\n    return []\n")
    ctx = compress(git_repo, "rename the local variable in other and load_rows", ["b.py"], estimate(), 2000)
    assert ctx.report["task_identifiers"] == ["load_rows"]  # `local` and `other` are defined, but words
    ctx = compress(git_repo, "rename the variable in `local` and other()", ["b.py"], estimate(), 2000)
    assert ctx.report["task_identifiers"] == ["local", "other"]  # written as code


def test_second_run_reads_tags_from_the_cache_and_an_edit_retags_one_file(synthetic: Path) -> None:
    target = [module_path(5)]
    compress(synthetic, "first", target, estimate(), 2000)
    warm = compress(synthetic, "second", target, estimate(), 2000)
    files = warm.report["files"]
    assert files["tagged"] == 0 and files["cached"] >= FILES  # vendored and minified names: never read
    edited = synthetic / module_path(7)
    before = edited.read_text()
    try:
        edited.write_text(before + "\n\ndef brand_new_helper():\n    return compute_7(1)\n")
        after = compress(synthetic, "third", target, estimate(), 2000)
        assert after.report["files"]["tagged"] == 1
    finally:
        edited.write_text(before)
    # The cache lives in the ignored run folder: git status stays clean.
    assert (synthetic / ".ouroboros" / "cache" / "tags.sqlite3").is_file()
    assert git(synthetic, "status", "--porcelain") == ""


def test_the_same_task_on_the_same_content_reuses_the_context(synthetic: Path) -> None:
    first = compress(synthetic, "reuse me compute_9", [module_path(9)], estimate(), 1500)
    again = compress(synthetic, "reuse me compute_9", [module_path(9)], estimate(), 1500)
    assert again.text == first.text and again.report.get("reused") is True and not first.report.get("reused")


def test_report_stays_small_however_much_is_dropped(synthetic: Path) -> None:
    ctx = compress(synthetic, "x", [module_path(3)], estimate(), 200)
    assert ctx.report["dropped"]["count"] == len(ctx.dropped) > 10
    assert len(ctx.report["dropped"]["examples"]) == 10
    assert len(json.dumps(ctx.report)) < 8000


def test_a_large_target_shows_the_definition_the_task_names(git_repo: Path) -> None:
    filler = "".join(f"def filler_{i}(x):\n    return x + {i}\n\n\n" for i in range(400))
    (git_repo / "big.py").write_text(filler + "def deep_target(x):\n    return x * 42\n")
    ctx = compress(git_repo, "make deep_target return x * 43", ["big.py"], estimate(), 800)
    entry = ctx.report["kept"][0]
    assert entry["kind"] == "excerpt" and entry["symbols"] == ["deep_target"]
    assert "return x * 42" in ctx.text


# Slow tier: writes and commits 3,000 files first; a cancel stops the compressor's git calls in
# tests/pipeline/test_compressor_processes.py (fast).
@pytest.mark.slow
def test_cancel_takes_effect_within_half_a_second(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write_repo(root, 3000)
    cancel = threading.Event()
    fired: list[float] = []

    def fire() -> None:
        fired.append(time.monotonic())
        cancel.set()

    timer = threading.Timer(0.1, fire)  # well inside a cold run of 3,000 files, however fast the machine
    timer.start()
    with pytest.raises(Stopped):
        compress(root, "x", [module_path(1)], estimate(), 2000, cancel=cancel)
    stopped = time.monotonic()
    timer.join()
    assert fired and stopped - fired[0] < 0.5


def _users(repo: Path) -> dict[str, set[tuple[str, int]]]:
    from ouroboros_tui.source.grammar import language_for, parser_for
    from ouroboros_tui.source.repo_index import build_index

    index = build_index(repo, [], max_file_bytes=10**6, language_for=language_for, parser_for=parser_for)
    defined = {name for info in index.files.values() for name in info.names}
    return {name: set(users) for name, users in index.users.items() if users and name in defined}


def test_the_stored_index_patched_after_edits_equals_a_rebuild(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_repo(repo, 60)
    _users(repo)  # stores the index
    (repo / "pkg" / "new.py").write_text("from pkg.g0.m5 import compute_5\n\n\ndef fresh():\n    return compute_5(2)\n")
    (repo / module_path(7)).unlink()
    edited = repo / module_path(9)
    edited.write_text(edited.read_text().replace("compute_", "calc_"))
    patched = _users(repo)
    (repo / ".ouroboros" / "cache" / "graph.marshal").unlink()
    assert patched == _users(repo)
    assert ("pkg/new.py", 2) in patched["compute_5"]


def test_a_cache_shipped_inside_the_repository_is_not_trusted(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_repo(repo, 20)
    (repo / ".ouroboros" / "cache").mkdir(parents=True)
    (repo / ".ouroboros" / "cache" / "graph.marshal").write_bytes(b"\xff not marshal")
    git(repo, "add", "-f", ".ouroboros")
    ctx = compress(repo, "x", [module_path(1)], estimate(), 1000)
    assert ctx.report["files"]["tagged"] >= 20  # tagged afresh, in memory
    assert (repo / ".ouroboros" / "cache" / "graph.marshal").read_bytes() == b"\xff not marshal"


def test_damaged_caches_are_rebuilt(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_repo(repo, 20)
    first = compress(repo, "compute_3 once", [module_path(3)], estimate(), 1500)
    import marshal

    cache = repo / ".ouroboros" / "cache"
    (cache / "graph.marshal").write_bytes(marshal.dumps({"version": 1, "files": {"x": 1}, "users": {}}))
    (cache / "tags.sqlite3").write_bytes(b"not a database at all" * 100)
    again = compress(repo, "compute_3 twice", [module_path(3)], estimate(), 1500)
    assert [e["path"] for e in again.report["kept"]] == [e["path"] for e in first.report["kept"]]


def test_a_dry_run_reads_the_caches_and_writes_nothing(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_repo(repo, 30)
    dry = compress(repo, "compute_4", [module_path(4)], estimate(), 1500, write_cache=False)
    assert not (repo / ".ouroboros").exists()
    compress(repo, "compute_4 warm up", [module_path(4)], estimate(), 1500)
    cache = repo / ".ouroboros" / "cache"
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    again = compress(repo, "compute_4 again", [module_path(4)], estimate(), 1500, write_cache=False)
    assert again.report["files"]["tagged"] == 0
    after = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert after == before
    assert [e["path"] for e in again.report["kept"]] == [e["path"] for e in dry.report["kept"]]
