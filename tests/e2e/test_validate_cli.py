"""`ouroboros validate`: exit codes, --json shape, directories with .gitignore, odd files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import git
from tests.run_cli import ouroboros


def validate(*args: str, cwd: Path) -> tuple[int, str, str]:
    result = ouroboros("validate", *args, cwd=cwd)
    return result.code, result.stdout, result.stderr


@pytest.fixture
def project(git_repo: Path) -> Path:
    (git_repo / "src").mkdir()
    (git_repo / "src" / "good.py").write_text("def f(x):\n    return x + 1\n")
    (git_repo / "src" / "app.ts").write_text("export const n: number = 1;\n")
    (git_repo / "config.toml").write_text("[tool]\nname = 'x'\n")
    (git_repo / "notes.md").write_text("# notes\n")
    (git_repo / ".gitignore").write_text("build/\n*.gen.py\n")
    (git_repo / "build").mkdir()
    (git_repo / "build" / "broken.py").write_text("def (:\n")
    (git_repo / "src" / "x.gen.py").write_text("print 'generated'\n")
    (git_repo / ".ouroboros").mkdir()
    (git_repo / ".ouroboros" / "bad.json").write_text("{,}")
    return git_repo


def test_all_valid_exits_0_and_respects_gitignore(project: Path) -> None:
    code, out, _ = validate(".", "--json", cwd=project)
    assert code == 0, out
    doc = json.loads(out)
    paths = sorted(f["path"] for f in doc["files"])
    assert paths == ["config.toml", "src/app.ts", "src/good.py"]  # build/ and *.gen.py are ignored
    assert {s["path"] for s in doc["skipped"]} >= {"notes.md", ".gitignore"}
    assert doc["summary"]["invalid"] == 0 and doc["summary"]["files"] == 3
    for entry in doc["files"]:
        assert set(entry) >= {"path", "language", "is_valid", "errors", "parse_ms"}
        assert entry["is_valid"] and entry["errors"] == []


def test_invalid_file_exits_1_with_located_errors(project: Path) -> None:
    (project / "src" / "bad.py").write_text("def f(x):\n    return x +\n")
    code, out, _ = validate("src", "--json", cwd=project)
    assert code == 1
    doc = json.loads(out)  # exactly one JSON document on stdout
    bad = next(f for f in doc["files"] if f["path"] == "src/bad.py")
    assert not bad["is_valid"] and bad["language"] == "python"
    error = bad["errors"][0]
    assert error["line"] == 2 and error["kind"] in ("unexpected", "invalid") and "^" in error["context"]


def test_human_output_names_file_and_error(project: Path) -> None:
    (project / "src" / "bad.py").write_text("print 'hello'\n")
    code, out, _ = validate("src/bad.py", "src/good.py", cwd=project)
    assert code == 1
    assert "✗ src/bad.py" in out and "✓ src/good.py" in out
    assert "Missing parentheses in call to 'print'" in out and "1 | print 'hello'" in out


def test_explicitly_named_ignored_file_is_checked(project: Path) -> None:
    code, out, _ = validate("build/broken.py", "--json", cwd=project)
    assert code == 1 and json.loads(out)["files"][0]["path"] == "build/broken.py"


def test_missing_path_exits_2(project: Path) -> None:
    code, out, _ = validate("nope.py", "--json", cwd=project)
    assert code == 2
    assert json.loads(out)["ok"] is False


def test_binary_and_non_utf8_files_are_error_entries(project: Path) -> None:
    (project / "src" / "blob.py").write_bytes(b"\x7fELF\x00\x01\x02")
    (project / "src" / "latin.py").write_bytes(b"name = 'caf\xe9'\n")
    code, out, _ = validate("src", "--json", cwd=project)
    assert code == 1
    entries = {f["path"]: f for f in json.loads(out)["files"]}
    assert "binary" in entries["src/blob.py"]["errors"][0]["message"]
    assert "UTF-8" in entries["src/latin.py"]["errors"][0]["message"]
    assert entries["src/latin.py"]["errors"][0]["kind"] == "encoding"
    assert entries["src/good.py"]["is_valid"]


def test_outside_git_the_gitignore_files_are_read(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "gen").mkdir(parents=True)
    (tmp_path / ".gitignore").write_text("*.tmp.py\n")
    (tmp_path / "pkg" / ".gitignore").write_text("gen/\n")
    (tmp_path / "pkg" / "ok.py").write_text("x = 1\n")
    (tmp_path / "pkg" / "skip.tmp.py").write_text("def (\n")
    (tmp_path / "pkg" / "gen" / "out.py").write_text("def (\n")
    code, out, _ = validate(".", "--json", cwd=tmp_path)
    assert code == 0, out
    assert [f["path"] for f in json.loads(out)["files"]] == ["pkg/ok.py"]


def test_untracked_new_files_count_in_a_repo(project: Path) -> None:
    git(project, "add", "src/good.py")
    (project / "src" / "new.py").write_text("def g(:\n")
    code, out, _ = validate(".", "--json", cwd=project)
    assert code == 1 and any(f["path"] == "src/new.py" for f in json.loads(out)["files"])


# Slow tier: three interpreter starts; main() in-process covers the same codes.
@pytest.mark.slow
def test_console_script_exit_codes(project: Path) -> None:
    script = Path(sys.executable).parent / "ouroboros"
    ok = subprocess.run([str(script), "validate", "src/good.py"], cwd=project, capture_output=True, text=True)
    assert ok.returncode == 0 and "✓" in ok.stdout
    (project / "bad.json").write_text('{"a": }')
    bad = subprocess.run([str(script), "validate", "bad.json", "--json"], cwd=project,
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert json.loads(bad.stdout)["files"][0]["checker"] == "tree-sitter-json+json.loads"
    missing = subprocess.run([str(script), "validate", "absent"], cwd=project, capture_output=True, text=True)
    assert missing.returncode == 2 and "absent" in missing.stderr


def _odd_entries(root: Path) -> None:
    (root / "pkg").mkdir()
    (root / "pkg" / "ok.py").write_text("x = 1\n")
    (root / "pkg" / "dangling.py").symlink_to("gone.py")
    (root / "pkg" / "again.py").symlink_to("ok.py")
    (root / "loop").mkdir()
    (root / "loop" / "self").symlink_to("../loop")


def test_links_and_nested_repositories_in_a_repo_are_skipped_with_the_reason(project: Path) -> None:
    """They vanished from the report (git lists them, but they are not plain files)."""
    _odd_entries(project)
    nested = project / "vendor"
    nested.mkdir()
    git(nested, "init", "-q")
    (nested / "broken.py").write_text("def (\n")
    code, out, _ = validate(".", "--json", cwd=project)
    assert code == 0, out
    skipped = {s["path"]: s["reason"] for s in json.loads(out)["skipped"]}
    assert skipped["pkg/dangling.py"] == "broken symbolic link"
    assert skipped["pkg/again.py"] == "same file as pkg/ok.py"
    assert skipped["loop/self"] == "symbolic link to a directory (not followed)"
    assert skipped["vendor"].startswith("nested git repository")


def test_outside_git_a_broken_link_is_skipped_by_its_own_name(tmp_path: Path) -> None:
    """It was an unreadable file named after its missing target, and the command exited 2."""
    _odd_entries(tmp_path)
    code, out, _ = validate(".", "--json", cwd=tmp_path)
    assert code == 0, out
    doc = json.loads(out)
    assert [f["path"] for f in doc["files"]] == ["pkg/ok.py"] and doc["summary"]["io_errors"] == 0
    skipped = {s["path"]: s["reason"] for s in doc["skipped"]}
    assert skipped["pkg/dangling.py"] == "broken symbolic link" and "pkg/gone.py" not in skipped
    assert skipped["loop/self"] == "symbolic link to a directory (not followed)"
    code, out, _ = validate(".", cwd=tmp_path)
    assert "skipped (broken symbolic link): pkg/dangling.py" in out
