"""Big files are named by hash in artifact_metadata.json, not copied into it.

A patch keeps each file's `before` and `after` text so a pending run can be applied and re-gated.
For a file over BIG_TEXT that is two whole copies (22 MB of JSON for a one-line change to an 11 MB
file). Instead the artifact keeps `"texts": {"before": {"git_blob", "sha256"}, "after": {"sha256"}}`:
`before` is stored as a git blob — content-addressed and compressed, and for a file with no
uncommitted change it is HEAD's own blob, so it costs nothing — and `after` is rebuilt from
`before` and the hunks (which the artifact keeps in full), then checked against its sha256.

If git has pruned the blob (`git gc` removes unreachable objects after two weeks), `before` is
found again by its sha256 in the work tree or in the run's backups.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, cast

from ouroboros_tui.errors import UsageError
from ouroboros_tui.patch.hunks import Hunk, apply_hunks
from ouroboros_tui.provenance.artifact import Artifact
from ouroboros_tui.provenance.run_folder import BACKUPS, DIRNAME
from ouroboros_tui.vcs.git import GitRepo

BIG_TEXT = 256 * 1024  # characters of before + after above which the texts are named by hash


class MissingText(UsageError):
    """A big file's text named by the artifact cannot be found any more (run data that cannot be
    read as a run: exit 2, like a corrupt run folder)."""


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _is_big(entry: dict[str, Any]) -> bool:
    return len(entry.get("before") or "") + len(entry.get("after") or "") > BIG_TEXT


def compact(repo_root: Path, document: Artifact) -> Artifact:
    """The artifact with big files' texts replaced by references (the document is not modified)."""
    patch: Any = cast(dict[str, Any], document).get("patch")  # read as plain JSON: it may be any shape
    files: list[Any] | None = patch.get("files") if isinstance(patch, dict) else None
    if not isinstance(patch, dict) or not files or not any(isinstance(f, dict) and _is_big(f) for f in files):
        return document
    with GitRepo(repo_root) as repo:
        out = []
        for entry in files:
            if not isinstance(entry, dict) or not _is_big(entry):
                out.append(entry)
                continue
            before, after = entry.get("before"), entry.get("after") or ""
            texts: dict[str, Any] = {"after": {"sha256": _sha(after)}}
            if before is not None:
                texts["before"] = {"git_blob": repo.write_blob(before.encode("utf-8")), "sha256": _sha(before)}
            out.append({**entry, "before": None, "after": "", "texts": texts})
    return cast(Artifact, {**document, "patch": {**patch, "files": out}})


def expand(repo_root: Path, document: Artifact) -> Artifact:
    """The artifact with every referenced text read back (a document without references as is)."""
    patch: Any = cast(dict[str, Any], document).get("patch")  # read as plain JSON: it may be any shape
    files: list[Any] | None = patch.get("files") if isinstance(patch, dict) else None
    if not isinstance(patch, dict) or not files or not any(isinstance(f, dict) and "texts" in f for f in files):
        return document
    run_id = str(document.get("run_id", ""))
    out = []
    for entry in files:
        if not isinstance(entry, dict) or "texts" not in entry:
            out.append(entry)
            continue
        texts = entry["texts"]
        before = _find_before(Path(repo_root), run_id, entry["path"], texts["before"]) if "before" in texts else None
        hunks = [Hunk.from_dict(h) for h in entry.get("hunks", [])]
        after = apply_hunks(before or "", hunks, entry["path"])
        if _sha(after) != texts["after"]["sha256"]:
            raise MissingText(f"run {run_id}: {entry['path']} does not rebuild to the text the run made "
                              "(the artifact was edited?); regenerate the run.")
        fresh = {k: v for k, v in entry.items() if k != "texts"}
        out.append({**fresh, "before": before, "after": after})
    return cast(Artifact, {**document, "patch": {**patch, "files": out}})


def _find_before(root: Path, run_id: str, rel: str, ref: Any) -> str:
    wanted = ref["sha256"]
    try:
        with GitRepo(root) as repo:
            text = repo.read_blob(ref["git_blob"]).decode("utf-8")
        if _sha(text) == wanted:
            return text
    except Exception:
        pass
    for candidate in (root / rel, root / DIRNAME / "runs" / run_id / BACKUPS / rel):
        try:
            text = candidate.read_bytes().decode("utf-8")
        except (OSError, ValueError):
            continue
        if _sha(text) == wanted:
            return text
    raise MissingText(f"run {run_id}: the text of {rel} it was made from (sha256 {wanted[:12]}) is gone: git "
                      "pruned it and the file has changed since. Regenerate the run.")
