"""SyntaxValidator: the safety gate. tree-sitter parses every supported language and locates errors;
where the language's own parser is available it decides the verdict, so the gate neither passes
what the language rejects nor blocks what it accepts: Python compile(), JSON json.loads, TOML
tomllib (in process); JavaScript as `node --check` parses it and TypeScript with TypeScript's own
parser (one long-lived node process, node_check.py); shell with `bash -n`. Where none is present,
tree-sitter decides alone."""

from __future__ import annotations

import shutil
import time
from dataclasses import replace
from pathlib import PurePath

from tree_sitter import Tree

from ouroboros_tui.gate import node_check as node
from ouroboros_tui.gate import reference
from ouroboros_tui.gate.baseline import split_new_errors
from ouroboros_tui.gate.incremental import (
    CachedFile,
    Segment,
    TextEdit,
    TreeCache,
    apply_edit,
    compute_edit,
    enclosing_statement,
)
from ouroboros_tui.gate.jsx import JSX_LANGUAGES, jsx_tag_errors
from ouroboros_tui.gate.languages import (
    LANGUAGES,
    checker_label,
    get_parser,
    language_for_path,
    normalize_language,
)
from ouroboros_tui.gate.locate import SourceText, tree_errors
from ouroboros_tui.gate.results import ChangeValidation, SyntaxErrorRecord, ValidationResult

_REFERENCE_CHECKS = {"json.loads": reference.json_error, "tomllib": reference.toml_error}


