"""A webhook as Discord sends it (``tidecord.Webhook`` is what user code gets)."""

from __future__ import annotations

from typing import Any

from .base import UNSET, Model, NamedEnum, Snowflake, UnsetType
from .user import User

__all__ = ["WebhookData", "WebhookType"]


class WebhookType(NamedEnum):
    """Kinds of webhook: ``incoming`` (a channel's), ``channel_follower``, ``application``."""

    incoming = 1
    channel_follower = 2
    application = 3


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
    # A follower webhook's (type 2) source, as the wire has them: ``{id, name, icon}``
    # and ``{id, name}``.
    source_guild: dict[str, Any] | UnsetType = UNSET
    source_channel: dict[str, Any] | UnsetType = UNSET
