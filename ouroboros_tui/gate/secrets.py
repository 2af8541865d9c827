"""New secrets in added lines, any language, with Yelp's detect-secrets (its own plugins and
filters, offline).

Only lines the change adds are scanned (a line that was already in the file, moved or not, is not
new), written to a temporary file under the file's own name so detect-secrets' per-format handling
and filters apply. detect-secrets' eager per-line mode reports every word of a line as
high-entropy, so the file scan is used; it costs about 0.8 ms a line, which is why whole files are
not scanned. The secret itself never reaches the artifact or a prompt: it is masked.
"""

from __future__ import annotations

import tempfile
import threading
from collections import Counter
from pathlib import Path, PurePosixPath

from ouroboros_tui.gate.findings import Finding, normalise
from ouroboros_tui.gate.incremental import shared_ends

# Hex strings are mostly hashes and ids (lock files, test vectors): worth a look, not a retry.
_WARN_TYPES = {"Hex High Entropy String", "Public IP (ipv4)"}
_LOCK = threading.Lock()  # detect-secrets keeps its settings in module globals


def added_lines(before: str | None, after: str) -> list[tuple[int, str]]:
    """(1-based line number, text) of the lines in `after` that `before` does not have. The lines
    both share at either end cancel out of the count, so only the changed middle is counted."""
    old_lines, new_lines = (before or "").splitlines(), after.splitlines()
    head, tail = shared_ends(old_lines, new_lines)
    old = Counter(normalise(line) for line in old_lines[head:len(old_lines) - tail])
    out: list[tuple[int, str]] = []
    for number, line in enumerate(new_lines[head:len(new_lines) - tail], start=head + 1):
        key = normalise(line)
        if old[key] > 0:
            old[key] -= 1
        elif key:
            out.append((number, line))
    return out


def secret_findings(path: str, before: str | None, after: str) -> list[Finding]:
    return secrets_in_changes({path: (before, after)}).get(path, [])


def _group(path: str) -> str:
    """Files scanned together: same extension (detect-secrets' handling goes by the file's name), except
    names its filters look at (lock files, swagger), which keep their own."""
    name = PurePosixPath(path).name
    if "lock" in name.lower() or "swagger" in name.lower():
        return name
    return "added" + PurePosixPath(path).suffix.lower()


def secrets_in_changes(changes: dict[str, tuple[str | None, str]]) -> dict[str, list[Finding]]:
    """New secrets per changed file. Added lines of files of one kind go through one scan."""
    groups: dict[str, list[tuple[str, int, str]]] = {}
    for path, (before, after) in changes.items():
        for number, text in added_lines(before, after):
            groups.setdefault(_group(path), []).append((path, number, text))
    out: dict[str, list[Finding]] = {path: [] for path in changes}
    if not groups:
        return out
    from detect_secrets.core.scan import scan_file
    from detect_secrets.settings import default_settings

    with _LOCK, tempfile.TemporaryDirectory(prefix="ouroboros-secrets-") as tmp, default_settings():
        for name, lines in groups.items():
            target = Path(tmp) / name
            target.write_text("\n".join(text for _, _, text in lines) + "\n", encoding="utf-8")
            per_line: dict[int, list[tuple[str, str]]] = {}  # index in `lines` → (type, value)
            for secret in scan_file(str(target)):
                per_line.setdefault(secret.line_number - 1, []).append((secret.type, secret.secret_value or ""))
            for index, found in per_line.items():
                path, number, text = lines[index]
                # One finding per line: the most specific kind (a GitHub token, not "high entropy").
                kind = next((k for k, _ in found if "High Entropy" not in k), found[0][0])
                value = next(v for k, v in found if k == kind)
                out[path].append(_finding(path, number, _masked(text, [v for _, v in found]), kind,
                                          text.find(value) + 1 if value else 1))
    return out


def _masked(text: str, values: list[str]) -> str:
    """The line with each secret's whole token (as far as it runs without a quote or a space) cut to its
    first four characters, so neither the artifact nor a prompt carries it."""
    for value in values:
        start = text.find(value) if value else -1
        if start < 0:
            continue
        end = start + len(value)
        while start > 0 and text[start - 1] not in " \t'\"=:`,(":
            start -= 1
        while end < len(text) and text[end] not in " \t'\"`,;)":
            end += 1
        token = text[start:end]
        text = text[:start] + (token[:4] + "…" if len(token) > 8 else "…") + text[end:]
    return text


def _finding(path: str, number: int, masked: str, kind: str, column: int) -> Finding:
    return Finding(
        level="security", path=path, line=number, column=max(1, column),
        rule=f"secret:{kind}",
        message=f"a secret ({kind}) is added in the code; read it from the environment or a secrets store instead",
        symbol="", line_text=masked, blocking=kind not in _WARN_TYPES, checker="detect-secrets",
    )
