"""Ouroboros: plan, write, gate and commit code changes with an in-process language model.

The public API (docs/api.md) is exported here lazily (PEP 562): `import ouroboros_tui` loads nothing
else, so the CLI's `--help` and the TUI's first frame stay fast, and torch loads only when a model does.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name → module that defines it
_EXPORTS: dict[str, str] = {
    # the seed's API (docs/api.md)
    "SyntaxValidator": "ouroboros_tui.gate.validator",
    "ValidationResult": "ouroboros_tui.gate.results",
    "Reasoner": "ouroboros_tui.api.generate",
    "Builder": "ouroboros_tui.api.generate",
    "Plan": "ouroboros_tui.api.generate",
    "GeneratedPatch": "ouroboros_tui.api.generate",
    "ProvenanceLogger": "ouroboros_tui.api.provenance",
    "FAST_CONFIG": "ouroboros_tui.api.presets",
    "BALANCED_CONFIG": "ouroboros_tui.api.presets",
    "QUALITY_CONFIG": "ouroboros_tui.api.presets",
    "PresetConfig": "ouroboros_tui.api.presets",
    # the pipeline and the run's life
    "Pipeline": "ouroboros_tui.pipeline.run",
    "Settings": "ouroboros_tui.config",
    "load_settings": "ouroboros_tui.config",
    "RunRecord": "ouroboros_tui.runs.record",
    "load_record": "ouroboros_tui.runs.persist",
    "apply_run": "ouroboros_tui.apply.apply_run",
    "ApplyResult": "ouroboros_tui.apply.apply_run",
    "undo_run": "ouroboros_tui.apply.undo",
    "verify_commit": "ouroboros_tui.apply.undo",
    "RunStore": "ouroboros_tui.provenance.store",
    # errors: every one a user can meet derives from OuroborosError
    "OuroborosError": "ouroboros_tui.errors",
    "ConfigError": "ouroboros_tui.config",
    "ApplyError": "ouroboros_tui.apply.errors",
    "ApplyRefused": "ouroboros_tui.apply.errors",
    "RunFailedError": "ouroboros_tui.api.generate",
    "UsageError": "ouroboros_tui.api.generate",
    "NotARepositoryError": "ouroboros_tui.api.presets",
    # the events a run emits (Pipeline.run yields them; Reasoner/Builder pass them to on_event)
    "events": "ouroboros_tui.runs.events",
}

__all__ = [
    "BALANCED_CONFIG",
    "FAST_CONFIG",
    "QUALITY_CONFIG",
    "ApplyError",
    "ApplyRefused",
    "ApplyResult",
    "Builder",
    "ConfigError",
    "GeneratedPatch",
    "NotARepositoryError",
    "OuroborosError",
    "Pipeline",
    "Plan",
    "PresetConfig",
    "ProvenanceLogger",
    "Reasoner",
    "RunFailedError",
    "RunRecord",
    "RunStore",
    "Settings",
    "SyntaxValidator",
    "UsageError",
    "ValidationResult",
    "apply_run",
    "events",
    "load_record",
    "load_settings",
    "undo_run",
    "verify_commit",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ouroboros_tui' has no attribute {name!r}")
    loaded = importlib.import_module(module)
    value = loaded if name == "events" else getattr(loaded, name)
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


if TYPE_CHECKING:
    from ouroboros_tui.api.generate import Builder, GeneratedPatch, Plan, Reasoner, RunFailedError, UsageError
    from ouroboros_tui.api.presets import (
        BALANCED_CONFIG,
        FAST_CONFIG,
        QUALITY_CONFIG,
        NotARepositoryError,
        PresetConfig,
    )
    from ouroboros_tui.api.provenance import ProvenanceLogger
    from ouroboros_tui.apply.apply_run import ApplyResult, apply_run
    from ouroboros_tui.apply.errors import ApplyError, ApplyRefused
    from ouroboros_tui.apply.undo import undo_run, verify_commit
    from ouroboros_tui.config import ConfigError, Settings, load_settings
    from ouroboros_tui.errors import OuroborosError
    from ouroboros_tui.gate.results import ValidationResult
    from ouroboros_tui.gate.validator import SyntaxValidator
    from ouroboros_tui.pipeline.run import Pipeline
    from ouroboros_tui.provenance.store import RunStore
    from ouroboros_tui.runs import events
    from ouroboros_tui.runs.persist import load_record
    from ouroboros_tui.runs.record import RunRecord