class SyntaxValidator:
    """`SyntaxValidator().validate(code, language="python")` or `validate(code, path="x.ts")`.
    One instance per thread: the kept trees of validate_incremental are not locked."""

    def __init__(self, node_check: bool = True, cache_size: int = 64) -> None:
        self.node_check = node_check
        self._node = node.node_path() if node_check else None
        self._bash = shutil.which("bash")
        self._trees = TreeCache(cache_size)

    @property
    def node_available(self) -> bool:
        """node_check is on (the default) and `node` is on PATH."""
        return self._node is not None

    # -- public API -------------------------------------------------------------------------------

    def validate(self, code: str | bytes, language: str | None = None,
                 path: str | PurePath | None = None) -> ValidationResult:
        """Check one text. `language` wins over `path`; a path with an unknown extension gives an
        unchecked result (is_valid, checked=False); an unknown language name raises ValueError."""
        lang = self._language(language, path)
        if lang is None:
            return ValidationResult(is_valid=True, language="", checker="none", checked=False)
        return self._validate(code, lang, path, None)

    def validate_incremental(self, path: str | PurePath, code: str | bytes,
                             language: str | None = None) -> ValidationResult:
        """Like validate(), reusing the tree kept from this path's previous check (Tree.edit +
        incremental re-parse). The first call for a path parses from scratch."""
        lang = self._language(language, path)
        if lang is None:
            return ValidationResult(is_valid=True, language="", checker="none", checked=False)
        try:
            return self._validate(code, lang, path, str(path))
        except BaseException:
            self._trees.forget(str(path))  # the kept tree may have been edited already: start afresh
            raise

    def forget(self, path: str | PurePath | None = None) -> None:
        """Drop the kept tree of one path (or of all)."""
        self._trees.forget(None if path is None else str(path))

    def validate_change(self, before: str | bytes | None, after: str | bytes, language: str | None = None,
                        path: str | PurePath | None = None, incremental: bool = False) -> ChangeValidation:
        """Judge `after` against `before`: only errors `before` did not have block the change.
        `before` None (a new file) means every error is new. With `incremental` (needs `path`),
        `after` is re-validated from the tree kept for that path (e.g. after one hunk changed)."""
        if incremental and path is not None:
            result = self.validate_incremental(path, after, language)
        else:
            result = self.validate(after, language, path)
        if result.is_valid or before is None or not result.checked:
            return ChangeValidation(result.is_valid, result, list(result.errors), [])
        old = self.validate(before, language, path)
        if old.is_valid:
            return ChangeValidation(False, result, list(result.errors), [])
        new, pre = split_new_errors(old.errors, result.errors)
        return ChangeValidation(not new, result, new, pre)

    # -- internals --------------------------------------------------------------------------------

    @staticmethod
    def _language(language: str | None, path: str | PurePath | None) -> str | None:
        if language:
            return normalize_language(language)
        if path is None:
            raise ValueError("validate() needs a language or a path")
        return language_for_path(path)

    def _validate(self, code: str | bytes, lang: str, path: str | PurePath | None,
                  cache_key: str | None) -> ValidationResult:
        started = time.perf_counter()
        text, decode_error = _decode(code)
        data = text.encode("utf-8", "surrogatepass")
        src = SourceText(text, data)
        filename = str(path) if path is not None else "<string>"
        parser = get_parser(lang)

        entry = self._trees.get(cache_key) if cache_key else None
        if entry is not None and entry.language != lang:
            entry = None
        edit = compute_edit(entry.data, data) if entry is not None else None
        statement = enclosing_statement(entry, edit) if entry and edit and lang == "python" else None
        # A whole-file compile() runs before the parse: CPython's AST of a big file and tree-sitter's
        # tree are each hundreds of MB, and they need not be alive at once.
        precompiled: reference.ReferenceError_ | None = None
        compile_ms = 0.0
        full_compile = (LANGUAGES[lang].reference == "compile" and entry is None
                        and decode_error is None and "\x00" not in text)
        if full_compile:
            t_compile = time.perf_counter()
            precompiled = reference.compile_error(text, filename)
            compile_ms = (time.perf_counter() - t_compile) * 1000
        t0 = time.perf_counter()
        old_tree: Tree | None = None
        if entry is not None and edit is not None:
            apply_edit(entry.tree, edit)
            old_tree = entry.tree
        if entry is not None and edit is None:
            tree = entry.tree  # same text as last time
        else:
            tree = parser.parse(data, old_tree) if old_tree is not None else parser.parse(data)
        parse_ms = (time.perf_counter() - t0) * 1000

        records, error_nodes = tree_errors(tree, src)
        t1 = time.perf_counter()
        engine: str | None = None
        spec = LANGUAGES[lang]
        compiled_ok = fast = False
        scope = "file" if spec.reference else ""
        if decode_error is not None or "\x00" in text:
            errors = [_encoding_record(src, decode_error), *records]
        elif spec.reference == "compile":
            if entry is not None and edit is None:  # same text as last time: same verdict
                compiled_ok, scope = entry.compiled_ok, ("cached" if entry.compiled_ok else "file")
                errors = [] if compiled_ok else self._python_errors(text, filename, tree, src, records)
            elif (statement is not None and entry is not None and edit is not None
                  and _statement_compiles(data, statement, edit, filename, entry)):
                compiled_ok, errors, fast, scope = True, [], True, "statement"
            elif full_compile and precompiled is None:
                compiled_ok, errors = True, []
            else:
                errors = self._python_errors(text, filename, tree, src, records, precompiled)
                compiled_ok = not errors
        elif spec.reference in _REFERENCE_CHECKS:
            found = _REFERENCE_CHECKS[spec.reference](text)
            errors = [] if found is None else _merge(src, [found], records, spec.reference)
        else:
            engine, errors = self._engine_errors(lang, text, tree, src, records, path)
            if engine is None:
                errors = records
                if lang in JSX_LANGUAGES and not errors:
                    errors = jsx_tag_errors(tree, src, lang)
        check_ms = (time.perf_counter() - t1) * 1000 + compile_ms

        if cache_key is not None:
            self._remember(cache_key, lang, data, tree, compiled_ok, entry if fast else None)
        return ValidationResult(
            is_valid=not errors, language=lang, errors=errors, error_node_count=error_nodes,
            parse_ms=parse_ms, check_ms=check_ms, total_ms=(time.perf_counter() - started) * 1000,
            checker=checker_label(lang, engine=engine or ""), incremental=old_tree is not None, tree=tree,
            reference_scope=scope,
        )  # fmt: skip

    def _engine_errors(self, lang: str, text: str, tree: Tree, src: SourceText, records: list[SyntaxErrorRecord],
                       path: str | PurePath | None) -> tuple[str | None, list[SyntaxErrorRecord]]:
        """(engine, errors) from the language's own parser where it is available, which decides
        over tree-sitter (whose records only say where); (None, []) where it is not."""
        where = None if path is None else str(path)
        verdict: node.NodeVerdict | None = None
        if lang == "javascript" and self._node and node.can_node_check(tree, where):
            engine, verdict = "node-check", node.run_node_check(text, tree, where, self._node)
        elif lang in ("typescript", "tsx") and self._node:
            module = node.typescript_module(where, self._node)
            verdict = node.run_typescript_check(text, lang, where, self._node, module) if module else None
            engine = "typescript"
        elif lang == "bash" and self._bash:
            found = reference.bash_error(text, self._bash)
            return "bash-n", [] if found is None else _merge(src, [found], records, "bash -n")
        if verdict is None:
            return None, []
        if verdict.ok:
            return engine, []
        column = verdict.column
        found_ = reference.ReferenceError_(verdict.line, column, verdict.line, column + 1 if column else 0,
                                           verdict.message)
        return engine, _merge(src, [found_], records, "node" if engine == "node-check" else engine)

    def _remember(self, key: str, lang: str, data: bytes, tree: Tree, compiled_ok: bool,
                  previous: CachedFile | None) -> None:
        entry = CachedFile(lang, data, tree, compiled_ok)
        if previous is not None:  # a one-statement edit without `global`/`__future__`: same header
            entry.future_flags, entry.header_end = previous.future_flags, previous.header_end
            entry.module_global = previous.module_global
        elif lang == "python":
            entry.future_flags, entry.header_end = reference.future_flags(tree)
            entry.module_global = reference.module_level_global(tree)
        self._trees.put(key, entry)

    @staticmethod
    def _python_errors(text: str, filename: str, tree: Tree, src: SourceText, records: list[SyntaxErrorRecord],
                       first: reference.ReferenceError_ | None = None) -> list[SyntaxErrorRecord]:
        found = reference.compile_errors(text, filename, tree, first=first)
        return _merge(src, found, records, "compile") if found else []


