"""Region infill with a masked-diffusion builder: which body is masked, and the run end to end with
the tiny real model (noise: it must fail through the gate or give a patch, keeping both sides)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ouroboros_tui.config import load_settings
from ouroboros_tui.pipeline.infill import choose_region
from ouroboros_tui.pipeline.run import Pipeline
from ouroboros_tui.runs import events as ev
from ouroboros_tui.source.tags import tags_for
from tests.conftest import git

PY = "def add(a, b):\n    return a + b\n\n\ndef main():\n    total = add(1, 2)\n    print(total)\n\n\nX = 1\n"
GO = "package calc\n\nfunc Add(a int, b int) int {\n\treturn a + b\n}\n\nfunc Zero() int {\n\treturn 0\n}\n"


@pytest.fixture
def repo(git_repo: Path) -> Path:
    (git_repo / "calc.py").write_text(PY)
    (git_repo / "calc.go").write_text(GO)
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "calc")
    return git_repo


def test_the_task_naming_one_definition_masks_its_body(repo: Path) -> None:
    region, why = choose_region(repo, ["calc.py"], [], "make main print twice", tags_for)
    assert region is not None, why
    assert region.body == "    total = add(1, 2)\n    print(total)\n"
    assert region.before == "def add(a, b):\n    return a + b\n\n\ndef main():\n"
    assert region.after == "\n\nX = 1\n"
    assert region.before + region.body + region.after == PY


def test_closing_brace_stays_fixed(repo: Path) -> None:
    region, _ = choose_region(repo, ["calc.go"], [], "make Add saturate", tags_for)
    assert region is not None and region.body == "\treturn a + b\n" and region.after.startswith("}\n")


def test_plan_step_symbol_wins_and_two_names_do_not_fit(repo: Path) -> None:
    steps = [{"file": "calc.py", "symbol": "add", "action": "annotate"}]
    region, _ = choose_region(repo, ["calc.py"], steps, "make main print add twice", tags_for)
    assert region is not None and region.symbol == "add"
    region, why = choose_region(repo, ["calc.py"], [], "make main print add twice", tags_for)
    assert region is None and "exactly one" in why
    region, why = choose_region(repo, ["calc.py"], [], "tidy up", tags_for)
    assert region is None and "no definition" in why


@pytest.mark.slow
def test_masked_diffusion_builder_infills_with_both_sides_kept(repo: Path, tiny_qwen_dir: Path) -> None:
    script = repo.parent / "no-reasoner.jsonl"
    script.write_text(json.dumps({"role": "builder", "text": "unused"}) + "\n")
    builder = {"backend": "masked-diffusion", "model": str(tiny_qwen_dir), "device": "cpu", "dtype": "float32",
               "max_new_tokens": 48, "steps": 6, "block_length": 16, "temperature": 0.7}
    flags = {"models": {"reasoner": {"backend": "scripted", "script": str(script)}, "builder": builder},
             "pipeline": {"max_retry_attempts": 2}}
    settings = load_settings(repo, flags, use_user_file=False)
    events = list(Pipeline(repo, settings).run("make main print twice", ["calc.py"]))
    final = events[-1]
    assert isinstance(final, ev.PatchReady | ev.RunFailed)
    record = final.record
    assert record is not None
    assert record.plan["builder_mode"] == "infill" and record.plan["infill_region"].startswith("calc.py::main")
    assert any(isinstance(e, ev.DiffusionDraft) and e.role == "builder" for e in events)
    for attempt in record.attempts:
        assert attempt.prompt[-1]["role"] == "canvas"
        assert attempt.edits[0]["search"] == "    total = add(1, 2)\n    print(total)\n"
        if attempt.failures:
            assert attempt.problems[0].kind == "gate" or "nothing" in attempt.failures[0]
    if isinstance(final, ev.RunFailed):
        assert final.kind == "failed" and len(record.attempts) == 2
        # The second attempt was told why the first body was rejected.
        assert "rejected" in record.attempts[1].prompt[1]["content"]
    else:
        after = final.patch.file("calc.py").after
        assert after.startswith("def add(a, b):\n    return a + b\n\n\ndef main():\n")
        assert after.endswith("\n\nX = 1\n")
    assert (repo / "calc.py").read_text() == PY
