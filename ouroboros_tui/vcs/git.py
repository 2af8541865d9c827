"""The user's repository, through GitPython and a few batched git plumbing calls.

Plain data in and out (paths relative to the repo root, bytes, blob shas): no pipeline types. The
commit is built in a *temporary* index (HEAD's tree + the blobs we give), so whatever the user had
staged stays out of it; the real index is then updated only at the paths we touched.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import git as gitpython
from git.refs.symbolic import SymbolicReference

from ouroboros_tui.errors import OuroborosError, UsageError
from ouroboros_tui.vcs.objects import (
    EMPTY_TREE,
    SUBMODULE_MODE,
    TREE_MODE,
    ZERO_SHA,
    Entry,
    TreeBuilder,
    TreeItems,
    parse_tree,
    write_loose_object,
)

# Our paths are file names, never patterns (`a[1].py` must not match `a1.py`). Given per command, not
# through the environment, which the user's hooks would inherit.
LITERAL = "--literal-pathspecs"

IN_PROGRESS = {
    "MERGE_HEAD": ("merge", "finish it with `git commit` or cancel it with `git merge --abort`"),
    "rebase-merge": ("rebase", "finish it with `git rebase --continue` or `git rebase --abort`"),
    "rebase-apply": ("rebase or am", "finish it (`git rebase --continue` / `git am --continue`) or abort it"),
    "CHERRY_PICK_HEAD": ("cherry-pick", "finish it or run `git cherry-pick --abort`"),
    "REVERT_HEAD": ("revert", "finish it or run `git revert --abort`"),
    "BISECT_LOG": ("bisect", "end it with `git bisect reset`"),
}


class VcsError(OuroborosError):
    """A git operation failed; the message says what and how to fix it."""


class NotARepository(VcsError, UsageError):
    pass


class RepoBusy(VcsError):
    """A merge, rebase, cherry-pick, revert or bisect is in progress."""


class GitCommandError(VcsError):
    def __init__(self, args: list[str], code: int, stderr: str) -> None:
        super().__init__(f"`git {' '.join(args)}` failed ({code}): {stderr.strip()}")
        self.code = code
        self.stderr = stderr


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    parent: str | None
    branch: str | None  # None: detached HEAD
    root: bool  # the repository's first commit


class GitRepo:
    def __init__(self, path: Path) -> None:
        path = Path(path)
        if not path.exists():
            raise NotARepository(f"{path} does not exist.")
        try:
            self.repo = gitpython.Repo(path, search_parent_directories=True)
        except (gitpython.InvalidGitRepositoryError, gitpython.NoSuchPathError):
            raise NotARepository(
                f"{path.resolve()} is not inside a git repository. Run `git init` there, or pass --repo."
            ) from None
        if self.repo.bare or self.repo.working_tree_dir is None:
            raise NotARepository(f"{path.resolve()} is a bare repository: there is no work tree to change.")
        self.root = Path(self.repo.working_tree_dir).resolve()
        self.git_dir = Path(self.repo.git_dir).resolve()
        # Shared by linked worktrees; GIT_OBJECT_DIRECTORY wins, as it does for git.
        self.objects_dir = Path(os.environ.get("GIT_OBJECT_DIRECTORY")
                                or Path(self.repo.common_dir) / "objects").resolve()

    def close(self) -> None:
        self.repo.close()

    def __enter__(self) -> GitRepo:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing ---------------------------------------------------------------------------------

    def run(
        self, *args: str, input: bytes | None = None, index_file: Path | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[bytes]:
        env = None
        if index_file is not None:
            env = {**os.environ, "GIT_INDEX_FILE": str(index_file)}
        # stdin is never the user's terminal (empty input: a hook must not wait on it, nor steal the
        # TUI's keys).
        # Plain subprocess rather than GitPython's `repo.git.*`, which forces LC_ALL=C on the hooks.
        proc = subprocess.run(
            ["git", *args], cwd=self.root, input=input if input is not None else b"", capture_output=True,
            env=env, check=False,
        )
        if check and proc.returncode != 0:
            raise GitCommandError(list(args), proc.returncode, proc.stderr.decode("utf-8", "replace"))
        return proc

    # -- state ------------------------------------------------------------------------------------

    def in_progress(self) -> tuple[str, str] | None:
        """(operation, how to get out of it) when the repo is mid-merge/rebase/…; else None."""
        for name, what in IN_PROGRESS.items():
            if (self.git_dir / name).exists():
                return what
        return None

    def ensure_writable(self) -> None:
        busy = self.in_progress()
        if busy:
            op, fix = busy
            raise RepoBusy(f"the repository is in the middle of a {op}: {fix}, then try again.")

    def head_sha(self) -> str | None:
        """Read from the refs (loose or packed) in-process: no object lookup, no subprocess."""
        try:
            return str(SymbolicReference.dereference_recursive(self.repo, "HEAD"))
        except ValueError:  # unborn branch: no commit yet
            return None

    def head_tree(self) -> str | None:
        """HEAD's root tree sha, read from the commit object's first line (`tree <sha>`)."""
        head = self.head_sha()
        if head is None:
            return None
        first = self.read_blob(head).split(b"\n", 1)[0]
        if not first.startswith(b"tree "):
            raise VcsError(f"HEAD {head[:12]} is not a commit.")
        return first[5:].decode()

    def branch(self) -> str | None:
        if self.repo.head.is_detached:
            return None
        return self.repo.head.ref.name

    def identity_problem(self) -> str | None:
        """Why git would refuse to commit for lack of a name/email, or None."""
        reader = self.repo.config_reader()
        missing = []
        for key, env_names in (("email", ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL", "EMAIL")),
                               ("name", ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"))):
            value = reader.get_value("user", key, default="")
            if not str(value).strip() and not any(os.environ.get(e) for e in env_names):
                missing.append(key)
        if not missing:
            return None
        fixes = " and ".join(f'`git config user.{k} "…"`' for k in missing)
        return f"git has no user {' or '.join(missing)} to author the commit: set it with {fixes}."

    # -- objects ----------------------------------------------------------------------------------

    def head_entries(self, paths: list[str]) -> dict[str, Entry | None]:
        """HEAD's entries for `paths` (None: not in HEAD or no HEAD). Read in-process through the
        persistent cat-file process: no subprocess per call."""
        out: dict[str, Entry | None] = dict.fromkeys(paths)
        root = self.head_tree() if paths else None
        if root is None:
            return out
        trees: dict[str, TreeItems] = {}  # each tree read once
        for path in paths:
            folder, _, name = path.rpartition("/")
            items = trees.get(folder)
            if items is None:
                items = self._folder_items(root, folder)
                trees[folder] = items
            mode, binsha = items.get(name, (0, b""))
            if mode and mode != TREE_MODE and mode != SUBMODULE_MODE:
                out[path] = Entry(f"{mode:o}", binsha.hex())
        return out

    def entry_in_tree(self, tree: str, path: str) -> Entry | None:
        folder, _, name = path.rpartition("/")
        mode, binsha = self._folder_items(tree, folder).get(name, (0, b""))
        return Entry(f"{mode:o}", binsha.hex()) if mode and mode not in (TREE_MODE, SUBMODULE_MODE) else None

    def _folder_items(self, root: str, folder: str) -> TreeItems:
        items = self._tree_items(root)
        for part in folder.split("/") if folder else []:
            mode, binsha = items.get(part, (0, b""))
            if mode != TREE_MODE:
                return {}
            items = self._tree_items(binsha.hex())
        return items

    def index_entries(self, paths: list[str]) -> dict[str, Entry | None]:
        """The real index's stage-0 entries for `paths`; raises if a path is unmerged."""
        out: dict[str, Entry | None] = dict.fromkeys(paths)
        if not paths:
            return out
        proc = self.run(LITERAL, "ls-files", "-s", "-z", "--full-name", "--", *paths)
        for record in proc.stdout.split(b"\0"):
            if not record:
                continue
            meta, name = record.split(b"\t", 1)
            mode, sha, stage = meta.decode().split()
            path = name.decode("utf-8", "surrogateescape")
            if stage != "0":
                raise RepoBusy(f"{path} has unresolved merge conflicts in the index: resolve them first.")
            if path in out:
                out[path] = Entry(mode, sha)
        return out

    def read_blob(self, sha: str) -> bytes:
        return bytes(self.repo.odb.stream(bytes.fromhex(sha)).read())

    def write_blob(self, data: bytes) -> str:
        """Store a loose blob in-process, as git does (zlib, temp file, rename), without a subprocess
        per blob (GitPython's `odb.store` spawns `git hash-object` each time)."""
        return self.write_object(b"blob", data)

    def write_object(self, kind: bytes, data: bytes) -> str:
        return write_loose_object(self.objects_dir, kind, data)

    # -- trees ------------------------------------------------------------------------------------

    def _tree_items(self, sha: str | None) -> TreeItems:
        return parse_tree(self.read_blob(sha)) if sha is not None else {}

    def build_tree(self, base: str | None, changes: dict[str, Entry | None]) -> str:
        """`base` (a tree sha, None for empty) with `changes` applied, written in-process: only the
        trees on the changed paths are rewritten. Returns the new root tree's sha."""
        return TreeBuilder(self._tree_items, self.write_object).build(base, changes)

    def file_at(self, commit: str, path: str) -> bytes | None:
        try:
            blob = self.repo.commit(commit).tree / path
        except KeyError:
            return None
        return bytes(blob.data_stream.read())

    def resolve(self, rev: str) -> str:
        try:
            return str(self.repo.commit(rev).hexsha)
        except (gitpython.BadName, ValueError) as exc:
            raise VcsError(f"{rev!r} is not a commit in {self.root}.") from exc

    def message(self, commit: str) -> str:
        return str(self.repo.commit(commit).message)

    # -- index ------------------------------------------------------------------------------------

    @staticmethod
    def _index_info(entries: dict[str, Entry | None]) -> bytes:
        lines = []
        for path, entry in entries.items():
            if entry is None:  # mode 0 removes the path
                lines.append(f"0 {ZERO_SHA}\t{path}")
            else:
                lines.append(f"{entry.mode} {entry.sha}\t{path}")
        return ("\0".join(lines) + "\0").encode("utf-8", "surrogateescape")

    def update_index(self, entries: dict[str, Entry | None], index_file: Path | None = None) -> None:
        """Set exactly these paths in the (real or given) index, in one batched call."""
        if entries:
            self.run("update-index", "-z", "--index-info", input=self._index_info(entries),
                     index_file=index_file)

    @contextlib.contextmanager
    def temp_index(self, tree: str | None = None) -> Iterator[Path]:
        """A scratch index holding `tree`, or HEAD's tree (empty for an unborn branch)."""
        fd, name = tempfile.mkstemp(prefix="ouroboros-index-", dir=self.git_dir)
        os.close(fd)
        os.unlink(name)  # git wants to create it itself
        path = Path(name)
        try:
            if tree is not None:
                self.run("read-tree", tree, index_file=path)
            elif self.head_sha() is None:
                self.run("read-tree", "--empty", index_file=path)
            else:
                self.run("read-tree", "HEAD", index_file=path)
            yield path
        finally:
            for leftover in (path, path.with_name(path.name + ".lock")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()

    def remove_stale_scratch(self) -> list[str]:
        """Scratch indexes and message files a killed run left in .git. Call only while holding the
        repository's Ouroboros lock: then no other Ouroboros writer can be using them."""
        removed = []
        for pattern in ("ouroboros-index-*", "ouroboros-msg-*"):
            for stale in self.git_dir.glob(pattern):
                with contextlib.suppress(OSError):
                    stale.unlink()
                    removed.append(stale.name)
        return removed

    def commit_index(self, index_file: Path, message: str, run_hooks: bool) -> CommitInfo:
        """`git commit` of a scratch index: the user is author and committer; hooks run unless told."""
        parent = self.head_sha()
        branch = self.branch()
        with tempfile.NamedTemporaryFile("wb", delete=False, dir=self.git_dir, prefix="ouroboros-msg-") as fh:
            fh.write(message.encode("utf-8"))
            msg_path = fh.name
        try:
            args = ["commit", "-q", "--cleanup=whitespace", "-F", msg_path]
            if not run_hooks:
                args.append("--no-verify")
            proc = self.run(*args, index_file=index_file, check=False)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(msg_path)
        if proc.returncode != 0:
            detail = (proc.stderr + proc.stdout).decode("utf-8", "replace").strip()
            raise GitCommandError(["commit"], proc.returncode, detail)
        sha = self.head_sha()
        if sha is None or sha == parent:
            raise VcsError("git commit reported success but HEAD did not move.")
        return CommitInfo(sha=sha, parent=parent, branch=branch, root=parent is None)

    def commit_entries(self, entries: dict[str, Entry | None], message: str, run_hooks: bool) -> CommitInfo:
        """Commit HEAD + exactly these entries, leaving the real index alone: the new tree is built
        in-process, loaded into a scratch index, and committed by `git commit` (so hooks run)."""
        tree = self.build_tree(self.head_tree(), entries)
        with self.temp_index(tree) as index:
            return self.commit_index(index, message, run_hooks)

    # -- revert -----------------------------------------------------------------------------------

    def changed_paths(self, commit: str) -> list[str]:
        proc = self.run("diff-tree", "-r", "--root", "--no-commit-id", "--name-only", "-z", commit)
        return [p.decode("utf-8", "surrogateescape") for p in proc.stdout.split(b"\0") if p]

    def dirty_paths(self, paths: list[str]) -> list[str]:
        """Paths with staged, unstaged or untracked changes (relative to HEAD)."""
        if not paths:
            return []
        proc = self.run(LITERAL, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *paths)
        dirty = []
        records = proc.stdout.split(b"\0")
        i = 0
        while i < len(records):
            rec = records[i]
            i += 1
            if not rec:
                continue
            dirty.append(rec[3:].decode("utf-8", "surrogateescape"))
            if rec[:1] in (b"R", b"C"):
                i += 1  # the rename source follows
        return dirty

    def ignored_paths(self, paths: list[str]) -> list[str]:
        """Those of `paths` that .gitignore (or info/exclude, core.excludesFile) hides. Tracked
        files are never reported: git ignores only what it does not track."""
        if not paths:
            return []
        data = b"".join(p.encode("utf-8", "surrogateescape") + b"\0" for p in paths)
        proc = self.run("check-ignore", "-z", "--stdin", input=data, check=False)
        if proc.returncode not in (0, 1):  # 1: none ignored
            raise GitCommandError(["check-ignore"], proc.returncode, proc.stderr.decode("utf-8", "replace"))
        return [p.decode("utf-8", "surrogateescape") for p in proc.stdout.split(b"\0") if p]

    def is_ancestor(self, commit: str, of: str = "HEAD") -> bool:
        return self.run("merge-base", "--is-ancestor", commit, of, check=False).returncode == 0

    def revert_into_index(self, commit: str, index_file: Path) -> list[str] | None:
        """Apply the reverse of `commit` to a scratch index with a 3-way fallback, as `git revert`
        would merge it. None when it applied; on conflict the paths git marks unmerged (`U path`),
        or [] when it names none (the scratch index is then thrown away)."""
        parents = self.repo.commit(commit).parents
        if len(parents) > 1:
            raise VcsError(f"{commit[:12]} is a merge commit; Ouroboros only reverts its own commits.")
        parent = parents[0].hexsha if parents else EMPTY_TREE
        diff = self.run("diff", "--binary", "--full-index", "--no-renames", commit, parent).stdout
        if not diff.strip():
            return None
        proc = self.run("apply", "--cached", "--3way", index_file=index_file, input=diff, check=False)
        if proc.returncode == 0:
            return None
        out = (proc.stdout + proc.stderr).decode("utf-8", "replace")
        return [line[2:] for line in out.splitlines() if line.startswith("U ")]
