"""Gateway frames, opcodes, close codes, and the payloads of non-object events."""

from __future__ import annotations

import enum
from typing import Any

import msgspec

from .application import PartialApplication
from .base import UNSET, Model, Snowflake, UnsetType
from .emoji import Emoji
from .flags import Intents
from .guild import UnavailableGuild
from .member import Member
from .role import Role
from .user import User

__all__ = [
    "ActivityData",
    "ChannelPinsUpdate",
    "CloseCode",
    "Frame",
    "GatewayBot",
    "GatewayInfo",
    "GuildMemberRemove",
    "GuildMemberUpdate",
    "GuildMembersChunk",
    "GuildRoleDelete",
    "GuildRoleEvent",
    "Hello",
    "Identify",
    "IdentifyProperties",
    "MessageDelete",
    "MessageDeleteBulk",
    "Opcode",
    "OutgoingFrame",
    "PollVoteEvent",
    "PresenceUpdate",
    "ReactionEvent",
    "Ready",
    "RequestGuildMembers",
    "Resume",
    "SessionStartLimit",
    "TypingStart",
    "UpdatePresence",
]


class Opcode(enum.IntEnum):
    DISPATCH = 0
    HEARTBEAT = 1
    IDENTIFY = 2
    PRESENCE_UPDATE = 3
    VOICE_STATE_UPDATE = 4
    RESUME = 6
    RECONNECT = 7
    REQUEST_GUILD_MEMBERS = 8
    INVALID_SESSION = 9
    HELLO = 10
    HEARTBEAT_ACK = 11
    REQUEST_SOUNDBOARD_SOUNDS = 31


class CloseCode(enum.IntEnum):
    UNKNOWN_ERROR = 4000
    UNKNOWN_OPCODE = 4001
    DECODE_ERROR = 4002
    NOT_AUTHENTICATED = 4003
    AUTHENTICATION_FAILED = 4004
    ALREADY_AUTHENTICATED = 4005
    INVALID_SEQ = 4007
    RATE_LIMITED = 4008
    SESSION_TIMED_OUT = 4009
    INVALID_SHARD = 4010
    SHARDING_REQUIRED = 4011
    INVALID_API_VERSION = 4012
    INVALID_INTENTS = 4013
    DISALLOWED_INTENTS = 4014

    @property
    def reconnectable(self) -> bool:
        """Whether a client may reconnect after this code."""
        return self not in _FATAL


_FATAL = frozenset({4004, 4010, 4011, 4012, 4013, 4014})


class Frame(msgspec.Struct, gc=False):
    """A received frame; ``d`` stays raw bytes until the event's type is known."""

    op: int
    d: msgspec.Raw = msgspec.Raw(b"null")
    s: int | None = None
    t: str | None = None


class OutgoingFrame(msgspec.Struct, gc=False):
    """A frame to send; ``d`` is any model or plain value."""

    op: int
    d: Any
    s: int | None = None
    t: str | None = None


class Hello(Model, gc=False, kw_only=True):
    heartbeat_interval: int


class IdentifyProperties(Model, gc=False, kw_only=True):
    os: str
    browser: str
    device: str


class ActivityData(Model, gc=False, kw_only=True):
    """An activity as the wire carries it (playing, listening, custom status...).

    A bot sends ``name``, ``type``, ``url`` and ``state``; a presence may carry the
    rest. User code gets :class:`tidecord.Activity` and its kin, made from this.
    """

    name: str
    type: int = 0
    url: str | UnsetType | None = UNSET
    state: str | UnsetType | None = UNSET
    created_at: int | UnsetType = UNSET
    details: str | UnsetType | None = UNSET
    application_id: Snowflake | UnsetType = UNSET
    # {"start": ms, "end": ms}, either may be missing
    timestamps: dict[str, int] | UnsetType = UNSET
    # large_image, large_text, small_image, small_text
    assets: dict[str, str] | UnsetType = UNSET
    party: dict[str, Any] | UnsetType = UNSET
    emoji: dict[str, Any] | UnsetType | None = UNSET
    buttons: list[Any] | UnsetType = UNSET
    flags: int | UnsetType = UNSET
    sync_id: str | UnsetType = UNSET
    session_id: str | UnsetType = UNSET
    # Links on the state and details texts, and which text shows by the name.
    state_url: str | UnsetType | None = UNSET
    details_url: str | UnsetType | None = UNSET
    status_display_type: int | UnsetType | None = UNSET


class UpdatePresence(Model, gc=False, kw_only=True):
    """Op 3, and the ``presence`` of Identify."""

    since: int | None = None
    activities: list[ActivityData] = []
    status: str = "online"
    afk: bool = False


