"""No input crashes the gate: random text, random bytes, lone surrogates, NUL bytes, in every
language, through validate, validate_incremental and validate_change."""

from __future__ import annotations

import random

import pytest

from ouroboros_tui.gate import LANGUAGES, SyntaxValidator

ALPHABET = "ab(){}[]:;,.\"'\\\n\r\t #=+-*/<>`$@!?\x00\x0c é😀\ud800"


# Slow tier: random inputs by the thousand.
@pytest.mark.slow
def test_random_input_never_raises() -> None:
    validator = SyntaxValidator()
    rng = random.Random(0)
    languages = sorted(LANGUAGES)
    for _ in range(1200):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 80)))
        language = rng.choice(languages)
        result = validator.validate(text, language=language)
        assert result.is_valid == (not result.errors)
        result.to_dict()
        result.report("f")
        assert result.ast_depth >= 1
        validator.validate_incremental(f"f.{language}", text, language=language)
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 40)))
        validator.validate(data, language=language).to_dict()
        validator.validate_change(text, text + "\n(", language=language)


def test_edit_past_the_last_statement() -> None:
    # Regression: an edit after every top-level node once reached a py-tree-sitter call that crashes.
    validator = SyntaxValidator()
    assert validator.validate_incremental("e.py", "x = 1\n\n\n").is_valid
    assert not validator.validate_incremental("e.py", "x = 1\n\n\ny y").is_valid
    assert validator.validate_incremental("e.py", "x = 1\n\n\ny = 2\n").is_valid
