"""OuroborosApp and make_app(): what `ouroboros [REPO]`, `ouroboros demo` and the tests start.

Nothing here imports torch or transformers: the pipeline (and with it the models) is imported in
the worker thread when a task runs, so the first frame paints as fast as a bare Textual app.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App

from ouroboros_tui.tui import keymap
from ouroboros_tui.tui.commands import ScreenCommands
from ouroboros_tui.tui.context import ScreenContext
from ouroboros_tui.tui.messages import Committed, ReviewPendingRun, RunChanged
from ouroboros_tui.tui.themes import DEFAULT_THEME, diff_variable_defaults, load_themes

if TYPE_CHECKING:
    from textual.theme import Theme

    from ouroboros_tui.config import Settings
    from ouroboros_tui.tui.screens.main import MainScreen


class OuroborosApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "Ouroboros"
    BINDINGS = keymap.bindings("app")
    COMMANDS = App.COMMANDS | {ScreenCommands}

    def __init__(
        self,
        repo: Path,
        settings: Settings,
        *,
        targets: Iterable[str] = (),
        flags: Mapping[str, Any] | None = None,
        generators: Mapping[str, Any] | Callable[[Settings], Mapping[str, Any]] | None = None,
        demo: bool = False,
        theme_dirs: Iterable[Path] | None = None,
        persist_theme: bool = True,
        task: str = "",
    ) -> None:
        super().__init__()
        self.initial_task = task
        self.repo = repo
        self.settings = settings
        self.initial_targets = list(targets)
        self.flags = dict(flags) if flags else None
        self.generators = generators
        self.demo = demo
        self.theme_dirs = list(theme_dirs) if theme_dirs is not None else None
        self.persist_theme = persist_theme
        self.last_commit: str | None = None
        self.our_themes: list[str] = []
        self._theme_ready = False
        self.sub_title = f"SCRIPTED DEMO · {repo.name}" if demo else repo.name
        # Themes are registered and chosen before the first stylesheet pass: switching theme
        # after mount re-parses all CSS, which would cost the first frame a good 100 ms.
        self._theme_notes = self._load_themes()

    def on_mount(self) -> None:
        for note in self._theme_notes:
            self.notify(note, title="Theme", severity="warning", timeout=10)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self._theme_ready = True
        usable, problems = keymap.check_keymap(self.settings.keymap)
        for message in problems:
            self.notify(message, severity="warning", timeout=12)
        if usable:
            # Unknown ids too: an id that is not ours may still be one of Textual's own bindings.
            self.set_keymap(usable)
        # What the screens get instead of the app; its key hints name the keys just applied.
        self.context = ScreenContext(
            repo=self.repo, settings=self.settings, flags=self.flags, targets=tuple(self.initial_targets),
            task=self.initial_task, demo=self.demo,
            keys=keymap.KeyHints({k: v for k, v in usable.items() if k in keymap.BY_ID}),
            generators_for=self.generators_for,
        )
        from ouroboros_tui.tui.screens.main import MainScreen

        self.push_screen(MainScreen(self.context))
        if self.demo:
            self.notify(
                "Scripted demo: a throwaway repo and canned model answers. "
                f"Press {self.context.keys('main.run')} to run.",
                title="Demo",
                timeout=10,
            )

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The diff and code colours for themes that do not set them (Textual's own themes)."""
        theme = self.current_theme
        return {**super().get_theme_variable_defaults(),
                **diff_variable_defaults(theme, theme.to_color_system().generate())}

    def _load_themes(self) -> list[str]:
        """Register themes/*.toml and pick the configured one; returns messages to show."""
        loaded = load_themes(self.theme_dirs)
        for theme in loaded.themes:
            self.register_theme(theme)
        self.our_themes = [t.name for t in loaded.themes]
        notes = list(loaded.errors)
        wanted = self.settings.theme
        if wanted not in self.available_themes:
            if wanted != DEFAULT_THEME:
                notes.append(f"Theme '{wanted}' is not available; using the default.")
            wanted = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
        # Without the watcher (it queues a full CSS refresh); the first stylesheet pass reads the
        # theme's variables anyway, so only the classes the watcher would set are needed.
        self.set_reactive(OuroborosApp.theme, wanted)
        dark = self.current_theme.dark
        self.update_classes({f"-theme-{wanted}": True, "-dark-mode": dark, "-light-mode": not dark}, update=False)
        return notes

    def _theme_changed(self, theme: Theme) -> None:
        if not self.persist_theme or not self._theme_ready:
            return
        from ouroboros_tui.config import ConfigError, save_user_setting

        try:
            save_user_setting("tui", "theme", theme.name)
        except (ConfigError, OSError) as exc:
            self.notify(f"The theme could not be saved: {exc}", severity="warning")

    def action_cycle_theme(self) -> None:
        names = self.our_themes or sorted(self.available_themes)
        index = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(index + 1) % len(names)]
        self.notify(f"Theme: {self.theme}", timeout=2)

    def action_open_history(self) -> None:
        from ouroboros_tui.tui.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen(self.context))

    @property
    def main_screen(self) -> MainScreen | None:
        from ouroboros_tui.tui.screens.main import MainScreen

        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def generators_for(self, settings: Settings) -> dict[str, Any] | None:
        """Generators for one run: a factory makes fresh ones, a mapping is shared, None: from settings."""
        if self.generators is None:
            return None
        if callable(self.generators):
            return dict(self.generators(settings))
        return dict(self.generators)

    # ---- what the screens ask for (they do not import the app) ------------------------------
    def on_review_pending_run(self, message: ReviewPendingRun) -> None:
        """Reopen a pending run in the main screen's review."""
        main = self.main_screen
        if main is None:
            return
        while self.screen is not main:
            self.pop_screen()
        main.show_patch(message.record)

    def on_run_changed(self, message: RunChanged) -> None:
        from ouroboros_tui.tui.screens.history import HistoryScreen

        for screen in self.screen_stack:  # the history under a run detail still showed the old row
            if isinstance(screen, HistoryScreen):
                screen.update_run(message.row)

    def on_committed(self, message: Committed) -> None:
        self.last_commit = message.commit

    async def action_quit(self) -> None:
        from ouroboros_tui.tui.screens.confirm import ConfirmScreen

        main = self.main_screen
        accepted = main.accepted_uncommitted() if main is not None else 0
        if accepted and not isinstance(self.screen, ConfirmScreen):
            def answered(yes: bool | None) -> None:
                if yes:
                    self._quit_now()

            self.push_screen(ConfirmScreen(
                f"Quit with {accepted} accepted hunk(s) not committed?",
                f"They stay with the pending run: History ({self.context.keys('app.history')}) → "
                f"{self.context.keys('detail.reopen')} reopens the review. Commit is "
                f"{self.context.keys('review.commit')}.", self.context.keys), answered)
            return
        self._quit_now()  # ctrl+q again on the question quits too

    def _quit_now(self) -> None:
        main = self.main_screen
        if main is not None:
            main.cancel()  # the worker thread is a daemon: no waiting on a long generate
        self.exit(0)

    def action_show_help_panel(self) -> None:
        """The palette's "Keys" command: the same overlay as `?` (Textual's own panel docked at the
        right, squeezed the panes at 80 columns and did not close on escape)."""
        self.action_show_help()

    def action_show_help(self) -> None:
        """The keys of the focused pane first, from the live bindings (remaps included)."""
        from textual.keys import format_key

        from ouroboros_tui.tui.screens.help import HelpScreen, KeyRow

        screen = self.screen
        if type(screen).__name__ in ("HelpScreen", "ConfirmScreen", "ReasonScreen"):
            return
        focused = screen.focused
        by_node: dict[int, tuple[int, str, dict[str, list[str]]]] = {}
        from textual.screen import Screen

        # The base property: a screen may leave keys out of its footer, never out of the help.
        every: dict[str, Any] = Screen.active_bindings.fget(screen)  # type: ignore[attr-defined]
        for key, active in every.items():
            node = active.node
            if id(node) not in by_node:
                if node is self:
                    order, name = 2, "Everywhere"
                elif node is screen:
                    order, name = 1, "This screen"
                else:
                    order = 0 if node is focused else 1
                    name = str(getattr(node, "border_title", "") or type(node).__name__).split(" ")[0]
                by_node[id(node)] = (order, name, {})
            what = active.binding.description or active.binding.action
            by_node[id(node)][2].setdefault(what, []).append(format_key(key))
        ours = {k.description for k in keymap.KEYS}  # our keys before the inherited scroll keys
        rows = [KeyRow(name, ", ".join(dict.fromkeys(keys)), what)
                for _, name, entries in sorted(by_node.values(), key=lambda e: e[0])
                for what, keys in sorted(entries.items(), key=lambda item: item[0] not in ours)]
        pane = str(getattr(focused, "border_title", "") or "").split(" ")[0] if focused else ""
        self.push_screen(HelpScreen(rows, f"Keys · {pane}" if pane else "Keys"))


def make_app(
    repo: Path,
    targets: Iterable[str] = (),
    settings: Settings | None = None,
    *,
    flags: Mapping[str, Any] | None = None,
    generators: Mapping[str, Any] | Callable[[Settings], Mapping[str, Any]] | None = None,
    demo: bool = False,
    theme_dirs: Iterable[Path] | None = None,
    persist_theme: bool = True,
    task: str = "",
) -> OuroborosApp:
    """The app for `repo`; settings are loaded from its config (plus `flags`) unless given."""
    repo = repo.resolve()
    if settings is None:
        from ouroboros_tui.config import load_settings

        settings = load_settings(repo, dict(flags) if flags else None)
    clean_targets = []
    for target in targets:
        path = Path(target)
        if path.is_absolute():
            with contextlib.suppress(ValueError):  # outside the repo: the tree will not find it
                path = path.resolve().relative_to(repo)
        clean_targets.append(path.as_posix())
    return OuroborosApp(
        repo,
        settings,
        targets=clean_targets,
        flags=flags,
        generators=generators,
        demo=demo,
        theme_dirs=theme_dirs,
        persist_theme=persist_theme,
        task=task,
    )
