"""Risk factors on real diffs, with definitions read by tree-sitter."""

from __future__ import annotations

from ouroboros_tui.patch.hunks import make_patch
from ouroboros_tui.patch.risk import HUNK_WEIGHTS, combine, score_patch, split_hunk_scored
from ouroboros_tui.source.grammar import parser_for
from ouroboros_tui.source.removed_defs import removed_public

BODY = "".join(f"    x{i} = {i}\n" for i in range(30))
BEFORE = f"def keep():\n{BODY}    return 1\n\n\ndef public_api(a):\n    return a\n\n\ndef _helper():\n    return 2\n"


def score(changes: dict[str, tuple[str | None, str]], attempts: int = 1, conf: list[float] | None = None):  # type: ignore[no-untyped-def]
    patch = make_patch(changes)
    return patch, score_patch(patch, removed_public, attempts, 3, conf)


def test_small_edit_is_low_risk_and_every_factor_is_shown() -> None:
    after = BEFORE.replace("    return 1\n", "    return 10\n")
    patch, run = score({"m.py": (BEFORE, after)})
    hunk = patch.hunks[0]
    assert set(hunk.risk_factors) == set(HUNK_WEIGHTS)
    assert 0 < hunk.risk < 0.1
    assert run["score"] < 0.1 and run["factors"]["public_removed"] == 0
    assert run["factors"]["low_confidence"] is None and run["confidence_known"] is False


def test_removing_a_public_definition_is_risky_but_a_private_one_less() -> None:
    public_gone = BEFORE.replace("def public_api(a):\n    return a\n\n\n", "")
    private_gone = BEFORE.replace("def _helper():\n    return 2\n", "")
    p1, r1 = score({"m.py": (BEFORE, public_gone)})
    p2, r2 = score({"m.py": (BEFORE, private_gone)})
    assert r1["removed_public"] == {"m.py": ["public_api"]}
    assert p1.hunks[0].risk_factors["public_removed"] > 0
    assert r2["removed_public"] == {} and p2.hunks[0].risk_factors["public_removed"] == 0
    assert r1["score"] > r2["score"]


def test_rename_counts_as_removal() -> None:
    _, run = score({"m.py": (BEFORE, BEFORE.replace("def public_api", "def api"))})
    assert run["removed_public"] == {"m.py": ["public_api"]}


def test_rewriting_most_of_a_file_and_deleting_lines_raise_the_score() -> None:
    small = BEFORE.replace("    x3 = 3\n", "    x3 = 4\n")
    big = "def keep():\n    return 1\n"
    _, low = score({"m.py": (BEFORE, small)})
    patch, high = score({"m.py": (BEFORE, big)})
    factors = patch.hunks[0].risk_factors
    assert factors["lines_deleted"] > 0.5 and factors["share_changed"] > 0.5
    assert high["score"] > low["score"] + 0.3


def test_new_files_attempts_files_touched_and_confidence() -> None:
    after = BEFORE.replace("    return 1\n", "    return 10\n")
    _, base = score({"m.py": (BEFORE, after)})
    _, more = score({"m.py": (BEFORE, after), "n.py": (None, "X = 1\n"), "o.py": (None, "Y = 2\n")},
                    attempts=3, conf=[0.5, 0.7])
    assert more["factors"]["new_files"] == round(2 / 3, 4)
    assert more["factors"]["files_touched"] == 0.5
    assert more["factors"]["attempts_used"] == 1.0
    assert more["factors"]["low_confidence"] == 0.4
    assert more["score"] > base["score"]


def test_combine_stays_in_unit_interval() -> None:
    assert combine({k: 5.0 for k in HUNK_WEIGHTS}, HUNK_WEIGHTS) <= 1.0
    assert combine({k: 0.0 for k in HUNK_WEIGHTS}, HUNK_WEIGHTS) == 0.0


def test_split_parts_get_their_own_risk() -> None:
    after = BEFORE.replace("    x3 = 3\n", "    x3 = 30\n").replace("    x9 = 9\n", "    x9 = 90\n")
    patch, _run = score({"m.py": (BEFORE, after)})
    assert len(patch.hunks) == 1
    whole = patch.hunks[0].risk
    parts = split_hunk_scored(patch, patch.hunks[0].id, removed_public)
    assert len(parts) == 2 and patch.hunks == parts
    assert all(set(p.risk_factors) == set(HUNK_WEIGHTS) and 0 < p.risk < whole for p in parts)


def _full_file_answer(path: str, before: str, after: str) -> dict[str, int]:
    """What a whole-file comparison of the definitions says (the reference for the windowed one)."""
    from ouroboros_tui.source.tags import tags_for

    old, new = tags_for(path, before), tags_for(path, after)
    gone = old.top_level_names(public_only=True) - new.top_level_names()
    return {d.name: d.line for d in old.definitions if d.name in gone and d.top_level}


def test_only_the_changed_window_is_read_yet_far_effects_are_seen() -> None:
    far = "".join(f"def f{i}(a):\n    return a + {i}\n\n\n" for i in range(300))
    cases = {
        # a string opened at the top swallows every definition below it: all of them are gone
        "swallowed": (far, '"""\n' + far + '"""\n'),
        # a definition moved to the end of the file is not removed; one renamed is
        "moved": (far, far.replace("def f5(a):\n    return a + 5\n\n\n", "") + "def f5(a):\n    return a + 5\n"),
        "renamed": (far, far.replace("def f150(a):", "def g150(a):")),
        # a duplicate: the first copy deleted, the second still defines the name
        "duplicate": (far + "def f7(a):\n    return 0\n", far.replace("def f7(a):\n    return a + 7\n\n\n", "")
                      + "def f7(a):\n    return 0\n"),
        "body_only": (far, far.replace("return a + 200\n", "return a - 200\n")),
    }
    parser = parser_for("python")
    for name, (before, after) in cases.items():
        expected = _full_file_answer("m.py", before, after)
        assert removed_public("m.py", before, after) == expected, name
        # given the gate's tree of the file after, the file before is the one re-parsed: same answer
        assert removed_public("m.py", before, after, parser.parse(after.encode())) == expected, name
    assert len(removed_public("m.py", *cases["swallowed"])) == 300
    assert removed_public("m.py", *cases["renamed"]) == {"f150": 601}
    assert removed_public("m.py", *cases["moved"]) == {} and removed_public("m.py", *cases["body_only"]) == {}


def test_other_languages_and_files_without_definitions() -> None:
    js_before = "export function load(a) { return a; }\nfunction keep() { return 1; }\n"
    js_after = js_before.replace("function load", "function fetch")
    assert removed_public("m.js", js_before, js_after) == _full_file_answer("m.js", js_before, js_after) == {"load": 1}
    assert removed_public("notes.md", "# a\n", "# b\n") == {} and removed_public("m.py", None, "x = 1\n") == {}
    assert removed_public("m.py", "x = 1\n", "x = 1\n") == {}
