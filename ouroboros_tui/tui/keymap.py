"""Every key the app binds, by id. `[keymap]` in ouroboros.toml maps these ids to other keys
(`App.set_keymap`), so the ids are a contract: add, never rename."""

from __future__ import annotations

from collections.abc import Mapping
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
    group: str = ""  # keys shown together in the footer under this label ("j k move")


KEYS: tuple[Key, ...] = (
    # App-wide
    Key("app.quit", "ctrl+q", "quit", "Quit", priority=True),
    Key("app.history", "ctrl+o", "open_history", "History"),
    Key("app.theme", "ctrl+t", "cycle_theme", "Theme", show=False),  # in the palette; room for Quit at 80 cols
    # Every screen (first in its footer, before the screen's own keys): the keys of the focused pane
    Key("help.keys", "question_mark,f1", "app.show_help", "Keys"),
    # Main screen
    Key("main.run", "ctrl+r", "run_task", "Run", priority=True),
    Key("main.cancel", "escape", "cancel_run", "Cancel run"),
    Key("main.focus_tree", "ctrl+f", "focus_pane('file-tree')", "Files", show=False),
    Key("main.focus_task", "ctrl+n", "focus_pane('task-text')", "Task", show=False),
    Key("main.focus_review", "ctrl+g", "focus_pane('diff-review')", "Review", show=False),
    # ctrl+l: free in Textual's TextArea and tree, and tmux passes it through (no prefix key)
    Key("main.log", "ctrl+l", "show_run_log", "Run log", show=False),
    # File tree
    Key("tree.toggle", "space", "toggle_target", "Target"),
    Key("tree.find", "slash", "find_file", "Find file"),
    # The file finder opened by `/` in the tree (typing filters; enter previews, again goes to it)
    Key("finder.down", "down", "down", "Next match", show=False),
    Key("finder.up", "up", "up", "Previous match", show=False),
    Key("finder.close", "escape", "close", "Close, cursor on the file"),
    # Diff review (git add -p)
    # At 80 columns the footer shows them grouped: "yn hunk ad file jkJK nav s Split …".
    Key("review.accept", "y", "accept", "Accept", group="hunk"),
    Key("review.reject", "n", "reject", "Reject", group="hunk"),
    Key("review.accept_file", "a", "accept_file", "Accept file", group="file"),
    Key("review.reject_file", "d", "reject_file", "Reject file", group="file"),
    Key("review.next", "j", "next_hunk", "Next", group="nav"),
    Key("review.prev", "k", "prev_hunk", "Prev", group="nav"),
    Key("review.next_file", "J", "next_file", "Next file", group="nav"),
    Key("review.prev_file", "K", "prev_file", "Prev file", group="nav"),
    Key("review.split", "s", "split", "Split"),
    Key("review.reason", "r", "reject_with_reason", "Why"),
    Key("review.commit", "c", "commit", "Commit"),
    Key("review.copy", "o", "copy_hunk", "Copy hunk", show=False),
    Key("review.undo", "u", "undo", "Undo", show=False),
    Key("review.leave", "q,escape", "leave", "Leave", show=False),
    Key("review.find", "slash", "find", "Find text or go to #hunk", show=False),
    # The reviewer's own version of a hunk: choose its lines (lazygit's line staging), or edit it
    # in `?` only: the footer is full at 80 columns
    Key("review.lines", "v", "lines", "Choose lines of the hunk (line mode)", show=False),
    Key("review.toggle_line", "space", "toggle_line", "Line mode: keep or leave out this line", show=False),
    Key("review.edit", "e", "edit", "Edit the hunk in your editor", show=False),
    Key("review.more_context", "right_curly_bracket", "more_context", "More of the file around hunks", show=False),
    Key("review.less_context", "left_curly_bracket", "less_context", "Less of the file around hunks", show=False),
    # The action lives on the screen: the review widget only lends it the key.
    Key("review.log", "l", "screen.show_run_log", "Run log", show=False),
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
    # The `/` input of the review
    Key("find.cancel", "escape", "dismiss_empty", "Cancel"),
    # The run log opened by `l` in the review or ctrl+l (its opening key closes it too)
    Key("log.close", "escape,q", "close", "Close"),
    Key("log.down", "j", "scroll_log('down')", "Scroll down", show=False),
    Key("log.up", "k", "scroll_log('up')", "Scroll up", show=False),
    # The one-key confirm before a destructive key acts
    Key("confirm.yes", "y,enter", "yes", "Yes"),
    Key("confirm.no", "n,escape", "no", "No"),

)

