"""Which file an edit is for: spellings found around a block → one repository path.

Models write the path in many ways: on its own line, in backticks or bold, after `File:`, as a
heading or a numbered list item, in the fence's info string (```` ```python src/a.py ````,
```` ```python:src/a.py ````), in prose (``In `src/a.py`:``), or only as a basename. A language
name, `...` and a `Word:` line are never a path. Resolution order: exact → a unique suffix,
basename or close spelling among the targets, then among the repository's files → (no spelling
at all) the previous block's path, the only target, the target where SEARCH matches exactly once.
Paths outside the repository raise UnsafePath: the run is refused.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ouroboros_tui.patch.edit_types import Edit, EditFailure, UnsafePath

PROTECTED_DIRS = (".git", ".ouroboros")
FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
LANGUAGES = frozenset({
    "python", "py", "python3", "py3", "pycon", "ipython", "js", "javascript", "mjs", "cjs", "node", "ts",
    "typescript", "tsx", "jsx", "json", "jsonc", "yaml", "yml", "toml", "ini", "cfg", "conf", "diff", "patch",
    "udiff", "bash", "sh", "shell", "zsh", "console", "shellsession", "powershell", "ps1", "text", "txt",
    "plaintext", "plain", "c", "h", "cpp", "c++", "cc", "hpp", "cxx", "go", "golang", "rust", "rs", "java",
    "kotlin", "kt", "swift", "ruby", "rb", "php", "lua", "r", "sql", "html", "htm", "xml", "css", "scss",
    "sass", "less", "md", "markdown", "rst", "dockerfile", "makefile", "make", "cmake", "vue", "svelte",
    "csharp", "cs", "fsharp", "scala", "haskell", "hs", "perl", "pl", "elixir", "ex", "erlang", "dart", "julia",
    "ocaml", "clojure", "nim", "zig", "graphql", "proto", "protobuf", "hcl", "terraform", "tf", "code",
})
_EXT_RE = re.compile(r"\.[A-Za-z0-9_+-]{1,12}$")
_TOKEN_RE = re.compile(r"[\w.\-/\\]+")
_LABEL_RE = re.compile(
    r"^(?:the\s+)?(?:file(?:name)?|path|filepath|file path|in|edit|update|modify|change)\s*[:=]\s*", re.IGNORECASE
)


@dataclass(frozen=True)
class Spelling:
    text: str
    strong: bool  # reads as a path even when no such file exists (may create one)


def looks_like_path(text: str) -> bool:
    """A file path by its shape: a directory part or an extension, no blanks, not a language."""
    if not text or len(text) > 300 or text.lower() in LANGUAGES or set(text) <= {".", "…"}:
        return False
    if any(c.isspace() for c in text) or text.startswith(("http://", "https://")):
        return False
    if re.fullmatch(r"[\d.]+", text):  # "1." or "3.14"
        return False
    return "/" in text.strip("/") or "\\" in text or bool(_EXT_RE.search(text))


def _unwrap(text: str) -> str:
    text = text.strip()
    for _ in range(3):
        text = re.sub(r"^(#{1,6}|//|--|;|>)\s*", "", text)  # headings, comment and quote markers
        text = re.sub(r"^(\d+[.)]|[-*+•])\s+", "", text)  # list items
        text = text.strip().strip("*_").strip()  # bold / italics
        text = _LABEL_RE.sub("", text)
    return text.strip()


def spellings_in_line(line: str) -> list[Spelling]:
    """Every way `line` may name a file, best first. Empty for prose that names none."""
    raw = line.strip()
    if not raw:
        return []
    fence = FENCE_RE.match(raw)
    if fence:
        return _fence_info(fence.group(2))
    found: list[Spelling] = []
    for quoted in re.findall(r"`([^`\n]+)`|\"([^\"\n]+)\"|'([^'\n]+)'", raw):
        text = next(q for q in quoted if q).strip()
        if looks_like_path(text) or (" " in text and _EXT_RE.search(text)):
            found.append(Spelling(text, True))
    text = _unwrap(raw)
    ends_colon = text.endswith(":")
    text = text.rstrip(":").strip().strip("`'\"*").strip()
    if not text:
        return found
    if not any(c.isspace() for c in text):
        if looks_like_path(text):
            found.append(Spelling(text, True))
        elif not ends_colon and (text.lower() not in LANGUAGES or text[:1].isupper()) and not set(text) <= {".", "…"}:
            found.append(Spelling(text, False))  # `Makefile`: a path only if that very file exists
        return _unique(found)
    # A whole line with blanks is a path only if that file exists ("docs/my notes.md").
    if _EXT_RE.search(text) and len(text.split()) <= 4:
        found.append(Spelling(text, False))
    for token in _TOKEN_RE.findall(text):
        token = token.strip(".,;:")
        if looks_like_path(token):
            found.append(Spelling(token, True))
    return _unique(found)


def _fence_info(info: str) -> list[Spelling]:
    """```python src/a.py · ```python:src/a.py · ```src/a.py · ```py title="src/a.py"."""
    found: list[Spelling] = []
    for token in re.split(r"[\s:{}]+|=", info.replace('"', " ").replace("'", " ")):
        token = token.strip(",")
        if looks_like_path(token):
            found.append(Spelling(token, True))
    return found


def _unique(items: list[Spelling]) -> list[Spelling]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.text not in seen:
            seen.add(item.text)
            out.append(item)
    return out


def normalise(text: str) -> str:
    text = text.strip().strip("`'\"").strip().replace("\\", "/")
    text = re.sub(r"(\.\w+)(?::\d+(?:-\d+)?|#L\d+(?:-L?\d+)?)$", r"\1", text)  # src/a.py:10, a.py#L3
    while text.startswith("./"):
        text = text[2:]
    return text


def encode_hints(spellings: Iterable[Spelling]) -> tuple[str, ...]:
    """Spellings as an Edit keeps them: weak ones carry a leading `?`."""
    return tuple(("" if s.strong else "?") + s.text for s in spellings)


def _fuzzy(name: str, pool: list[str]) -> str | None:
    """One file of `pool` that `name` means: a unique suffix, basename or close spelling."""
    low = name.lower()
    for test in (
        lambda p: p.endswith("/" + name),
        lambda p: p.lower().endswith("/" + low) or p.lower() == low,
        lambda p: PurePosixPath(p).name == PurePosixPath(name).name,
    ):
        hits = [p for p in pool if test(p)]
        if len(hits) == 1:
            return hits[0]
        if hits:
            return None  # ambiguous: two files of that name; never guess
    close = difflib.get_close_matches(name, pool, n=2, cutoff=0.88)
    if len(close) == 1:
        return close[0]
    names = {PurePosixPath(p).name: p for p in pool}
    close = difflib.get_close_matches(PurePosixPath(name).name, list(names), n=2, cutoff=0.88)
    if len(close) == 1 and sum(PurePosixPath(p).name == close[0] for p in pool) == 1:
        return names[close[0]]
    return None


def suggest(name: str, pool: list[str]) -> str:
    """ Did you mean …?" for an unknown path, or the files that may be edited."""
    close = difflib.get_close_matches(name, pool, n=1, cutoff=0.5)
    if not close:
        by_name = {PurePosixPath(p).name: p for p in pool}
        hit = difflib.get_close_matches(PurePosixPath(name).name, list(by_name), n=1, cutoff=0.6)
        close = [by_name[hit[0]]] if hit else []
    return f" Did you mean {close[0]}?" if close else ""


