"""A guild's safety state: paused invites and DMs, detected raids and DM spam (from
Discord's ``incidents_data``), and the channel safety alerts go to."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from .base import UnsetType

if TYPE_CHECKING:
    from .channel import Channel

__all__ = ["GuildSafety"]


class GuildSafety:
    """discord.py's ``Guild`` safety reads; a mixin of :class:`~tidecord.Guild`."""

    __slots__ = ()

    if TYPE_CHECKING:
        incidents_data: dict[str, Any] | UnsetType | None
        safety_alerts_channel_id: Any
        features: list[str]

        def get_channel(self, channel_id: int, /) -> Channel | None: ...

    def _incident(self, key: str) -> datetime.datetime | None:
        data = self.incidents_data
        text = data.get(key) if isinstance(data, dict) else None
        return datetime.datetime.fromisoformat(text) if isinstance(text, str) else None

    @property
    def invites_paused_until(self) -> datetime.datetime | None:
        """Until when joining by invite is paused, if it is."""
        return self._incident("invites_disabled_until")

    @property
    def dms_paused_until(self) -> datetime.datetime | None:
        """Until when members' direct messages are paused, if they are."""
        return self._incident("dms_disabled_until")

    @property
    def dm_spam_detected_at(self) -> datetime.datetime | None:
        """When Discord last saw DM spam in the guild, if it did."""
        return self._incident("dm_spam_detected_at")

    @property
    def raid_detected_at(self) -> datetime.datetime | None:
        """When Discord last saw a raid on the guild, if it did."""
        return self._incident("raid_detected_at")

    def invites_paused(self) -> bool:
        """Whether invites are paused now (or, without a time, by the guild's
        ``INVITES_DISABLED`` feature)."""
        until = self.invites_paused_until
        if until is None:
            return "INVITES_DISABLED" in (self.features or [])
        return until > _now()

    def dms_paused(self) -> bool:
        """Whether DMs are paused now."""
        until = self.dms_paused_until
        return until is not None and until > _now()

    def is_dm_spam_detected(self) -> bool:
        """Whether DM spam is flagged now (its time lies ahead, as discord.py reads it)."""
        at = self.dm_spam_detected_at
        return at is not None and at > _now()

    def is_raid_detected(self) -> bool:
        """Whether a raid is flagged now (its time lies ahead, as discord.py reads it)."""
        at = self.raid_detected_at
        return at is not None and at > _now()

    @property
    def safety_alerts_channel(self) -> Channel | None:
        """The channel raid and spam alerts go to (community guilds), if set."""
        cid = self.safety_alerts_channel_id
        return self.get_channel(cid) if isinstance(cid, int) and cid else None


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)
