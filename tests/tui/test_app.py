"""App-wide behaviour: keymap, themes, cancel, quit mid-run, palette, coalescing, demo banner."""

from __future__ import annotations

import threading
import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette

from ouroboros_tui.config import load_settings, scripted_flags, user_config_path
from ouroboros_tui.runs.events import DiffusionDraft, RunStarted, TokenDelta
from ouroboros_tui.tui.app import make_app
from ouroboros_tui.tui.demo import make_demo_repo, paced_generators
from ouroboros_tui.tui.messages import PipelineEventMessage, PipelineFinished
from ouroboros_tui.tui.screens.history import HistoryScreen
from ouroboros_tui.tui.themes import builtin_theme_dir
from ouroboros_tui.tui.widgets.diff_review import ACCEPT, DiffReview
from ouroboros_tui.tui.widgets.stages import StagesPane
from ouroboros_tui.tui.worker import PipelineWorker
from tests.tui.helpers import demo_app, wait_until


def _notes(app: Any) -> str:
    return "\n".join(n.message for n in app._notifications)


async def test_keymap_in_ouroboros_toml_remaps_bindings(tmp_path: Path) -> None:
    repo, script = make_demo_repo(tmp_path)
    (repo / "ouroboros.toml").write_text('[keymap]\n"main.run" = "ctrl+g"\n"review.accept" = "x"\n')
    flags = scripted_flags(script)
    app = make_app(repo, ["calc.py"], load_settings(repo, flags), flags=flags, task="hints", persist_theme=False)
    async with app.run_test(size=(80, 24)) as pilot:
        review = app.screen.query_one(DiffReview)
        await pilot.press("ctrl+r")  # the old key does nothing now
        await pilot.pause()
        assert app.main_screen.worker is None  # type: ignore[union-attr]
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: len(review.hunks) == 3)
        await pilot.press("y")
        assert not review.decisions
        await pilot.press("x")
        assert review.decisions == {review.hunks[0].id: ACCEPT}


