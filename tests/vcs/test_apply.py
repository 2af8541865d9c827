"""Applying a selection of hunks to a real repository: only those hunks are committed, the user's
own staged and unstaged work survives byte for byte, and every refusal changes nothing."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from ouroboros_tui.apply.apply_run import ApplyError, ApplyRefused, apply_run
from ouroboros_tui.errors import UsageError
from ouroboros_tui.patch.hunks import apply_hunks
from ouroboros_tui.runs.persist import load_record
from tests.conftest import git
from tests.vcs.helpers import make_run, numbered, settings, snapshot

SAFETY = re.compile(r"^syntax=pass semantic=pass security=pass$")  # the levels that ran, in order


@pytest.fixture
def repo(git_repo: Path) -> Path:
    (git_repo / "app.py").write_text(numbered(60))
    (git_repo / "notes.txt").write_text("one\ntwo\n")
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "add app")
    return git_repo


def three_hunk_change() -> str:
    return (numbered(60).replace("v20 = 20", "v20 = 200")
            .replace("v35 = 35", "v35 = 350").replace("v55 = 55", "v55 = 550"))


def strip_index_lines(diff: str) -> str:
    return "".join(line for line in diff.splitlines(keepends=True) if not line.startswith("index "))


def test_subset_commits_only_chosen_hunks_and_keeps_users_work(repo: Path) -> None:
    run = make_run(repo, {"app.py": three_hunk_change()})
    assert run.patch is not None and len(run.patch.hunks) == 3
    # The user's own work, made after generation would be refused in app.py: so set it up first and
    # generate on top of it, as the pipeline would have seen it.
    (repo / "app.py").write_text(numbered(60).replace("v3 = 3", "v3 = 'mine'"))
    (repo / "notes.txt").write_text("one\ntwo\nstaged by me\n")
    git(repo, "add", "notes.txt")
    run = make_run(repo, {"app.py": three_hunk_change().replace("v3 = 3", "v3 = 'mine'")})
    before = snapshot(repo)
    first, _, third = run.patch.hunks  # type: ignore[union-attr]

    result = apply_run(repo, run, [first.id, third.id], settings(repo))

    assert git(repo, "rev-parse", "HEAD").strip() == result.commit
    committed = git(repo, "show", "HEAD:app.py")
    old_head = git(repo, "show", "HEAD~1:app.py")
    assert committed == old_head.replace("v20 = 20", "v20 = 200").replace("v55 = 55", "v55 = 550")
    assert "'mine'" not in committed and "350" not in committed
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["app.py"]
    # Unstaged edit in app.py: still unstaged, same text. Staged notes.txt: still staged, same diff.
    after = snapshot(repo)
    assert strip_index_lines(after["diff"]) == strip_index_lines(before["diff"])
    assert after["cached"] == before["cached"]
    assert "v3 = 'mine'" in after["diff"]
    work = (repo / "app.py").read_text()
    assert "v3 = 'mine'" in work and "v20 = 200" in work and "v35 = 35\n" in work
    assert result.applied == [first.id, third.id] and result.files == ["app.py"]
    git(repo, "fsck", "--strict", "--no-dangling")  # the objects we wrote in-process are sound


def test_record_is_applied_with_file_modifications_and_backup(repo: Path) -> None:
    run = make_run(repo, {"app.py": three_hunk_change(), "pkg/new.py": "def f():\n    return 1\n"})
    ids = [h.id for h in run.patch.hunks]  # type: ignore[union-attr]
    result = apply_run(repo, run, ids, settings(repo))
    loaded = load_record(repo, run.run_id)
    assert loaded.status == "applied" and loaded.commit == result.commit
    assert loaded.selection == ids
    mods = {m["path"]: m for m in loaded.file_modifications}
    assert mods["pkg/new.py"]["action"] == "created" and mods["pkg/new.py"]["backup"] is None
    backup = repo / mods["app.py"]["backup"]
    assert backup.read_text() == numbered(60)
    assert (repo / "pkg/new.py").read_text() == "def f():\n    return 1\n"
    assert git(repo, "status", "--porcelain") == ""  # .ouroboros/ ignores itself


def test_trailers_parse_with_git_interpret_trailers(repo: Path) -> None:
    run = make_run(repo, {"app.py": three_hunk_change()}, task="Make the numbers bigger")
    first = run.patch.hunks[0]  # type: ignore[union-attr]
    result = apply_run(repo, run, [first.id], settings(repo))
    message = git(repo, "log", "-1", "--format=%B")
    assert message.splitlines()[0] == "Make the numbers bigger"
    parsed = subprocess.run(["git", "interpret-trailers", "--parse"], input=message, text=True,
                            capture_output=True, check=True, cwd=repo).stdout
    trailers = dict(line.split(": ", 1) for line in parsed.splitlines())
    assert list(trailers) == ["Ouroboros-Run", "Ouroboros-Models", "Ouroboros-Safety", "Ouroboros-Attempts",
                              "Ouroboros-Risk", "Ouroboros-Hunks", "Ouroboros-Artifact"]
    assert trailers["Ouroboros-Run"] == run.run_id
    assert trailers["Ouroboros-Models"] == "reasoner=scripted:plan.jsonl; builder=tiny/coder"
    assert SAFETY.match(trailers["Ouroboros-Safety"]), trailers["Ouroboros-Safety"]
    assert trailers["Ouroboros-Risk"] == "0.12"
    assert trailers["Ouroboros-Hunks"] == "1/3"
    artifact = repo / ".ouroboros" / "runs" / run.run_id / "artifact_metadata.json"
    import hashlib

    assert trailers["Ouroboros-Artifact"] == f"sha256:{hashlib.sha256(artifact.read_bytes()).hexdigest()}"
    assert result.artifact_sha256 == trailers["Ouroboros-Artifact"].removeprefix("sha256:")
    # The human is author and committer.
    assert git(repo, "log", "-1", "--format=%an <%ae>|%cn <%ce>").strip() == \
        "Test User <test@example.com>|Test User <test@example.com>"


def test_long_task_subject_is_cut_to_72(repo: Path) -> None:
    task = "Rename every variable in the module to something much more descriptive than what it has now"
    run = make_run(repo, {"app.py": three_hunk_change()}, task=task)
    apply_run(repo, run, [run.patch.hunks[0].id], settings(repo))  # type: ignore[union-attr]
    subject, _, body = git(repo, "log", "-1", "--format=%B").partition("\n\n")
    assert len(subject) <= 72 and subject.endswith("…")
    assert task in body


def test_file_edited_after_generation_is_refused(repo: Path) -> None:
    run = make_run(repo, {"app.py": three_hunk_change()})
    (repo / "app.py").write_text(numbered(60) + "extra = 1\n")
    before = snapshot(repo)
    with pytest.raises(ApplyRefused, match=r"app\.py changed since run .* regenerate|app\.py changed since"):
        apply_run(repo, run, [run.patch.hunks[0].id], settings(repo))  # type: ignore[union-attr]
    assert snapshot(repo) == before
    assert (repo / "app.py").read_text().endswith("extra = 1\n")
    assert load_record(repo, run.run_id).status == "pending"


def test_new_file_that_appeared_meanwhile_is_refused(repo: Path) -> None:
    run = make_run(repo, {"fresh.py": "x = 1\n"})
    (repo / "fresh.py").write_text("user = 'wrote this'\n")
    with pytest.raises(ApplyRefused, match=r"fresh\.py did not exist"):
        apply_run(repo, run, [run.patch.hunks[0].id], settings(repo))  # type: ignore[union-attr]
    assert (repo / "fresh.py").read_text() == "user = 'wrote this'\n"


def test_subset_that_breaks_syntax_is_refused_naming_the_hunks(repo: Path) -> None:
    after = 's = """\n' + numbered(60) + '"""\n'
    run = make_run(repo, {"app.py": after})
    first, second = run.patch.hunks  # type: ignore[union-attr]
    before = snapshot(repo)
    with pytest.raises(ApplyRefused, match=r"hunk\(s\) 1 need hunk 2"):
        apply_run(repo, run, [first.id], settings(repo))
    assert snapshot(repo) == before
    # Unsafe mode applies it anyway and says so in the trailer.
    result = apply_run(repo, run, [first.id], settings(repo, safe_mode=False))
    assert result.safety.startswith("syntax=fail ") and "(safe mode off)" in result.safety
    assert second.id not in result.applied


def test_user_edit_inside_a_hunk_is_refused(repo: Path) -> None:
    # Generated on top of an uncommitted edit that sits inside the hunk's context lines.
    (repo / "app.py").write_text(numbered(60).replace("v19 = 19", "v19 = 'mine'"))
    run = make_run(repo, {"app.py": numbered(60).replace("v19 = 19", "v19 = 'mine'").replace("v20 = 20", "v20 = 2")})
    before = snapshot(repo)
    with pytest.raises(ApplyRefused, match="edited but have not committed"):
        apply_run(repo, run, [run.patch.hunks[0].id], settings(repo))  # type: ignore[union-attr]
    assert snapshot(repo) == before


def test_refusal_over_user_edits_names_the_command_for_the_other_hunks(repo: Path) -> None:
    mine = numbered(60).replace("v19 = 19", "v19 = 'mine'")
    (repo / "app.py").write_text(mine)
    run = make_run(repo, {"app.py": mine.replace("v20 = 20", "v20 = 2").replace("v50 = 50", "v50 = 5")})
    first, second = run.patch.hunks  # type: ignore[union-attr]
    with pytest.raises(ApplyRefused, match=rf"hunk\(s\) 1 touch.*apply {run.run_id} --hunks 2`"):
        apply_run(repo, run, [first.id, second.id], settings(repo))
    result = apply_run(repo, run, [second.id], settings(repo))  # the command it named works
    assert result.applied == [second.id]
    assert "v19 = 'mine'" in (repo / "app.py").read_text()


def test_staged_change_in_same_file_stays_staged_and_out_of_commit(repo: Path) -> None:
    staged = numbered(60).replace("v2 = 2", "v2 = 'staged'")
    (repo / "app.py").write_text(staged)
    git(repo, "add", "app.py")
    run = make_run(repo, {"app.py": staged.replace("v50 = 50", "v50 = 5000")})
    apply_run(repo, run, [run.patch.hunks[0].id], settings(repo))  # type: ignore[union-attr]
    assert "'staged'" not in git(repo, "show", "HEAD:app.py")
    assert "v50 = 5000" in git(repo, "show", "HEAD:app.py")
    cached = git(repo, "diff", "--cached")
    assert "+v2 = 'staged'" in cached and "5000" not in cached
    assert git(repo, "diff") == ""


def test_empty_repository_gets_a_root_commit(tmp_path: Path) -> None:
    repo = tmp_path / "empty"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test User")
    git(repo, "config", "user.email", "test@example.com")
    (repo / "draft.py").write_text("a = 1\n")
    run = make_run(repo, {"draft.py": "a = 2\n", "new.py": "b = 1\n"})
    result = apply_run(repo, run, [h.id for h in run.patch.hunks], settings(repo))  # type: ignore[union-attr]
    assert result.root_commit and git(repo, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(repo, "show", "HEAD:draft.py") == "a = 2\n"
    assert git(repo, "status", "--porcelain") == ""


def test_detached_head_commits_and_says_so(repo: Path) -> None:
    git(repo, "checkout", "-q", "--detach")
    main_before = git(repo, "rev-parse", "main")
    run = make_run(repo, {"app.py": three_hunk_change()})
    result = apply_run(repo, run, [run.patch.hunks[1].id], settings(repo))  # type: ignore[union-attr]
    assert result.detached and result.branch is None
    assert any("detached" in w for w in result.warnings)
    assert git(repo, "rev-parse", "HEAD").strip() == result.commit
    assert git(repo, "rev-parse", "main") == main_before


def test_mid_merge_is_refused(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "other")
    (repo / "notes.txt").write_text("theirs\n")
    git(repo, "commit", "-q", "-am", "theirs")
    git(repo, "checkout", "-q", "main")
    (repo / "notes.txt").write_text("ours\n")
    git(repo, "commit", "-q", "-am", "ours")
    subprocess.run(["git", "merge", "-q", "other"], cwd=repo, capture_output=True, check=False)
    assert (repo / ".git" / "MERGE_HEAD").exists()
    run = make_run(repo, {"app.py": three_hunk_change()})
    with pytest.raises(ApplyRefused, match="middle of a merge"):
        apply_run(repo, run, [run.patch.hunks[0].id], settings(repo))  # type: ignore[union-attr]
    assert (repo / "app.py").read_text() == numbered(60)


def test_not_a_repository_is_a_usage_error(tmp_path: Path, repo: Path) -> None:
    run = make_run(repo, {"app.py": three_hunk_change()}, save=False)
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(ApplyError, match="not inside a git repository") as info:
        apply_run(plain, run, [run.patch.hunks[0].id], settings(repo))  # type: ignore[union-attr]
    assert isinstance(info.value, UsageError)  # exit 2


def test_missing_identity_names_git_config(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    for name in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL", "EMAIL", "GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.delenv(name, raising=False)
    git(repo, "config", "--unset", "user.email")
    run = make_run(repo, {"app.py": three_hunk_change()})
    with pytest.raises(ApplyError, match=r"git config user\.email") as info:
        apply_run(repo, run, [run.patch.hunks[0].id], settings(repo))  # type: ignore[union-attr]
    assert isinstance(info.value, UsageError)  # exit 2
    assert (repo / "app.py").read_text() == numbered(60)


def test_failing_pre_commit_hook_puts_files_back(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'hook says no' >&2\nexit 1\n")
    hook.chmod(0o755)
    run = make_run(repo, {"app.py": three_hunk_change()})
    before = snapshot(repo)
    with pytest.raises(ApplyError, match="hook says no"):
        apply_run(repo, run, [run.patch.hunks[0].id], settings(repo))  # type: ignore[union-attr]
    assert snapshot(repo) == before and (repo / "app.py").read_text() == numbered(60)
    assert load_record(repo, run.run_id).status == "pending"
    # With hooks off (config), the same run goes through.
    result = apply_run(repo, run, [run.patch.hunks[0].id], settings(repo, run_git_hooks=False))  # type: ignore[union-attr]
    assert git(repo, "rev-parse", "HEAD").strip() == result.commit


def test_file_mode_is_preserved(repo: Path) -> None:
    script = repo / "run.sh"
    script.write_text("#!/bin/sh\necho hi\n")
    script.chmod(0o755)
    git(repo, "add", "run.sh")
    git(repo, "commit", "-q", "-m", "script")
    run = make_run(repo, {"run.sh": "#!/bin/sh\necho hello\n"})
    apply_run(repo, run, [run.patch.hunks[0].id], settings(repo))  # type: ignore[union-attr]
    assert script.stat().st_mode & 0o777 == 0o755
    assert git(repo, "ls-tree", "HEAD", "run.sh").split()[0] == "100755"


def test_already_applied_run_is_not_applied_twice(repo: Path) -> None:
    run = make_run(repo, {"app.py": three_hunk_change()})
    apply_run(repo, run, [run.patch.hunks[0].id], settings(repo))  # type: ignore[union-attr]
    again = load_record(repo, run.run_id)
    with pytest.raises(ApplyError, match="only a pending run"):
        apply_run(repo, again, [again.patch.hunks[1].id], settings(repo))  # type: ignore[union-attr]


def test_patch_helpers_agree_with_commit(repo: Path) -> None:
    run = make_run(repo, {"app.py": three_hunk_change()})
    chosen = [run.patch.hunks[0], run.patch.hunks[2]]  # type: ignore[union-attr]
    apply_run(repo, run, [h.id for h in chosen], settings(repo))
    assert git(repo, "show", "HEAD:app.py") == apply_hunks(numbered(60), chosen, "app.py")


def test_interrupted_apply_is_resumed_not_refused(repo: Path) -> None:
    run = make_run(repo, {"app.py": three_hunk_change()})
    ids = [h.id for h in run.patch.hunks]  # type: ignore[union-attr]
    # Killed right after the rename: the file holds exactly the run's result, nothing committed.
    (repo / "app.py").write_text(three_hunk_change())
    (repo / ".app.py.ouroboros-x1y2.tmp").write_text("half")  # and a temp file left by the kill
    result = apply_run(repo, load_record(repo, run.run_id), ids, settings(repo))
    assert any("interrupted apply" in w for w in result.warnings)
    assert git(repo, "show", "HEAD:app.py") == three_hunk_change()
    assert git(repo, "status", "--porcelain") == ""


def test_apply_killed_after_commit_is_adopted_not_committed_twice(repo: Path) -> None:
    run = make_run(repo, {"app.py": three_hunk_change()})
    ids = [h.id for h in run.patch.hunks]  # type: ignore[union-attr]
    result = apply_run(repo, run, ids, settings(repo))
    # Simulate dying between `git commit` and the bookkeeping after it.
    (repo / ".ouroboros" / "runs" / run.run_id / "commit.json").unlink()
    git(repo, "update-index", "--cacheinfo", f"100644,{git(repo, 'rev-parse', 'HEAD~1:app.py').strip()},app.py")
    again = load_record(repo, run.run_id)
    assert again.status == "applied" and again.commit is None
    adopted = apply_run(repo, again, ids, settings(repo))
    assert adopted.commit == result.commit and any("interrupted after its commit" in w for w in adopted.warnings)
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "3"
    assert git(repo, "status", "--porcelain") == ""
    assert load_record(repo, run.run_id).commit == result.commit


def test_file_names_with_glob_characters_are_literal(repo: Path) -> None:
    for name in ("a[1].py", "a1.py"):
        (repo / name).write_text("x = 1\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "globs")
    (repo / "a1.py").write_text("x = 'mine, staged'\n")
    git(repo, "add", "a1.py")
    run = make_run(repo, {"a[1].py": "x = 2\n"})
    apply_run(repo, run, [run.patch.hunks[0].id], settings(repo))  # type: ignore[union-attr]
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["a[1].py"]
    assert "+x = 'mine, staged'" in git(repo, "diff", "--cached")


def test_hooks_see_the_commit_as_a_normal_commit(repo: Path) -> None:
    """pre-commit runs with the scratch index as GIT_INDEX_FILE: `git diff --cached` there shows
    exactly the run's change, and no Ouroboros-only environment leaks into the hook."""
    log = repo / ".git" / "hook.log"
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\ngit diff --cached --name-only > {log}\nenv | grep -c LITERAL >> {log}\nexit 0\n")
    hook.chmod(0o755)
    (repo / "notes.txt").write_text("one\ntwo\nstaged\n")
    git(repo, "add", "notes.txt")
    run = make_run(repo, {"app.py": three_hunk_change()})
    apply_run(repo, run, [run.patch.hunks[0].id], settings(repo))  # type: ignore[union-attr]
    assert log.read_text().split() == ["app.py", "0"]


