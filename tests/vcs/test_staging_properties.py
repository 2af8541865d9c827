"""The staging invariants of docs/apply.md, tested on random user states of a small real repository.

For each example hypothesis draws, per file, what the user did (staged and unstaged line edits, a
staged or unstaged chmod, `rm`, `git rm`, `git rm --cached`, `git mv`, `git add -N`, an untracked
file, a file outside a sparse checkout), then a run's line changes and a random accepted subset.
After `apply`, either it refused (exit 3) and HEAD, the index, the work tree (bytes and modes) are
exactly as before, or:

* the new commit is the old HEAD plus exactly the accepted hunks (a model of the expected text,
  computed here from line numbers, not by the code under test), in HEAD's mode;
* the index and the work tree differ from the new HEAD exactly as they differed from the old one;
* every path the run did not touch is as it was, in the index and on disk.

Then `undo`: refused (exit 3) with nothing changed when a touched file has uncommitted work, else
the tree is the old HEAD's again and the index and work tree are as before the apply.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ouroboros_tui.apply.apply_run import apply_run
from ouroboros_tui.apply.errors import ApplyRefused
from ouroboros_tui.apply.undo import undo_run
from tests.conftest import git
from tests.vcs.helpers import make_run
from tests.vcs.helpers import settings as apply_settings

FILES = ("a.py", "b.py", "sub/c.py")
LINES = 24
STATES = ("clean", "unstaged", "staged", "staged+unstaged", "chmod-staged", "chmod-unstaged", "rm",
          "git-rm", "rm-cached", "mv", "sparse")
NEW_FILE_STATES = ("absent", "untracked", "intent-to-add", "staged-new")


def stem(name: str) -> str:
    return name.replace("/", "_").replace(".py", "")


def head_lines(name: str) -> list[str]:
    return [f"{stem(name)}_{i} = {i}\n" for i in range(LINES)]


@dataclass
class FileCase:
    state: str
    user_lines: dict[int, str] = field(default_factory=dict)  # line → text (uncommitted edits)
    staged_lines: dict[int, str] = field(default_factory=dict)


@st.composite
def user_states(draw: st.DrawFn) -> dict[str, FileCase]:
    cases: dict[str, FileCase] = {}
    for name in FILES:
        state = draw(st.sampled_from(STATES))
        case = FileCase(state)
        if "staged" in state and "chmod" not in state:
            case.staged_lines = {i: f"{stem(name)}_staged_{i} = 0\n" for i in
                                 draw(st.sets(st.integers(0, LINES - 1), min_size=1, max_size=2))}
        if "unstaged" in state and "chmod" not in state:
            case.user_lines = {i: f"{stem(name)}_mine_{i} = 0\n" for i in
                               draw(st.sets(st.integers(0, LINES - 1), min_size=1, max_size=2))}
        cases[name] = case
    cases["new.py"] = FileCase(draw(st.sampled_from(NEW_FILE_STATES)))
    return cases


@st.composite
def run_changes(draw: st.DrawFn) -> dict[str, dict[int, list[str]]]:
    """Per file: line → its replacement lines (0 lines: deleted, 2: one inserted)."""
    out: dict[str, dict[int, list[str]]] = {}
    for name in (*FILES, "new.py"):
        lines = draw(st.sets(st.integers(0, LINES - 1), max_size=3))
        out[name] = {i: [f"{stem(name)}_run_{i} = {j}\n" for j in range(draw(st.integers(0, 2)))] for i in lines}
    return out


def build_repo(root: Path, cases: dict[str, FileCase]) -> Path:
    repo = root / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    for key, value in (("user.name", "T"), ("user.email", "t@example.com"), ("commit.gpgsign", "false")):
        git(repo, "config", key, value)
    for name in FILES:
        (repo / name).parent.mkdir(exist_ok=True)
        (repo / name).write_text("".join(head_lines(name)))
    (repo / "other.py").write_text("x = 1\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    for name, case in cases.items():
        _make_state(repo, name, case)
    return repo


def _edit(path: Path, changes: dict[int, str]) -> None:
    lines = path.read_text().splitlines(keepends=True)
    for i, text in changes.items():
        lines[i] = text
    path.write_text("".join(lines))


def _make_state(repo: Path, name: str, case: FileCase) -> None:
    path = repo / name
    if name == "new.py":
        if case.state != "absent":
            path.write_text("new_0 = 0\nnew_1 = 1\n")
        if case.state == "intent-to-add":
            git(repo, "add", "-N", name)
        elif case.state == "staged-new":
            git(repo, "add", name)
        return
    if case.staged_lines:
        _edit(path, case.staged_lines)
        git(repo, "add", name)
    if case.user_lines:
        _edit(path, case.user_lines)
    if case.state == "chmod-staged":
        path.chmod(0o755)
        git(repo, "add", name)
    elif case.state == "chmod-unstaged":
        path.chmod(0o755)
    elif case.state == "rm":
        path.unlink()
    elif case.state == "git-rm":
        git(repo, "rm", "-q", name)
    elif case.state == "rm-cached":
        git(repo, "rm", "-q", "--cached", name)
    elif case.state == "mv":
        git(repo, "mv", name, name.replace(".py", "_moved.py"))
    elif case.state == "sparse":
        git(repo, "sparse-checkout", "set", "--no-cone", "/*", f"!/{name}")


def state_of(repo: Path) -> dict[str, object]:
    """Everything a user could look at: HEAD, the index (with flags), status, both diffs, and the
    bytes and mode of every file outside .git and .ouroboros."""
    files = {}
    for path in sorted(repo.rglob("*")):
        rel = path.relative_to(repo).as_posix()
        if rel.split("/")[0] in (".git", ".ouroboros") or path.is_dir():
            continue
        files[rel] = (path.read_bytes(), stat.S_IMODE(path.lstat().st_mode))
    return {"head": git(repo, "rev-parse", "HEAD"), "index": git(repo, "ls-files", "-s", "--debug"),
            "status": git(repo, "status", "--porcelain=v1", "--untracked-files=all"),
            "diff": git(repo, "diff"), "cached": git(repo, "diff", "--cached"), "files": files}


def index_map(repo: Path) -> dict[str, tuple[str, bytes]]:
    out = {}
    for line in git(repo, "ls-files", "-s").splitlines():
        meta, path = line.split("\t", 1)
        mode, sha, _ = meta.split()
        out[path] = (mode, subprocess.run(["git", "cat-file", "blob", sha], cwd=repo, capture_output=True,
                                          check=True).stdout)
    return out


def tree_map(repo: Path, rev: str) -> dict[str, tuple[str, bytes]]:
    out = {}
    for line in git(repo, "ls-tree", "-r", rev).splitlines():
        meta, path = line.split("\t", 1)
        mode, _, sha = meta.split()
        out[path] = (mode, subprocess.run(["git", "cat-file", "blob", sha], cwd=repo, capture_output=True,
                                          check=True).stdout)
    return out


def substitute(text: bytes, accepted: dict[int, list[str]]) -> bytes:
    """The model: each accepted line number replaced by the run's lines (all edits are same-length
    line replacements, so line numbers mean the same line in HEAD, the index and the work tree)."""
    lines = text.decode().splitlines(keepends=True)
    out = []
    for i, line in enumerate(lines):
        out.extend(accepted.get(i, [line]))
    return "".join(out).encode()


def _accepted_lines(run, selected: set[str], name: str, changes: dict[int, list[str]]) -> dict[int, list[str]]:
    """The run's line changes that fall in the accepted hunks of `name`."""
    chosen = {}
    for hunk in run.patch.hunks:
        if hunk.path != name or hunk.id not in selected:
            continue
        covered = range(hunk.old_start, hunk.old_start + max(len(hunk.old), 1))
        chosen.update({i: changes[i] for i in changes if i in covered})
    return chosen


