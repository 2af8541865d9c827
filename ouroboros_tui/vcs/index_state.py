"""What git's own index says beyond its entries: intent-to-add flags, a held `index.lock`, and the
blob `git add` would store for some bytes (line-ending conversion and clean filters applied)."""

from __future__ import annotations

from pathlib import Path

from ouroboros_tui.vcs.git import LITERAL, GitRepo
from ouroboros_tui.vcs.objects import Entry

EMPTY_BLOB = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
INTENT_TO_ADD_FLAG = 0x20000000  # CE_INTENT_TO_ADD, in the `flags:` line of `ls-files --debug`


def intent_to_add(repo: GitRepo, index: dict[str, Entry | None]) -> set[str]:
    """Paths added with `git add -N`: in the index as an empty placeholder, not really staged.
    Only entries holding the empty blob can be one, so most applies ask git nothing."""
    candidates = [p for p, e in index.items() if e is not None and e.sha == EMPTY_BLOB]
    if not candidates:
        return set()
    # With -z each path ends in NUL and its debug lines follow, so names need no unquoting.
    out = repo.run(LITERAL, "ls-files", "--debug", "-z", "--full-name", "--", *candidates).stdout
    found: set[str] = set()
    chunks = out.split(b"\0")
    current = chunks[0]
    for chunk in chunks[1:]:
        debug, _, following = chunk.rpartition(b"\n")
        for line in debug.decode("ascii", "replace").splitlines():
            if "flags:" in line and int(line.rsplit("flags:", 1)[1].strip(), 16) & INTENT_TO_ADD_FLAG:
                found.add(current.decode("utf-8", "surrogateescape"))
        current = following
    return found


def index_lock(repo: GitRepo) -> Path | None:
    """git's own lock on the real index: another git command is running (or one was killed)."""
    lock = repo.git_dir / "index.lock"
    return lock if lock.exists() else None


def cleaned_blob(repo: GitRepo, rel: str, data: bytes, write: bool = False) -> str:
    """The blob sha `git add rel` would store for `data`: core.autocrlf, .gitattributes `eol`/`text`
    and clean filters applied, as git itself does (`hash-object --path`)."""
    args = ["hash-object", "--stdin", f"--path={rel}"] + (["-w"] if write else [])
    return repo.run(*args, input=data).stdout.decode().strip()
