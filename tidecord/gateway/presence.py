"""Presence helpers in discord.py's spelling: ``Status``, ``ActivityType``, ``Game``..."""

from __future__ import annotations

import enum
import time
from typing import Any

from ..models import Activity, UpdatePresence

__all__ = ["ActivityType", "CustomActivity", "Game", "Status", "Streaming", "build_presence"]


class Status(enum.StrEnum):
    """What the bot shows next to its name."""

    online = "online"
    idle = "idle"
    dnd = "dnd"
    do_not_disturb = "dnd"
    invisible = "invisible"
    offline = "offline"

    def __str__(self) -> str:
        return self.value


class ActivityType(enum.IntEnum):
    """Kinds of activity."""

    playing = 0
    streaming = 1
    listening = 2
    watching = 3
    custom = 4
    competing = 5


def Game(name: str) -> Activity:
    """``Playing <name>``."""
    return Activity(name=name, type=ActivityType.playing)


def Streaming(*, name: str, url: str) -> Activity:
    """``Streaming <name>`` with a Twitch or YouTube ``url``."""
    return Activity(name=name, type=ActivityType.streaming, url=url)


def CustomActivity(name: str) -> Activity:
    """A custom status line."""
    return Activity(name="Custom Status", type=ActivityType.custom, state=name)


def build_presence(activity: Any = None, status: Any = None, afk: bool = False) -> UpdatePresence:
    """The op 3 / identify presence for ``activity`` and ``status``."""
    status_text = str(status.value if isinstance(status, Status) else status or "online")
    if status_text == "offline":
        status_text = "invisible"
    activities = [] if activity is None else [activity]
    since = int(time.time() * 1000) if status_text == "idle" else None
    return UpdatePresence(since=since, activities=activities, status=status_text, afk=afk)
