"""The static gate levels at apply (a subset is re-checked and refused naming its hunks) and at verify
(the committed files are checked again against their parent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ouroboros_tui.apply.apply_run import apply_run
from ouroboros_tui.apply.errors import ApplyRefused
from ouroboros_tui.provenance.verify import verify
from ouroboros_tui.vcs.git import GitRepo
from tests.conftest import git
from tests.vcs.helpers import make_run, settings, snapshot

FILLER = "".join(f"v{i} = {i}\n" for i in range(20))
BEFORE = "import os\n\n" + FILLER + "\n\ndef size(p):\n    return os.path.getsize(p)\n"


@pytest.fixture
def repo(git_repo: Path) -> Path:
    (git_repo / "m.py").write_text(BEFORE)
    git(git_repo, "add", "m.py")
    git(git_repo, "commit", "-qm", "m")
    return git_repo


def two_hunks() -> str:
    """Hunk 1 changes the import, hunk 2 (20 lines below) its use: only together are they clean."""
    return "import sys\n\n" + FILLER + "\n\ndef size(p):\n    return sys.getsizeof(p)\n"


def test_a_subset_that_leaves_an_undefined_name_is_refused_naming_the_hunks(repo: Path) -> None:
    after = two_hunks()
    run = make_run(repo, {"m.py": after})
    run.safety = {"passed": True, "levels_run": ["syntax", "semantic", "security"]}
    hunks = run.patch.hunks  # type: ignore[union-attr]
    assert len(hunks) == 2
    use = next(h for h in hunks if any("sys.getsizeof" in line for line in h.lines))
    before = snapshot(repo)
    with pytest.raises(ApplyRefused, match=r"semantic: m\.py:\d+:\d+: F821 Undefined name `sys` \(m\.py hunk\(s\) "):
        apply_run(repo, run, [use.id], settings(repo))
    assert snapshot(repo) == before
    result = apply_run(repo, run, [h.id for h in hunks], settings(repo))
    assert result.safety == "syntax=pass semantic=pass security=pass"


def test_verify_re_runs_the_static_levels_on_the_commit(repo: Path) -> None:
    run = make_run(repo, {"m.py": two_hunks()})
    run.safety = {"passed": True, "levels_run": ["syntax", "semantic", "security"]}
    apply_run(repo, run, [h.id for h in run.patch.hunks], settings(repo))  # type: ignore[union-attr]
    with GitRepo(repo) as handle:
        report = verify(handle)
    checks = {c["name"]: c for c in report.checks}
    assert report.ok and {"gate:syntax", "gate:semantic", "gate:security"} <= set(checks)
    assert checks["gate:semantic"]["detail"] == "semantic level still passes"
