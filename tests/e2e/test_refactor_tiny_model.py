"""The whole pipeline with a real (tiny, random) transformers model: its output is noise, so the run
must end cleanly — failed through the gate/edit checks with every attempt recorded, or a patch —
and never crash or write to the work tree."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ouroboros_tui.config import load_settings
from ouroboros_tui.pipeline.run import Pipeline
from ouroboros_tui.runs import events as ev
from tests.conftest import git

CALC = "def add(a, b):\n    return a + b\n"
OUROBOROS = str(Path(sys.executable).parent / "ouroboros")


def _model_flags(model_dir: Path, tokens: int) -> dict[str, object]:
    body = {"backend": "autoregressive", "model": str(model_dir), "device": "cpu", "dtype": "float32",
            "max_new_tokens": tokens, "temperature": 0.8, "seed": 3}
    return {"models": {"reasoner": dict(body), "builder": dict(body)},
            "pipeline": {"max_retry_attempts": 2}, "compressor": {"budget_tokens": 300}}


@pytest.fixture
def repo(git_repo: Path) -> Path:
    (git_repo / "calc.py").write_text(CALC)
    git(git_repo, "add", "calc.py")
    git(git_repo, "commit", "-q", "-m", "calc")
    return git_repo


@pytest.mark.slow
def test_noise_from_a_real_model_fails_cleanly_with_every_attempt_recorded(repo: Path, tiny_qwen_dir: Path) -> None:
    settings = load_settings(repo, _model_flags(tiny_qwen_dir, 12), use_user_file=False)
    events = list(Pipeline(repo, settings).run("add type hints to add", ["calc.py"]))
    final = events[-1]
    assert isinstance(final, ev.PatchReady | ev.RunFailed)
    kinds = {type(e).__name__ for e in events}
    assert {"RunStarted", "StageStarted", "StageFinished", "TokenDelta"} <= kinds
    record = final.record
    assert record is not None
    if isinstance(final, ev.RunFailed):
        assert final.kind == "failed", final.reason
        assert len(record.attempts) == 2
        for attempt in record.attempts:
            assert attempt.prompt and attempt.failures and attempt.tokens > 0
    # The model was really used, with its tokenizer counting the budget.
    assert record.models_used["builder"]["backend"] == "autoregressive"
    assert record.models_used["builder"]["tokens"] > 0
    assert record.budget_report["counter"].startswith("tokenizer:")
    assert record.budget_report["used"] <= 300
    # Every plan is recorded, whether the noise parsed or not.
    assert record.plan["source"] in ("model", "fallback")
    assert (repo / "calc.py").read_text() == CALC
    saved = json.loads((repo / ".ouroboros" / "runs" / record.run_id / "artifact_metadata.json").read_text())
    assert len(saved["attempts"]) == len(record.attempts)


@pytest.mark.slow
def test_cli_with_a_real_model_exits_with_a_run_status(repo: Path, tiny_qwen_dir: Path) -> None:
    import tomli_w

    (repo / "ouroboros.toml").write_text(tomli_w.dumps(_model_flags(tiny_qwen_dir, 8)))
    proc = subprocess.run([OUROBOROS, "refactor", "add hints", "-t", "calc.py", "--json"], cwd=repo,
                          capture_output=True, text=True, timeout=300)
    doc = json.loads(proc.stdout)
    assert proc.returncode in (0, 1), proc.stderr
    assert doc["status"] in ("pending", "failed") and doc["models"]["builder"]["calls"] >= 1
    assert (repo / "calc.py").read_text() == CALC
