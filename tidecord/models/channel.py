"""Channels of every kind: guild text and voice, categories, threads, DMs."""

from __future__ import annotations

import enum
from typing import Any

from .base import UNSET, Model, Snowflake, UnsetType
from .flags import Permissions
from .user import User

__all__ = ["Channel", "ChannelType", "PermissionOverwrite", "ThreadMember", "ThreadMetadata"]


class ChannelType(enum.IntEnum):
    """The ``type`` of a channel."""

    GUILD_TEXT = 0
    DM = 1
    GUILD_VOICE = 2
    GROUP_DM = 3
    GUILD_CATEGORY = 4
    GUILD_ANNOUNCEMENT = 5
    ANNOUNCEMENT_THREAD = 10
    PUBLIC_THREAD = 11
    PRIVATE_THREAD = 12
    GUILD_STAGE_VOICE = 13
    GUILD_DIRECTORY = 14
    GUILD_FORUM = 15
    GUILD_MEDIA = 16

    # discord.py spellings
    text = 0
    private = 1
    voice = 2
    group = 3
    category = 4
    news = 5
    news_thread = 10
    public_thread = 11
    private_thread = 12
    stage_voice = 13
    forum = 15
    media = 16


THREAD_TYPES = frozenset({10, 11, 12})
TEXT_TYPES = frozenset({0, 1, 2, 3, 5, 10, 11, 12, 13})


class PermissionOverwrite(Model, gc=False, kw_only=True):
    """Allow and deny bits for a role (type 0) or a member (type 1) in one channel."""

    id: Snowflake
    type: int
    allow: Permissions
    deny: Permissions


class ThreadMetadata(Model, gc=False, kw_only=True):
    """Whether a thread is archived or locked, and when it archives itself."""

    archived: bool = False
    auto_archive_duration: int = 1440
    archive_timestamp: str
    locked: bool = False
    invitable: bool | UnsetType = UNSET
    create_timestamp: str | None | UnsetType = UNSET


class ThreadMember(Model, gc=False, kw_only=True):
    """A user's membership of a thread."""

    id: Snowflake | UnsetType = UNSET
    user_id: Snowflake | UnsetType = UNSET
    join_timestamp: str
    flags: int = 0


class Channel(Model, kw_only=True):
    """Any channel; which fields are present depends on ``type``."""

    id: Snowflake
    type: int
    guild_id: Snowflake | UnsetType = UNSET
    position: int | UnsetType = UNSET
    permission_overwrites: list[PermissionOverwrite] | UnsetType = UNSET
    name: str | None | UnsetType = UNSET
    topic: str | None | UnsetType = UNSET
    nsfw: bool | UnsetType = UNSET
    last_message_id: Snowflake | None | UnsetType = UNSET
    bitrate: int | UnsetType = UNSET
    user_limit: int | UnsetType = UNSET
    rate_limit_per_user: int | UnsetType = UNSET
    recipients: list[User] | UnsetType = UNSET
    icon: str | None | UnsetType = UNSET
    owner_id: Snowflake | UnsetType = UNSET
    application_id: Snowflake | UnsetType = UNSET
    parent_id: Snowflake | None | UnsetType = UNSET
    last_pin_timestamp: str | None | UnsetType = UNSET
    rtc_region: str | None | UnsetType = UNSET
    video_quality_mode: int | UnsetType = UNSET
    message_count: int | UnsetType = UNSET
    member_count: int | UnsetType = UNSET
    thread_metadata: ThreadMetadata | UnsetType = UNSET
    member: ThreadMember | UnsetType = UNSET
    default_auto_archive_duration: int | UnsetType = UNSET
    permissions: Permissions | UnsetType = UNSET
    flags: int | UnsetType = UNSET
    total_message_sent: int | UnsetType = UNSET
    available_tags: list[dict[str, Any]] | UnsetType = UNSET
    applied_tags: list[Snowflake] | UnsetType = UNSET
    newly_created: bool | UnsetType = UNSET
    _state: Any = UNSET

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Channel) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __str__(self) -> str:
        if isinstance(self.name, str):
            return self.name
        if isinstance(self.recipients, list) and self.recipients:
            return f"Direct Message with {self.recipients[0]}"
        return str(self.id)

    @property
    def mention(self) -> str:
        """``<#id>``: links the channel in a message."""
        return f"<#{self.id}>"

    @property
    def is_thread(self) -> bool:
        """Whether this channel is a thread."""
        return self.type in THREAD_TYPES

    @property
    def is_dm(self) -> bool:
        """Whether this is a direct-message channel."""
        return self.type == ChannelType.DM

    @property
    def created_at(self) -> Any:
        """When the channel was made (from its id)."""
        return self.id.created_at
