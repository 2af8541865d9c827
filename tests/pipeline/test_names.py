"""The graph's names by pattern agree with tree-sitter's definitions on ordinary code."""

from __future__ import annotations

import pytest

from ouroboros_tui.source.names import names_and_refs
from ouroboros_tui.source.tags import tags_for
from tests.pipeline.test_tags import CASES


@pytest.mark.parametrize("path", sorted(CASES))
def test_pattern_names_match_tree_sitter_definitions(path: str) -> None:
    text = CASES[path][0]
    tags = tags_for(path, text)
    names, refs = names_and_refs(text, tags.language)
    assert set(names) == {d.name for d in tags.definitions}
    assert set(CASES[path][2]) <= set(refs) and not set(names) & set(refs)


def test_words_in_prose_are_not_definitions() -> None:
    text = "def real(x):\n    if (x) {\n        return x\n    }\n"
    assert names_and_refs(text, "python")[0] == ["real"]
    js = "function go() {\n  if (ready) {\n    run()\n  }\n  for (const a of b) {\n  }\n}\n"
    assert names_and_refs(js, "javascript")[0] == ["go"]
