"""Pipeline.run as the TUI and the CLI use it: the event stream, the record, cancel, feedback."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from ouroboros_tui.config import ModelConfig, load_settings, scripted_flags
from ouroboros_tui.models.scripted import ScriptedGenerator
from ouroboros_tui.pipeline.run import Pipeline
from ouroboros_tui.runs import events as ev
from ouroboros_tui.runs.persist import load_record
from ouroboros_tui.runs.record import sha256_text
from tests.conftest import git, write_mock_script

CALC = "def add(a, b):\n    return a + b\n"
GOOD = "calc.py\n<<<<<<< SEARCH\ndef add(a, b):\n=======\ndef add(a: int, b: int) -> int:\n>>>>>>> REPLACE\n"
NEW_FILE = "notes/todo.md\n<<<<<<< SEARCH\n=======\n# todo\n>>>>>>> REPLACE\n"
CALLER_EDIT = "app.py\n<<<<<<< SEARCH\nprint(add(1, 2))\n=======\nprint(add(2, 2))\n>>>>>>> REPLACE\n"


@pytest.fixture
def repo(git_repo: Path) -> Path:
    (git_repo / "calc.py").write_text(CALC)
    (git_repo / "app.py").write_text("from calc import add\nprint(add(1, 2))\n")
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "calc")
    return git_repo


def pipeline(repo: Path, tmp_path: Path, *lines: tuple[str, str], persist: bool = True) -> Pipeline:
    mock = write_mock_script(tmp_path, *lines)
    settings = load_settings(repo, scripted_flags(mock), use_user_file=False)
    return Pipeline(repo, settings, persist=persist)


def test_event_stream_and_record(repo: Path, tmp_path: Path) -> None:
    events = list(pipeline(repo, tmp_path, ("builder", GOOD + NEW_FILE + CALLER_EDIT)).run("hints", ["calc.py"]))
    assert isinstance(events[0], ev.RunStarted) and isinstance(events[-1], ev.PatchReady)
    stages = [(e.stage, type(e).__name__) for e in events if isinstance(e, ev.StageStarted | ev.StageFinished)]
    assert [s for s, _ in stages] == ["compressor"] * 2 + ["reasoner"] * 2 + ["builder"] * 2 + ["gate"] * 2
    deltas = [e for e in events if isinstance(e, ev.TokenDelta)]
    assert deltas and all(d.attempt == 1 and d.role == "builder" for d in deltas)
    checked = [e for e in events if isinstance(e, ev.GateChecked)]
    assert {c.path for c in checked} == {"calc.py", "app.py", "notes/todo.md"}
    assert all(c.is_valid for c in checked)
    ready = events[-1]
    assert isinstance(ready, ev.PatchReady)
    record = ready.record
    assert record.base_hashes == {"calc.py": sha256_text(CALC),
                                  "app.py": sha256_text("from calc import add\nprint(add(1, 2))\n"),
                                  "notes/todo.md": None}
    assert [f.path for f in ready.patch.files] == ["app.py", "calc.py", "notes/todo.md"]
    assert ready.patch.file("notes/todo.md").is_new
    assert record.risk["factors"]["files_touched"] == 0.5
    assert record.risk["factors"]["new_files"] == round(1 / 3, 4)
    assert record.safety["passed"] and record.safety["unchecked"] == ["notes/todo.md"]
    assert load_record(repo, record.run_id).status == "pending"
    assert git(repo, "status", "--porcelain") == ""


@pytest.mark.slow
def test_cancel_during_generation_of_a_real_model(repo: Path, tiny_qwen_dir: Path) -> None:
    body = {"backend": "autoregressive", "model": str(tiny_qwen_dir), "device": "cpu", "dtype": "float32",
            "max_new_tokens": 2000, "temperature": 1.0}
    settings = load_settings(repo, {"models": {"reasoner": body, "builder": body}}, use_user_file=False)
    cancel = threading.Event()
    events = []
    for event in Pipeline(repo, settings).run("hints", ["calc.py"], cancel=cancel):
        events.append(event)
        if isinstance(event, ev.TokenDelta):
            cancel.set()
    final = events[-1]
    assert isinstance(final, ev.RunFailed) and final.kind == "cancelled", final
    generated = sum(1 for e in events if isinstance(e, ev.TokenDelta))
    assert generated < 2000
    assert load_record(repo, final.run_id).status == "cancelled"


def test_feedback_goes_into_the_builder_prompt(repo: Path, tmp_path: Path) -> None:
    events = list(pipeline(repo, tmp_path, ("builder", GOOD)).run("hints", ["calc.py"],
                                                                   feedback="use float, not int"))
    final = events[-1]
    assert isinstance(final, ev.PatchReady)
    assert "use float, not int" in final.record.attempts[0].prompt[-1]["content"]


def test_injected_generators_and_no_persist(repo: Path, tmp_path: Path) -> None:
    mock = tmp_path / "other.jsonl"
    mock.write_text(json.dumps({"role": "builder", "text": GOOD}) + "\n")
    gen = ScriptedGenerator(ModelConfig(role="builder", backend="scripted", model="", script=str(mock)))
    pipe = pipeline(repo, tmp_path, persist=False)
    pipe._generators["builder"] = gen
    final = list(pipe.run("hints", ["calc.py"]))[-1]
    assert isinstance(final, ev.PatchReady)
    assert final.record.models_used["builder"]["model"] == "scripted:other.jsonl"
    assert not (repo / ".ouroboros").exists()


def test_generators_argument_is_used(repo: Path, tmp_path: Path) -> None:
    mock = tmp_path / "given.jsonl"
    mock.write_text(json.dumps({"role": "builder", "text": GOOD}) + "\n")
    gen = ScriptedGenerator(ModelConfig(role="builder", backend="scripted", model="", script=str(mock)))
    settings = load_settings(repo, scripted_flags(mock), use_user_file=False)
    final = list(Pipeline(repo, settings, generators={"builder": gen}, persist=False).run("h", ["calc.py"]))[-1]
    assert isinstance(final, ev.PatchReady)


def test_stopping_iteration_early_stops_the_run(repo: Path, tmp_path: Path) -> None:
    stream = pipeline(repo, tmp_path, ("builder", GOOD + " word" * 500)).run("hints", ["calc.py"])
    for event in stream:
        if isinstance(event, ev.TokenDelta):
            break
    stream.close()  # must return promptly, with the worker stopped
    assert not any(t.name.startswith("ouroboros-gen_") and t.is_alive() for t in threading.enumerate())


def test_target_inside_git_dir_is_refused(repo: Path, tmp_path: Path) -> None:
    final = list(pipeline(repo, tmp_path, ("builder", GOOD)).run("x", [".git/config"]))[-1]
    assert isinstance(final, ev.RunFailed) and final.kind == "refused" and ".git" in final.reason


def test_duplicate_targets_and_a_directory_target(repo: Path, tmp_path: Path) -> None:
    final = list(pipeline(repo, tmp_path, ("builder", GOOD)).run("x", ["calc.py", "./calc.py"]))[-1]
    assert isinstance(final, ev.PatchReady) and final.record.targets == ["calc.py"]
    (repo / "pkg").mkdir()
    final = list(pipeline(repo, tmp_path, ("builder", GOOD)).run("x", ["pkg"]))[-1]
    assert isinstance(final, ev.RunFailed) and final.kind == "failed" and "directory" in final.reason
