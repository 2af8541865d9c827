"""Refused answers are sorted by cause from what the builder records; gate levels are read generically,
so a level added later shows up in the report by its own name."""

from __future__ import annotations

from ouroboros_tui.bench.causes import classify_attempt


def attempt(*failures: str, gate: list[dict[str, object]] | None = None) -> dict[str, object]:
    return {"failures": list(failures), "gate": gate or []}


def test_gate_failures_are_counted_by_level() -> None:
    assert classify_attempt(attempt("gate: a.py: the change introduces syntax errors (tree-sitter):")) == {
        "gate": ["syntax"], "answer": []}
    assert classify_attempt(attempt("gate[semantic]: a.py: name 'x' is not defined",
                                    "gate security: b.py: eval() of user input")) == {
        "gate": ["semantic", "security"], "answer": []}
    failing = [{"path": "a.py", "is_valid": False, "level": "tests"}, {"path": "b.py", "is_valid": True}]
    assert classify_attempt(attempt("gate: 3 tests failed", gate=failing))["gate"] == ["tests"]


def test_answer_failures_are_counted_by_cause_once_per_answer() -> None:
    found = classify_attempt(attempt(
        "The answer could not be read as edits: no SEARCH/REPLACE block found; answer with blocks",
        "a.py: the SEARCH block matches no lines of the file. Closest lines 1-2 (80% similar)",
        "b.py: the SEARCH block matches no lines of the file. Closest lines 3-4 (70% similar)",
        "c.py: the SEARCH block matches 2 places (line 1, line 5); include more surrounding lines",
        "d.py: no such file; to create it, leave SEARCH empty.",
        "something new the builder says one day",
    ))
    assert found == {"gate": [], "answer": ["unparsed", "no_match", "ambiguous", "missing_file", "other"]}
    assert classify_attempt(attempt()) == {"gate": [], "answer": []}
