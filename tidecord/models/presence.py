"""What a member shows: its status on each platform and its activities, as the cache
keeps them (with the presences intent) and ``on_raw_presence_update`` hands them out."""

from __future__ import annotations

from typing import Any, Final

from .activity import BaseActivity, Status, as_status, create_activity

__all__ = ["OFFLINE", "ClientStatus", "Presence", "RawPresenceUpdateEvent", "presence_of"]


class ClientStatus:
    """A user's status overall and on each platform they are on."""

    __slots__ = ("_status", "desktop", "mobile", "web")

    def __init__(self, status: str = "offline", platforms: dict[str, str] | None = None) -> None:
        self._status = status or "offline"
        platforms = platforms or {}
        self.desktop: str | None = platforms.get("desktop")
        self.mobile: str | None = platforms.get("mobile")
        self.web: str | None = platforms.get("web")

    @property
    def status(self) -> Status:
        """The overall status (``Status.unknown_<text>`` for one this version does not
        know: its ``str()`` is still the text)."""
        return as_status(self._status)

    @property
    def raw_status(self) -> str:
        """The overall status as Discord sent it."""
        return self._status

    @property
    def desktop_status(self) -> Status:
        """The status on the desktop app (offline if not on it)."""
        return as_status(self.desktop or "offline")

    @property
    def mobile_status(self) -> Status:
        """The status on a phone (offline if not on one)."""
        return as_status(self.mobile or "offline")

    @property
    def web_status(self) -> Status:
        """The status in a browser (offline if not in one)."""
        return as_status(self.web or "offline")

    def is_on_mobile(self) -> bool:
        """Whether the user is on a phone."""
        return self.mobile is not None

    def __repr__(self) -> str:
        return (f"<ClientStatus status={self._status!r} desktop={self.desktop!r} "
                f"mobile={self.mobile!r} web={self.web!r}>")


class Presence:
    """A member's status and activities, as the cache keeps them."""

    __slots__ = ("activities", "client_status")

    def __init__(self, client_status: ClientStatus,
                 activities: tuple[BaseActivity, ...] = ()) -> None:
        self.client_status = client_status
        self.activities = activities

    @property
    def offline(self) -> bool:
        """Whether there is nothing to keep: offline and doing nothing."""
        return self.client_status._status == "offline" and not self.activities


#: Everyone the cache holds no presence for: offline, doing nothing.
OFFLINE: Final = Presence(ClientStatus())


class RawPresenceUpdateEvent:
    """``on_raw_presence_update``'s argument: a PRESENCE_UPDATE as it came, whether or
    not the member is cached."""

    __slots__ = ("activities", "client_status", "guild", "guild_id", "user_id")

    def __init__(self, user_id: int, guild_id: int | None, guild: Any,
                 presence: Presence) -> None:
        self.user_id = user_id
        self.guild_id = guild_id
        self.guild = guild
        self.client_status = presence.client_status
        self.activities = presence.activities

    @property
    def status(self) -> Status:
        """The user's overall status."""
        return self.client_status.status

    def __repr__(self) -> str:
        return (f"<RawPresenceUpdateEvent user_id={self.user_id} guild_id={self.guild_id} "
                f"status={self.client_status._status!r} activities={len(self.activities)}>")


def presence_of(update: Any) -> Presence:
    """The :class:`Presence` a PRESENCE_UPDATE (or a presence of GUILD_CREATE) says."""
    activities = tuple(create_activity(a) for a in update.activities)
    return Presence(ClientStatus(update.status, update.client_status), activities)
