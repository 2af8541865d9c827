"""Applying edits to file texts in memory: SEARCH/REPLACE and diff hunks through the matcher,
whole files through the checks that keep a partial answer from deleting code."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from ouroboros_tui.patch import indent
from ouroboros_tui.patch.answer_formats import unprefixed_context
from ouroboros_tui.patch.edit_types import AppliedEdits, Edit, EditFailure
from ouroboros_tui.patch.matching import Spot, closest_lines, elision, locate, variants

_DEFINITION_RE = re.compile(
    r"^(?:async\s+def|def|class|function|export\s+(?:default\s+)?(?:async\s+)?(?:function|class|const|let)|"
    r"const|let|var|fn|pub\s+fn|func|struct|enum|interface|type)\s+([A-Za-z_$][\w$]*)"
)


def _eol(lines: list[str]) -> str:
    """The line ending most of `lines` use (LF on a tie or when none has one)."""
    crlf = sum(line.endswith("\r\n") for line in lines)
    lf = sum(line.endswith("\n") for line in lines) - crlf
    return "\r\n" if crlf > lf else "\n"


def _blank_run(lines: list[str], limit: int) -> int:
    count = 0
    while count < min(limit, len(lines)) and not lines[count].strip():
        count += 1
    return count


def _take_blank_margins(hay: list[str], start: int, n: int, replace: list[str], lead: int,
                        trail: int) -> tuple[int, int, list[str]]:
    """Blank lines trimmed off SEARCH that REPLACE repeats stand for the file's own blank lines there:
    those are replaced too, so they are not doubled. Repeated ones the file does not have are dropped;
    blank lines only SEARCH has are left in the file."""
    file_before = _blank_run(hay[:start][::-1], lead)
    file_after = _blank_run(hay[start + n:], trail)
    rep_before = _blank_run(replace, len(replace))
    rep_after = _blank_run(replace[::-1], len(replace) - rep_before)
    take_before, take_after = min(file_before, rep_before), min(file_after, rep_after)
    drop_before = take_before + min(rep_before - take_before, lead - file_before)
    drop_after = take_after + min(rep_after - take_after, trail - file_after)
    replace = replace[drop_before - take_before: len(replace) - (drop_after - take_after)]
    return start - take_before, n + take_before + take_after, replace


def _restore_blanks(dense_search: list[str], replace: list[str], blanks: tuple[int, ...]) -> list[str]:
    """A SEARCH that left out a file's blank line usually leaves it out of REPLACE too: put it back
    between the same two kept lines."""
    if not blanks:
        return replace
    matcher = difflib.SequenceMatcher(None, [x.strip() for x in dense_search], [x.strip() for x in replace],
                                      autojunk=False)
    where = {a + k: b + k for a, b, size in matcher.get_matching_blocks() for k in range(size)}
    after = set()
    for k in blanks:
        j = where[k] if k in where else where[k + 1] - 1 if k + 1 in where else -1
        if 0 <= j < len(replace) - 1 and replace[j].strip() and replace[j + 1].strip():
            after.add(j)
    out: list[str] = []
    for j, line in enumerate(replace):
        out.append(line)
        if j in after:
            out.append("")
    return out


def _failure(edit: Edit, kind: str, message: str) -> EditFailure:
    return EditFailure(edit.path, kind, message, block=_block_text(edit))


def _block_text(edit: Edit) -> str:
    return f"{edit.path}\n<<<<<<< SEARCH\n{edit.search}=======\n{edit.replace}>>>>>>> REPLACE"


def apply_edit(text: str, edit: Edit) -> tuple[str | None, EditFailure | None]:
    """Apply one SEARCH/REPLACE (or diff hunk) to `text`. See matching.py for the tolerances."""
    hay = text.splitlines(keepends=True)
    first_failure: EditFailure | None = None
    tries = variants(edit.search.splitlines(), edit.replace.splitlines())
    if edit.kind == "diff" and edit.header:
        again = unprefixed_context(edit.header)
        if again and again != (edit.search, edit.replace):
            tries.append((again[0].splitlines(), again[1].splitlines()))
    for search, replace in tries:
        new_text, failure = _apply_lines(hay, search, replace, edit)
        if failure is None:
            return new_text, None
        if failure.kind in ("ambiguous", "elision"):
            return None, failure
        first_failure = first_failure or failure
    return None, first_failure


def _apply_lines(hay: list[str], search: list[str], replace: list[str], edit: Edit
                 ) -> tuple[str | None, EditFailure | None]:
    lead = trail = 0
    search = list(search)
    while search and not search[0].strip():
        search.pop(0)
        lead += 1
    while search and not search[-1].strip():
        search.pop()
        trail += 1
    if not search:
        return None, _failure(edit, "exists", f"{edit.path}: SEARCH is blank but the file exists; quote the "
                                              "lines to replace in SEARCH.")
    answer_style = indent.style(search + replace)
    found = locate(hay, search, answer_style)
    search_cut = [k for k, x in enumerate(search) if elision(x)]
    replace_cut = [k for k, x in enumerate(replace) if elision(x)]
    if not found.spots and search_cut:
        return _apply_pieces(hay, search, replace, search_cut, replace_cut, edit)
    if found.spots and not search_cut and any(elision(replace[k]) == "comment" for k in replace_cut):
        return None, _failure(edit, "elision", (
            f"{edit.path}: REPLACE leaves lines out with a `...` comment, which would delete them from the "
            "file. Write REPLACE out in full, or make the block smaller."))
    if not found.spots:
        if found.level == "uneven":
            return None, _failure(edit, "uneven", (
                f"{edit.path}: the SEARCH lines are in the file, but indented unevenly compared with it; "
                "copy them with the file's exact indentation.\n" + closest_lines("".join(hay), "\n".join(search))))
        return None, _failure(edit, "no_match", (
            f"{edit.path}: the SEARCH block matches no lines of the file.\n"
            + closest_lines("".join(hay), "\n".join(search))
            + "\nCopy the SEARCH lines exactly from the file, without line numbers or `...`."))
    if len(found.spots) > 1:
        at = ", ".join(f"line {s.start + 1}" for s in found.spots[:8])
        return None, _failure(edit, "ambiguous", (
            f"{edit.path}: the SEARCH block matches {len(found.spots)} places ({at}); "
            "include more surrounding lines so it matches once."))
    spot = found.spots[0]
    return _replace_at(hay, spot, search, replace, found.level, answer_style, lead, trail), None


def _replace_at(hay: list[str], spot: Spot, search: list[str], replace: list[str], level: str,
                answer_style: tuple[str, int], lead: int, trail: int) -> str:
    file_style = indent.style([x.rstrip("\r\n") for x in hay])
    start, n = spot.start, spot.end - spot.start
    matched = hay[start:spot.end]
    eol = _eol(matched) if any(x.endswith("\n") for x in matched) else _eol(hay)
    if level in ("indent", "blank-lines"):
        replace = indent.convert(replace, answer_style, file_style)
        replace = indent.shift(replace, spot.offset or ("add", ""))
        if level == "blank-lines":
            replace = _restore_blanks([x for x in search if x.strip()], replace, spot.blanks)
    else:
        own = indent.style(replace)
        if own[0] != file_style[0] and any(x[:1] in " \t" and x.strip() for x in replace):
            replace = indent.convert(replace, own, file_style)
    if level != "blank-lines":
        start, n, replace = _take_blank_margins(hay, start, n, replace, lead, trail)
    new_lines = [x + eol for x in replace]
    if start + n == len(hay) and new_lines and hay and not hay[-1].endswith(("\n", "\r")):
        new_lines[-1] = new_lines[-1][: -len(eol)]
    return "".join([*hay[:start], *new_lines, *hay[start + n:]])


def _apply_pieces(hay: list[str], search: list[str], replace: list[str], search_cut: list[int],
                  replace_cut: list[int], edit: Edit) -> tuple[str | None, EditFailure | None]:
    """`...` in both halves: the pieces between the elisions are edits of their own."""
    if len(search_cut) != len(replace_cut):
        return None, _failure(edit, "elision", (
            f"{edit.path}: SEARCH leaves lines out with `...` and REPLACE does not (or not as often), so the "
            "left-out lines would be deleted. Quote every line to change, without `...`."))
    pieces_s = _split(search, search_cut)
    pieces_r = _split(replace, replace_cut)
    text = "".join(hay)
    for s, r in zip(pieces_s, pieces_r, strict=True):
        if not any(x.strip() for x in s):
            if any(x.strip() for x in r):
                return None, _failure(edit, "elision", (
                    f"{edit.path}: REPLACE adds lines next to a `...` that SEARCH does not anchor; "
                    "quote the lines around the change in SEARCH."))
            continue
        if [x.rstrip() for x in s] == [x.rstrip() for x in r]:
            continue  # an unchanged piece still has to be there, but is not rewritten
        piece = Edit(edit.path, "".join(x + "\n" for x in s), "".join(x + "\n" for x in r))
        new_text, failure = _apply_lines(text.splitlines(keepends=True), s, r, piece)
        if failure is not None:
            return None, EditFailure(failure.path, failure.kind, failure.message, _block_text(edit))
        assert new_text is not None
        text = new_text
    for s, r in zip(pieces_s, pieces_r, strict=True):  # unchanged anchors must exist too
        if any(x.strip() for x in s) and [x.rstrip() for x in s] == [x.rstrip() for x in r]:
            probe = locate(text.splitlines(keepends=True), [x for x in s if x.strip()] or s, indent.style(s))
            if len(probe.spots) != 1:
                return None, _failure(edit, "no_match" if not probe.spots else "ambiguous", (
                    f"{edit.path}: a part of SEARCH between `...` lines does not match exactly one place.\n"
                    + closest_lines(text, "\n".join(s))))
    return text, None


def _split(lines: list[str], cuts: list[int]) -> list[list[str]]:
    pieces, last = [], 0
    for k in cuts:
        pieces.append(lines[last:k])
        last = k + 1
    pieces.append(lines[last:])
    return pieces


def apply_whole(text: str | None, edit: Edit, mentioned: frozenset[str] = frozenset()
                ) -> tuple[str | None, EditFailure | None]:
    """A whole-file answer. Refused when it elides code or drops definitions the file has, except
    definitions the task names (`mentioned`: "remove sub")."""
    new = edit.replace
    if text is None:
        return new, None
    old_lines = text.splitlines()
    new_lines = new.splitlines()
    if edit.header and old_lines and old_lines[0] == edit.header:
        new_lines.insert(0, edit.header)
    elided = [x for x in new_lines if elision(x) == "comment" and x not in old_lines]
    bare = sum(elision(x) == "bare" for x in new_lines) > sum(elision(x) == "bare" for x in old_lines)
    if elided or bare:
        return None, EditFailure(edit.path, "elision", (
            f"{edit.path}: the whole-file answer leaves code out (`{(elided or ['...'])[0].strip()}`); writing it "
            "would delete that code. Give the complete file, or use SEARCH/REPLACE blocks."),
            block=new)
    lost = sorted(_definitions(old_lines) - _names(new_lines) - mentioned)
    top = [x for x in old_lines if x.strip() and not x[0].isspace() and not x.startswith(("#", "//", ")", "}", "]"))]
    kept_top = sum(x in set(new_lines) for x in top)
    few_top = len(top) >= 2 and kept_top * 2 < len(top) and not mentioned
    if lost or few_top or (len(old_lines) >= 20 and _kept(old_lines, new_lines) < 0.3):
        what = (f"it drops {', '.join(lost[:5])}" if lost else
                "most of its top-level lines are missing" if few_top else "most of the file is missing")
        return None, EditFailure(edit.path, "partial", (
            f"{edit.path}: this looks like part of the file, not all of it ({what}); writing it would delete "
            "the rest. Answer with the complete file, or with SEARCH/REPLACE blocks for the lines to change."),
            block=new)
    eol = _eol(text.splitlines(keepends=True))
    out = eol.join(new_lines)
    if text.endswith(("\n", "\r")) or not text:
        out += eol
    return out, None


def _definitions(lines: list[str]) -> set[str]:
    return {m.group(1) for x in lines if (m := _DEFINITION_RE.match(x))}


def _names(lines: list[str]) -> set[str]:
    return set(re.findall(r"[A-Za-z_$][\w$]*", "\n".join(lines)))


def _kept(old: list[str], new: list[str]) -> float:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / max(1, len(old))


def apply_edits(edits: list[Edit], read: Callable[[str], str | None],
                mentioned: frozenset[str] = frozenset()) -> AppliedEdits:
    """Apply edits in order; later edits to a file see the earlier ones. `read(path)` gives the file's
    current text or None when it does not exist. Failed edits are reported, the rest still apply."""
    out = AppliedEdits()
    current: dict[str, str | None] = {}
    originals: dict[str, str | None] = {}
    for edit in edits:
        new_text: str | None = None
        failure: EditFailure | None = None
        if edit.path not in current:
            current[edit.path] = originals[edit.path] = read(edit.path)
        text = current[edit.path]
        if edit.kind == "whole":
            new_text, failure = apply_whole(text, edit, mentioned)
        elif edit.creates_file:
            if text is not None and text.strip():
                failure = _failure(edit, "exists", (
                    f"{edit.path}: an empty SEARCH creates a file, but this file exists; quote the lines to "
                    "replace in SEARCH."))
            else:
                new_text, failure = edit.replace, None
        elif text is None:
            failure = _failure(edit, "missing", f"{edit.path}: no such file, so its SEARCH cannot match.")
        else:
            new_text, failure = apply_edit(text, edit)
        if failure is not None:
            out.failures.append(failure)
            continue
        assert new_text is not None
        current[edit.path] = new_text
        out.files[edit.path] = (originals[edit.path], new_text)
        out.applied.append(edit)
    return out
