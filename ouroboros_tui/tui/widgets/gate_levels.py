"""How the gate levels past syntax show in the TUI: one line per level and attempt in the stages
pane, and the gate's warnings on the hunk they belong to in the review's subtitle."""

from __future__ import annotations

from typing import Any

from rich.text import Text

_STYLE = {"pass": "green", "fail": "bold red", "skip": "dim"}
_MARK = {"pass": "✓ ", "fail": "✗ ", "skip": "– "}


def level_line(event: Any) -> Text:
    """`LevelChecked` → `✓ attempt 1: semantic pass (2 warnings)`."""
    status = event.verdict.split("(", 1)[0]
    line = Text(_MARK.get(status, "· "), style=_STYLE.get(status, ""))
    line.append(f"attempt {event.attempt}: {event.level} {event.verdict}")
    extra = []
    if event.blocking:
        extra.append(f"{event.blocking} new finding{'s' if event.blocking != 1 else ''}")
    if event.warnings:
        extra.append(f"{event.warnings} warning{'s' if event.warnings != 1 else ''}")
    if extra:
        line.append(f" ({', '.join(extra)})", style="yellow" if not event.blocking else "red")
    if event.detail and status != "pass":
        line.append(f"\n    {event.detail[:200]}", style=_STYLE.get(status, ""))
    return line


def levels_summary(levels: dict[str, Any]) -> Text:
    """An attempt's recorded levels for the run detail: `syntax=pass semantic=fail security=pass`."""
    text = Text()
    for name, level in levels.items():
        verdict = str(level.get("verdict", "?"))
        text.append(f"{name}=", style="bold")
        text.append(verdict + " ", style=_STYLE.get(verdict.split("(", 1)[0], ""))
    return text


def hunk_warning_note(record: Any, hunk_id: str) -> str:
    """` · ⚠ semantic warning: line 7: F841 …` for the review subtitle, or ''."""
    notes = ((getattr(record, "safety", None) or {}).get("hunk_warnings") or {}).get(hunk_id) or []
    if not notes:
        return ""
    more = f" (+{len(notes) - 1} more)" if len(notes) > 1 else ""
    return f" · ⚠ {notes[0][:90]}{more}"
