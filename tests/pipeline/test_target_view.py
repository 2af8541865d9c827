"""A target too large for the context is shown as its outline plus windows around what the task
names, so a change at line 2,000 of a 2,500-line file can be written and lands."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ouroboros_tui.cli import app
from ouroboros_tui.pipeline.target_view import render
from ouroboros_tui.source.tags import tags_for
from tests.conftest import git, write_mock_script


def big_module() -> str:
    """2,500 lines: 500 small functions; `settle_invoice` starts at line 2,001 and is called later."""
    parts = []
    for i in range(500):
        if i == 400:
            parts.append("def settle_invoice(invoice, rate):\n    total = invoice.amount * rate\n"
                         "    return round(total, 2)\n\n\n")
        elif i == 450:
            parts.append('def settle_all(items):\n    """Settle each."""\n'
                         "    return [settle_invoice(x, 1.0) for x in items]\n\n\n")
        else:
            parts.append(f"def helper_{i}(value):\n    result = value + {i}\n    return result\n\n\n")
    return "".join(parts)


def test_the_prompt_holds_the_named_function_and_an_answer_copied_from_it_lands(
        git_repo: Path, tmp_path: Path) -> None:
    text = big_module()
    lines = text.splitlines()
    assert len(lines) == 2500 and lines[2000] == "def settle_invoice(invoice, rate):"
    (git_repo / "billing.py").write_text(text)
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "billing")
    answer = ("billing.py\n<<<<<<< SEARCH\n    total = invoice.amount * rate\n    return round(total, 2)\n"
              "=======\n    total = invoice.amount * rate\n    return round(total, 4)\n>>>>>>> REPLACE\n")
    script = write_mock_script(tmp_path, ("builder", answer))
    result = CliRunner().invoke(app, ["refactor", "round settle_invoice to 4 places", "-t", "billing.py",
                                      "--mock", str(script), "--json", "--repo", str(git_repo)])
    doc = json.loads(result.stdout)
    assert result.exit_code == 0 and doc["status"] == "pending", doc.get("failure")
    kept = doc["budget_report"]["kept"][0]
    assert kept["kind"] == "excerpt" and kept["lines_total"] == 2500
    saved = json.loads((git_repo / ".ouroboros" / "runs" / doc["run_id"] / "artifact_metadata.json").read_text())
    prompt = saved["attempts"][0]["prompt"][-1]["content"]
    # The function verbatim with its line range, and its caller; the file's head is not what was sent.
    assert "billing.py lines 1998-2006:\n```\n" in prompt
    assert "def settle_invoice(invoice, rate):\n    total = invoice.amount * rate\n    return round(total, 2)" in prompt
    assert "return [settle_invoice(x, 1.0) for x in items]" in prompt
    assert "def helper_0(value):\n    result = value + 0" not in prompt  # the head is not what was sent
    assert "outline (first-last line, signature):" in prompt
    assert "+    return round(total, 4)" in doc["diff"]


def test_the_view_fits_its_room_and_gives_up_when_nothing_is_named() -> None:
    text = big_module()
    definitions = tags_for("billing.py", text).definitions

    def count(s: str) -> int:
        return len(s) // 3

    view = render("billing.py", text, definitions, {"settle_invoice"}, count, 600)
    assert view is not None and count(view) <= 600
    assert "def settle_invoice(invoice, rate):" in view
    assert render("billing.py", text, definitions, {"no_such_name"}, count, 600) is None
