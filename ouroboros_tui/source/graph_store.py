"""The graph's inputs for the whole tree, kept between runs: each file's blob id, skip reason and
defined names, and for every defined name the files using it (an inverted index). A warm run loads
this one file and patches it with the files whose blob changed, instead of loading every file's
references: the cost of a run follows what changed since the last one.

Stored with `marshal` (several times faster to load than JSON for these plain dicts and lists).
marshal is not meant for untrusted data, so the file is used only when git tracks nothing under
`.ouroboros/` (a repository cannot ship one), and any error in it means a rebuild.

One approximation: a name that no file defined when the index was built, and that an edited file
now defines, is looked up only among the edited files; an unchanged file calling a function that
did not exist yet is rare, and the next full rebuild (after a version change) counts it.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ouroboros_tui.source import gc_pause

VERSION = 1  # bump when names.py, generated.py or the language of a path change meaning
FILENAME = "graph.marshal"

Entry = tuple[str, str, int, str, list[str]]  # blob, language key, size, skip reason, names defined


@dataclass
class GraphState:
    files: dict[str, Entry] = field(default_factory=dict)
    users: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    loaded: bool = False


def load(folder: Path | None) -> GraphState:
    if folder is None:
        return GraphState()
    try:
        with open(folder / FILENAME, "rb") as handle:
            blob = handle.read()
        with gc_pause.paused():  # 3-5x the load itself otherwise
            data = marshal.loads(blob)
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return GraphState()
        files, users = data["files"], data["users"]
        if not isinstance(files, dict) or not isinstance(users, dict) or not all(
                isinstance(e, tuple) and len(e) == 5 and isinstance(e[0], str) and isinstance(e[4], list)
                for e in files.values()):
            return GraphState()
        return GraphState(files, users, loaded=True)
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return GraphState()


def save(folder: Path | None, state: GraphState) -> None:
    if folder is None:
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".graph-")
        with os.fdopen(fd, "wb") as handle:
            marshal.dump({"version": VERSION, "files": state.files, "users": state.users}, handle)
        os.replace(tmp, folder / FILENAME)
    except (OSError, ValueError):
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)
