"""Pilot tests read the app's notifications; keep them for the whole test."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App


@pytest.fixture(autouse=True)
def _notifications_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    # A toast lives 2–12 s. On a loaded machine (or two xdist workers on two cores) the app can
    # take longer than that to reach the assertion, and the note it looks for is already gone.
    notify = App.notify

    def notify_and_keep(self: App[Any], message: str, **kwargs: Any) -> None:
        notify(self, message, **{**kwargs, "timeout": 3600})

    monkeypatch.setattr(App, "notify", notify_and_keep)
