"""`ouroboros demo`: a throwaway git repository with a small Python project and a scripted model
whose first answer breaks the syntax (the gate catches it, the errors go back) and whose second
is valid, so a new user sees the whole loop, self-healing retry included, without weights."""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ouroboros_tui.config import Settings

DEMO_TASK = "Add type hints and docstrings to calc.py, and make mean() refuse an empty list."
DEMO_TARGET = "calc.py"

CALC = '''\
"""Small numeric helpers."""


def add(a, b):
    return a + b


def subtract(a, b):
    return a - b


def multiply(a, b):
    return a * b


def mean(values):
    return sum(values) / len(values)


def largest(values):
    return max(values)


def smallest(values):
    return min(values)


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

PLAN = json.dumps(
    {
        "steps": [
            {"file": "calc.py", "symbol": "add", "action": "type hints and a docstring"},
            {"file": "calc.py", "symbol": "mean", "action": "type hints, docstring, ValueError on []"},
            {"file": "calc.py", "symbol": "clamp", "action": "type hints and a docstring"},
        ]
    },
    indent=1,
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


class PacedGenerator:
    """A generator played at a readable speed: the scripted backend answers instantly, which
    would make the demo (and a test that cancels mid-step) finish before anyone sees it."""

    def __init__(self, inner: Any, delay_s: float) -> None:
        self.inner = inner
        self.delay_s = delay_s
        self.role: str = inner.role
        self.model_label: str = inner.model_label
        self.backend: str = inner.backend

    def __getattr__(self, name: str) -> Any:  # has_role() and whatever else the pipeline asks
        return getattr(self.inner, name)

    def generate(
        self,
        messages: list[Any],
        on_event: Callable[[Any], None] | None = None,
        cancel: threading.Event | None = None,
        max_new_tokens: int | None = None,
    ) -> Any:
        from ouroboros_tui.models.base import TokenDelta

        waiter = cancel or threading.Event()

        def paced(event: Any) -> None:
            if on_event is not None:
                on_event(event)
            if isinstance(event, TokenDelta):
                waiter.wait(self.delay_s)  # wakes at once on cancel

        return self.inner.generate(messages, paced, cancel, max_new_tokens)


def paced_generators(
    delay_s: float, roles: tuple[str, ...] = ("reasoner", "builder")
) -> Callable[[Settings], dict[str, Any]]:
    """A factory for the app: fresh scripted generators per run, `roles` slowed to `delay_s` a token."""

    def build(settings: Settings) -> dict[str, Any]:
        from ouroboros_tui.models import make_generator

        made = {role: make_generator(config) for role, config in settings.models.items()}
        return {role: PacedGenerator(g, delay_s) if role in roles else g for role, g in made.items()}

    return build
