"""The package's public surface: every exported name resolves, lazily, and the seed's gate API holds."""

from __future__ import annotations

import subprocess
import sys

import pytest

import ouroboros_tui


def test_every_exported_name_resolves() -> None:
    for name in ouroboros_tui.__all__:
        assert getattr(ouroboros_tui, name) is not None, name
    assert set(ouroboros_tui.__all__) <= set(dir(ouroboros_tui))


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        ouroboros_tui.NoSuchThing  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "NoSuchThing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


@pytest.mark.slow  # a runtime import probe: a fresh interpreter (docs/testing.md)
def test_importing_the_package_and_the_gate_loads_no_model_or_ui_code() -> None:
    code = ("import sys, ouroboros_tui as o; o.SyntaxValidator().validate('x = 1', language='python'); "
            "print(sorted(m for m in ('torch', 'transformers', 'textual', 'typer') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_seed_gate_api() -> None:
    result = ouroboros_tui.SyntaxValidator().validate("def f(:\n  pass\n", language="python")
    assert not result.is_valid and result.errors[0].line == 1 and result.error_summary.startswith("1 syntax error: 1:")
