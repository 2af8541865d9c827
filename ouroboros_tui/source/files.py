"""The repository's files as the pipeline sees them: what git tracks or would track (.gitignore
respected), read as UTF-8 text; binary, non-UTF-8 and oversized files are skipped with a reason."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ouroboros_tui.errors import SafetyRefusal


def list_files(repo: Path) -> list[str]:
    """Tracked plus untracked-but-not-ignored files, relative posix paths, sorted."""
    proc = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=repo, capture_output=True, check=False,
    )
    if proc.returncode != 0:
        return []
    names = {n for n in proc.stdout.decode("utf-8", "replace").split("\0") if n}
    return sorted(n for n in names if not n.startswith((".ouroboros/", ".git/")) and (repo / n).is_file())


def read_text(repo: Path, path: str, max_bytes: int | None = None) -> tuple[str | None, str]:
    """(text, "") or (None, reason). Keeps the file's own line endings."""
    full = repo / path
    try:
        size = full.stat().st_size
        if max_bytes is not None and size > max_bytes:
            return None, f"larger than {max_bytes} bytes ({size})"
        data = full.read_bytes()
    except OSError as exc:
        return None, f"unreadable: {exc.strerror}"
    return decode_text(data)


def decode_text(data: bytes) -> tuple[str | None, str]:
    """(text, "") for UTF-8 text, else (None, "binary" | "not UTF-8"): what the pipeline reads."""
    if b"\0" in data[:8192]:
        return None, "binary"
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        return None, "not UTF-8"


def read_current_bytes(full: Path) -> bytes | None:
    """A work-tree file's bytes, None when it does not exist (a file an edit would create). A
    directory (or a file on the way) where the file should be is a SafetyRefusal, not a crash."""
    try:
        return full.read_bytes()
    except FileNotFoundError:
        return None
    except (IsADirectoryError, NotADirectoryError):
        raise SafetyRefusal(f"{full} is not a file (a directory, or a file on its way).") from None


def read_current(repo: Path, path: str) -> str | None:
    """The work tree's text of `path` (UTF-8), None when it does not exist."""
    data = read_current_bytes(repo / path)
    return None if data is None else data.decode("utf-8")
