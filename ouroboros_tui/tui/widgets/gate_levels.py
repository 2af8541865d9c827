"""How the gate levels past syntax show in the TUI beyond the stages pane (whose line per level and
attempt comes from runs/progress.py): the run detail's levels, and the gate's warnings on the hunk
they belong to in the review's subtitle."""

from __future__ import annotations

from typing import Any

from rich.text import Text

_STYLE = {"pass": "green", "fail": "bold red", "skip": "dim"}


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
