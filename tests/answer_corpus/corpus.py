"""The answer corpus: model answers in the shapes small instruct coders really write, each with the
files expected after it (or marked as one that must be refused), run one builder attempt each
through `ouroboros refactor --dry-run --json --mock` in a fresh git repository.

A case file (cases/*.txt) holds cases in this shape; `@@@` lines are markers, everything else is text:

    @@@ case short-name
    @@@ base calc                   (optional: start from the files of `@@@ base-def calc`)
    @@@ targets src/calc.py
    @@@ expect land                 (land | refuse)
    @@@ file src/calc.py            (a file of the repository, before)
    ...
    @@@ answer
    ...the model's answer...
    @@@ after src/calc.py           (land: every file the answer changes or creates, in full)
    ...
    @@@ after-from calc_hinted      (or: the expected files of a base-def)

The landed change is read back from the CLI's own JSON (`diff`), applied with `git apply` and the
files compared with the expected ones: `landed` (exact), `wrong` (applied but different, or applied
when it had to be refused), `refused` (not applied).
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

CASES = Path(__file__).parent / "cases"


@dataclass
class Case:
    name: str
    source: str
    expect: str = "land"
    targets: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    answer: str = ""
    after: dict[str, str] = field(default_factory=dict)
    task: str = "make the change"


@dataclass
class Outcome:
    case: Case
    result: str  # landed | refused | wrong
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.result == ("landed" if self.case.expect == "land" else "refused")


def load_cases(folder: Path = CASES) -> list[Case]:
    bases: dict[str, dict[str, str]] = {}
    cases: list[Case] = []
    for path in sorted(folder.glob("*.txt")):
        _parse_file(path, bases, cases)
    return cases


def _parse_file(path: Path, bases: dict[str, dict[str, str]], cases: list[Case]) -> None:
    current: Case | None = None
    base_name: str | None = None
    section: tuple[str, str] | None = None
    buffer: list[str] = []

    def flush() -> None:
        if section is None:
            return
        kind, arg = section
        text = "".join(buffer)
        if kind == "file":
            (bases[base_name] if current is None and base_name else current.files)[arg] = text  # type: ignore[union-attr]
        elif kind == "answer" and current is not None:
            current.answer = text
        elif kind == "after" and current is not None:
            current.after[arg] = text

    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.startswith("@@@ "):
            buffer.append(line)
            continue
        flush()
        buffer = []
        section = None
        word, _, arg = line[4:].rstrip("\n").partition(" ")
        if word == "base-def":
            current, base_name = None, arg
            bases[arg] = {}
        elif word == "case":
            current = Case(arg, path.name)
            cases.append(current)
        elif current is None and word == "file":
            section = ("file", arg)
        elif current is None:
            raise ValueError(f"{path}: `@@@ {word}` before any case")
        elif word == "base":
            current.files.update(bases[arg])
        elif word == "after-from":  # the expected files after, from a base-def
            current.after.update(bases[arg])
        elif word == "targets":
            current.targets = arg.split()
        elif word == "expect":
            current.expect = arg
        elif word == "task":
            current.task = arg
        elif word in ("file", "answer", "after"):
            section = (word, arg)
        else:
            raise ValueError(f"{path}: unknown marker `@@@ {word}`")
    flush()


def _git(repo: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, input=stdin, capture_output=True, text=True, check=False)


def make_repo(root: Path, case: Case) -> Path:
    repo = root / "repo"
    repo.mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.name", "Corpus")
    _git(repo, "config", "user.email", "corpus@example.com")
    _git(repo, "config", "commit.gpgsign", "false")
    _git(repo, "config", "core.autocrlf", "false")
    for name, text in {"README.md": "# corpus\n", **case.files}.items():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "base")
    return repo


def run_case(case: Case, root: Path, invoke: object) -> Outcome:
    """`invoke(args, env) -> (exit code, stdout)` runs the CLI (in-process or as a subprocess)."""
    repo = make_repo(root, case)
    script = root / "mock.jsonl"
    script.write_text(json.dumps({"role": "builder", "text": case.answer}) + "\n")
    args = ["refactor", case.task, *(x for t in case.targets for x in ("-t", t)), "--mock", str(script),
            "--dry-run", "--json", "--repo", str(repo)]
    env = {"OUROBOROS_PIPELINE__MAX_RETRY_ATTEMPTS": "1"}
    _code, stdout = invoke(args, env)  # type: ignore[operator]
    doc = json.loads(stdout)
    if not doc.get("ok"):
        detail = " | ".join(doc.get("details") or [doc.get("failure", "")])
        return Outcome(case, "refused", detail[:400])
    if _git(repo, "status", "--porcelain").stdout.strip():
        return Outcome(case, "wrong", "a dry run changed the work tree")
    applied = _git(repo, "apply", "--whitespace=nowarn", "-", stdin=doc["diff"])
    if applied.returncode != 0:
        return Outcome(case, "wrong", f"git apply failed: {applied.stderr.strip()}")
    if case.expect == "refuse":
        return Outcome(case, "wrong", "applied an answer that must be refused:\n" + doc["diff"][:600])
    expected = {**case.files, **case.after}
    for name, text in expected.items():
        path = repo / name
        have = path.read_bytes().decode("utf-8") if path.exists() else None
        if have != text:
            return Outcome(case, "wrong", f"{name} differs from the expected text:\n{doc['diff'][:800]}")
    changed = _git(repo, "status", "--porcelain", "-z", "--untracked-files=all").stdout.split("\0")
    extra = [x[3:] for x in changed if x.strip() and x[3:] not in expected]
    if extra:
        return Outcome(case, "wrong", f"unexpected files: {extra}")
    return Outcome(case, "landed")


def subprocess_invoke(binary: str) -> object:
    def invoke(args: list[str], env: dict[str, str]) -> tuple[int, str]:
        proc = subprocess.run([binary, *args], capture_output=True, text=True, env={**os.environ, **env},
                              timeout=120)
        return proc.returncode, proc.stdout
    return invoke
