"""Path or language name → tree-sitter grammar (official per-language wheels) and the label of the
checker that decides the verdict for that language."""

from __future__ import annotations

import importlib
import os
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath

from tree_sitter import Language, Parser

from ouroboros_tui.errors import UsageError


@dataclass(frozen=True)
class LanguageSpec:
    name: str  # canonical name, e.g. "python", "tsx"
    module: str  # the grammar wheel's module
    factory: str = "language"  # function in that module returning the grammar pointer
    reference: str = ""  # in-process reference check that decides the verdict, if any


LANGUAGES: dict[str, LanguageSpec] = {
    spec.name: spec
    for spec in (
        LanguageSpec("python", "tree_sitter_python", reference="compile"),
        LanguageSpec("javascript", "tree_sitter_javascript"),
        LanguageSpec("typescript", "tree_sitter_typescript", "language_typescript"),
        LanguageSpec("tsx", "tree_sitter_typescript", "language_tsx"),
        LanguageSpec("json", "tree_sitter_json", reference="json.loads"),
        # JSON with comments (tsconfig.json, .vscode/*.json): json.loads would wrongly reject them.
        LanguageSpec("jsonc", "tree_sitter_json"),
        LanguageSpec("toml", "tree_sitter_toml", reference="tomllib"),
        LanguageSpec("yaml", "tree_sitter_yaml"),
        LanguageSpec("go", "tree_sitter_go"),
        LanguageSpec("rust", "tree_sitter_rust"),
        LanguageSpec("java", "tree_sitter_java"),
        LanguageSpec("bash", "tree_sitter_bash"),
        LanguageSpec("css", "tree_sitter_css"),
        LanguageSpec("html", "tree_sitter_html"),
    )
}

EXTENSIONS: dict[str, str] = {
    ".py": "python", ".pyi": "python",
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
    ".ts": "typescript", ".mts": "typescript", ".cts": "typescript",
    ".tsx": "tsx",
    ".json": "json", ".jsonc": "jsonc",
    ".toml": "toml",
    ".yaml": "yaml", ".yml": "yaml",
    ".go": "go",
    ".rs": "rust",
    ".java": "java",
    ".sh": "bash", ".bash": "bash",
    ".css": "css",
    ".html": "html", ".htm": "html",
}  # fmt: skip

ALIASES: dict[str, str] = {
    "py": "python", "python3": "python", "js": "javascript", "jsx": "javascript", "node": "javascript",
    "ts": "typescript", "yml": "yaml", "sh": "bash", "shell": "bash", "golang": "go", "rs": "rust",
    "htm": "html",
}  # fmt: skip

# JSON files that allow comments by convention (tsconfig.json, .vscode/settings.json, ...).
_JSONC_STEMS = ("tsconfig", "jsconfig", ".eslintrc", "devcontainer")


class UnknownLanguageError(ValueError, UsageError):
    """A language name the gate has no grammar for."""


def normalize_language(name: str) -> str:
    """Canonical language name for a user-supplied one; raises UnknownLanguageError."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in LANGUAGES:
        known = ", ".join(sorted(LANGUAGES))
        raise UnknownLanguageError(f"no grammar for language {name!r} (known: {known})")
    return key


def language_for_path(path: str | PurePath) -> str | None:
    """Language of a file from its name, or None when the gate cannot check it (caller skips it)."""
    text = str(path)
    base = os.path.basename(text)
    dot = base.rfind(".")
    if dot <= 0:  # no suffix, or a dotfile's name only (".bashrc": PurePath's rule)
        return None
    name = EXTENSIONS.get(base[dot:].lower())
    if name == "json" and (base[:dot].lower().startswith(_JSONC_STEMS) or ".vscode" in PurePath(path).parts):
        return "jsonc"
    return name


@cache
def get_language(name: str) -> Language:
    """The tree-sitter Language for a canonical name (grammar loaded once per process)."""
    spec = LANGUAGES[normalize_language(name)]
    module = importlib.import_module(spec.module)
    return Language(getattr(module, spec.factory)())


_local = threading.local()


def get_parser(name: str) -> Parser:
    """A Parser for the language, one per thread (tree-sitter parsers are not thread-safe)."""
    parsers: dict[str, Parser] | None = getattr(_local, "parsers", None)
    if parsers is None:
        parsers = _local.parsers = {}
    parser = parsers.get(name)
    if parser is None:
        parser = parsers[name] = Parser(get_language(name))
    return parser


def checker_label(name: str, node_checked: bool = False, engine: str = "") -> str:
    """Names what decided the verdict, e.g. "tree-sitter-python+compile" (goes into commit trailers);
    `engine`: the out-of-process parser that decided (node-check, typescript, bash-n)."""
    spec = LANGUAGES[normalize_language(name)]
    grammar = "json" if spec.name == "jsonc" else spec.name
    label = f"tree-sitter-{grammar}"
    if spec.reference:
        label += f"+{spec.reference}"
    if node_checked and not engine:
        engine = "node-check"
    if engine:
        label += f"+{engine}"
    return label
