"""docs/api.md stays true: every ```python block runs, in order, in one temp repository with the
scripted backend chosen through OUROBOROS_* variables, and ends in commits the CLI verifies."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ouroboros_tui.cli import app
from tests.conftest import git

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"

SERVICE = '''"""Users."""

import time


def _directory():
    return {1: "ada", 2: "grace"}


def audit(event):
    return f"audit: {event}"


def fetch_user(user_id):
    time.sleep(0.001)  # a slow lookup
    return {"id": user_id, "name": _directory().get(user_id)}
'''

PLAN = json.dumps({"steps": [{"file": "src/user_service.py", "symbol": "fetch_user",
                              "action": "cache results with functools.lru_cache"}]})
BROKEN = """src/user_service.py
<<<<<<< SEARCH
def fetch_user(user_id):
=======
@functools.lru_cache(maxsize=256)
def fetch_user(user_id)
>>>>>>> REPLACE
"""
GOOD = """src/user_service.py
<<<<<<< SEARCH
import time
=======
import functools
import time
>>>>>>> REPLACE

src/user_service.py
<<<<<<< SEARCH
def fetch_user(user_id):
=======
@functools.lru_cache(maxsize=256)
def fetch_user(user_id):
>>>>>>> REPLACE
"""
LOGGING = """src/user_service.py
<<<<<<< SEARCH
    time.sleep(0.001)  # a slow lookup
=======
    print(audit(f"lookup {user_id}"))
    time.sleep(0.001)  # a slow lookup
>>>>>>> REPLACE
"""


def python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, re.S)


@pytest.fixture
def api_repo(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (git_repo / "src").mkdir()
    (git_repo / "src" / "user_service.py").write_text(SERVICE)
    git(git_repo, "add", "src")
    git(git_repo, "commit", "-q", "-m", "user service")
    script = git_repo.parent / "answers.jsonl"
    lines = [("reasoner", PLAN), ("builder", BROKEN), ("builder", GOOD), ("reasoner", PLAN), ("builder", LOGGING)]
    script.write_text("".join(json.dumps({"role": r, "text": t}) + "\n" for r, t in lines))
    for role in ("REASONER", "BUILDER"):
        monkeypatch.setenv(f"OUROBOROS_MODELS__{role}__BACKEND", "scripted")
        monkeypatch.setenv(f"OUROBOROS_MODELS__{role}__SCRIPT", str(script))
    monkeypatch.chdir(git_repo)
    return git_repo


def test_every_example_in_docs_api_runs_and_commits(api_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocks = python_blocks(DOC.read_text())
    assert len(blocks) == 4, "docs/api.md's examples changed: update this test's scenario with them"
    namespace: dict[str, object] = {}
    gate_block, build_block, logger_block, pipeline_block = blocks

    exec(compile(gate_block, "docs/api.md#gate", "exec"), namespace)

    exec(compile(build_block, "docs/api.md#build", "exec"), namespace)
    patch = namespace["patch"]
    message = git(api_repo, "log", "-1", "--format=%B")
    assert f"Ouroboros-Run: {patch.run_id}" in message  # type: ignore[attr-defined]
    assert "Ouroboros-Attempts: 2" in message and "Ouroboros-Hunks: 2/2" in message
    assert "@functools.lru_cache(maxsize=256)" in (api_repo / "src/user_service.py").read_text()
    assert git(api_repo, "status", "--porcelain") == ""

    # A run logged from a script is a run like any other: status reads it, apply commits it.
    exec(compile(logger_block, "docs/api.md#provenance", "exec"), namespace)
    run_id = namespace["logger"].run_id  # type: ignore[attr-defined]
    assert re.fullmatch(r"gen_\d{8}_\d{6}_[0-9a-f]{4}", run_id)
    artifact = json.loads(Path(namespace["artifact"]).read_text())  # type: ignore[arg-type]
    assert {"run_id", "models_used", "safety_checks", "file_modifications", "metadata"} <= set(artifact)
    assert artifact["models_used"]["builder"]["model"] == "my-org/my-coder"
    modification = artifact["file_modifications"][0]
    assert modification["path"] == "src/user_service.py" and modification["backup"]
    assert (api_repo / modification["backup"]).read_text() == (api_repo / "src/user_service.py").read_text()
    runner = CliRunner()
    status = runner.invoke(app, ["status", run_id, "--json"])
    assert status.exit_code == 0, status.output
    assert json.loads(status.stdout)["status"] == "pending"
    applied = runner.invoke(app, ["apply", run_id, "--all"])
    assert applied.exit_code == 0, applied.output
    assert f"Ouroboros-Run: {run_id}" in git(api_repo, "log", "-1", "--format=%B")
    verified = runner.invoke(app, ["verify"])
    assert verified.exit_code == 0, verified.output

    exec(compile(pipeline_block, "docs/api.md#pipeline", "exec"), namespace)
    assert "print(audit(" not in (api_repo / "src/user_service.py").read_text()  # undone
    assert git(api_repo, "log", "-1", "--format=%s").startswith('Revert "')
    capsys.readouterr()
