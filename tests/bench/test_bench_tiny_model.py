"""A bench with a real (tiny, random) transformers model: it cannot solve anything, and the report must
say so — zeros, every answer's failure by cause, real token counts — not crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import tomli_w

OUROBOROS = str(Path(sys.executable).parent / "ouroboros")


@pytest.mark.slow
def test_tiny_model_bench_completes_with_honest_zeros(git_repo: Path, tiny_qwen_dir: Path) -> None:
    body = {"backend": "autoregressive", "model": str(tiny_qwen_dir), "device": "cpu", "dtype": "float32",
            "max_new_tokens": 24, "temperature": 0.8, "seed": 1,
            # The builder's rules and worked example alone are ~2k tokens in this tiny byte-level
            # vocabulary; RoPE lets the random model read past its nominal 2,048 positions, and this
            # test is about the report, not about answers.
            "context_window": 8192}
    config = {"models": {"reasoner": dict(body), "builder": dict(body)}, "compressor": {"budget_tokens": 400}}
    (git_repo / "ouroboros.toml").write_text(tomli_w.dumps(config))
    proc = subprocess.run([OUROBOROS, "bench", "--tasks", "1,27", "--attempts", "2", "--json"], cwd=git_repo,
                          capture_output=True, text=True, timeout=600, env={**os.environ, "TMPDIR": str(git_repo)})
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["pass_at_1"] == 0.0 and doc["pass_at_n"] == 0.0
    assert len(doc["tasks"]) == 2
    for task in doc["tasks"]:
        assert task["outcome"] in ("no_patch", "wrong_apply"), task.get("failure")
        assert task["attempts"] == 2
        causes = sum(task["answer_failures"].values()) + sum(task["gate_refusals"].values())
        assert task["outcome"] == "wrong_apply" or causes >= 2  # every failed answer is counted by cause
        assert task["models"]["builder"]["backend"] == "autoregressive"
    totals = doc["totals"]
    assert totals["tokens"] > 0 and totals["tokens_per_s"] > 0 and totals["peak_rss_mb"] > 100
    assert doc["settings"]["models"]["builder"]["model"] == str(tiny_qwen_dir)
    assert doc["versions"]["torch"] and doc["versions"]["transformers"]