BY_ID = {k.id: k for k in KEYS}


BindingList = list[Union[Binding, tuple[str, str], tuple[str, str, str]]]  # noqa: UP007 (Textual's type)


def bindings(prefix: str) -> BindingList:
    """The Textual bindings whose id starts with `prefix.` (e.g. "review")."""
    return [
        Binding(k.key, k.action, k.description, show=k.show, priority=k.priority, id=k.id,
                group=Binding.Group(k.group, compact=True) if k.group else None)
        for k in KEYS
        if k.id.startswith(prefix + ".")
    ]


MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


def _named_keys() -> frozenset[str]:
    from textual.keys import Keys

    return frozenset(k.value.rsplit("+", 1)[-1] for k in Keys)


def key_problem(key: str) -> str | None:
    """Why `key` (one key of a comma list) is not a key Textual can ever match, or None.

    Textual takes any string as a binding key, so "ctrl+qq" or "Ctrl+R" silently bind nothing,
    and a remapped quit key that can never be pressed traps the user in the app."""
    import unicodedata

    from textual.keys import KEY_NAME_REPLACEMENTS, _get_unicode_name_from_key

    if not key:
        return "an empty key"
    if len(key) == 1:
        return None if key.isprintable() else f"{key!r} is not a printable character"
    *mods, base = key.split("+")
    bad = [m for m in mods if m not in MODIFIERS]
    if bad or not base:
        return f"{key!r} is not a key (modifiers are lower case: ctrl, shift, alt, e.g. \"ctrl+r\")"
    if len(base) == 1 or base in _named_keys():
        return None
    unicode_name = {v: k for k, v in KEY_NAME_REPLACEMENTS.items()}.get(base, base)  # "slash" → "solidus"
    try:
        unicodedata.lookup(_get_unicode_name_from_key(unicode_name))  # "question_mark", "comma", …
    except KeyError:
        return f"{key!r} is not a key name Textual knows (e.g. \"f5\", \"ctrl+g\", \"y\", \"enter\")"
    return None


def check_keymap(keymap: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The user keymap to apply, and messages about what in it cannot work.

    An unknown id is reported but kept (it may be one of Textual's own bindings). Keys Textual
    cannot match are dropped; an id left with none keeps its default key instead of going dead."""
    usable: dict[str, str] = {}
    messages = [
        f"keymap: unknown binding id '{k}' (not an Ouroboros id; see docs/tui.md)" for k in keymap if k not in BY_ID
    ]
    for binding_id, value in keymap.items():
        keys = [k.strip() for k in value.split(",")]
        problems = list(dict.fromkeys(p for p in map(key_problem, keys) if p))
        good = [k for k in keys if k and key_problem(k) is None]
        if problems:
            default = BY_ID[binding_id].key if binding_id in BY_ID else None
            keeps = f"using {', '.join(good)}" if good else (f"keeping {default}" if default else "ignored")
            messages.append(f"keymap: '{binding_id}' = {value!r}: {'; '.join(problems)}; {keeps}.")
        if good:
            usable[binding_id] = ",".join(good)
    return usable, messages


class KeyHints:
    """The key a binding id is bound to now (the `[keymap]` remap applied), for the hints written in
    on-screen text: "press ctrl+r", "History (ctrl+o)". Shows the first key of a comma list, as the
    user writes it in `[keymap]`."""

    def __init__(self, overrides: Mapping[str, str] | None = None) -> None:
        self.overrides = dict(overrides or {})

    def __call__(self, binding_id: str) -> str:
        keys = self.overrides.get(binding_id) or BY_ID[binding_id].key
        return keys.split(",")[0].strip()

    def all(self, binding_id: str) -> list[str]:
        """Every key of the binding, remap applied ("escape,q" → ["escape", "q"])."""
        keys = self.overrides.get(binding_id) or BY_ID[binding_id].key
        return [k.strip() for k in keys.split(",") if k.strip()]

    def hint(self, text: str, binding_id: str) -> str:
        """`text (key)`: a palette entry or a message that names the key doing it."""
        return f"{text} ({self(binding_id)})"
