"""What a screen needs from the app, handed to it at construction: screens never import the app
(import-linter checks it). They ask the app for anything else with messages (tui/messages.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ouroboros_tui.tui.keymap import KeyHints

if TYPE_CHECKING:
    from ouroboros_tui.config import Settings


@dataclass(frozen=True)
class ScreenContext:
    repo: Path
    settings: Settings
    flags: Mapping[str, Any] | None = None  # the command line's flags (a preset switch reloads with them)
    targets: tuple[str, ...] = ()  # the -t files, marked in the tree at start
    task: str = ""  # the task text given at start
    demo: bool = False
    keys: KeyHints = field(default_factory=KeyHints)
    # Generators for one run (tests and the demo inject them); None: from the settings.
    generators_for: Callable[[Settings], dict[str, Any] | None] = lambda settings: None