def test_symlinks_and_paths_outside_are_refused(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text("x = 1\n")
    (repo / "link.py").symlink_to(outside)
    run = make_run(repo, {"link.py": "x = 2\n"})
    with pytest.raises(ApplyRefused, match="symbolic link"):
        apply_run(repo, run, [run.patch.hunks[0].id], settings(repo))  # type: ignore[union-attr]
    assert outside.read_text() == "x = 1\n"
    sneaky = make_run(repo, {"app.py": three_hunk_change()})
    sneaky.patch.files[0].path = "../escape.py"  # type: ignore[union-attr]
    for hunk in sneaky.patch.files[0].hunks:  # type: ignore[union-attr]
        hunk.path = "../escape.py"
    sneaky.base_hashes = {"../escape.py": sneaky.base_hashes["app.py"]}
    with pytest.raises(ApplyRefused, match="outside the repository"):
        apply_run(repo, sneaky, [h.id for h in sneaky.patch.hunks], settings(repo))  # type: ignore[union-attr]
    assert not (repo.parent / "escape.py").exists()


def test_crlf_file_is_applied_byte_exact(repo: Path) -> None:
    crlf = numbered(30).replace("\n", "\r\n")
    (repo / "win.py").write_bytes(crlf.encode())
    git(repo, "add", "win.py")
    git(repo, "commit", "-q", "-m", "crlf")
    run = make_run(repo, {"win.py": crlf.replace("v7 = 7", "v7 = 70")})
    apply_run(repo, run, [run.patch.hunks[0].id], settings(repo))  # type: ignore[union-attr]
    assert (repo / "win.py").read_bytes() == crlf.replace("v7 = 7", "v7 = 70").encode()
    assert git(repo, "status", "--porcelain") == ""


def test_failure_after_writing_puts_every_file_back(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ouroboros_tui.vcs.git import GitRepo

    run = make_run(repo, {"app.py": three_hunk_change(), "notes.txt": "one\ntwo\nthree\n"})
    before = snapshot(repo)

    def disk_full(self: GitRepo, data: bytes) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(GitRepo, "write_blob", disk_full)
    with pytest.raises(ApplyError, match="No space left on device"):
        apply_run(repo, run, [h.id for h in run.patch.hunks], settings(repo))  # type: ignore[union-attr]
    assert snapshot(repo) == before
    assert (repo / "app.py").read_text() == numbered(60) and (repo / "notes.txt").read_text() == "one\ntwo\n"
    assert load_record(repo, run.run_id).status == "pending"
