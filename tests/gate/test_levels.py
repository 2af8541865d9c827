"""The static gate levels in-process: real ruff, detect-secrets and tree-sitter on small texts."""

from __future__ import annotations

from ouroboros_tui.gate.findings import parse_levels, safety_line
from ouroboros_tui.gate.js_checks import js_findings
from ouroboros_tui.gate.levels import check_static, failure_report
from ouroboros_tui.gate.secrets import secret_findings

BEFORE = "import os\n\n\ndef size(path):\n    return os.path.getsize(path)\n"


def rules(result: object) -> list[str]:
    return [f.rule for f in result.findings]  # type: ignore[attr-defined]


def test_semantic_blocks_an_undefined_name_and_an_import_left_unused() -> None:
    after = "import os\n\n\ndef size(path):\n    return getsize(path)\n"
    result = check_static({"m.py": (BEFORE, after)}, ["semantic"])["semantic"]
    assert result.status == "fail" and sorted(rules(result)) == ["F401", "F821"]
    report = failure_report(result, {"m.py": (BEFORE, after)})
    assert "m.py: the change introduces semantic problems" in report
    assert "line 5, column 12: F821 Undefined name `getsize`" in report
    assert ">    5 |     return getsize(path)" in report


def test_an_old_finding_moved_by_the_change_does_not_block() -> None:
    before = "import os\nimport sys\n\nvalue = missing\n"
    after = "# header\nimport os\nimport sys\n\n\nvalue = missing\n"
    result = check_static({"m.py": (before, after)}, ["semantic"])["semantic"]
    assert result.status == "pass" and result.preexisting == 3 and not result.findings


def test_a_second_copy_of_an_old_finding_is_new() -> None:
    before = "value = missing\n"
    after = "value = missing\nvalue = missing\n"
    result = check_static({"m.py": (before, after)}, ["semantic"])["semantic"]
    assert result.status == "fail" and result.preexisting == 1 and len(result.findings) == 1


def test_unused_local_is_a_warning_not_a_failure() -> None:
    after = BEFORE + "\n\ndef f():\n    unused = 1\n    return 2\n"
    result = check_static({"m.py": (BEFORE, after)}, ["semantic"])["semantic"]
    assert result.status == "pass" and [w.rule for w in result.warnings] == ["F841"]


def test_security_blocks_shell_with_a_variable_but_not_a_literal_command() -> None:
    variable = "import subprocess\n\n\ndef run(cmd):\n    subprocess.run(cmd, shell=True)\n"
    literal = "import subprocess\n\n\ndef run():\n    subprocess.run('ls -l', shell=True)\n"
    bad = check_static({"m.py": (None, variable)}, ["security"])["security"]
    ok = check_static({"m.py": (None, literal)}, ["security"])["security"]
    assert rules(bad) == ["S602"]
    assert ok.status == "pass" and [w.rule for w in ok.warnings] == ["S602"]


def test_asserts_in_tests_are_not_security_findings() -> None:
    result = check_static({"tests/test_m.py": (None, "def test_x():\n    assert 1 + 1 == 2\n")}, ["security"])
    assert result["security"].status == "pass" and not result["security"].warnings


def test_secrets_only_in_added_lines_and_masked() -> None:
    key = 'AWS = "AKIAIOSFODNN7EXAMPLE"\n'
    found = secret_findings("settings.py", "x = 1\n", "x = 1\n" + key)
    assert [f.rule for f in found] == ["secret:AWS Access Key"] and found[0].line == 2
    assert "AKIAIOSFODNN7EXAMPLE" not in found[0].line_text
    assert secret_findings("settings.py", key, "# moved\n" + key) == []  # already there: not new


def test_one_finding_per_line_with_the_whole_token_masked() -> None:
    token = "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"
    found = secret_findings("config.py", None, f'TOKEN = "{token}"\n')
    assert [(f.rule, f.line_text) for f in found] == [("secret:GitHub Token", 'TOKEN = "ghp_…"')]


def test_a_private_key_in_a_non_code_file_blocks() -> None:
    text = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n"
    result = check_static({"deploy/id_rsa.txt": (None, text)}, ["security"])["security"]
    assert result.status == "fail" and rules(result) == ["secret:Private Key"]


def test_javascript_undefined_names_and_duplicates() -> None:
    code = ("import { a } from './a.js';\nconst b = (x) => x + a + c;\nlet b = 2;\nfunction f({p, q: r}, ...rest) {\n"
            "  try { return p + r + rest.length + window.innerWidth; } catch (e) { return e; }\n}\n"
            "if (typeof maybe === 'undefined') { console.log(f); }\n")
    found = {(f.rule, f.symbol) for f in js_findings("m.js", code)}
    assert found == {("js-undefined-name", "c"), ("js-duplicate-declaration", "b")}


def test_typescript_types_and_class_names_are_not_undefined() -> None:
    code = ("interface Shape { area(): number }\nclass Square implements Shape {\n  constructor(private s: number) {}\n"
            "  area(): number { return this.s * this.s; }\n}\nexport const unit: Shape = new Square(1);\n"
            "enum Color { Red }\nexport const red = Color.Red;\n")
    assert js_findings("shape.ts", code) == []


def test_javascript_security_sinks() -> None:
    code = ("const cp = require('child_process');\nel.innerHTML = user;\nel.innerHTML = '<b>ok</b>';\n"
            "cp.exec(`ls ${dir}`);\ncp.exec('ls');\neval(text);\nnew Function('a', body);\n"
            "document.write(html);\ndocument.write('<p>');\n/x/.exec(s);\n")
    found = sorted((f.line, f.rule) for f in js_findings("m.js", code, ("security",)))
    assert found == [(2, "js-inner-html"), (4, "js-exec-interpolation"), (6, "js-eval"), (7, "js-new-function"),
                     (8, "js-document-write")]


def test_levels_for_a_file_nothing_checks_are_skipped() -> None:
    results = check_static({"notes.md": (None, "# hi\n")}, ["semantic", "security"])
    assert results["semantic"].status == "skip" and results["security"].status == "pass"


def test_trailer_words_and_level_parsing() -> None:
    results = check_static({"m.py": (None, "x = 1\n")}, ["syntax", "semantic", "security"])
    assert safety_line(results) == "syntax=pass semantic=pass security=pass"
    assert parse_levels("tests, Syntax") == ["syntax", "tests"]
