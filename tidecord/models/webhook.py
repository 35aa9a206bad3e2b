"""A webhook as Discord sends it (``tidecord.Webhook`` is what user code gets)."""

from __future__ import annotations

import msgspec

from .asset import Asset, guild_icon_asset
from .base import UNSET, Model, NamedEnum, Snowflake, UnsetType
from .user import User

__all__ = ["PartialWebhookChannel", "PartialWebhookGuild", "WebhookData", "WebhookType"]


class WebhookType(NamedEnum):
    """Kinds of webhook: ``incoming`` (a channel's), ``channel_follower``, ``application``."""

    incoming = 1
    channel_follower = 2
    application = 3


class _BySnowflake(Model, kw_only=True):
    """Equal by kind and id, as discord.py's small objects are."""

    id: Snowflake

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)


class PartialWebhookGuild(_BySnowflake, kw_only=True):
    """The guild a follower webhook brings messages from (``webhook.source_guild``)."""

    name: str = ""
    icon_hash: str | None = msgspec.field(default=None, name="icon")

    @property
    def icon(self) -> Asset | None:
        """The guild's icon, if it has one."""
        return None if self.icon_hash is None else guild_icon_asset(self.id, self.icon_hash)

    def __repr__(self) -> str:
        return f"<PartialWebhookGuild name={self.name!r} id={self.id}>"


class PartialWebhookChannel(_BySnowflake, kw_only=True):
    """The announcement channel a follower webhook brings messages from
    (``webhook.source_channel``)."""

    name: str = ""

    @property
    def mention(self) -> str:
        """``<#id>``, which Discord shows as a link to the channel."""
        return f"<#{self.id}>"

    def __repr__(self) -> str:
        return f"<PartialWebhookChannel name={self.name!r} id={self.id}>"


class WebhookData(Model, kw_only=True):
    """GET /webhooks/{id}, POST /channels/{id}/webhooks and their kin."""

    id: Snowflake
    type: int = 1
    guild_id: Snowflake | UnsetType | None = UNSET
    channel_id: Snowflake | None = None
    # Who made it: left out when the webhook is read with its token.
    user: User | UnsetType = UNSET
    name: str | None = None
    avatar: str | None = None
    # Left out of a follower webhook, and of one read with its token.
    token: str | UnsetType = UNSET
    application_id: Snowflake | None = None
    # A follower webhook's (type 2) source.
    source_guild: PartialWebhookGuild | UnsetType = UNSET
    source_channel: PartialWebhookChannel | UnsetType = UNSET
