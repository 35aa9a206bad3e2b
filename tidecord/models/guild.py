"""The guild itself: its settings as Discord sends them, and the calls on the whole
guild. Its roles, members, channels and expressions each have their own module, whose
mixin :class:`Guild` takes."""

from __future__ import annotations

import enum
import warnings
from collections.abc import AsyncIterator
from typing import Any

import msgspec

from .asset import Asset, guild_icon_asset, guild_image_asset
from .automod import GuildAutoMod
from .base import (
    UNSET,
    Model,
    NamedEnum,
    Snowflake,
    TryValue,
    UnsetType,
    decode,
    enum_of,
    viewed_field,
)
from .channel import Channel
from .emoji import Emoji
from .guild_channels import GuildChannels
from .guild_expressions import GuildExpressions
from .guild_members import GuildMembers
from .guild_safety import GuildSafety
from .integration import GuildIntegrations
from .member import Member
from .onboarding import GuildOnboarding
from .record_flags import SystemChannelFlags
from .role import GuildRoles, Role
from .scheduled_event import GuildScheduledEvents
from .soundboard import GuildSoundboard
from .stage_instance import GuildStageInstances
from .sticker import GuildSticker
from .template import GuildTemplates
from .voice import GuildVoice
from .welcome_screen import GuildWelcomeScreen
from .widget import GuildWidget

__all__ = ["ContentFilter", "Guild", "MFALevel", "NSFWLevel", "NotificationLevel",
           "UnavailableGuild", "VerificationLevel"]


class UnavailableGuild(Model, gc=False, kw_only=True):
    """A guild announced in READY (or lost to an outage)."""

    id: Snowflake
    unavailable: bool | UnsetType = UNSET


class VerificationLevel(TryValue, enum.IntEnum):
    """What a member must have done before talking in the guild."""

    none = 0
    low = 1
    medium = 2
    high = 3
    highest = 4

    def __str__(self) -> str:
        return self.name


class NotificationLevel(TryValue, enum.IntEnum):
    """Which messages notify members by default."""

    all_messages = 0
    only_mentions = 1

    def __str__(self) -> str:
        # As discord.py's (which gives this one no name-only text): the class and name.
        return f"NotificationLevel.{self.name}"


class ContentFilter(TryValue, enum.IntEnum):
    """Whose images Discord scans for explicit content."""

    disabled = 0
    no_role = 1
    all_members = 2

    def __str__(self) -> str:
        return self.name


class MFALevel(NamedEnum):
    """Whether moderators must have two-factor authentication on."""

    disabled = 0
    require_2fa = 1


class NSFWLevel(NamedEnum):
    """How the guild is rated for age-restricted content."""

    default = 0
    explicit = 1
    safe = 2
    age_restricted = 3