async def test_unknown_keymap_id_is_reported(tmp_path: Path) -> None:
    repo, script = make_demo_repo(tmp_path)
    (repo / "ouroboros.toml").write_text('[keymap]\n"review.acept" = "x"\n')
    app = make_app(repo, settings=load_settings(repo, scripted_flags(script)), persist_theme=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "unknown binding id 'review.acept'" in _notes(app)


# Slow tier: the theme keys and files stay fast above and below.
@pytest.mark.slow
async def test_theme_switch_persists_in_user_config(tmp_path: Path) -> None:
    app, repo = demo_app(tmp_path, persist_theme=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "ouroboros-dark"
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme != "ouroboros-dark" and app.theme.startswith("ouroboros-")
        chosen = app.theme
    saved = tomllib.loads(user_config_path().read_text())
    assert saved["tui"]["theme"] == chosen
    # The next start uses it.
    again = make_app(repo, settings=load_settings(repo), persist_theme=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == chosen


async def test_bad_theme_file_notifies_and_keeps_default(tmp_path: Path) -> None:
    bad_dir = tmp_path / "themes"
    bad_dir.mkdir()
    (bad_dir / "broken.toml").write_text('name = "broken"\nprimary = "not-a-colour"\n')
    (bad_dir / "syntax.toml").write_text("name = \n")
    app, _ = demo_app(tmp_path / "r", theme_dirs=[builtin_theme_dir(), bad_dir])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        notes = _notes(app)
        assert "broken.toml: primary = 'not-a-colour' is not a colour" in notes
        assert "syntax.toml: cannot be read as TOML" in notes
        assert app.theme == "ouroboros-dark"
        assert "broken" not in app.available_themes


# Slow tier: the fallback to the default theme stays fast in test_bad_theme_file_notifies_and_keeps_default.
@pytest.mark.slow
async def test_unknown_theme_in_settings_falls_back(tmp_path: Path) -> None:
    repo, script = make_demo_repo(tmp_path)
    (repo / "ouroboros.toml").write_text('[tui]\ntheme = "solarized-purple"\n')
    app = make_app(repo, settings=load_settings(repo, scripted_flags(script)), persist_theme=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "ouroboros-dark"
        assert "solarized-purple" in _notes(app)


async def test_escape_cancels_within_the_builder_step(tmp_path: Path) -> None:
    app, _ = demo_app(
        tmp_path, targets=["calc.py"], task="hints", generators=paced_generators(0.5, roles=("builder",))
    )
    async with app.run_test(size=(80, 24)) as pilot:
        stages = app.screen.query_one(StagesPane)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: stages.rows["builder"].state == "running")
        await pilot.press("escape")
        main = app.main_screen
        assert main is not None and main.worker is not None
        await wait_until(pilot, lambda: not main.worker.running, timeout=5)  # type: ignore[union-attr]
        await pilot.pause()
        assert stages.rows["builder"].state == "cancelled"
        assert not app.screen.query_one(DiffReview).hunks
        assert "cancelled" in _notes(app)


async def test_quit_mid_run_does_not_wait_for_the_model(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path, targets=["calc.py"], task="hints", generators=paced_generators(5.0))
    async with app.run_test(size=(80, 24)) as pilot:
        stages = app.screen.query_one(StagesPane)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: stages.rows["reasoner"].state == "running")
        worker = app.main_screen.worker  # type: ignore[union-attr]
        await pilot.press("ctrl+q")
    assert worker is not None and worker.cancel_event.is_set()
    worker.join(timeout=10)  # the 5 s per token wait woke on the cancel
    assert not worker.running


# Slow tier: the palette's key list is in test_help.py; the key bindings' ids in test_every_binding_has_a_documented_id.
@pytest.mark.slow
async def test_command_palette_offers_the_screen_commands(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"open history")
        commands = app.screen.query_one(CommandList)
        # The palette searches as keys arrive and shows the hits in batches: wait for this one on top.
        await wait_until(pilot, lambda: commands.highlighted is not None
                         and "Open history" in str(commands.get_option_at_index(commands.highlighted).prompt))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen))


