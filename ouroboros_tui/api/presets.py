"""The preset constants of the scripting API: the same presets as `--config fast|balanced|quality`.

A constant names a preset; the settings are read when a Reasoner or Builder is made, with the usual
layering on top (user file, ./ouroboros.toml, OUROBOROS_* variables), so a script can point a role at
a local checkpoint, a remote engine or the scripted backend without changing code.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ouroboros_tui.config import Settings, deep_merge, load_settings
from ouroboros_tui.errors import UsageError


class NotARepositoryError(UsageError):
    """The folder given (or the current one) is not inside a git work tree."""

    exit_code = 2


@dataclass(frozen=True)
class PresetConfig:
    """A preset by name; `settings(repo)` merges it under the user's files and environment."""

    name: str

    def settings(self, repo: Path, overrides: dict[str, Any] | None = None) -> Settings:
        flags = deep_merge({"pipeline": {"preset": self.name}}, overrides or {})
        return load_settings(repo, flags)


FAST_CONFIG = PresetConfig("fast")
BALANCED_CONFIG = PresetConfig("balanced")
QUALITY_CONFIG = PresetConfig("quality")

Config = PresetConfig | str | Settings | None


def resolve_settings(config: Config, repo: Path, overrides: dict[str, Any] | None = None) -> Settings:
    """A preset constant, a preset name, ready Settings, or None (whatever the files configure)."""
    if isinstance(config, Settings):
        return config
    if isinstance(config, str):
        config = PresetConfig(config)
    if config is None:
        return load_settings(repo, overrides or None)
    return config.settings(repo, overrides)


def find_repo(repo: str | Path | None) -> Path:
    """The top of the git work tree around `repo` (default: the current directory)."""
    start = Path(repo) if repo is not None else Path.cwd()
    if not start.is_dir():
        raise NotARepositoryError(f"{start} is not a directory.")
    proc = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=start, capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0 or not proc.stdout.strip():
        raise NotARepositoryError(f"{start.resolve()} is not inside a git repository; run `git init` first.")
    return Path(proc.stdout.strip()).resolve()


def relative_targets(root: Path, targets: list[str] | list[Path] | list[str | Path]) -> list[str]:
    """Targets as the pipeline takes them: relative paths are read from the repository root; an
    absolute path inside it is made relative; anything else is passed on as given, so the pipeline
    refuses it (a path outside the repository) with the CLI's message."""
    out: list[str] = []
    for target in targets:
        path = Path(target)
        if path.is_absolute():
            full = path.resolve()
            out.append(full.relative_to(root).as_posix() if root in full.parents else str(target))
        else:
            out.append(path.as_posix())
    return out
