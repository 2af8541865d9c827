"""The repository as a tree: what git would show (tracked + untracked, .gitignore respected),
with markers for staged / modified / untracked files and for the files marked as targets.
Directories are filled in when opened, so a large repository costs nothing until browsed."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from textual.markup import escape
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ouroboros_tui.tui import keymap
from ouroboros_tui.tui.keymap import KeyHints

HIDDEN_DIRS = (".ouroboros", ".git")
MARKERS = {"staged": ("+", "$success"), "modified": ("M", "$warning"), "untracked": ("?", "$secondary")}


@dataclass
class RepoListing:
    files: list[str] = field(default_factory=list)
    state: dict[str, str] = field(default_factory=dict)  # path → staged | modified | untracked


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


def list_repo(repo: Path) -> RepoListing:
    """Files git would show and their state; outside git, every file but the hidden folders."""
    listing = RepoListing()
    try:
        raw = _git(repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        status = _git(repo, "status", "--porcelain=v1", "-z", "--untracked-files=all")
    except (OSError, subprocess.CalledProcessError):
        listing.files = sorted(
            str(p.relative_to(repo)) for p in repo.rglob("*")
            if p.is_file() and not any(part in HIDDEN_DIRS for part in p.relative_to(repo).parts)
        )  # fmt: skip
        return listing
    files = {f for f in raw.split("\0") if f}
    entries = status.split("\0")
    i = 0
    while i < len(entries):
        entry = entries[i]
        i += 1
        if len(entry) < 4:
            continue
        x, y, path = entry[0], entry[1], entry[3:]
        if x in "RC":
            i += 1  # renames carry the old path as the next entry
        if x == "?":
            listing.state[path] = "untracked"
        elif y not in " ?":
            listing.state[path] = "modified"
        elif x not in " ?":
            listing.state[path] = "staged"
        if x == "D" or y == "D":
            files.discard(path)
    listing.files = sorted(
        f for f in files if not any(part in HIDDEN_DIRS for part in Path(f).parts) and (repo / f).is_file()
    )
    shown = set(listing.files)
    listing.state = {path: state for path, state in listing.state.items() if path in shown}
    return listing


class FileTree(Tree[str]):
    """`space` toggles the file under the cursor as a target."""

    BINDINGS = keymap.bindings("tree")

    class TargetsChanged(Message):
        def __init__(self, targets: list[str]) -> None:
            super().__init__()
            self.targets = targets

    class FindRequested(Message):
        """`/`: the screen opens the file finder over `listing.files`, then calls `reveal`."""

    class Loaded(Message):
        pass

    def __init__(self, repo: Path, targets: list[str] | None = None, keys: KeyHints | None = None,
                 **kwargs: object) -> None:
        super().__init__(repo.name or str(repo), data="", **kwargs)  # type: ignore[arg-type]
        self.repo = repo
        self.marked: set[str] = set(targets or [])
        self.listing = RepoListing()
        self.loaded = False
        self._children: dict[str, list[tuple[str, bool]]] = {}
        self._file_nodes: dict[str, TreeNode[str]] = {}
        self.show_root = False
        self.guide_depth = 2
        self.border_title = "Files"
        self.border_subtitle = f"{(keys or KeyHints())('tree.toggle')}: target"

    def on_mount(self) -> None:
        # Shortly after the first frame: starting two git processes from a thread holds the GIL
        # while the first paint is composed; 50 ms later nobody notices the tree filling in.
        self.set_timer(0.05, self.refresh_listing)

    def _load(self) -> None:
        listing = list_repo(self.repo)
        self.app.call_from_thread(self.show_listing, listing)

    def show_listing(self, listing: RepoListing) -> None:
        # A refresh (after a commit or an undo) rebuilds every node: keep the folders the user
        # had open and the cursor where it was, or the tree snaps shut and the cursor is lost
        # (with no target marked, the next ctrl+r then had no file to work on).
        was_open = [n.data for n in self._walk(self.root) if n.is_expanded and n.data]
        was_at = self.cursor_node.data if self.cursor_node is not None else None
        self.listing = listing
        children: dict[str, set[tuple[str, bool]]] = {"": set()}
        for path in listing.files:
            parts = path.split("/")
            for depth in range(len(parts)):
                parent = "/".join(parts[:depth])
                child = "/".join(parts[: depth + 1])
                children.setdefault(parent, set()).add((child, depth < len(parts) - 1))
        # Directories first, then files, each alphabetical.
        self._children = {k: sorted(v, key=lambda c: (not c[1], c[0].lower())) for k, v in children.items()}
        self.clear()
        self._file_nodes.clear()
        self._fill(self.root)
        self.root.expand()
        for folder in was_open:
            self.reveal(folder, move=False, open_it=True)
        for target in sorted(self.marked, reverse=True):  # the cursor ends on the first target
            self.reveal(target)
        if was_at:
            self.reveal(was_at)
        self.loaded = True
        self.post_message(self.Loaded())

    def _walk(self, node: TreeNode[str]) -> list[TreeNode[str]]:
        found: list[TreeNode[str]] = []
        for child in node.children:
            found.append(child)
            found.extend(self._walk(child))
        return found

    def _fill(self, node: TreeNode[str]) -> None:
        for child, is_dir in self._children.get(node.data or "", []):
            name = child.rsplit("/", 1)[-1]
            if is_dir:
                node.add(f"[bold]{escape(name)}/[/]", data=child, allow_expand=True)
            else:
                self._file_nodes[child] = node.add_leaf(self._label(child), data=child)

    def _label(self, path: str) -> str:
        """Markup (so theme variables work): target dot, name, git marker."""
        dot = "[bold $accent]●[/] " if path in self.marked else "  "
        label = dot + escape(path.rsplit("/", 1)[-1])
        state = self.listing.state.get(path)
        if state:
            mark, colour = MARKERS[state]
            label += f" [bold {colour}]{mark}[/]"
        return label

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[str]) -> None:
        node = event.node
        if node is not self.root and not node.children:
            self._fill(node)

    def reveal(self, path: str, move: bool = True, open_it: bool = False) -> None:
        """Open the folders down to `path` (a file or a folder) and put the cursor on it."""
        node: TreeNode[str] = self.root
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            found = next((c for c in node.children if c.data == prefix), None)
            if found is None:
                return
            if found.allow_expand and (depth < len(parts) or open_it):
                if not found.children:
                    self._fill(found)
                found.expand()
            node = found
        if move:
            # A node's line is known only once the tree has laid its lines out again (last_line
            # does that); before, move_cursor read -1 and the cursor landed on the first line,
            # not on the `-t` target, so `space` toggled some other file.
            _ = self.last_line
            self.move_cursor(node)

    def on_focus(self) -> None:
        # Without a marked target the tree had no cursor at all: `space` did nothing and nothing
        # showed where the keys would act. Once the user comes to the tree, start at the top.
        if self.cursor_node is None and self.root.children:
            self.cursor_line = 0

    @property
    def cursor_file(self) -> str | None:
        node = self.cursor_node
        if node is None or not node.data or node.data not in self._file_nodes:
            return None
        return node.data

    def effective_targets(self) -> list[str]:
        """The marked files, or the file under the cursor when none is marked."""
        if self.marked:
            return sorted(self.marked)
        return [self.cursor_file] if self.cursor_file else []

    def set_marked(self, path: str, marked: bool) -> None:
        (self.marked.add if marked else self.marked.discard)(path)
        node = self._file_nodes.get(path)
        if node is not None:
            node.set_label(self._label(path))
        self.post_message(self.TargetsChanged(sorted(self.marked)))

    def action_toggle_target(self) -> None:
        path = self.cursor_file
        if path is None:
            node = self.cursor_node
            if node is not None and node.allow_expand:
                node.toggle()
            return
        self.set_marked(path, path not in self.marked)

    def action_find_file(self) -> None:
        if self.loaded:
            self.post_message(self.FindRequested())

    def refresh_listing(self) -> None:
        """Re-read git status (after a commit or an undo)."""
        self.run_worker(self._load, thread=True, exclusive=True, group="file-tree")
