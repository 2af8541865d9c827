"""`ouroboros validate PATH… [--json] [--node]`: the safety gate alone, on files and directories."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pathspec
from rich.markup import escape

from ouroboros_tui.cli_commands.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, CommandError, console_for, print_json
from ouroboros_tui.gate import SyntaxValidator, language_for_path
from ouroboros_tui.gate.results import SyntaxErrorRecord, ValidationResult

ALWAYS_SKIPPED_DIRS = {".git", ".ouroboros"}
_BINARY_SNIFF = 8192
NO_GRAMMAR = "no grammar for this file type"


@dataclass
class Report:
    files: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    io_errors: int = 0


def run(paths: list[Path], as_json: bool, node_check: bool | None = None) -> int:
    """`node_check` None: node's parsers when node is on PATH; True: the same, warning without it."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise CommandError(f"no such file or directory: {', '.join(missing)}")
    started = time.perf_counter()
    validator = SyntaxValidator(node_check=node_check is not False)
    report = Report()
    console = console_for(as_json)
    if node_check and not validator.node_available:
        console.print("[yellow]warning:[/] --node given but `node` is not on PATH; tree-sitter alone decides")
    for path in _expand(paths, report):
        shown = _display(path)
        language = language_for_path(path)
        if language is None:
            report.skipped.append({"path": shown, "reason": NO_GRAMMAR})
            continue
        entry = _check_file(validator, path, shown, language, report)
        report.files.append(entry)
        if not as_json:
            _print_entry(console, entry)
    invalid = sum(1 for f in report.files if not f["is_valid"])
    summary = {
        "files": len(report.files), "valid": len(report.files) - invalid, "invalid": invalid,
        "skipped": len(report.skipped), "io_errors": report.io_errors,
        "node_check": validator.node_available,
        "total_ms": round((time.perf_counter() - started) * 1000, 3),
    }  # fmt: skip
    code = EXIT_USAGE if report.io_errors else (EXIT_FAILED if invalid else EXIT_OK)
    if as_json:
        print_json({"files": report.files, "skipped": report.skipped, "summary": summary, "exit_code": code})
    else:
        _print_summary(console, report, summary)
    return code


def _check_file(validator: SyntaxValidator, path: Path, shown: str, language: str,
                report: Report) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.io_errors += 1
        return _problem_entry(shown, language, "io", f"cannot read: {exc.strerror or exc}")
    if b"\x00" in data[:_BINARY_SNIFF]:
        return _problem_entry(shown, language, "encoding", "binary file (NUL bytes), not source text")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return _problem_entry(shown, language, "encoding",
                              f"not valid UTF-8 (byte {exc.start}, line {line}: {exc.reason})", line)
    result: ValidationResult = validator.validate(data, path=path)
    return result.to_dict(shown)


def _problem_entry(shown: str, language: str, kind: str, message: str, line: int = 1) -> dict[str, Any]:
    error = SyntaxErrorRecord(line=line, column=1, end_line=line, end_column=1, kind=kind,
                              message=message, source="gate")
    return {"path": shown, "language": language, "is_valid": False, "checker": "none",
            "errors": [error.to_dict()], "error_summary": f"{line}:1 {message}", "parse_ms": 0.0}


# -- collecting files --------------------------------------------------------------------------------

def _expand(paths: list[Path], report: Report) -> list[Path]:
    """Files as named, directories recursed in a stable order without git-ignored files. What a
    directory lists but cannot be checked (links, nested repositories, a second name for a file
    already listed) goes to report.skipped with the reason, instead of vanishing or, for a broken
    link outside git, failing the whole command as unreadable."""
    out: list[Path] = []
    seen: dict[Path, str] = {}
    for path in paths:
        # Links after plain files (stable sort), so a file reached both ways is checked by its own name.
        found = [path] if path.is_file() else sorted(_directory_files(path), key=Path.is_symlink)
        for file in found:
            reason = None if file is path else _not_checkable(file)
            if reason is not None:
                report.skipped.append({"path": _display(file), "reason": reason})
                continue
            key = file.resolve()
            if key in seen:
                if file is not path:
                    report.skipped.append({"path": _display(file), "reason": f"same file as {seen[key]}"})
                continue
            seen[key] = _display(file)
            out.append(file)
    return out


