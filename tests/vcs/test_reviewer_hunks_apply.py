"""A reviewer's own hunks (some of the model's lines, `patch/hunk_edit.py`) through the real apply on a
real repository, over generated files and choices (CRLF or LF, with or without a final newline): the
commit is HEAD plus exactly the reviewer's hunks, the work tree holds it, verify accepts the commit and
its `Ouroboros-Edited` trailer counts the reviewer's hunks; a choice the gate refuses changes nothing.
(The user's own staged and unstaged work around an apply is the staging property's domain.)"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ouroboros_tui.apply.apply_run import apply_run
from ouroboros_tui.apply.errors import ApplyRefused
from ouroboros_tui.apply.undo import verify_commit
from ouroboros_tui.patch.hunk_edit import changed_lines, select_lines
from ouroboros_tui.patch.hunks import Hunk, apply_hunks
from ouroboros_tui.patch.review import ACCEPT, ReviewSession
from tests.conftest import git
from tests.vcs.helpers import make_run
from tests.vcs.helpers import settings as apply_settings

# Plain assignments: any subset of them is still valid Python, so the gate judges the apply, not the
# choice (a choice the gate refuses is tested in the TUI's tests).
LINE = st.sampled_from(["a = 1", "b = 2", "c = 3", "d = a", "e = b", "", "# note"])


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, str, str, list[list[int]]]:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    head = draw(st.lists(LINE, min_size=30, max_size=40))
    after = list(head)
    for _ in range(draw(st.integers(1, 4))):  # a few changes far enough apart to make several hunks
        at = draw(st.integers(0, len(after) - 1))
        after[at:at + draw(st.integers(0, 2))] = draw(st.lists(LINE, min_size=0, max_size=3))
    last = draw(st.booleans())  # with or without a final newline
    text = "".join(line + newline for line in head)
    new = "".join(line + newline for line in after)
    if not last:
        text, new = text.removesuffix(newline), new.removesuffix(newline) or new
    choices = draw(st.lists(st.lists(st.integers(0, 60), min_size=1, max_size=6), min_size=4, max_size=4))
    return text, new, newline, choices


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])  # fmt: skip
@given(cases())
def test_reviewer_hunks_commit_exactly_and_verify(git_repo: Path, case: tuple[str, str, str, list[list[int]]]) -> None:
    text, new, newline, choices = case
    repo = git_repo.parent / "example"
    shutil.rmtree(repo, ignore_errors=True)
    shutil.copytree(git_repo, repo, symlinks=True)
    (repo / "m.py").write_bytes(text.encode())
    git(repo, "add", "m.py")
    git(repo, "commit", "-q", "-m", "m")
    if text == new:
        event("no change drawn")
        return
    record = make_run(repo, {"m.py": new})
    assert record.patch is not None and record.patch.hunks
    session = ReviewSession(record.patch)
    expected: list[Hunk] = []
    for hunk, picks in zip(list(session.hunks), choices, strict=False):
        candidates = changed_lines(hunk)
        chosen = {candidates[i % len(candidates)] for i in picks}
        revised = select_lines(hunk, chosen)
        if revised is None:
            continue
        if revised is hunk:
            session.decide(ACCEPT, hunk.id)
        else:
            session.revise(revised, hunk.id)
        expected.append(revised)
    accepted = session.accepted_ids()
    if not accepted:
        event("no line chosen")
        return
    edited = sum(1 for h in expected if h.edited)
    try:
        result = apply_run(repo, record, accepted, apply_settings(repo))
    except ApplyRefused as exc:  # only a gate refusal may stop it, and then nothing changed
        assert "safety gate" in str(exc) and git(repo, "status", "--porcelain") == ""
        event("refused by the gate")
        return
    event(f"committed, {edited} reviewer hunk(s)")
    committed = subprocess.run(["git", "show", f"{result.commit}:m.py"], cwd=repo, check=True,
                               capture_output=True).stdout.decode()  # bytes: CRLF kept as committed
    assert committed == apply_hunks(text, expected, "m.py")  # HEAD plus exactly the reviewer's hunks
    assert (repo / "m.py").read_bytes().decode() == committed  # the work tree has what was committed
    message = git(repo, "log", "-1", "--format=%B")
    assert (f"Ouroboros-Edited: {edited}/{len(accepted)}" in message) == bool(edited)
    assert ("Ouroboros-Edited" in message) == bool(edited)
    assert verify_commit(repo).ok
    assert newline == "\r\n" or "\r" not in committed
