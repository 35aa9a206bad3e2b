"""``PrimaryGuild``: the guild whose tag a user shows next to their name."""

from __future__ import annotations

import datetime
from typing import Any

from .asset import Asset, cdn_asset
from .base import snowflake_time

__all__ = ["PrimaryGuild"]


class PrimaryGuild:
    """A user's primary guild identity, as discord.py's ``User.primary_guild``.

    ``id`` may be ``None`` while ``identity_enabled`` is true (Discord sends that),
    and ``identity_enabled`` ``None`` when the user has not confirmed it since a change.
    """

    __slots__ = ("_badge", "id", "identity_enabled", "tag")

    def __init__(self, *, id: int | None, identity_enabled: bool | None,
                 tag: str | None = None, badge: str | None = None) -> None:
        self.id = id
        self.identity_enabled = identity_enabled
        self.tag = tag
        self._badge = badge

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> PrimaryGuild:
        """From Discord's ``primary_guild`` object; ``None`` gives the empty identity."""
        if data is None:
            return cls(id=None, identity_enabled=False)
        guild_id = data.get("identity_guild_id")
        return cls(id=None if guild_id is None else int(guild_id),
                   identity_enabled=data.get("identity_enabled"), tag=data.get("tag"),
                   badge=data.get("badge"))

    @property
    def badge(self) -> Asset | None:
        """The tag's badge image, or ``None``."""
        if self._badge is None or self.id is None:
            return None
        return cdn_asset(f"guild-tag-badges/{self.id}", self._badge, 64, can_move=False)

    @property
    def created_at(self) -> datetime.datetime | None:
        """When the guild was made, or ``None`` without one."""
        return None if self.id is None else snowflake_time(self.id)

    def __repr__(self) -> str:
        return (f"<PrimaryGuild id={self.id} identity_enabled={self.identity_enabled} "
                f"tag={self.tag!r}>")
