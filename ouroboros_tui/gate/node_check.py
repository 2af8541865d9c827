"""JavaScript's and TypeScript's own parsers as the gate's reference checkers, through one
long-lived node process (node_worker.js): a file costs a JSON line, not a process start.

JavaScript is parsed as `node --check` parses it (the CommonJS wrapper, or an ES module when the
file imports or exports, or is .mjs), whenever `node` is on PATH. TypeScript is parsed by
TypeScript's own parser where a `typescript` package is present (the file's nearest
node_modules, or node's global folder); without it tree-sitter decides alone. Files with JSX go
to tree-sitter alone for JavaScript: node cannot parse JSX.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path, PurePath

from tree_sitter import Query, QueryCursor, Tree

from ouroboros_tui.gate.languages import get_language

NODE_TIMEOUT_S = 30
WORKER = Path(__file__).with_name("node_worker.js")


@dataclass(frozen=True)
class NodeVerdict:
    ok: bool
    line: int = 1
    column: int = 0
    message: str = ""


def node_path() -> str | None:
    return shutil.which("node")


@cache
def _jsx_query() -> Query:
    return Query(get_language("javascript"), "[(jsx_element) (jsx_self_closing_element)] @jsx")


def can_node_check(tree: Tree, path: str | None) -> bool:
    """Whether node can judge this file: JavaScript without JSX."""
    if path is not None and PurePath(path).suffix.lower() == ".jsx":
        return False
    return not QueryCursor(_jsx_query()).captures(tree.root_node)


def is_module(tree: Tree, suffix: str) -> bool:
    if suffix in (".mjs", ".cjs"):
        return suffix == ".mjs"
    return any(c.type in ("import_statement", "export_statement") for c in tree.root_node.children)


@cache
def _global_modules(node: str) -> tuple[Path, ...]:
    """node's global package folders, found without running npm."""
    prefix = Path(node).resolve().parent.parent
    found = [prefix / "lib" / "node_modules", Path("/usr/lib/node_modules"), Path("/usr/local/lib/node_modules")]
    return tuple(dict.fromkeys(p for p in found if p.is_dir()))


def typescript_module(path: str | None, node: str) -> str | None:
    """The `typescript` package nearest the file (as tsc would resolve it), else node's global one."""
    return _typescript_from(str(Path(path).resolve().parent) if path is not None else None, node)


@lru_cache(maxsize=1024)
def _typescript_from(folder: str | None, node: str) -> str | None:
    folders: list[Path] = []
    if folder is not None:
        start = Path(folder)
        folders += [f / "node_modules" for f in (start, *start.parents)]
    folders += list(_global_modules(node))
    for modules in folders:
        candidate = modules / "typescript" / "lib" / "typescript.js"
        if candidate.is_file():
            return str(candidate)
    return None


