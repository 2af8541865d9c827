"""Command palette (ctrl+p): the commands of the screen it was opened from."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol

from textual.command import DiscoveryHit, Hit, Hits, Provider


class HasCommands(Protocol):
    def palette_commands(self) -> list[tuple[str, str, str]]:
        """(title, help, action string run on the screen)."""
        ...


class ScreenCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        screen = self.screen
        listing = getattr(screen, "palette_commands", None)
        if listing is None:
            return []
        return [(title, help_text, partial(screen.run_action, action)) for title, help_text, action in listing()]

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
