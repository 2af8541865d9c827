"""`ouroboros demo`: a throwaway git repository with a small Python project and a scripted model
whose first answer breaks the syntax (the gate catches it, the errors go back) and whose second
is valid, so a new user sees the whole loop, self-healing retry included, without weights."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

DEMO_TASK = "Add type hints and docstrings to calc.py, and make mean() refuse an empty list."
DEMO_TARGET = "calc.py"

CALC = '''\
"""Small numeric helpers."""


def add(a, b):
    return a + b


def mean(values):
    return sum(values) / len(values)


def clamp(value, low, high):
    if value < low:
        return low
    if value > high:
        return high
    return value
'''

MAIN = '''\
from calc import add, clamp, mean

if __name__ == "__main__":
    print(add(2, 3), mean([1, 2, 3]), clamp(12, 0, 10))
'''

_BLOCK = "calc.py\n<<<<<<< SEARCH\n{search}=======\n{replace}>>>>>>> REPLACE\n"

# Attempt 1: a missing colon after the signature, which the gate rejects.
BROKEN = _BLOCK.format(
    search="def add(a, b):\n    return a + b\n",
    replace='def add(a: float, b: float) -> float\n    """Return a + b."""\n    return a + b\n',
)

# Attempt 2: three separate changes, so the review has several hunks to accept or reject.
FIXED = "\n".join(
    [
        _BLOCK.format(
            search="def add(a, b):\n    return a + b\n",
            replace='def add(a: float, b: float) -> float:\n    """Return a + b."""\n    return a + b\n',
        ),
        _BLOCK.format(
            search="def mean(values):\n    return sum(values) / len(values)\n",
            replace=(
                "def mean(values: list[float]) -> float:\n"
                '    """The arithmetic mean; an empty list is an error, not a ZeroDivisionError."""\n'
                "    if not values:\n"
                '        raise ValueError("mean() of an empty list")\n'
                "    return sum(values) / len(values)\n"
            ),
        ),
        _BLOCK.format(
            search="def clamp(value, low, high):\n",
            replace=(
                "def clamp(value: float, low: float, high: float) -> float:\n"
                '    """Limit value to the range [low, high]."""\n'
            ),
        ),
    ]
)

PLAN = (
    "1. calc.py: add(): type hints and a docstring.\n"
    "2. calc.py: mean(): type hints, docstring, raise ValueError on an empty list.\n"
    "3. calc.py: clamp(): type hints and a docstring."
)


def script_lines() -> list[dict[str, str]]:
    return [
        {"role": "reasoner", "text": PLAN},
        {"role": "builder", "text": BROKEN},
        {"role": "builder", "text": FIXED},
    ]


def write_script(path: Path) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in script_lines()), encoding="utf-8")
    return path


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def make_demo_repo(root: Path) -> tuple[Path, Path]:
    """Create root/demo-project (a git repo, one commit) and root/demo-script.jsonl."""
    repo = root / "demo-project"
    repo.mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.name", "Ouroboros Demo")
    _git(repo, "config", "user.email", "demo@ouroboros.invalid")
    _git(repo, "config", "commit.gpgsign", "false")
    (repo / "calc.py").write_text(CALC, encoding="utf-8")
    (repo / "main.py").write_text(MAIN, encoding="utf-8")
    (repo / "README.md").write_text("# demo project\n\nA throwaway repository for `ouroboros demo`.\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "Demo project")
    script = write_script(root / "demo-script.jsonl")
    return repo, script