def check_example(tmp: Path, cases: dict[str, FileCase], changes: dict[str, dict[int, list[str]]],
                  pick: list[bool]) -> str:
    repo = build_repo(tmp, cases)
    targets: dict[str, str] = {}
    for name, lines in changes.items():
        path = repo / name
        if not lines:
            continue
        current = path.read_bytes() if path.exists() else None
        base = current if current is not None else b""
        if current is None:  # missing from the tree: the model "creates" the file anew
            targets[name] = "".join(head_lines(name)) if name != "new.py" else "created = 1\n"
        else:
            targets[name] = substitute(base, lines).decode()
    targets = {n: t for n, t in targets.items() if (repo / n).exists() is False or (repo / n).read_text() != t}
    if not targets:
        return "no change"
    run = make_run(repo, targets)
    hunks = run.patch.hunks  # type: ignore[union-attr]
    selected = {h.id for h, keep in zip(hunks, pick * len(hunks), strict=False) if keep} or {hunks[0].id}
    before = state_of(repo)
    old_head = before["head"].strip()  # type: ignore[union-attr]
    old_tree, old_index = tree_map(repo, "HEAD"), index_map(repo)
    try:
        apply_run(repo, run, [h.id for h in hunks if h.id in selected], apply_settings(repo))
    except ApplyRefused as exc:
        assert state_of(repo) == before, "a refused apply changed something"
        chosen = {h.path for h in hunks if h.id in selected}
        harmless = {"clean", "chmod-unstaged", "absent", "untracked", "intent-to-add"}
        assert not all(cases[p].state in harmless for p in chosen), f"refused a clean apply: {exc}"
        return "refused"
    touched = sorted({h.path for h in hunks if h.id in selected})
    assert git(repo, "rev-parse", "HEAD^").strip() == old_head
    new_tree, new_index = tree_map(repo, "HEAD"), index_map(repo)
    assert sorted(git(repo, "diff-tree", "-r", "--name-only", "--no-commit-id", "HEAD").split()) == touched
    after_files = state_of(repo)["files"]
    for name in touched:
        accepted = _accepted_lines(run, selected, name, changes[name])
        if name in old_tree:
            mode, text = old_tree[name]
            assert new_tree[name] == (mode, substitute(text, accepted)), f"{name}: commit is not HEAD + hunks"
            if name in old_index:
                imode, itext = old_index[name]
                assert new_index[name] == (imode, substitute(itext, accepted)), f"{name}: index delta changed"
            else:
                assert name not in new_index, f"{name}: a staged removal was undone"
        else:  # untracked or intent-to-add: tracked now, as the run leaves it
            assert new_tree[name][1] == (repo / name).read_bytes() == new_index[name][1]
        if name not in before["files"]:  # type: ignore[operator]
            assert after_files[name][0] == targets[name].encode()  # type: ignore[index]
            continue
        old_bytes, old_mode = before["files"][name]  # type: ignore[index]
        assert after_files[name] == (substitute(old_bytes, accepted), old_mode), f"{name}: work tree"  # type: ignore[index]
    for name in set(old_index) | set(new_index):
        if name not in touched:
            assert old_index.get(name) == new_index.get(name), f"{name}: index changed outside the run"
    for name, value in before["files"].items():  # type: ignore[union-attr]
        if name not in touched:
            assert after_files.get(name) == value, f"{name}: work tree changed outside the run"  # type: ignore[union-attr]
    _check_undo(repo, run.run_id, old_tree, old_index, before)
    return "applied"


