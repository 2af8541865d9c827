"""Every key the app binds, by id. `[keymap]` in ouroboros.toml maps these ids to other keys
(`App.set_keymap`), so the ids are a contract: add, never rename."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from textual.binding import Binding


@dataclass(frozen=True)
class Key:
    id: str
    key: str
    action: str
    description: str
    show: bool = True
    priority: bool = False


KEYS: tuple[Key, ...] = (
    # App-wide
    Key("app.quit", "ctrl+q", "quit", "Quit", priority=True),
    Key("app.history", "ctrl+o", "open_history", "History"),
    Key("app.theme", "ctrl+t", "cycle_theme", "Theme"),
    # Main screen
    Key("main.run", "ctrl+r", "run_task", "Run", priority=True),
    Key("main.cancel", "escape", "cancel_run", "Cancel run"),
    Key("main.focus_tree", "ctrl+f", "focus_pane('file-tree')", "Files", show=False),
    Key("main.focus_task", "ctrl+n", "focus_pane('task-text')", "Task", show=False),
    Key("main.focus_review", "ctrl+g", "focus_pane('diff-review')", "Review", show=False),
    # File tree
    Key("tree.toggle", "space", "toggle_target", "Target"),
    # Diff review (git add -p)
    Key("review.accept", "y", "accept", "Accept"),
    Key("review.reject", "n", "reject", "Reject"),
    Key("review.accept_file", "a", "accept_file", "Accept file", show=False),
    Key("review.reject_file", "d", "reject_file", "Reject file", show=False),
    Key("review.split", "s", "split", "Split"),
    Key("review.next", "j", "next_hunk", "Next", show=False),
    Key("review.prev", "k", "prev_hunk", "Prev", show=False),
    Key("review.next_file", "J", "next_file", "Next file", show=False),
    Key("review.prev_file", "K", "prev_file", "Prev file", show=False),
    Key("review.reason", "r", "reject_with_reason", "Reject+why"),
    Key("review.commit", "c", "commit", "Commit"),
    Key("review.copy", "o", "copy_hunk", "Copy hunk", show=False),
    # History
    Key("history.open", "enter", "open_run", "Open"),
    Key("history.undo", "u", "undo_run", "Undo"),
    Key("history.verify", "v", "verify_run", "Verify"),
    Key("history.copy", "o", "copy_commit", "Copy sha"),
    Key("history.back", "escape", "back", "Back"),
    Key("table.bottom", "end,G", "scroll_bottom", "Last run", show=False),
    Key("table.top", "home,g", "scroll_top", "First run", show=False),
    Key("table.down", "j", "cursor_down", "Down", show=False),
    Key("table.up", "k", "cursor_up", "Up", show=False),
    # Run detail
    Key("detail.undo", "u", "undo_run", "Undo"),
    Key("detail.verify", "v", "verify_run", "Verify"),
    Key("detail.reopen", "p", "reopen", "Review pending"),
    Key("detail.copy", "o", "copy_commit", "Copy sha"),
    Key("detail.back", "escape", "back", "Back"),
    # The reason input opened by `r`
    Key("reason.cancel", "escape", "dismiss_empty", "Cancel"),
)

BY_ID = {k.id: k for k in KEYS}


BindingList = list[Union[Binding, tuple[str, str], tuple[str, str, str]]]  # noqa: UP007 (Textual's type)


def bindings(prefix: str) -> BindingList:
    """The Textual bindings whose id starts with `prefix.` (e.g. "review")."""
    return [
        Binding(k.key, k.action, k.description, show=k.show, priority=k.priority, id=k.id)
        for k in KEYS
        if k.id.startswith(prefix + ".")
    ]


def check_keymap(keymap: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Split a user keymap into the entries we know and messages about unknown ids."""
    known = {k: v for k, v in keymap.items() if k in BY_ID}
    unknown = [
        f"keymap: unknown binding id '{k}' (not an Ouroboros id; see docs/tui.md)" for k in keymap if k not in BY_ID
    ]
    return known, unknown
