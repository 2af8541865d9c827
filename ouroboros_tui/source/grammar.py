"""The pipeline's door to the gate's grammars: path → language name, language → cached Parser."""

from __future__ import annotations

from typing import Any


def language_for(path: str) -> str | None:
    from ouroboros_tui.gate import languages

    return languages.language_for_path(path)


def parser_for(language: str) -> Any:
    from ouroboros_tui.gate import languages

    return languages.get_parser(language)
