"""Propose a test command for `ouroboros config init`: pytest, npm or go tests found in the repo.

No `-x`: a test that already fails on HEAD would stop the run before the tests a change breaks.
Only files are read (nothing runs): pytest when pytest is configured (pytest.ini, [tool.pytest…] in
pyproject.toml, [tool:pytest] in setup.cfg, tox.ini) or a tests folder holds test_*.py / *_test.py;
`npm test` when package.json has a real `test` script (not npm init's placeholder); `go test ./...`
when go.mod exists next to *_test.go files.
"""

from __future__ import annotations

import json
from pathlib import Path

_NPM_PLACEHOLDER = 'echo "Error: no test specified" && exit 1'


def _pytest(root: Path) -> bool:
    if (root / "pytest.ini").is_file() or (root / "conftest.py").is_file():
        return True
    for name, marker in (("pyproject.toml", "[tool.pytest"), ("setup.cfg", "[tool:pytest]"), ("tox.ini", "[pytest]")):
        path = root / name
        if path.is_file() and marker in path.read_text(encoding="utf-8", errors="replace"):
            return True
    for folder in ("tests", "test"):
        base = root / folder
        if base.is_dir() and (any(base.rglob("test_*.py")) or any(base.rglob("*_test.py"))):
            return True
    return False


def _npm(root: Path) -> bool:
    path = root / "package.json"
    if not path.is_file():
        return False
    try:
        scripts = json.loads(path.read_text(encoding="utf-8")).get("scripts") or {}
    except (ValueError, AttributeError):
        return False
    test = scripts.get("test") if isinstance(scripts, dict) else None
    return isinstance(test, str) and bool(test.strip()) and test.strip() != _NPM_PLACEHOLDER


def _go(root: Path) -> bool:
    return (root / "go.mod").is_file() and any(root.rglob("*_test.go"))


def propose_test_command(root: Path) -> tuple[str, str] | None:
    """(command, why) for the first test setup found, or None."""
    if _pytest(root):
        return "python -m pytest -q", "pytest tests found"
    if _npm(root):
        return "npm test --silent", "package.json has a test script"
    if _go(root):
        return "go test ./...", "go.mod and *_test.go files found"
    return None