def _not_checkable(path: Path) -> str | None:
    """Why a listed entry is not a file to check, or None for a file (or a link to one)."""
    if path.is_symlink():
        if not path.exists():
            return "broken symbolic link"
        if path.is_dir():
            return "symbolic link to a directory (not followed)"
    if path.is_dir():
        if (path / ".git").exists():
            return "nested git repository (validate it by naming it)"
        return "directory"
    if not os.path.lexists(path):
        return "listed by git but missing from the work tree"
    if not path.is_file():
        return "not a regular file"
    return None


def _directory_files(directory: Path) -> list[Path]:
    listed = _git_listed(directory)
    if listed is None:
        listed = _walk_with_gitignore(directory)
    return sorted(p for p in listed if not (ALWAYS_SKIPPED_DIRS & set(p.relative_to(directory).parts)))


def _git_listed(directory: Path) -> list[Path] | None:
    """Tracked plus untracked-but-not-ignored files, when the directory is inside a git work tree."""
    try:
        proc = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                              cwd=directory, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0:
        return None
    names = [n for n in proc.stdout.decode("utf-8", "surrogateescape").split("\0") if n]
    # Kept whatever they are (a nested repository is listed as "dir/"): _expand says why it skips one.
    return [directory / n.rstrip("/") for n in names]


def _walk_with_gitignore(directory: Path) -> list[Path]:
    """Outside git: honour every .gitignore under `directory`, each relative to its own folder."""
    specs: list[tuple[Path, pathspec.PathSpec]] = []
    out: list[Path] = []
    for root, dirs, files in os.walk(directory):
        here = Path(root)
        ignore_file = here / ".gitignore"
        if ignore_file.is_file():
            try:
                lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
                specs.append((here, pathspec.GitIgnoreSpec.from_lines(lines)))
            except OSError:
                pass

        def ignored(path: Path, is_dir: bool) -> bool:
            for base, spec in specs:
                if base == path or base not in path.parents:
                    continue
                rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
                if spec.match_file(rel):
                    return True
            return False

        dirs[:] = sorted(d for d in dirs if d not in ALWAYS_SKIPPED_DIRS and not ignored(here / d, True))
        # os.walk does not follow links to directories (a loop stays finite); list them to be reported.
        out.extend(here / d for d in dirs if (here / d).is_symlink())
        out.extend(here / f for f in sorted(files) if not ignored(here / f, False))
    return out


def _display(path: Path) -> str:
    # abspath, not resolve(): a link is shown by its own name, not its target's (a broken one
    # was reported as the missing target).
    try:
        return Path(os.path.abspath(path)).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


# -- human output -----------------------------------------------------------------------------------

def _print_entry(console: Any, entry: dict[str, Any]) -> None:
    path = escape(entry["path"])
    ms = entry.get("total_ms", entry.get("parse_ms", 0.0))
    if entry["is_valid"]:
        console.print(f"[green]✓[/] {path} [dim]({entry['language']}, {ms:.1f} ms)[/]")
        return
    console.print(f"[bold red]✗[/] {path} [dim]({entry['language']}, {entry['checker']})[/]")
    for error in entry["errors"]:
        detail = f" [dim]({escape(error['detail'])})[/]" if error.get("detail") else ""
        where = f"{error['line']}:{error['column']}"
        console.print(f"  [red]{where}[/] {escape(error['message'])}{detail}")
        if error.get("context"):
            for line in error["context"].splitlines():
                console.print(f"    {escape(line)}", soft_wrap=True)


def _print_summary(console: Any, report: Report, summary: dict[str, Any]) -> None:
    by_reason: dict[str, list[str]] = {}
    for skipped in report.skipped:
        reason = "no grammar" if skipped["reason"] == NO_GRAMMAR else skipped["reason"]
        by_reason.setdefault(reason, []).append(skipped["path"])
    for reason, shown in by_reason.items():
        names = ", ".join(escape(name) for name in shown[:20])
        more = f" and {len(shown) - 20} more" if len(shown) > 20 else ""
        console.print(f"[dim]skipped ({escape(reason)}): {names}{more}[/]")
    colour = "red" if summary["invalid"] or summary["io_errors"] else "green"
    console.print(f"[{colour}]{summary['files']} files checked: {summary['valid']} valid, "
                  f"{summary['invalid']} invalid, {summary['skipped']} skipped[/] "
                  f"[dim]({summary['total_ms']:.0f} ms)[/]")
