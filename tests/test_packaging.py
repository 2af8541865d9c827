"""What a wheel install (not the editable one the tests use) would miss."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUITES = ROOT / "ouroboros_tui" / "bench" / "suites"


def test_every_package_folder_has_an_init_so_a_wheel_ships_it() -> None:
    # setuptools' packages.find skips folders without __init__.py: the editable install still
    # imports them, a wheel silently drops them.
    missing = [
        str(folder.relative_to(ROOT))
        for folder in sorted((ROOT / "ouroboros_tui").rglob("*"))
        if folder.is_dir() and folder.name != "__pycache__" and any(folder.glob("*.py"))
        and not (folder / "__init__.py").exists()
        and SUITES not in folder.parents  # the bench's task repositories are package data, not code
    ]
    assert missing == []


def test_packaged_data_globs_match_the_files_the_app_reads() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    package_globs = config["package-data"]["ouroboros_tui"]
    assert any((ROOT / "ouroboros_tui").glob("tui/*.tcss"))
    assert all(any((ROOT / "ouroboros_tui").glob(g)) for g in package_globs)
    theme_globs = config["data-files"]["share/ouroboros-tui/themes"]
    shipped = {p.name for g in theme_globs for p in ROOT.glob(g)}
    assert {"dark.toml", "light.toml", "high-contrast.toml"} <= shipped