class Guild(Model, GuildMembers, GuildRoles, GuildChannels, GuildExpressions,
            GuildScheduledEvents, GuildAutoMod, GuildWidget, GuildWelcomeScreen, GuildTemplates,
            GuildSafety, GuildStageInstances, GuildIntegrations, GuildSoundboard,
            GuildOnboarding, GuildVoice, kw_only=True):
    """A guild. Fields after ``premium_progress_bar_enabled`` come only in GUILD_CREATE."""

    id: Snowflake
    name: str
    # The images' hashes as sent; ``icon``, ``splash``... give discord.py's Assets.
    icon_hash: str | None = msgspec.field(default=None, name="icon")
    splash_hash: str | None = msgspec.field(default=None, name="splash")
    discovery_splash_hash: str | None = msgspec.field(default=None, name="discovery_splash")
    owner_id: Snowflake
    afk_channel_id: Snowflake | None = None
    afk_timeout: int = 300
    widget_enabled: bool | UnsetType = UNSET
    widget_channel_id: Snowflake | UnsetType | None = UNSET
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
    max_presences: int | UnsetType | None = UNSET
    # With counts (GET /users/@me/guilds, a fetched guild): roughly how many there are.
    approximate_members: int | UnsetType | None = msgspec.field(
        default=UNSET, name="approximate_member_count")
    approximate_presences: int | UnsetType | None = msgspec.field(
        default=UNSET, name="approximate_presence_count")
    max_members: int | UnsetType = UNSET
    vanity_url_code: str | None = None
    description: str | None = None
    banner_hash: str | None = msgspec.field(default=None, name="banner")
    premium_tier: int = 0
    premium_subscription_count: int | UnsetType = UNSET
    preferred_locale: str = "en-US"
    public_updates_channel_id: Snowflake | None = None
    nsfw_level: int = 0
    stickers: list[GuildSticker] = []
    premium_progress_bar_enabled: bool = False
    safety_alerts_channel_id: Snowflake | UnsetType | None = UNSET
    max_video_channel_users: int | UnsetType | None = UNSET
    max_stage_video_users: int | UnsetType | None = msgspec.field(
        default=UNSET, name="max_stage_video_channel_users")
    # {invites_disabled_until, dms_disabled_until, ...}: see GuildSafety.
    incidents_data: dict[str, Any] | UnsetType | None = UNSET
    # GUILD_CREATE only
    joined_at: str | UnsetType = UNSET
    large: bool | UnsetType = UNSET
    unavailable: bool | UnsetType = UNSET
    member_count: int | UnsetType | None = UNSET  # None: a fetched guild's, unknown
    voice_states: list[dict[str, Any]] | UnsetType = UNSET
    members: list[Member] | UnsetType = UNSET
    channels: list[Channel] | UnsetType = UNSET
    threads: list[Channel] | UnsetType = UNSET
    presences: list[dict[str, Any]] | UnsetType = UNSET
    # As sent; the client keeps them by id as StageInstances (``guild.stage_instances``).
    stage_instance_data: list[dict[str, Any]] | UnsetType = msgspec.field(
        default=UNSET, name="stage_instances")
    # As sent (one that does not read cannot spoil the guild); the client keeps them by
    # id as ScheduledEvents, which ``guild.scheduled_events`` reads.
    guild_scheduled_events: list[dict[str, Any]] | UnsetType = UNSET
    # As sent, as the scheduled events are; the client keeps them by id as
    # SoundboardSounds, which ``guild.soundboard_sounds`` reads.
    soundboard_data: list[dict[str, Any]] | UnsetType = msgspec.field(
        default=UNSET, name="soundboard_sounds")
    _state: Any = UNSET

    def __post_init__(self) -> None:
        # discord.py's settings are enums (``str()`` is the name); a value Discord adds
        # later stays an int, so decoding never fails on one.
        self.verification_level = enum_of(VerificationLevel, self.verification_level)
        self.default_message_notifications = enum_of(NotificationLevel,
                                                      self.default_message_notifications)
        self.explicit_content_filter = enum_of(ContentFilter, self.explicit_content_filter)
        self.mfa_level = enum_of(MFALevel, self.mfa_level)
        self.nsfw_level = enum_of(NSFWLevel, self.nsfw_level)

    @property
    def default_notifications(self) -> NotificationLevel | int:
        """Which messages notify members by default (discord.py's name)."""
        return self.default_message_notifications

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Guild) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        count = self.member_count if isinstance(self.member_count, int) else None
        return (f"<Guild id={self.id} name={self.name!r} shard_id={self.shard_id} "
                f"chunked={self.chunked} member_count={count}>")

    @property
    def created_at(self) -> Any:
        """When the guild was made (from its id)."""
        return self.id.created_at

    @property
    def shard_id(self) -> int:
        """The shard that hears this guild: ``(id >> 22) % shard_count``."""
        count = getattr(self._state, "shard_count", None) or 1
        return (self.id >> 22) % count

    @property
    def bitrate_limit(self) -> float:
        """The highest bitrate a voice channel may have here (more with boosts, or
        with the ``VIP_REGIONS`` feature)."""
        tier = min(int(self.premium_tier or 0), 3)
        floor = 128e3 if "VIP_REGIONS" in (self.features or []) else 96e3
        return max(floor, (96e3, 128e3, 256e3, 384e3)[tier])

    @property
    def voice_client(self) -> None:
        """Always ``None``: tidecord does not connect to voice (discord.py's
        connected ``VoiceClient`` would be here)."""
        return None

    @property
    def vanity_url(self) -> str | None:
        """``https://discord.gg/<code>`` for the guild's vanity code, if it has one."""
        code = self.vanity_url_code
        return None if code is None else f"https://discord.gg/{code}"

    async def vanity_invite(self) -> Any:
        """The guild's vanity invite (Manage Server; the guild needs ``VANITY_URL``),
        or ``None`` when no code is set."""
        from .invite import bind_invites

        vanity = decode(await self._state.http.vanity_url(self.id), dict[str, Any])
        if not vanity.get("code"):
            return None
        data = decode(await self._state.http.get_invite(vanity["code"]), dict[str, Any])
        data.update(uses=vanity.get("uses", 0), max_uses=0, max_age=0, temporary=False,
                    revoked=False)
        (invite,) = bind_invites(self._state, msgspec.json.encode([data]))
        return invite

    async def role_member_counts(self) -> dict[Any, int]:
        """How many members hold each role, by :class:`Role` (an :class:`Object` for
        one not cached)."""
        from .object import Object

        counts = decode(await self._state.http.role_member_counts(self.id), dict[int, int])
        return {self.get_role(rid) or Object(id=rid, type=Role): n
                for rid, n in counts.items()}

    async def delete(self) -> None:
        """Delete the guild. Only its owner may, and bots can no longer own guilds:
        Discord refuses (``Forbidden``). Deprecated, as in discord.py."""
        warnings.warn("delete is deprecated.", DeprecationWarning, stacklevel=2)
        await self._state.http.delete_guild(self.id)

    @property
    def filesize_limit(self) -> int:
        """How many bytes an upload may weigh here (more with boosts)."""
        tier = min(int(self.premium_tier or 0), 3)
        return (10_485_760, 10_485_760, 52_428_800, 104_857_600)[tier]

    async def invites(self) -> list[Any]:
        """Every invite of the guild, with their uses (needs Manage Server)."""
        from .invite import bind_invites

        return bind_invites(self._state, await self._state.http.guild_invites(self.id))

    async def webhooks(self) -> list[Any]:
        """Every webhook of the guild's channels (needs Manage Webhooks)."""
        from ..webhook import bind_webhooks

        return bind_webhooks(self._state, await self._state.http.guild_webhooks(self.id))

    async def edit(self, *, reason: str | None = None, **options: Any) -> Guild:
        """Change the guild's settings (Manage Server), with discord.py's keywords:
        ``name``, ``description``, ``icon``, ``banner``, ``splash``,
        ``discovery_splash`` (bytes or None), ``system_channel``, ``rules_channel``,
        ``public_updates_channel``, ``afk_channel``, ``safety_alerts_channel``
        (channels or None), ``afk_timeout``, ``verification_level``,
        ``default_notifications``, ``explicit_content_filter``, ``preferred_locale``,
        ``system_channel_flags``, ``premium_progress_bar_enabled``, ``owner`` (only the
        owner may: ``ValueError``); ``community``, ``discoverable``,
        ``invites_disabled`` and ``raid_alerts_disabled`` switch those features
        (``community=True`` needs ``rules_channel`` and ``public_updates_channel`` in
        the same call); ``invites_disabled_until`` and ``dms_disabled_until`` (aware
        datetimes or None) go to the incident actions first, ``widget_enabled`` and
        ``widget_channel`` to :meth:`edit_widget` after. ``vanity_code`` and
        ``mfa_level`` raise ``TypeError``: Discord publishes no route for them.
        Returns the guild as Discord answers; the cache follows with GUILD_UPDATE.

        ``await guild.edit(banner=png_bytes, invites_disabled=True, reason="raid")``
        """
        from .guild_edit import GuildEdit

        edit = GuildEdit(self, options)
        if edit.incidents:
            await self._state.http.edit_incident_actions(self.id, edit.incidents)
        data = await self._state.http.edit_guild(self.id, edit.fields, reason=reason)
        await self.edit_widget(**edit.widget, reason=reason)
        guild = decode(data, Guild)
        guild._state = self._state
        return guild

    @property
    def icon(self) -> Asset | None:
        """The guild's icon, if it has one (``.url`` as in discord.py)."""
        return None if self.icon_hash is None else guild_icon_asset(self.id, self.icon_hash)

    @property
    def banner(self) -> Asset | None:
        """The guild's banner, if it has one."""
        key = self.banner_hash
        return None if key is None else guild_image_asset(self.id, key, "banners")

    @property
    def splash(self) -> Asset | None:
        """The guild's invite splash, if it has one."""
        key = self.splash_hash
        return None if key is None else guild_image_asset(self.id, key, "splashes")

    @property
    def discovery_splash(self) -> Asset | None:
        """The guild's discovery splash, if it has one."""
        key = self.discovery_splash_hash
        return None if key is None else guild_image_asset(self.id, key, "discovery-splashes")

    @property
    def approximate_member_count(self) -> int | None:
        """Roughly how many members the guild has, when Discord counted (a guild from
        ``fetch_guilds`` or ``fetch_guild(with_counts=True)``), else ``None``."""
        count = self.approximate_members
        return count if isinstance(count, int) else None

    @property
    def approximate_presence_count(self) -> int | None:
        """Roughly how many members are online, when Discord counted, else ``None``."""
        count = self.approximate_presences
        return count if isinstance(count, int) else None

    async def leave(self) -> None:
        """Leave the guild."""
        await self._state.http.leave_guild(self.id)

    def audit_logs(self, *, limit: int | None = 100, before: Any = None, after: Any = None,
                   oldest_first: bool | None = None, user: Any = None,
                   action: Any = None) -> AsyncIterator[Any]:
        """``async for entry in guild.audit_logs(limit=20, action=AuditLogAction.ban):``
        the audit log, newest first (``oldest_first=True``: oldest first). ``before`` and
        ``after`` take an id, an object with one, or a datetime; ``user`` keeps one
        moderator's entries. Needs View Audit Log.

        As discord.py 2.7.1 does, ``after`` alone keeps the newest-first order (its
        documentation says ``after`` turns ``oldest_first`` on; its code does not).
        """
        from .audit_log import read_audit_log

        return read_audit_log(self, limit=limit, before=before, after=after,
                              oldest_first=bool(oldest_first), user=user, action=action)


def _locale(code: str) -> Any:
    from ..interactions.locale import to_locale  # the interactions import the models
    return to_locale(code)


# A ``Locale``, as discord.py reads it (an unknown code stays text); stored as sent.
viewed_field(Guild, "preferred_locale", _locale, lambda value: str(getattr(value, "value", value)))
viewed_field(Guild, "system_channel_flags",
             lambda value: SystemChannelFlags._from_value(int(value)), int)
