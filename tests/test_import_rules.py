"""The two import rules of ARCHITECTURE.md, checked the way a user would feel them: importing a
module in a fresh interpreter must not drag in textual (domain code) or torch (anything, since
models/ imports it lazily, and the TUI must paint before it loads)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ouroboros_tui"
SUITES = PACKAGE / "bench" / "suites"
HEAVY = ("torch", "transformers")


def _modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "__main__.py":  # runs the CLI when imported
            continue
        if SUITES in path.parents:  # the bench's task repositories: package data, not modules
            continue
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


PROBE = (
    "import importlib, json, sys; importlib.import_module(sys.argv[1]); "
    "print(json.dumps([m for m in ('textual', 'torch', 'transformers') if m in sys.modules]))"
)


def _probe(name: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, name], capture_output=True, text=True)
    return json.loads(out.stdout) if out.returncode == 0 else ["IMPORT-ERROR: " + out.stderr[-400:]]


def _loaded_after_import(modules: list[str]) -> dict[str, list[str]]:
    """Import each module in its own fresh interpreter; report which watched packages it loaded."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(modules, pool.map(_probe, modules), strict=True))


@pytest.fixture(scope="module")
def loaded() -> dict[str, list[str]]:
    return _loaded_after_import(_modules())


def test_every_module_imports(loaded: dict[str, list[str]]) -> None:
    broken = {name: mods for name, mods in loaded.items() if any(m.startswith("IMPORT-ERROR") for m in mods)}
    assert not broken


def test_domain_modules_never_import_textual(loaded: dict[str, list[str]]) -> None:
    offenders = [
        name for name, mods in loaded.items()
        if not name.startswith("ouroboros_tui.tui") and name != "ouroboros_tui.cli_commands.tui_cmd"
        and "textual" in mods
    ]
    assert offenders == []


def test_no_module_imports_torch_or_transformers_at_import_time(loaded: dict[str, list[str]]) -> None:
    offenders = {name: mods for name, mods in loaded.items() if set(mods) & set(HEAVY)}
    assert offenders == {}


def test_tui_app_pulls_no_torch(loaded: dict[str, list[str]]) -> None:
    if "ouroboros_tui.tui.app" not in loaded:
        pytest.skip("the TUI is not built yet")
    assert "torch" not in loaded["ouroboros_tui.tui.app"]
    assert "textual" in loaded["ouroboros_tui.tui.app"]


def test_only_models_package_mentions_torch_or_transformers_imports() -> None:
    """Static check: an `import torch` anywhere outside models/ is a violation even if lazy."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "models" in path.relative_to(PACKAGE).parts[:1]:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in HEAVY for n in names):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []
