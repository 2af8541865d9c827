"""The house's import rules (docs/architecture.md) are import-linter contracts in pyproject.toml.

Here: the real package keeps every contract, a deliberately wrong import in a copy of the package is
caught and named, and every module still imports. The few things a static check cannot see (what a
real start loads at run time) are the runtime probes in test_import_probes.py.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ouroboros_tui"
LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")

LAYERS = "Layers: each package imports only the layers below it"
TEXTUAL_ONLY_IN_TUI = "Only tui/ imports textual (domain code has no UI)"
TORCH_ONLY_IN_MODELS = "Only models/ imports torch and transformers"


def _contract_names() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [c["name"] for c in config["tool"]["importlinter"]["contracts"]]


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real `lint-imports` command, as the test command runs it, on the package found in `cwd`."""
    return subprocess.run([LINT_IMPORTS, "--no-cache", "--no-logo"], cwd=cwd, capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)  # fmt: skip


def _verdicts(output: str, names: list[str]) -> dict[str, str]:
    """Contract name → KEPT / BROKEN, read from lint-imports' summary lines."""
    verdicts = {}
    for line in output.splitlines():
        for name in names:
            if line.startswith(name + " ") and line.split()[-1] in ("KEPT", "BROKEN"):
                verdicts[name] = line.split()[-1]
    return verdicts


def test_the_contracts_are_the_ones_the_docs_describe() -> None:
    assert set(_contract_names()) >= {LAYERS, TEXTUAL_ONLY_IN_TUI, TORCH_ONLY_IN_MODELS}


def test_the_package_keeps_every_contract() -> None:
    proc = _lint_imports(ROOT)
    names = _contract_names()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _verdicts(proc.stdout, names) == dict.fromkeys(names, "KEPT")


# (module to edit, line appended to it, the contract it breaks, text the report must show)
WRONG_IMPORTS = {
    "textual in gate/": ("gate/results.py", "import textual\n", TEXTUAL_ONLY_IN_TUI,
                         "ouroboros_tui.gate.results -> textual"),
    "the TUI from vcs/": ("vcs/git.py", "from ouroboros_tui.tui import app\n", LAYERS,
                          "ouroboros_tui.vcs.git -> ouroboros_tui.tui.app"),
    "the pipeline from patch/": ("patch/hunks.py", "from ouroboros_tui.pipeline import run\n", LAYERS,
                                 "ouroboros_tui.patch.hunks -> ouroboros_tui.pipeline.run"),
    # Lazy (inside a function) is still a violation: only models/ may import torch at all.
    "a lazy torch in pipeline/": ("pipeline/prompts.py", "def _sneaky():\n    import torch\n    return torch\n",
                                  TORCH_ONLY_IN_MODELS, "ouroboros_tui.pipeline.prompts -> torch"),
}  # fmt: skip


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pristine copy of the package and the project's contracts, copied once per module."""
    base = tmp_path_factory.mktemp("pristine")
    shutil.copytree(PACKAGE, base / "ouroboros_tui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", base / "pyproject.toml")
    return base


@pytest.mark.parametrize("case", list(WRONG_IMPORTS))
def test_a_wrong_import_breaks_the_contract_that_forbids_it(case: str, package_copy: Path, tmp_path: Path) -> None:
    module, line, contract, shown = WRONG_IMPORTS[case]
    work = tmp_path / "project"
    shutil.copytree(package_copy, work)
    target = work / "ouroboros_tui" / module
    assert target.is_file(), f"{module} moved: pick another module for this case"
    target.write_text(target.read_text(encoding="utf-8") + "\n" + line, encoding="utf-8")

    proc = _lint_imports(work)
    names = _contract_names()
    assert proc.returncode == 1, proc.stdout + proc.stderr
    verdicts = _verdicts(proc.stdout, names)
    assert verdicts[contract] == "BROKEN", proc.stdout
    assert shown in proc.stdout
    # The other house rules still hold (a tui/-internal rule may break too: vcs/ now reaches the app
    # from under the screens).
    others = {LAYERS, TEXTUAL_ONLY_IN_TUI, TORCH_ONLY_IN_MODELS} - {contract}
    assert {name: verdicts[name] for name in others} == dict.fromkeys(others, "KEPT"), proc.stdout


def _module_names() -> list[str]:
    names = []
    suites = PACKAGE / "bench" / "suites"  # the bench's task repositories: data, not package modules
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "__main__.py" or suites in path.parents:  # __main__ runs the CLI when imported
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def test_every_module_imports() -> None:
    # lint-imports reads the source; a module that fails at import (a name moved away, a cycle)
    # would still pass it. In-process: most are loaded by the suite already.
    broken = {}
    for name in _module_names():
        try:
            importlib.import_module(name)
        except Exception as exc:
            broken[name] = repr(exc)
    assert broken == {}
