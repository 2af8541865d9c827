"""The one review model behind the TUI's diff review and the CLI's `git add -p` prompt: decisions,
files, split, reasons, undo, carry-over to a regenerated patch, and its saved form."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ouroboros_tui.patch.hunks import Patch, make_patch
from ouroboros_tui.patch.review import ACCEPT, REJECT, ReviewSession

BEFORE = "".join(f"line {i}\n" for i in range(1, 60))


def _patch() -> Patch:
    """a.txt: two far-apart hunks; b.txt: one hunk with two change blocks (splits in two)."""
    a = BEFORE.replace("line 2\n", "LINE 2\n").replace("line 40\n", "LINE 40\n")
    b = BEFORE.replace("line 5\n", "LINE 5\n").replace("line 11\n", "LINE 11\n")
    return make_patch({"a.txt": (BEFORE, a), "b.txt": (BEFORE, b)})


def _texts(session: ReviewSession) -> dict[str, str]:
    return {f.path: f.apply(h.id for h in f.hunks) for f in session.patch.files}


def test_deciding_moves_to_the_next_undecided_hunk_as_git_add_p() -> None:
    s = ReviewSession(_patch())
    a1, a2, b1 = s.hunks
    s.move_to(1)
    s.decide(ACCEPT)
    assert s.current is b1
    s.decide(REJECT)
    assert s.current is a1  # wraps to the one left
    s.decide(ACCEPT)
    assert s.accepted_ids() == [a1.id, a2.id] and s.rejected_ids() == [b1.id] and not s.undecided_ids()


def test_a_file_decision_covers_this_hunk_and_the_undecided_after_it_in_the_file() -> None:
    s = ReviewSession(_patch())
    a1, a2, b1 = s.hunks
    s.move_to(1)
    s.decide(REJECT)  # a2 rejected on its own
    s.move_to(0)
    s.decide_file(ACCEPT)  # a1 and the undecided after it in a.txt: a2 keeps its rejection
    assert s.decision(a1.id) == ACCEPT and s.decision(a2.id) == REJECT and s.decision(b1.id) is None
    assert s.current is b1


def test_reject_rest_and_all_rejected() -> None:
    s = ReviewSession(_patch())
    s.decide(REJECT)
    assert not s.all_rejected
    s.reject_rest()
    assert s.all_rejected and s.accepted_ids() == []
    assert not ReviewSession(make_patch({})).all_rejected  # no hunks: nothing was declined


def test_reject_with_reason_gives_the_builder_the_hunk_and_the_reason() -> None:
    s = ReviewSession(_patch())
    hunk = s.hunks[2]
    feedback = s.reject_with_reason(hunk.id, "keep the old name")
    assert s.decision(hunk.id) == REJECT and s.reasons == {hunk.id: "keep the old name"}
    assert "b.txt" in feedback and "+LINE 5" in feedback and feedback.endswith("Reason: keep the old name")
    s.move_to(2)
    s.decide(ACCEPT)  # changing one's mind drops the reason
    assert not s.reasons
    with pytest.raises(KeyError):
        s.reject_with_reason("nope", "x")


def test_split_keeps_the_decision_and_the_text_and_undo_joins_it_again() -> None:
    patch = _patch()
    s = ReviewSession(patch, splitter=lambda p, hunk_id: p.split(hunk_id))
    whole = s.hunks[2]
    s.move_to(2)
    s.decide(REJECT)
    s.move_to(2)
    assert s.can_split() and not s.can_split(s.hunks[0].id)
    parts = s.split()
    assert len(parts) == 2 and s.current is parts[0] and len(s.hunks) == 4
    assert [s.decision(p.id) for p in parts] == [REJECT, REJECT]
    assert [h.number for h in s.hunks] == [1, 2, 3, 4]
    assert patch.file("b.txt").apply([parts[0].id]) == BEFORE.replace("line 5\n", "LINE 5\n")
    assert s.undo()
    assert s.hunks[2] is whole and s.decision(whole.id) == REJECT and len(patch.hunks) == 3
    assert s.split(s.hunks[0].id) == [s.hunks[0]]  # one change block: nothing to split


def test_split_scores_the_parts_by_default() -> None:
    s = ReviewSession(_patch())
    parts = s.split(s.hunks[2].id)
    assert len(parts) == 2 and all(p.risk > 0 and p.risk_factors for p in parts)


def test_undo_takes_back_one_change_at_a_time() -> None:
    s = ReviewSession(_patch())
    assert not s.undo()
    s.decide(ACCEPT)
    s.decide_file(REJECT)
    s.reject_with_reason(s.hunks[2].id, "why")
    assert s.undo() and s.decision(s.hunks[2].id) is None and not s.reasons
    assert s.undo() and s.decision(s.hunks[1].id) is None and s.cursor == 1
    assert s.undo() and not s.decisions and s.cursor == 0
    assert not s.can_undo


def test_moving_by_hunk_and_file() -> None:
    s = ReviewSession(_patch())
    s.next_file()
    assert s.cursor == 2
    s.next_file()  # no file after: stays
    assert s.cursor == 2
    s.prev_file()  # first hunk of this file already: to the file before
    assert s.cursor == 0
    s.move_to(1)
    s.prev_file()  # to the first hunk of this file
    assert s.cursor == 0
    s.move_to(99)
    assert s.cursor == 2
    empty = ReviewSession(make_patch({}))
    empty.decide(ACCEPT)
    empty.next_file()
    assert empty.current is None and empty.split() == [] and not empty.undo()


def test_decisions_carry_over_to_a_regenerated_patch_where_the_hunk_is_unchanged() -> None:
    first = ReviewSession(_patch())
    a1, a2, b1 = first.hunks
    first.decide(ACCEPT, a1.id)
    first.reject_with_reason(a2.id, "not this")
    first.decide(ACCEPT, b1.id)
    # The regenerate changes a2 and moves nothing else; a new change above shifts b's hunk down.
    a = BEFORE.replace("line 2\n", "LINE 2\n").replace("line 40\n", "Line forty\n")
    b = BEFORE.replace("line 1\n", "line 1\nnew line\n").replace("line 5\n", "LINE 5\n")
    b = b.replace("line 11\n", "LINE 11\n")
    again = ReviewSession(make_patch({"a.txt": (BEFORE, a), "b.txt": (BEFORE, b)}))
    kept = again.carry_over(first)
    new_a1, new_a2, new_b = again.hunks
    assert kept == 1 and new_a1.id == a1.id and again.decision(new_a1.id) == ACCEPT
    assert again.decision(new_a2.id) is None  # changed: to decide again
    assert again.decision(new_b.id) is None  # b's hunk now holds another change as well
    assert again.current is new_a2  # the cursor is on what is left to decide


def test_carry_over_keys_on_text_not_position() -> None:
    first = ReviewSession(_patch())
    b1 = first.hunks[2]
    first.reject_with_reason(b1.id, "no")
    a = BEFORE.replace("line 2\n", "LINE 2\n").replace("line 40\n", "LINE 40\n")
    b_before = "header\n" + BEFORE  # same change, one line further down
    b = b_before.replace("line 5\n", "LINE 5\n").replace("line 11\n", "LINE 11\n")
    again = ReviewSession(make_patch({"a.txt": (BEFORE, a), "b.txt": (b_before, b)}))
    assert again.carry_over(first) == 1
    moved = again.hunks[2]
    assert moved.id != b1.id and again.decision(moved.id) == REJECT and again.reasons[moved.id] == "no"


def test_the_saved_form_round_trips_through_json_and_drops_what_does_not_fit() -> None:
    patch = _patch()
    s = ReviewSession(patch)
    s.decide(ACCEPT)
    s.reject_with_reason(s.hunks[2].id, "why")
    data = json.loads(json.dumps(s.to_dict()))
    back = ReviewSession.from_dict(patch, data)
    assert dict(back.decisions) == dict(s.decisions) and dict(back.reasons) == dict(s.reasons)
    assert back.cursor == s.cursor
    junk = {"decisions": {"zzz": ACCEPT, s.hunks[1].id: "maybe", s.hunks[0].id: ACCEPT},
            "reasons": {s.hunks[0].id: "a reason on an accept", "q": 3}, "cursor": True}
    loaded = ReviewSession.from_dict(patch, junk)
    assert dict(loaded.decisions) == {s.hunks[0].id: ACCEPT} and not loaded.reasons and loaded.cursor == 0
    assert not ReviewSession.from_dict(patch, {"decisions": [1, 2]}).decisions


def test_a_decision_is_accept_or_reject() -> None:
    with pytest.raises(ValueError, match="accept or reject"):
        ReviewSession(_patch()).decide("maybe")  # type: ignore[arg-type]


# ---- properties over any sequence of operations ---------------------------------------------
OPS = st.lists(
    st.tuples(
        st.sampled_from(["accept", "reject", "accept_file", "reject_file", "reason", "split", "undo",
                         "move", "next_file", "prev_file", "reject_rest"]),
        st.integers(min_value=0, max_value=8),
    ),
    max_size=25,
)


def _random_patch(edits: list[int]) -> Patch:
    after = BEFORE
    for n in sorted(set(edits)):
        after = after.replace(f"line {n}\n", f"CHANGED {n}\n")
    other = BEFORE.replace("line 3\n", "x\n").replace("line 9\n", "y\n")
    return make_patch({"a.txt": (BEFORE, after), "b.txt": (BEFORE, other)})


def _state(s: ReviewSession) -> tuple[object, ...]:
    return (dict(s.decisions), dict(s.reasons), s.cursor, [h.id for h in s.hunks],
            [h.number for h in s.hunks])


def _run(s: ReviewSession, op: str, n: int) -> None:
    ids = [h.id for h in s.hunks]
    target = ids[n % len(ids)] if ids else None
    if op in ("accept", "reject"):
        s.decide(ACCEPT if op == "accept" else REJECT, target)
    elif op in ("accept_file", "reject_file"):
        s.decide_file(ACCEPT if op == "accept_file" else REJECT, target)
    elif op == "reason" and target is not None:
        s.reject_with_reason(target, f"reason {n}")
    elif op == "split":
        s.split(target)
    elif op == "undo":
        s.undo()
    elif op == "move":
        s.move_to(n)
    elif op == "next_file":
        s.next_file()
    elif op == "prev_file":
        s.prev_file()
    elif op == "reject_rest":
        s.reject_rest()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=58), min_size=1, max_size=8), OPS)
def test_every_hunk_is_accepted_rejected_or_undecided_and_undo_restores(edits: list[int], ops) -> None:  # type: ignore[no-untyped-def]
    patch = _random_patch(edits)
    s = ReviewSession(patch, splitter=lambda p, hunk_id: p.split(hunk_id))
    afters = {f.path: f.after for f in patch.files}
    for op, n in ops:
        before = _state(s)
        could_undo = s.can_undo
        undo_depth = len(s._undo)
        _run(s, op, n)
        accepted, rejected, undecided = set(s.accepted_ids()), set(s.rejected_ids()), set(s.undecided_ids())
        every = {h.id for h in s.hunks}
        assert accepted | rejected | undecided == every
        assert not (accepted & rejected) and not (accepted & undecided) and not (rejected & undecided)
        assert set(s.decisions) <= every and set(s.reasons) <= rejected
        assert not s.hunks or 0 <= s.cursor < len(s.hunks)
        # Split (or not), the hunks still make exactly the patch's text.
        assert _texts(s) == afters
        if len(s._undo) > undo_depth:  # the op changed something: undo brings the state back
            assert s.undo() and _state(s) == before
            _run(s, op, n)
        elif op == "undo" and could_undo:
            assert len(s._undo) == undo_depth - 1


def test_find_goes_to_a_number_or_the_next_hunk_holding_the_text() -> None:
    session = ReviewSession(_patch())
    count = len(session.hunks)
    assert session.find(f"#{count}") == count - 1 and session.cursor == count - 1
    assert session.find("1") == 0
    last_path = session.hunks[-1].path
    assert session.find(last_path.upper()) is not None and session.current.path == last_path  # type: ignore[union-attr]
    before = session.cursor
    assert session.find("no such text anywhere") is None and session.cursor == before
    assert session.find(f"#{count + 5}") is None and session.cursor == before
    assert session.find("   ") is None
    assert not session.decisions  # finding decides nothing
