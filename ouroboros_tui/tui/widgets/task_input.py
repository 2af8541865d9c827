"""What to do and how: the task text (multi-line), the preset, safe mode and the highest risk."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, Select, TextArea

PRESETS = ("fast", "balanced", "quality")


@dataclass(frozen=True)
class TaskOptions:
    task: str
    preset: str
    safe_mode: bool
    max_risk: float


class TaskInput(Vertical):
    """`ctrl+r` (bound on the screen) runs what is here."""

    def __init__(self, preset: str, safe_mode: bool, max_risk: float, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._preset = preset if preset in PRESETS else "balanced"
        self._safe_mode = safe_mode
        self._max_risk = max_risk
        self.border_title = "Task"

    def compose(self) -> ComposeResult:
        area = TextArea(id="task-text", compact=True, soft_wrap=True, tab_behavior="focus")
        area.placeholder = "Describe the change, e.g. add type hints to parse_args"
        yield area
        with Horizontal(id="task-options"):
            yield Select(
                [(p, p) for p in PRESETS], value=self._preset, allow_blank=False, compact=True, id="preset"
            )
            yield Checkbox("safe", self._safe_mode, compact=True, id="safe-mode")
            yield Label("risk≤", id="risk-label")
            yield Input(f"{self._max_risk:g}", compact=True, id="max-risk", type="number")

    @property
    def text(self) -> str:
        return self.query_one("#task-text", TextArea).text

    @text.setter
    def text(self, value: str) -> None:
        self.query_one("#task-text", TextArea).text = value

    def options(self) -> TaskOptions:
        """Read the controls; raises ValueError with a message for a bad max-risk."""
        raw = self.query_one("#max-risk", Input).value.strip()
        try:
            max_risk = float(raw)
        except ValueError:
            raise ValueError(f"max risk must be a number from 0 to 1, not {raw!r}") from None
        if not 0.0 <= max_risk <= 1.0:
            raise ValueError(f"max risk must be from 0 to 1, not {max_risk:g}")
        preset = self.query_one("#preset", Select).value
        return TaskOptions(
            task=self.text.strip(),
            preset=str(preset) if isinstance(preset, str) else self._preset,
            safe_mode=self.query_one("#safe-mode", Checkbox).value,
            max_risk=max_risk,
        )