def _check_undo(repo: Path, run_id: str, old_tree: dict, old_index: dict, before: dict) -> None:
    applied = state_of(repo)
    try:
        undo_run(repo, run_id)
    except ApplyRefused:
        assert state_of(repo) == applied, "a refused undo changed something"
        return
    assert tree_map(repo, "HEAD") == old_tree, "undo did not give back the old tree"
    assert index_map(repo) == old_index, "undo did not give back the index"
    assert state_of(repo)["files"] == before["files"], "undo did not give back the work tree"


# ~0.4 s an example (a repo, an apply, an undo): the fast tier draws few; the big budget below (slow
# tier) draws 400. OUROBOROS_PROPERTY_EXAMPLES raises the fast one when hunting a bug.
EXAMPLES = int(os.environ.get("OUROBOROS_PROPERTY_EXAMPLES", "10"))


def _run(tmp_path_factory: pytest.TempPathFactory, cases, changes, pick) -> None:  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("prop")
    try:
        event(check_example(tmp, cases, changes, pick))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])
@given(cases=user_states(), changes=run_changes(), pick=st.lists(st.booleans(), min_size=1, max_size=6))
def test_apply_commits_exactly_the_reviewed_hunks_and_keeps_the_users_delta(
        tmp_path_factory: pytest.TempPathFactory, cases, changes, pick) -> None:  # type: ignore[no-untyped-def]
    _run(tmp_path_factory, cases, changes, pick)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(cases=user_states(), changes=run_changes(), pick=st.lists(st.booleans(), min_size=1, max_size=6))
def test_staging_invariants_big_budget(tmp_path_factory: pytest.TempPathFactory, cases, changes, pick) -> None:  # type: ignore[no-untyped-def]
    _run(tmp_path_factory, cases, changes, pick)