# Slow tier: the demo's start stays fast in tests/tui/test_tui_cmd.py.
@pytest.mark.slow
async def test_demo_says_it_is_scripted(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path, demo=True, targets=["calc.py"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "SCRIPTED DEMO" in app.sub_title
        assert "SCRIPTED DEMO" in str(app.screen.query_one("#task-input").border_title)
        assert "Scripted demo" in _notes(app)


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.done = threading.Event()

    def post_message(self, message: Any) -> bool:
        self.messages.append(message)
        if isinstance(message, PipelineFinished):
            self.done.set()
        return True


def test_worker_coalesces_token_and_draft_events() -> None:
    def source(cancel: threading.Event) -> Any:
        yield RunStarted("r", "t", ())
        for i in range(5000):
            yield TokenDelta("r", "builder", f"w{i} ", i + 1)
        for step in range(500):
            yield DiffusionDraft("r", "builder", f"draft {step}", step + 1, 500, 500 - step)

    inbox = _Inbox()
    worker = PipelineWorker(inbox, source, flush_s=0.05)  # type: ignore[arg-type]
    worker.start()
    assert inbox.done.wait(10)
    events = [m.event for m in inbox.messages if isinstance(m, PipelineEventMessage)]
    tokens = [e for e in events if isinstance(e, TokenDelta)]
    drafts = [e for e in events if isinstance(e, DiffusionDraft)]
    assert "".join(t.text for t in tokens) == "".join(f"w{i} " for i in range(5000))  # nothing lost
    assert tokens[-1].tokens_so_far == 5000
    assert len(tokens) < 100 and len(drafts) < 50
    assert drafts[-1].step == 500  # the newest canvas always arrives


def test_worker_reports_a_crash() -> None:
    def source(cancel: threading.Event) -> Any:
        yield RunStarted("r", "t", ())
        raise RuntimeError("model exploded")

    inbox = _Inbox()
    worker = PipelineWorker(inbox, source)  # type: ignore[arg-type]
    worker.start()
    assert inbox.done.wait(5)
    crashed = [m for m in inbox.messages if type(m).__name__ == "PipelineCrashed"]
    assert crashed and "model exploded" in crashed[0].error


# Slow tier: focus moves are also in test_full_run.py's whole run.
@pytest.mark.slow
async def test_focus_keys_move_between_panes(tmp_path: Path) -> None:
    app, _ = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.focused is not None and app.focused.id == "task-text"  # focus starts in the task
        await pilot.press("ctrl+f")
        assert app.focused is not None and app.focused.id == "file-tree"
        await pilot.press("ctrl+n")
        assert app.focused is not None and app.focused.id == "task-text"
        await pilot.press("ctrl+g")  # nothing to review yet: says so, focus stays
        assert app.focused.id == "task-text"
        assert "No patch to review yet" in _notes(app)


def test_every_binding_has_a_documented_id() -> None:
    from textual.binding import Binding

    from ouroboros_tui.tui.app import OuroborosApp
    from ouroboros_tui.tui.keymap import BY_ID
    from ouroboros_tui.tui.screens.history import HistoryScreen
    from ouroboros_tui.tui.screens.main import MainScreen
    from ouroboros_tui.tui.screens.reason import ReasonScreen
    from ouroboros_tui.tui.screens.run_detail import RunDetailScreen
    from ouroboros_tui.tui.widgets.file_tree import FileTree
    from ouroboros_tui.tui.widgets.history_table import HistoryTable

    docs = (Path(__file__).resolve().parents[2] / "docs" / "tui.md").read_text()
    from ouroboros_tui.tui.screens.confirm import ConfirmScreen
    from ouroboros_tui.tui.screens.file_finder import FileFinderScreen
    from ouroboros_tui.tui.screens.find import FindScreen
    from ouroboros_tui.tui.screens.run_log import RunLogScreen

    owners = (OuroborosApp, MainScreen, HistoryScreen, RunDetailScreen, ReasonScreen, DiffReview,
              FileTree, HistoryTable, ConfirmScreen, FindScreen, FileFinderScreen, RunLogScreen)  # fmt: skip
    for owner in owners:
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding) and binding.id in BY_ID, (owner, binding)
            assert f"`{binding.id}`" in docs, binding.id


# Slow tier: the remap itself is test_keymap_in_ouroboros_toml_remaps_bindings (fast).
@pytest.mark.slow
async def test_key_hints_on_screen_follow_a_keymap_remap(tmp_path: Path) -> None:
    repo, script = make_demo_repo(tmp_path)
    (repo / "ouroboros.toml").write_text('[keymap]\n"main.run" = "f5"\n"app.history" = "f2,ctrl+o"\n'
                                         '"tree.toggle" = "t"\n')
    flags = scripted_flags(script)
    app = make_app(repo, ["calc.py"], load_settings(repo, flags), flags=flags, demo=True, task="hints",
                   persist_theme=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        from ouroboros_tui.tui.widgets.file_tree import FileTree

        review = app.screen.query_one(DiffReview)
        assert review.note == "No patch yet: write a task and press f5."
        assert "Press f5 to run." in _notes(app)
        assert app.screen.query_one(FileTree).border_subtitle == "t: target"
        palette = {name: help_text for name, help_text, _ in app.screen.palette_commands()}  # type: ignore[attr-defined]
        assert palette["Run task"].endswith("(f5)") and palette["Open history"].endswith("(f2)")
        await pilot.press("f5")
        await wait_until(pilot, lambda: len(review.hunks) == 3)
        await pilot.press("y", "y", "y", "c")
        await wait_until(pilot, lambda: app.last_commit is not None)
        await pilot.pause()
        assert review.note.endswith("History (f2) can undo it.")
        assert "History (f2) can undo it." in _notes(app)
