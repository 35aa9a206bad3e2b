"""The bot's own presence: what ``change_presence`` and Identify send.

The activity classes and ``Status`` live in :mod:`tidecord.models.activity`; they
are named here too, where they always were.
"""

from __future__ import annotations

import time
from typing import Any

from ..models import UpdatePresence
from ..models.activity import (
    Activity,
    ActivityType,
    BaseActivity,
    CustomActivity,
    Game,
    Spotify,
    Status,
    Streaming,
    activity_data,
)

__all__ = ["Activity", "ActivityType", "BaseActivity", "CustomActivity", "Game", "Spotify",
           "Status", "Streaming", "build_presence"]


def build_presence(activity: Any = None, status: Any = None, afk: bool = False) -> UpdatePresence:
    """The op 3 / identify presence for ``activity`` and ``status``."""
    status_text = str(status.value if isinstance(status, Status) else status or "online")
    if status_text == "offline":
        status_text = "invisible"
    activities = [] if activity is None else [activity_data(activity)]
    since = int(time.time() * 1000) if status_text == "idle" else None
    return UpdatePresence(since=since, activities=activities, status=status_text, afk=afk)
