"""The reasoner's plan as small models write it: every shape below reads as the same one step."""

from __future__ import annotations

import pytest

from ouroboros_tui.pipeline.reasoner import PlanError, parse_plan

WANT = [{"file": "src/calc.py", "symbol": "add", "action": "add type hints"}]

SHAPES = {
    "documented": '{"steps": [{"file": "src/calc.py", "symbol": "add", "action": "add type hints"}]}',
    "fenced-json-with-prose": 'Here is the plan:\n```json\n{"steps": [{"file": "src/calc.py", "symbol": "add",'
                              ' "action": "add type hints"}]}\n```\nLet me know!',
    "bare-list": '[{"file": "src/calc.py", "symbol": "add", "action": "add type hints"}]',
    "trailing-commas": '{"steps": [{"file": "src/calc.py", "symbol": "add", "action": "add type hints",},],}',
    "single-quotes": "{'steps': [{'file': 'src/calc.py', 'symbol': 'add', 'action': 'add type hints'}]}",
    "line-comments": '{\n  // the one change\n  "steps": [{"file": "src/calc.py", "symbol": "add", # here\n'
                     '  "action": "add type hints"}]\n}',
    "block-comment": '{"steps": [/* first */ {"file": "src/calc.py", "symbol": "add", "action": "add type hints"}]}',
    "think-around": '<think>Maybe {"steps": []}? No.</think>\n{"steps": [{"file": "src/calc.py", "symbol": "add", '
                    '"action": "add type hints"}]}',
    "other-key-names": '{"plan": [{"path": "src/calc.py", "function": "add", "description": "add type hints"}]}',
    "one-step-object": '{"filename": "src/calc.py", "name": "add", "change": "add type hints"}',
    "python-literals": "{'steps': [{'file': 'src/calc.py', 'symbol': 'add', 'action': 'add type hints', "
                       "'done': False}]}",
    "numbered-list": "1. src/calc.py::add — add type hints",
    "numbered-prose": "Plan:\n1. In `src/calc.py`, `add`: add type hints",
    "bullet-list": "- src/calc.py::add: add type hints",
    "capitalised-keys": '{"Steps": [{"File": "src/calc.py", "Symbol": "add", "Action": "add type hints"}]}',
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_shape_reads_as_the_plan(shape: str) -> None:
    steps = parse_plan(SHAPES[shape])
    assert [s["file"] for s in steps] == ["src/calc.py"]
    assert steps[0]["symbol"] == "add"
    assert "add type hints" in steps[0]["action"]


def test_null_symbol_is_a_whole_file_step() -> None:
    steps = parse_plan('{"steps": [{"file": "src/calc.py", "symbol": null, "action": "tidy"}]}')
    assert steps == [{"file": "src/calc.py", "symbol": "", "action": "tidy"}]


@pytest.mark.parametrize("text, why", [
    ("I think we should add hints.", "no JSON object and no numbered list"),
    ('{"steps": []}', "empty"),
    ('{"steps": [{"symbol": "add", "action": "x"}]}', '"file"'),
    ('{"steps": [{"file": "a.py", "symbol": "add"}]}', '"action"'),
    ('{"steps": [{"file": "a.py", "action": ', "never closed"),
    ('{"steps": [{"file": "a.py" "action": "x"}]}', "invalid JSON"),
])
def test_unreadable_plans_say_why(text: str, why: str) -> None:
    with pytest.raises(PlanError, match=why):
        parse_plan(text)
