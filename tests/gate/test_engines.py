"""The languages' own parsers decide where they are present: valid files of real trees that
tree-sitter's grammars reject are accepted, and what the language rejects is still rejected."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ouroboros_tui.gate import node_check
from ouroboros_tui.gate.validator import SyntaxValidator

needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")

# npm's lib/base-cmd.js: an array literal spread on the line after an arrow function's body (no
# semicolon: an arrow function cannot be indexed, so the line starts a new statement).
SPREAD_AFTER_BRACE = (
    "function warn(force, warnings, errors, log) {\n  const message = (w, i) => {\n    return `${i}: ${w}`\n  }\n\n"
    "  [...warnings, ...(force ? errors : [])].forEach((w, i) => log(message(w, i)))\n}\nmodule.exports = warn\n"
)


@needs_node
def test_javascript_that_node_accepts_passes_even_where_tree_sitter_stumbles() -> None:
    assert not SyntaxValidator(node_check=False).validate(SPREAD_AFTER_BRACE, path="base-cmd.js").is_valid
    result = SyntaxValidator().validate(SPREAD_AFTER_BRACE, path="base-cmd.js")
    assert result.is_valid and result.checker == "tree-sitter-javascript+node-check"


@needs_node
def test_npms_own_files_pass() -> None:
    lib = Path(shutil.which("node") or "").resolve().parent.parent / "lib" / "node_modules" / "npm" / "lib"
    files = sorted(lib.rglob("*.js"))[:200] if lib.is_dir() else []
    if not files:
        pytest.skip("npm's sources are not installed next to node")
    validator = SyntaxValidator()
    rejected = [str(f) for f in files if not validator.validate(f.read_bytes(), path=str(f)).is_valid]
    assert rejected == []


@needs_node
def test_javascript_errors_are_still_rejected_with_nodes_position() -> None:
    result = SyntaxValidator().validate("const a = 1;\nconst b = ;\n", path="a.js")
    assert not result.is_valid and result.errors[0].line == 2
    module = SyntaxValidator().validate("export const a = 1;\nexport const a = 2;\n", path="m.mjs")
    assert not module.is_valid and module.errors[0].line == 2  # a module's error is located too


@needs_bash
def test_shell_that_bash_accepts_passes() -> None:
    script = "#!/bin/sh\nfor file do\n  echo \"$file\"\ndone\n"  # /usr/bin/ldd does this
    result = SyntaxValidator().validate(script, path="s.sh")
    assert result.is_valid and result.checker == "tree-sitter-bash+bash-n"
    broken = SyntaxValidator().validate("if true; then\n  echo yes\n", path="s.sh")
    assert not broken.is_valid and broken.checker == "tree-sitter-bash+bash-n"
    bad_token = SyntaxValidator().validate("echo a\nfi\necho b\n", path="t.sh")
    assert not bad_token.is_valid and bad_token.errors[0].line == 2


@needs_node
def test_typescript_is_judged_by_typescript_where_the_package_is_present(tmp_path: Path) -> None:
    module = node_check.typescript_module(str(tmp_path / "a.d.ts"), shutil.which("node") or "node")
    if module is None:
        pytest.skip("no `typescript` package on this machine; tree-sitter decides alone")
    declaration = "export declare type Variance<in out T> = T;\nexport declare class C { get size(): number; }\n"
    result = SyntaxValidator().validate(declaration, path=str(tmp_path / "a.d.ts"))
    assert result.is_valid and result.checker == "tree-sitter-typescript+typescript"
    assert not SyntaxValidator().validate("let x: number = ;\n", path=str(tmp_path / "b.ts")).is_valid


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_es_module_syntax_in_a_js_file_is_judged_as_node_runs_it(tmp_path: Path) -> None:
    import subprocess

    code = "import fs from 'node:fs';\nexport const size = (p) => fs.statSync(p).size;\n"
    (tmp_path / "mod.js").write_text(code)
    node_ok = subprocess.run(["node", "--check", str(tmp_path / "mod.js")], capture_output=True).returncode == 0
    assert SyntaxValidator(node_check=True).validate(code, path="mod.js").is_valid == node_ok
    # Broken either way: still rejected.
    assert not SyntaxValidator(node_check=True).validate("export const = 1;\n", path="mod.js").is_valid
