"""Guilds and what belongs to them: roles, members, emojis."""

from __future__ import annotations

from typing import Any

from .base import UNSET, Model, Snowflake, UnsetType
from .channel import Channel
from .flags import Permissions
from .user import User, _HasUser

__all__ = ["Emoji", "Guild", "Member", "Role", "RoleTags", "UnavailableGuild"]


class RoleTags(Model, gc=False, kw_only=True):
    """What makes a role special (a bot's, a booster's, an integration's)."""

    bot_id: Snowflake | UnsetType = UNSET
    integration_id: Snowflake | UnsetType = UNSET
    premium_subscriber: None | UnsetType = UNSET


class Role(Model, gc=False, kw_only=True):
    """A guild role; ``@everyone`` has the guild's id."""

    id: Snowflake
    name: str
    color: int = 0
    hoist: bool = False
    icon: str | None | UnsetType = UNSET
    unicode_emoji: str | None | UnsetType = UNSET
    position: int = 0
    permissions: Permissions
    managed: bool = False
    mentionable: bool = False
    tags: RoleTags | UnsetType = UNSET
    flags: int = 0

    @property
    def mention(self) -> str:
        """``<@&id>``: mentions the role."""
        return f"<@&{self.id}>"


class Emoji(Model, gc=False, kw_only=True):
    """A custom emoji (with an id) or a Unicode one (name only)."""

    id: Snowflake | None = None
    name: str | None = None
    roles: list[Snowflake] | UnsetType = UNSET
    user: User | UnsetType = UNSET
    require_colons: bool | UnsetType = UNSET
    managed: bool | UnsetType = UNSET
    animated: bool | UnsetType = UNSET
    available: bool | UnsetType = UNSET

    def __str__(self) -> str:
        if self.id is None:
            return self.name or ""
        return f"<{'a' if self.animated is True else ''}:{self.name}:{self.id}>"


class Member(Model, _HasUser, gc=False, kw_only=True):
    """A user's membership of a guild. ``user`` is absent in MESSAGE_CREATE."""

    user: User | UnsetType = UNSET
    nick: str | None | UnsetType = UNSET
    avatar: str | None | UnsetType = UNSET
    roles: list[Snowflake] = []
    joined_at: str | None = None
    premium_since: str | None | UnsetType = UNSET
    deaf: bool = False
    mute: bool = False
    flags: int = 0
    pending: bool | UnsetType = UNSET
    permissions: Permissions | UnsetType = UNSET
    communication_disabled_until: str | None | UnsetType = UNSET
    _state: Any = UNSET
    # Set by the cache: the guild this membership belongs to.
    _guild_id: Any = UNSET

    def __eq__(self, other: object) -> bool:
        if isinstance(self.user, UnsetType):
            return self is other
        return getattr(other, "id", None) == self.user.id and isinstance(other, (User, _HasUser))

    def __hash__(self) -> int:
        return hash(self.user.id) if not isinstance(self.user, UnsetType) else id(self)

    def __str__(self) -> str:
        return str(self.user) if not isinstance(self.user, UnsetType) else ""

    @property
    def id(self) -> Snowflake:
        """The member's user id."""
        if isinstance(self.user, UnsetType):
            raise AttributeError("this partial member carries no user")
        return self.user.id

    @property
    def name(self) -> str:
        """The username."""
        return self.user.username if not isinstance(self.user, UnsetType) else ""

    @property
    def display_name(self) -> str:
        """Nickname, else global name, else username."""
        if isinstance(self.nick, str) and self.nick:
            return self.nick
        return self.user.display_name if not isinstance(self.user, UnsetType) else ""

    @property
    def mention(self) -> str:
        """``<@id>``: mentions the member."""
        return f"<@{self.id}>"

    @property
    def bot(self) -> bool:
        """Whether the member is a bot."""
        return not isinstance(self.user, UnsetType) and self.user.bot is True


class UnavailableGuild(Model, gc=False, kw_only=True):
    """A guild announced in READY (or lost to an outage)."""

    id: Snowflake
    unavailable: bool | UnsetType = UNSET


class Guild(Model, kw_only=True):
    """A guild. Fields after ``premium_progress_bar_enabled`` come only in GUILD_CREATE."""

    id: Snowflake
    name: str
    icon: str | None = None
    splash: str | None = None
    discovery_splash: str | None = None
    owner_id: Snowflake
    afk_channel_id: Snowflake | None = None
    afk_timeout: int = 300
    widget_enabled: bool | UnsetType = UNSET
    verification_level: int = 0
    default_message_notifications: int = 0
    explicit_content_filter: int = 0
    roles: list[Role] = []
    emojis: list[Emoji] = []
    features: list[str] = []
    mfa_level: int = 0
    application_id: Snowflake | None = None
    system_channel_id: Snowflake | None = None
    system_channel_flags: int = 0
    rules_channel_id: Snowflake | None = None
    max_presences: int | None | UnsetType = UNSET
    max_members: int | UnsetType = UNSET
    vanity_url_code: str | None = None
    description: str | None = None
    banner: str | None = None
    premium_tier: int = 0
    premium_subscription_count: int | UnsetType = UNSET
    preferred_locale: str = "en-US"
    public_updates_channel_id: Snowflake | None = None
    nsfw_level: int = 0
    stickers: list[dict[str, Any]] | UnsetType = UNSET
    premium_progress_bar_enabled: bool = False
    safety_alerts_channel_id: Snowflake | None | UnsetType = UNSET
    # GUILD_CREATE only
    joined_at: str | UnsetType = UNSET
    large: bool | UnsetType = UNSET
    unavailable: bool | UnsetType = UNSET
    member_count: int | UnsetType = UNSET
    voice_states: list[dict[str, Any]] | UnsetType = UNSET
    members: list[Member] | UnsetType = UNSET
    channels: list[Channel] | UnsetType = UNSET
    threads: list[Channel] | UnsetType = UNSET
    presences: list[dict[str, Any]] | UnsetType = UNSET
    stage_instances: list[dict[str, Any]] | UnsetType = UNSET
    guild_scheduled_events: list[dict[str, Any]] | UnsetType = UNSET
    soundboard_sounds: list[dict[str, Any]] | UnsetType = UNSET
    _state: Any = UNSET

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Guild) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __str__(self) -> str:
        return self.name

    @property
    def created_at(self) -> Any:
        """When the guild was made (from its id)."""
        return self.id.created_at