def _decode(code: str | bytes) -> tuple[str, str | None]:
    if isinstance(code, str):
        return code, None
    try:
        return code.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return code.decode("utf-8", "replace"), f"not valid UTF-8 (byte {exc.start}: {exc.reason})"


def _encoding_record(src: SourceText, decode_error: str | None) -> SyntaxErrorRecord:
    if decode_error is not None:
        index = src.text.find("\ufffd")
        message = decode_error
    else:
        index = src.text.find("\x00")
        message = "NUL byte in source (binary data, not text)"
    index = max(index, 0)
    line = src.text.count("\n", 0, index) + 1
    column = index - (src.text.rfind("\n", 0, index) + 1) + 1
    return src.record(line=line, column=column, end_line=line, end_column=column + 1, kind="encoding",
                      message=message, source="gate")


def _merge(src: SourceText, found: list[reference.ReferenceError_], records: list[SyntaxErrorRecord],
           source: str) -> list[SyntaxErrorRecord]:
    """The reference checker's errors, told with tree-sitter's record where both point at one line
    (tree-sitter says unexpected vs missing and where; the checker's words go in `detail`)."""
    merged: list[SyntaxErrorRecord] = []
    for err in found:
        # Only a precise tree-sitter record (one token unexpected or missing) beats the checker's
        # position; a broad "cannot parse this" region is vaguer than CPython's own caret.
        same_line = [r for r in records if r.line == err.line
                     and (r.kind == "missing" or r.message.startswith("unexpected token"))]
        if same_line:
            merged.extend(replace(r, detail=err.message) for r in same_line if r not in merged)
            continue
        column = err.column or 1
        merged.append(src.record(line=err.line, column=column, end_line=err.end_line,
                                 end_column=err.end_column or column + 1, kind="invalid",
                                 message=err.message, source=source))
    merged.sort(key=lambda r: (r.line, r.column))
    return merged


def _statement_compiles(data: bytes, segment: Segment, edit: TextEdit, filename: str,
                        entry: CachedFile) -> bool:
    """Compile the edited statement alone, at its own line numbers (see incremental.py)."""
    chunk = data[segment.start:segment.old_end + edit.new_end_byte - edit.old_end_byte]
    if b"__future__" in chunk or b"\x00" in chunk or (not segment.in_class and b"global" in chunk):
        return False  # module-wide rules: let the full compile decide
    if segment.in_class:
        # The method keeps its own indentation under a stand-in header on the line above it, and a
        # sentinel member after it proves the next member's indentation still lines up.
        indent = chunk[: len(chunk) - len(chunk.lstrip(b" \t"))].decode()
        if not indent:
            return False
        text = ("\n" * (segment.row - 1) + "class _:\n" + chunk.decode("utf-8", "surrogatepass")
                + f"\n{indent}pass\n")
    else:
        text = "\n" * segment.row + chunk.decode("utf-8", "surrogatepass") + "\n"
    return reference.compile_error(text, filename, entry.future_flags) is None
