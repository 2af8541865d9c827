"""Break real files one token at a time and compare the gate with the language's own judge:
CPython's compile() for Python (always), `node --check` for JavaScript (when node is installed)."""

from __future__ import annotations

import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from ouroboros_tui.gate import SyntaxValidator
from ouroboros_tui.gate.languages import get_parser
from tests.gate.mutants import js_mutants, python_mutants


def compiles(code: str, name: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(code, name, "exec", dont_inherit=True)
    except SyntaxError:
        return False
    return True


# Slow tier: a corpus sweep against compile(); the unit tests of the same code stay in the fast tier.
@pytest.mark.slow
def test_python_gate_agrees_with_compile_on_every_mutant() -> None:
    validator = SyntaxValidator()
    parser = get_parser("python")
    disagreements: list[str] = []
    tree_sitter_false_accepts = rejected = 0
    for name, code, how in python_mutants(300):
        expected = compiles(code, name)
        result = validator.validate(code, path=name)
        if result.is_valid != expected:
            disagreements.append(f"{name}: {how}: gate={result.is_valid} compile={expected}")
        if not expected:
            rejected += 1
            assert result.errors and result.error_summary  # a rejected file always says why
            tree_sitter_false_accepts += not parser.parse(code.encode()).root_node.has_error
    assert disagreements == []
    # The corpus must contain the cases the gate exists for: broken files tree-sitter alone passes.
    assert rejected > 200 and tree_sitter_false_accepts >= 5


@pytest.mark.slow
@pytest.mark.node
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_javascript_gate_with_node_check_never_passes_what_node_rejects(tmp_path: Path) -> None:
    validator = SyntaxValidator(node_check=True)
    parser = get_parser("javascript")
    file = tmp_path / "mutant.js"
    false_accepts: list[str] = []
    false_rejects: list[str] = []
    tree_sitter_false_accepts = rejected = 0
    for code, how in js_mutants(120):
        file.write_text(code, encoding="utf-8")
        node_ok = subprocess.run(["node", "--check", str(file)], capture_output=True).returncode == 0
        result = validator.validate(code, path="mutant.js")
        if result.is_valid != node_ok:
            # node 20's `--check` (module-syntax detection) accepts some files that neither of its own
            # parsers reads, e.g. `remove(export, q)` in a method: it passes the check and fails to
            # run. Node's verdict is then what its CommonJS or its ES-module parser says.
            node_ok = any(subprocess.run(["node", "--check", f"--input-type={mode}"], input=code.encode(),
                                         capture_output=True).returncode == 0 for mode in ("commonjs", "module"))
        if result.is_valid and not node_ok:
            false_accepts.append(how)
        if node_ok and not result.is_valid:
            false_rejects.append(how)
        if not node_ok:
            rejected += 1
            tree_sitter_false_accepts += not parser.parse(code.encode()).root_node.has_error
    assert false_accepts == [] and false_rejects == []  # node's parser decides, both ways
    assert rejected > 60 and tree_sitter_false_accepts >= 1


@pytest.mark.node
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_node_check_catches_early_errors_tree_sitter_cannot_see() -> None:
    code = "let total = 1;\nfunction f() {}\nlet total = 2;\n"
    assert SyntaxValidator(node_check=False).validate(code, language="javascript").is_valid  # tree-sitter alone
    assert not SyntaxValidator().validate(code, language="javascript").is_valid  # node decides by default
    result = SyntaxValidator(node_check=True).validate(code, path="a.js")
    assert not result.is_valid and result.checker == "tree-sitter-javascript+node-check"
    error = result.errors[0]
    assert (error.line, error.column, error.source) == (3, 5, "node")
    assert "already been declared" in error.message
    # ES modules are checked as modules (node 20 silently skips `import` in a .js file).
    module = 'import fs from "fs";\nconst a = 1;\nconst a = 2;\n'
    assert not SyntaxValidator(node_check=True).validate(module, path="m.js").is_valid
    # JSX is beyond node, and TypeScript without a `typescript` package: tree-sitter's verdict
    # stands and the label says so.
    jsx = SyntaxValidator(node_check=True).validate("const a = <div>{x}</div>;\n", path="a.jsx")
    assert jsx.is_valid and jsx.checker == "tree-sitter-javascript"
    ts = SyntaxValidator(node_check=True).validate("let a: number = 1;\n", path="a.ts")
    assert ts.is_valid and ts.checker == "tree-sitter-typescript"