@dataclass
class PathResolver:
    """Turns each edit's hints into one path, remembering the previous block's path."""

    targets: list[str]
    repo_files: list[str]
    read: Callable[[str], str | None]
    previous: str | None = None

    def resolve(self, edit: Edit) -> tuple[str | None, EditFailure | None]:
        strong: list[str] = []
        for hint in edit.hints:
            weak = hint.startswith("?")
            name = normalise(hint[1:] if weak else hint)
            if not name:
                continue
            if _unsafe_shape(name) or name in self._folders():  # check_path refuses these, never fuzzed
                return name, None
            found = (name if name in self.targets or name in self.repo_files else None) if weak else self._known(name)
            if found:
                self.previous = found
                return found, None
            if not weak:
                strong.append(name)
        if strong:
            name = strong[0]
            creates = edit.kind == "whole" or edit.creates_file
            if creates:
                self.previous = name
                return name, None
            pool = self.targets + [p for p in self.repo_files if p not in self.targets]
            same = [p for p in pool if PurePosixPath(p).name == PurePosixPath(name).name]
            hint = (f" It could be any of {', '.join(same[:5])}: write the full path." if len(same) > 1
                    else suggest(name, pool))
            return None, EditFailure(name, "missing", f"{name}: no such file.{hint} "
                                     f"The files to change are: {', '.join(self.targets)}.")
        return self._without_path(edit)

    def _folders(self) -> set[str]:
        return {str(parent) for p in self.repo_files for parent in PurePosixPath(p).parents if str(parent) != "."}

    def _known(self, name: str) -> str | None:
        if name in self.targets or name in self.repo_files:
            return name
        return _fuzzy(name, self.targets) or _fuzzy(name, self.repo_files)

    def _without_path(self, edit: Edit) -> tuple[str | None, EditFailure | None]:
        if self.previous is not None:
            return self.previous, None
        if len(self.targets) == 1:
            self.previous = self.targets[0]
            return self.previous, None
        if edit.search.strip():
            hits = [t for t in self.targets if (self.read(t) or "").count(edit.search) == 1]
            if len(hits) == 1:
                self.previous = hits[0]
                return hits[0], None
        return None, EditFailure("", "missing", "a block without a file path: put the file's path on "
                                 f"the line before `<<<<<<< SEARCH` (one of {', '.join(self.targets)}).")


