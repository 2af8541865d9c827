"""Syntax colour for the review: Pygments tokens coloured from the active theme's code variables
(themes.CODE_VARIABLES), so colours follow the theme rather than a dark/light flag."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

if TYPE_CHECKING:
    from pygments.lexer import Lexer


@lru_cache(maxsize=64)
def _lexer_for(path: str) -> Lexer | None:
    from pygments.lexers import get_lexer_for_filename
    from pygments.util import ClassNotFound

    try:
        return get_lexer_for_filename(path, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


# Pygments token family → the theme variable that colours it (themes.CODE_VARIABLES). A token
# not listed keeps the line's own foreground.
_TOKEN_VARIABLES = (
    ("Keyword", "code-keyword"),
    ("Name.Function", "code-name"),
    ("Name.Class", "code-name"),
    ("Name.Builtin", "code-name"),
    ("Name.Decorator", "code-name"),
    ("Literal.String", "code-string"),
    ("Literal.Number", "code-number"),
    ("Comment", "code-comment"),
    ("Operator.Word", "code-keyword"),
)

Palette = tuple[tuple[str, str], ...]  # (variable, colour), hashable for the line cache


def code_palette(variables: Mapping[str, str]) -> Palette:
    """The active theme's code colours (the app's theme variables)."""
    return tuple((name, variables[name]) for _, name in _TOKEN_VARIABLES if name in variables)


@lru_cache(maxsize=256)
def _token_style(token_type: object, palette: Palette) -> Style | None:
    colours = dict(palette)
    names = {family: name for family, name in _TOKEN_VARIABLES}
    token = token_type
    while token is not None:  # the most specific family listed wins (Name.Function before Name)
        dotted = str(token).removeprefix("Token.")
        name = names.get(dotted)
        if name is not None and name in colours:
            return Style(color=colours[name], italic=name == "code-comment")
        token = getattr(token, "parent", None)
    return None


@lru_cache(maxsize=20_000)
def highlight(path: str, code: str, palette: Palette) -> Text:
    """One line of code in the theme's colours (cached: scrolling back costs nothing). The spans
    carry only a foreground, so the line's background (added / removed) shows beneath them."""
    lexer = _lexer_for(path)
    text = Text(no_wrap=True, end="")
    if lexer is None:
        text.append(code)
        return text
    for token_type, value in lexer.get_tokens(code):
        text.append(value.rstrip("\n"), style=_token_style(token_type, palette))
    return text
