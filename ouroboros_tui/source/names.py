"""The names a file defines and the words it uses, by regular expression: what the compressor's
graph needs of every file of the repository, at the cost of reading it (a C-level regex pass),
without parsing it.

Parsing every file (tree-sitter) cost 2–3× reading it, most of a cold run on a big tree; the graph
only needs names. Full definitions (lines, signatures, nesting) still come from tree-sitter
(tags.py), for the few files the context shows. A pattern can be fooled by a `def f` inside a
string; that costs a stray edge in the ranking, never a wrong line shown.
"""

from __future__ import annotations

import re
from collections import Counter

from ouroboros_tui.source.tags import WORD_RE

_JS_IDENT = r"[A-Za-z_$][\w$]*"
_KEYWORDS = frozenset({"if", "for", "while", "switch", "catch", "return", "function", "new", "else", "do",
                       "try", "with", "typeof", "await", "yield", "super", "this", "constructor", "class",
                       "public", "private", "protected", "static", "final"})

PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "python": [re.compile(r"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_]\w*)", re.M)],
    "javascript": [
        re.compile(rf"\b(?:function\*?|class)\s+({_JS_IDENT})"),
        re.compile(rf"^[ \t]*(?:export[ \t]+)?(?:const|let|var)[ \t]+({_JS_IDENT})[ \t]*=[ \t]*"
                   rf"(?:async\b[ \t]*)?(?:function\b|class\b|\(|{_JS_IDENT}[ \t]*=>)", re.M),
        re.compile(rf"(?:^|[{{}};])[ \t]*(?:(?:static|async|get|set|public|private|protected|readonly|override)[ \t]+)*"
                   rf"\*?({_JS_IDENT})[ \t]*(?:<[^>\n]*>)?\([^)\n]*\)[^\n;=]*\{{", re.M),
    ],
    "go": [re.compile(r"^func[ \t]+(?:\([^)]*\)[ \t]*)?([A-Za-z_]\w*)", re.M),
           re.compile(r"^(?:type|const|var)?[ \t]*([A-Za-z_]\w*)[ \t]+(?:struct|interface)\b", re.M),
           re.compile(r"^type[ \t]+([A-Za-z_]\w*)", re.M)],
    "rust": [re.compile(r"\b(?:fn|struct|enum|trait|mod|type|const|static|union)[ \t]+([A-Za-z_]\w*)"),
             re.compile(r"\bmacro_rules![ \t]*([A-Za-z_]\w*)")],
    "java": [re.compile(r"\b(?:class|interface|enum|record)[ \t]+([A-Za-z_]\w*)"),
             re.compile(r"(?:^|[;{}])[ \t]*(?:@\w+[ \t]+)*(?:<[^>\n]*>[ \t]*)?(?:[\w<>\[\],.?]+[ \t]+)+"
                        r"([A-Za-z_]\w*)[ \t]*\([^)]*\)[ \t]*(?:throws[ \t]+[\w., ]+)?\{", re.M)],
    "bash": [re.compile(r"^[ \t]*(?:function[ \t]+)?([A-Za-z_][\w-]*)[ \t]*\(\)", re.M),
             re.compile(r"^[ \t]*function[ \t]+([A-Za-z_][\w-]*)", re.M)],
}
PATTERNS["typescript"] = [
    *PATTERNS["javascript"],
    re.compile(rf"\b(?:interface|type|enum|namespace)[ \t]+({_JS_IDENT})"),
]
PATTERNS["tsx"] = PATTERNS["typescript"]


def names_and_refs(text: str, language: str | None) -> tuple[list[str], dict[str, int]]:
    """(names the file defines, sorted; words it uses → count, its own names left out)."""
    patterns = PATTERNS.get(language or "")
    if not patterns:
        return [], {}
    names = {m for p in patterns for m in p.findall(text)}
    if language in ("javascript", "typescript", "tsx", "java"):
        names -= _KEYWORDS  # what the method patterns also match: `if (x) {`, `} catch (e) {`
    refs = Counter(WORD_RE.findall(text))
    for name in names & refs.keys():
        del refs[name]
    return sorted(names), dict(refs)