def _unsafe_shape(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return name.startswith("/") or bool(re.match(r"^[A-Za-z]:/", name)) or ".." in parts or (
        bool(parts) and parts[0] in PROTECTED_DIRS)


def check_path(repo: Path, path: str) -> str:
    """The path, normalised relative to the repo (posix), or UnsafePath."""
    raw = path.strip()
    if not raw:
        raise UnsafePath(path, "empty path")
    if raw.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", raw) or os.path.isabs(raw):
        raise UnsafePath(path, "absolute paths are not allowed; use a path relative to the repository")
    parts = PurePosixPath(raw.replace("\\", "/")).parts
    parts = tuple(p for p in parts if p != ".")
    if not parts:
        raise UnsafePath(path, "not a file path")
    if ".." in parts:
        raise UnsafePath(path, "`..` leads outside the repository")
    if parts[0] in PROTECTED_DIRS:
        raise UnsafePath(path, f"{parts[0]}/ is off limits")
    if ".git" in parts or any(c in raw for c in "\0\n\r"):
        raise UnsafePath(path, "a .git folder or a control character in the path")
    rel = "/".join(parts)
    root = repo.resolve()
    resolved = (root / rel).resolve()
    if resolved != root and root not in resolved.parents:
        raise UnsafePath(path, "a symlink leads outside the repository")
    inner = resolved.relative_to(root).parts
    if inner and inner[0] in PROTECTED_DIRS:
        raise UnsafePath(path, f"a symlink leads into {inner[0]}/")
    _check_work_tree(root, rel, path)
    return rel


def _check_work_tree(root: Path, rel: str, path: str) -> None:
    """What the work tree says: a file where a folder of the path should be (`calc.py/x.py`), a
    directory where the file should be, or a nested repository (a submodule) on the way."""
    folder = root
    for part in rel.split("/")[:-1]:
        folder = folder / part
        if not folder.exists():
            break
        shown = folder.relative_to(root).as_posix()
        if not folder.is_dir():
            raise UnsafePath(path, f"{shown} is a file, not a folder")
        if (folder / ".git").exists():
            raise UnsafePath(path, f"{shown} is a nested repository (a submodule?); change it there")
    if (root / rel).is_dir():
        raise UnsafePath(path, "a directory, not a file")
