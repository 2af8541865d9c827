"""A suite is a folder of task folders; a task folder holds task.toml, repo/, hidden/ and oracle.jsonl.

    task.toml     kind, language, task (the sentence given to the pipeline), targets, optional test_command
    repo/         the repository as it is before the change
    hidden/       tests that decide success; copied in only after the change, never shown to the model
    oracle.jsonl  the right answer as a mock script ★ (what `bench --oracle` plays)

The shipped suites live in this package's `suites/` folder; `--suite` takes their name or a path.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ouroboros_tui.errors import UsageError

SUITES_DIR = Path(__file__).resolve().parent / "suites"
DEFAULT_SUITE = "core"
LANGUAGES = ("python", "javascript")
HIDDEN_DIR = "_hidden_tests"  # where the hidden tests land in the sandbox, after the change


class SuiteError(UsageError):
    """A suite or task that cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class Task:
    number: int  # 1-based position in the suite, what --tasks selects
    id: str
    folder: Path
    kind: str
    language: str
    task: str
    targets: tuple[str, ...]
    test_command: tuple[str, ...] = ()

    @property
    def repo(self) -> Path:
        return self.folder / "repo"

    @property
    def hidden(self) -> Path:
        return self.folder / "hidden"

    @property
    def oracle(self) -> Path:
        return self.folder / "oracle.jsonl"


@dataclass(frozen=True)
class Suite:
    name: str
    path: Path
    tasks: tuple[Task, ...] = field(default_factory=tuple)
    builtin: bool = False


def builtin_suites() -> list[str]:
    return sorted(p.name for p in SUITES_DIR.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def resolve_suite(name_or_path: str | None) -> Path:
    """A shipped suite's name, else a folder path."""
    wanted = name_or_path or DEFAULT_SUITE
    if re.fullmatch(r"[A-Za-z0-9_-]+", wanted) and (SUITES_DIR / wanted).is_dir():
        return SUITES_DIR / wanted
    path = Path(wanted).expanduser()
    if path.is_dir():
        return path.resolve()
    raise SuiteError(f"--suite {wanted}: no shipped suite of that name ({', '.join(builtin_suites())}) "
                     "and no such folder.")


def load_suite(name_or_path: str | None = None) -> Suite:
    path = resolve_suite(name_or_path)
    folders = sorted(p for p in path.iterdir() if p.is_dir() and (p / "task.toml").is_file())
    if not folders:
        raise SuiteError(f"{path}: no task folders (a task folder holds task.toml, repo/ and hidden/; "
                         "see docs/bench.md).")
    tasks = tuple(load_task(folder, number) for number, folder in enumerate(folders, start=1))
    return Suite(name=path.name, path=path, tasks=tasks, builtin=path.parent == SUITES_DIR)


def _text(data: dict[str, object], key: str, where: Path, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise SuiteError(f"{where}: `{key}` must be a non-empty string.")
    return value.strip()


def load_task(folder: Path, number: int) -> Task:
    where = folder / "task.toml"
    try:
        data = tomllib.loads(where.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SuiteError(f"{where}: cannot be read: {exc}.") from exc
    language = _text(data, "language", where, "python")
    if language not in LANGUAGES:
        raise SuiteError(f"{where}: language = {language!r}; use one of {', '.join(LANGUAGES)} "
                         "(or give test_command for another).")
    targets = data.get("targets")
    if not isinstance(targets, list) or not targets or not all(isinstance(t, str) and t for t in targets):
        raise SuiteError(f"{where}: `targets` must be a non-empty list of paths inside repo/.")
    command = data.get("test_command", [])
    if not isinstance(command, list) or not all(isinstance(c, str) for c in command):
        raise SuiteError(f"{where}: `test_command` must be a list of strings, e.g. [\"node\", \"--test\"].")
    for needed in ("repo", "hidden"):
        if not (folder / needed).is_dir():
            raise SuiteError(f"{folder}: no {needed}/ folder.")
    if not any(p.is_file() for p in (folder / "hidden").rglob("*")):
        raise SuiteError(f"{folder}/hidden: no test files; the hidden tests decide whether the task is solved.")
    repo = (folder / "repo").resolve()
    for target in targets:
        full = (repo / target).resolve()
        if repo not in full.parents or not full.is_file():
            raise SuiteError(f"{where}: target {target} is not a file in repo/.")
    return Task(number=number, id=str(data.get("id") or folder.name), folder=folder,
                kind=_text(data, "kind", where, "other"), language=language, task=_text(data, "task", where),
                targets=tuple(targets), test_command=tuple(command))


def select(suite: Suite, spec: str | None) -> list[Task]:
    """`1-10`, `3,5,7-9` or task ids, against the suite's numbering."""
    if not spec:
        return list(suite.tasks)
    by_id = {t.id: t for t in suite.tasks}
    chosen: list[Task] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        if part in by_id:
            picked = [by_id[part]]
        else:
            found = re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", part)
            if not found:
                raise SuiteError(f"--tasks {spec}: {part!r} is neither a number, a range like 1-10 nor a task id.")
            low = int(found[1])
            high = int(found[2] or found[1])
            if low < 1 or high < low or high > len(suite.tasks):
                raise SuiteError(f"--tasks {spec}: {part} is not a range within 1-{len(suite.tasks)} "
                                 f"(the suite {suite.name} has {len(suite.tasks)} tasks).")
            picked = list(suite.tasks[low - 1 : high])
        chosen.extend(t for t in picked if t not in chosen)
    if not chosen:
        raise SuiteError(f"--tasks {spec!r} selects no task.")
    return chosen
