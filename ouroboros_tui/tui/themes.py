"""themes/*.toml → textual.theme.Theme. A file that cannot be read or has a bad colour is skipped
and reported (the app shows a notification and keeps the default theme)."""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

DEFAULT_THEME = "ouroboros-dark"
COLOR_KEYS = (
    "primary", "secondary", "warning", "error", "success", "accent",
    "foreground", "background", "surface", "panel", "boost",
)  # fmt: skip
ALLOWED_KEYS = {"name", "dark", "variables", "luminosity_spread", "text_alpha", *COLOR_KEYS}


# Colours of the diff and of the code in it, as theme variables ([variables] in a theme file).
# Every default is an exact entry of the xterm 256-colour palette: over SSH + tmux the terminal is
# usually TERM=xterm-256color without COLORTERM, Rich downgrades every colour to the nearest
# palette entry, and two pale tints of green and red both land on the same black or grey.
DIFF_VARIABLES = ("diff-added-background", "diff-removed-background", "diff-added-sign", "diff-removed-sign")
CODE_VARIABLES = (
    "code-keyword", "code-name", "code-string", "code-number", "code-comment", "code-operator",
)  # fmt: skip
_DARK_DEFAULTS = {
    "diff-added-background": "#005f00",  # 22
    "diff-removed-background": "#5f0000",  # 52
    "diff-added-sign": "#87ff87",  # 120
    "diff-removed-sign": "#ff8787",  # 210
}
_LIGHT_DEFAULTS = {
    "diff-added-background": "#d7ffd7",  # 194
    "diff-removed-background": "#ffd7d7",  # 224
    "diff-added-sign": "#005f00",  # 22
    "diff-removed-sign": "#870000",  # 88
}


def diff_variable_defaults(theme: Theme, colors: dict[str, str]) -> dict[str, str]:
    """Defaults for the diff and code variables of `theme` (a theme file may set each one).

    `colors` is the theme's generated colour system ($primary, $text-muted, …): code colours follow
    the theme's own accents, so a theme that changes its palette changes the syntax colours too."""
    defaults = dict(_DARK_DEFAULTS if theme.dark else _LIGHT_DEFAULTS)
    defaults.update({
        "code-keyword": colors.get("secondary", "#af87ff"),
        "code-name": colors.get("primary", "#5fafff"),
        "code-string": colors.get("accent", "#ffaf5f"),
        "code-number": colors.get("warning", "#ffd75f"),
        "code-comment": _muted(colors),
        "code-operator": colors.get("foreground", "#e4e4e4"),
    })  # fmt: skip
    return defaults


def _muted(colors: dict[str, str]) -> str:
    """The foreground 60 % of the way from the background: comments, as $text-muted draws text."""
    try:
        back, fore = Color.parse(colors["background"]), Color.parse(colors["foreground"])
    except (KeyError, ColorParseError):
        return "#8a8a8a"
    return back.blend(fore, 0.6).hex


@dataclass
class ThemeLoad:
    themes: list[Theme] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def builtin_theme_dir() -> Path:
    """The repository's top-level themes/ folder (next to the package in a checkout)."""
    return Path(__file__).resolve().parents[2] / "themes"


def user_theme_dir() -> Path:
    from ouroboros_tui.config import user_config_path

    return user_config_path().parent / "themes"


def installed_theme_dir() -> Path:
    """Where a wheel install puts the built-in themes (pyproject's data-files)."""
    return Path(sys.prefix) / "share" / "ouroboros-tui" / "themes"


def theme_dirs() -> list[Path]:
    """Later folders win on a name clash: built-in, then installed, then the user's own."""
    return [builtin_theme_dir(), installed_theme_dir(), user_theme_dir()]


def parse_theme(path: Path) -> Theme:
    """One file → Theme; raises ValueError with a message naming the file and the key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path.name}: cannot be read as TOML ({exc})") from exc
    unknown = sorted(set(data) - ALLOWED_KEYS)
    if unknown:
        raise ValueError(f"{path.name}: unknown key(s) {', '.join(unknown)}")
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise ValueError(f"{path.name}: needs name = \"…\"")
    if "primary" not in data:
        raise ValueError(f"{path.name}: needs a primary colour")
    colors: dict[str, str] = {}
    for key in COLOR_KEYS:
        if key in data:
            value = data[key]
            try:
                Color.parse(value)
            except (ColorParseError, TypeError, ValueError) as exc:
                raise ValueError(f"{path.name}: {key} = {value!r} is not a colour") from exc
            colors[key] = value
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        raise ValueError(f"{path.name}: [variables] must map names to strings")
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ValueError(f"{path.name}: dark must be true or false")
    return Theme(
        name=name,
        primary=colors["primary"],
        secondary=colors.get("secondary"),
        warning=colors.get("warning"),
        error=colors.get("error"),
        success=colors.get("success"),
        accent=colors.get("accent"),
        foreground=colors.get("foreground"),
        background=colors.get("background"),
        surface=colors.get("surface"),
        panel=colors.get("panel"),
        boost=colors.get("boost"),
        dark=dark,
        variables=dict(variables),
    )


def load_themes(dirs: Iterable[Path] | None = None) -> ThemeLoad:
    result = ThemeLoad()
    seen: set[str] = set()
    for folder in dirs if dirs is not None else theme_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                theme = parse_theme(path)
            except ValueError as exc:
                result.errors.append(f"Theme file {exc}")
                continue
            if theme.name in seen:  # a user file overrides a shipped one of the same name
                result.themes = [t for t in result.themes if t.name != theme.name]
            seen.add(theme.name)
            result.themes.append(theme)
    return result