class Identify(Model, gc=False, kw_only=True):
    token: str
    properties: IdentifyProperties
    intents: Intents
    compress: bool | UnsetType = UNSET
    large_threshold: int | UnsetType = UNSET
    shard: tuple[int, int] | UnsetType = UNSET
    presence: UpdatePresence | UnsetType = UNSET

    def __repr__(self) -> str:
        return f"Identify(intents={self.intents.value}, shard={self.shard})"


class Resume(Model, gc=False, kw_only=True):
    token: str
    session_id: str
    seq: int | None

    def __repr__(self) -> str:
        return f"Resume(session_id={self.session_id!r}, seq={self.seq})"


class RequestGuildMembers(Model, gc=False, kw_only=True):
    guild_id: Snowflake
    query: str | UnsetType = UNSET
    limit: int = 0
    presences: bool | UnsetType = UNSET
    # A single id or a list; msgspec cannot decode a union holding a custom type itself.
    user_ids: int | str | list[Snowflake] | UnsetType = UNSET
    nonce: str | UnsetType = UNSET


class Ready(Model, kw_only=True):
    v: int
    user: User
    guilds: list[UnavailableGuild]
    session_id: str
    resume_gateway_url: str
    shard: tuple[int, int] | UnsetType = UNSET
    application: PartialApplication
    private_channels: list[Any] = []
    user_settings: dict[str, Any] = {}
    relationships: list[Any] = []
    presences: list[Any] = []
    guild_join_requests: list[Any] = []
    geo_ordered_rtc_regions: list[str] = []
    auth: dict[str, Any] = {}
    session_type: str = "normal"


class GuildMembersChunk(Model, kw_only=True):
    guild_id: Snowflake
    members: list[Member]
    chunk_index: int
    chunk_count: int
    not_found: list[Snowflake] | UnsetType = UNSET
    presences: list[Any] | UnsetType = UNSET
    nonce: str | UnsetType = UNSET


class GuildMemberRemove(Model, gc=False, kw_only=True):
    guild_id: Snowflake
    user: User


class GuildMemberUpdate(Member, gc=False, kw_only=True):
    """GUILD_MEMBER_ADD and GUILD_MEMBER_UPDATE: a member plus its guild."""

    guild_id: Snowflake


class GuildRoleEvent(Model, gc=False, kw_only=True):
    """GUILD_ROLE_CREATE and GUILD_ROLE_UPDATE."""

    guild_id: Snowflake
    role: Role


class GuildRoleDelete(Model, gc=False, kw_only=True):
    guild_id: Snowflake
    role_id: Snowflake


class MessageDelete(Model, gc=False, kw_only=True):
    id: Snowflake
    channel_id: Snowflake
    guild_id: Snowflake | UnsetType = UNSET


class MessageDeleteBulk(Model, gc=False, kw_only=True):
    ids: list[Snowflake]
    channel_id: Snowflake
    guild_id: Snowflake | UnsetType = UNSET


class PollVoteEvent(Model, gc=False, kw_only=True):
    """MESSAGE_POLL_VOTE_ADD and MESSAGE_POLL_VOTE_REMOVE: one per answer."""

    user_id: Snowflake
    channel_id: Snowflake
    message_id: Snowflake
    guild_id: Snowflake | UnsetType = UNSET
    answer_id: int


class ReactionEvent(Model, gc=False, kw_only=True):
    """MESSAGE_REACTION_ADD and MESSAGE_REACTION_REMOVE."""

    user_id: Snowflake
    channel_id: Snowflake
    message_id: Snowflake
    guild_id: Snowflake | UnsetType = UNSET
    member: Member | UnsetType = UNSET
    emoji: Emoji
    message_author_id: Snowflake | UnsetType = UNSET
    burst: bool = False
    burst_colors: list[str] | UnsetType = UNSET
    type: int = 0


class TypingStart(Model, gc=False, kw_only=True):
    channel_id: Snowflake
    guild_id: Snowflake | UnsetType = UNSET
    user_id: Snowflake
    timestamp: int
    member: Member | UnsetType = UNSET


class ChannelPinsUpdate(Model, gc=False, kw_only=True):
    guild_id: Snowflake | UnsetType = UNSET
    channel_id: Snowflake
    last_pin_timestamp: str | UnsetType | None = UNSET


class PresenceUpdate(Model, gc=False, kw_only=True):
    """A user's status in a guild (needs the presences intent)."""

    user: dict[str, Any]
    guild_id: Snowflake | UnsetType = UNSET
    status: str = "offline"
    activities: list[ActivityData] = []
    client_status: dict[str, str] = {}


class SessionStartLimit(Model, gc=False, kw_only=True):
    total: int
    remaining: int
    reset_after: int
    max_concurrency: int


class GatewayInfo(Model, gc=False, kw_only=True):
    """GET /gateway."""

    url: str


class GatewayBot(Model, gc=False, kw_only=True):
    """GET /gateway/bot: where to connect, how many shards, how many identifies left."""

    url: str
    shards: int
    session_start_limit: SessionStartLimit