class _Worker:
    """The node process; restarted when it dies, one request at a time (a lock)."""

    def __init__(self, node: str) -> None:
        self.node = node
        self.proc: subprocess.Popen[bytes] | None = None
        self.lock = threading.Lock()
        self.counter = 0
        self.buffer = b""

    def _start(self) -> subprocess.Popen[bytes]:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen(
                [self.node, "--experimental-vm-modules", "--no-warnings", "--stack-size=4000", str(WORKER)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            self.buffer = b""
        return self.proc

    def ask(self, request: dict[str, object]) -> dict[str, object] | None:
        """The worker's reply, or None when it did not answer in time (then it is restarted)."""
        with self.lock:
            proc = self._start()
            assert proc.stdin is not None and proc.stdout is not None
            self.counter += 1
            request = {**request, "id": self.counter}
            try:
                proc.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
                proc.stdin.flush()
                fd = proc.stdout.fileno()
                while b"\n" not in self.buffer:
                    ready, _, _ = select.select([fd], [], [], NODE_TIMEOUT_S)
                    chunk = os.read(fd, 1 << 16) if ready else b""
                    if not chunk:
                        raise OSError("no answer")
                    self.buffer += chunk
            except (OSError, ValueError):
                self.close()
                return None
            line, _, self.buffer = self.buffer.partition(b"\n")
            reply: dict[str, object] = json.loads(line)
            return reply if reply.get("id") == self.counter else None

    def close(self) -> None:
        if self.proc is not None:
            with contextlib.suppress(OSError):
                self.proc.kill()
                self.proc.wait(timeout=5)
            self.proc = None


_workers: dict[str, _Worker] = {}
_workers_lock = threading.Lock()


def _worker(node: str) -> _Worker:
    with _workers_lock:
        if node not in _workers:
            _workers[node] = _Worker(node)
        return _workers[node]


@atexit.register
def _close_workers() -> None:
    for worker in list(_workers.values()):
        worker.close()


def _verdict(reply: dict[str, object]) -> NodeVerdict:
    line, column = reply.get("line", 1), reply.get("column", 0)
    return NodeVerdict(bool(reply.get("ok")), line if isinstance(line, int) else 1,
                       column if isinstance(column, int) else 0, str(reply.get("message", "")))


def run_node_check(text: str, tree: Tree, path: str | None, node: str) -> NodeVerdict:
    """JavaScript's verdict. A module's SyntaxError carries no position; `node --check` then
    locates it (only for files already known to be invalid)."""
    suffix = PurePath(path).suffix.lower() if path else ".js"
    kind = "module" if is_module(tree, suffix) else "script"
    reply = _worker(node).ask({"kind": kind, "text": text, "filename": path or "<string>"})
    if reply is None or reply.get("internal"):
        return run_node_cli(text, kind, node)
    verdict = _verdict(reply)
    if not verdict.ok and kind == "module" and verdict.column == 0:
        located = run_node_cli(text, kind, node)
        return located if not located.ok else verdict
    return verdict


def run_typescript_check(text: str, language: str, path: str | None, node: str, module: str) -> NodeVerdict | None:
    """TypeScript's own parser's verdict, None when the worker could not give one."""
    reply = _worker(node).ask({"kind": "tsx" if language == "tsx" else "ts", "text": text,
                               "filename": path or "<string>", "ts": module})
    if reply is None or reply.get("internal"):
        return None
    return _verdict(reply)


_LOCATION = re.compile(r":(\d+)\s*$")


def run_node_cli(text: str, kind: str, node: str) -> NodeVerdict:
    """`node --check` on a temporary file named so node parses it as the right kind of module."""
    with tempfile.TemporaryDirectory(prefix="ouroboros-node-") as tmp:
        file = Path(tmp) / ("check.mjs" if kind == "module" else "check.cjs")
        file.write_text(text, encoding="utf-8")
        try:
            proc = subprocess.run([node, "--check", str(file)], capture_output=True, text=True,
                                  timeout=NODE_TIMEOUT_S, cwd=tmp, encoding="utf-8", errors="replace")
        except (OSError, subprocess.TimeoutExpired) as exc:
            return NodeVerdict(False, 1, 0, f"node --check could not run: {exc}")
    if proc.returncode == 0:
        return NodeVerdict(True)
    return _parse_stderr(proc.stderr, str(file))


def _parse_stderr(stderr: str, file: str) -> NodeVerdict:
    """node prints `FILE:LINE`, the source line, a caret line, a blank line, then `SyntaxError: …`."""
    lines = stderr.splitlines()
    line, column, message = 1, 0, "node --check rejected the file"
    for i, text in enumerate(lines):
        if text.startswith(file):
            match = _LOCATION.search(text)
            if match:
                line = int(match.group(1))
            if i + 2 < len(lines) and "^" in lines[i + 2]:
                column = lines[i + 2].index("^") + 1
            break
    for text in lines:
        if re.match(r"^\w*Error: ", text):
            message = text.split(": ", 1)[1]
            break
    return NodeVerdict(False, line, column, message)
