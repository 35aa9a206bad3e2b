"""Channels: get, modify, delete, overwrites, typing and pins (threads: ``threads``)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Channel, ChannelOverwrite, Permissions, Snowflake, UnsetType

from ..snowflakes import iso_timestamp
from . import audit
from .access import visible_channel
from .bodies import check_send
from .context import query_limit, query_time, read_body, sandbox_of, snowflake
from .errors import (
    REQUIRED,
    APIError,
    FormError,
    bad_length,
    empty_response,
    form_error,
    json_response,
    too_long,
)
from .forums import ForumTagBody, ReactionBody, forum_settings
from .messages import pin_logged
from .threads import check_settings, thread_changes

# What a channel's audit log entries show of it.
MIN_BITRATE: Final = 8000
MAX_TOPIC: Final = 4096
CHANNEL_AUDIT_KEYS: Final = ("name", "type", "topic", "nsfw", "rate_limit_per_user", "bitrate",
                             "user_limit", "parent_id", "rtc_region", "video_quality_mode")

__all__ = ["ROUTES", "ChannelBody", "renames"]

MANAGE_CHANNELS: Final[int] = Permissions.manage_channels
READ_HISTORY: Final[int] = Permissions.read_message_history
MANAGE_THREADS: Final[int] = Permissions.manage_threads
PIN_MESSAGES: Final[int] = Permissions.pin_messages
MANAGE_ROLES: Final[int] = Permissions.manage_roles


# The kinds of guild channel a bot may make or turn one into (the spec's enum, and
# media channels, which guilds with the feature have): no thread, DM or directory.
GUILD_CHANNEL_KINDS: Final = (0, 2, 4, 5, 13, 14, 15, 16)


def check_kind(kind: int) -> None:
    """50035 for a ``type`` no guild channel has."""
    if kind not in GUILD_CHANNEL_KINDS:
        shown = ", ".join(map(str, GUILD_CHANNEL_KINDS))
        raise form_error({"type": ("BASE_TYPE_CHOICES", f"Value must be one of {{{shown}}}.")})


class ChannelBody(msgspec.Struct, kw_only=True):
    """PATCH /channels/{id} and POST /guilds/{id}/channels."""

    name: str | None = None
    type: int | None = None
    # Null clears these (a topic removed, a channel taken out of its category); left
    # out, they stay as they are.
    topic: str | UnsetType | None = UNSET
    position: int | None = None
    nsfw: bool | None = None
    rate_limit_per_user: int | None = None
    # Discord takes a snowflake as a string or a number.
    parent_id: str | int | UnsetType | None = UNSET
    permission_overwrites: list[OverwriteRequest] | None = None
    bitrate: int | None = None
    user_limit: int | None = None
    # A voice or stage channel's region (null: automatic) and camera quality (1 auto, 2 full).
    rtc_region: str | UnsetType | None = UNSET
    video_quality_mode: int | None = None
    archived: bool | None = None
    locked: bool | None = None
    invitable: bool | None = None
    auto_archive_duration: int | None = None
    # A thread's own: its flags (a post's pin) and a post's tags, snowflakes as
    # strings or numbers.
    flags: int | None = None
    applied_tags: list[str | int] | None = None
    # A text, forum or media channel's defaults for its threads.
    default_auto_archive_duration: int | None = None
    default_thread_rate_limit_per_user: int | None = None
    # A forum or media channel's own (``forums``).
    available_tags: list[ForumTagBody] | None = None
    default_reaction_emoji: ReactionBody | UnsetType | None = UNSET
    default_sort_order: int | UnsetType | None = UNSET
    default_forum_layout: int | None = None

    def changes(self, roles: Collection[int] = ()) -> dict[str, Any]:
        """The channel fields this body sets (``roles``: the guild's role ids, to tell
        an overwrite of a role from a member's when its type is left out)."""
        out: dict[str, Any] = {}
        if self.permission_overwrites is not None:
            out["permission_overwrites"] = [
                o.overwrite(roles, f"permission_overwrites.{i}.")
                for i, o in enumerate(self.permission_overwrites)]
        for key in ("name", "position", "nsfw", "rate_limit_per_user",
                    "bitrate", "user_limit",
                    "default_auto_archive_duration", "default_thread_rate_limit_per_user"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.topic is not UNSET:
            out["topic"] = self.topic
        if self.parent_id is None:
            out["parent_id"] = None
        elif self.parent_id is not UNSET:
            if not str(self.parent_id).isdigit():
                raise form_error({"parent_id": ("NUMBER_TYPE_COERCE",
                                                f'Value "{self.parent_id}" is not snowflake.')})
            out["parent_id"] = int(self.parent_id)
        if self.name is not None and not 1 <= len(self.name) <= 100:
            raise form_error({"name": bad_length(1, 100)})
        check_settings(self.auto_archive_duration, self.rate_limit_per_user,
                       default_auto_archive_duration=self.default_auto_archive_duration,
                       default_thread_rate_limit_per_user=self.default_thread_rate_limit_per_user)
        return out

    def check_limits(self, kind: int) -> None:
        """50035 for a topic, bitrate or user limit past what a channel of type ``kind``
        takes: a topic to 4,096 characters (Discord's spec; its docs still say 1,024
        outside forum and media channels), a bitrate from 8,000, a user limit to 99
        (10,000 on a stage; Discord's channel docs)."""
        errors: dict[str, FormError] = {}
        if isinstance(self.topic, str) and len(self.topic) > MAX_TOPIC:
            errors["topic"] = too_long(MAX_TOPIC)
        if kind in (2, 13):
            if self.bitrate is not None and self.bitrate < MIN_BITRATE:
                errors["bitrate"] = ("NUMBER_TYPE_MIN", "int value should be greater than or "
                                     f"equal to {MIN_BITRATE}.")
            most_users = 10_000 if kind == 13 else 99
            if self.user_limit is not None and not 0 <= self.user_limit <= most_users:
                errors["user_limit"] = (
                    ("NUMBER_TYPE_MAX", f"int value should be less than or equal to {most_users}.")
                    if self.user_limit > 0
                    else ("NUMBER_TYPE_MIN", "int value should be greater than or equal to 0."))
        if errors:
            raise form_error(errors)

    def voice_changes(self, kind: int) -> dict[str, Any]:
        """The voice settings this body sets on a voice or stage channel (``kind``); any
        other channel has none to set."""
        if kind not in (2, 13):
            return {}
        out: dict[str, Any] = {}
        if self.rtc_region is not UNSET:
            out["rtc_region"] = self.rtc_region
        if self.video_quality_mode is not None:
            if self.video_quality_mode not in (1, 2):
                raise form_error({"video_quality_mode": ("BASE_TYPE_CHOICES",
                                                         "Value must be one of {1, 2}.")})
            out["video_quality_mode"] = self.video_quality_mode
        return out

    def forum_changes(self, kind: int, current: Channel | None, new_id: Any) -> dict[str, Any]:
        """The forum and media fields this body sets on a channel of type ``kind``
        (:func:`forums.forum_settings`)."""
        return forum_settings(
            kind, current, new_id, available_tags=self.available_tags,
            default_reaction_emoji=self.default_reaction_emoji,
            default_sort_order=self.default_sort_order,
            default_forum_layout=self.default_forum_layout, flags=self.flags)


class _OverwriteBody(msgspec.Struct, kw_only=True):
    """PUT /channels/{id}/permissions/{overwrite_id}: bit sets as strings or numbers."""

    type: int | None = None
    allow: str | int | None = None
    deny: str | int | None = None

    def bits(self, field: str, at: str = "") -> Permissions:
        """``allow`` or ``deny`` (none when left out or null); ``at`` prefixes the
        field's path in an error."""
        value = getattr(self, field)
        if value is None:
            return Permissions(0)
        if isinstance(value, str) and not value.isdigit():
            raise form_error({at + field: ("NUMBER_TYPE_COERCE",
                                           f'Value "{value}" is not int.')})
        return Permissions(int(value))


class OverwriteRequest(_OverwriteBody, kw_only=True):
    """One of a channel body's ``permission_overwrites``: allow and deny left out or
    null are none, and a type left out (Discord's spec makes it optional) is read from
    the id, a role of the guild or else a member."""

    id: Snowflake

    def overwrite(self, roles: Collection[int], at: str) -> ChannelOverwrite:
        if self.type is not None and self.type not in (0, 1):
            raise form_error({at + "type": ("BASE_TYPE_CHOICES", "Value must be one of {0, 1}.")})
        kind = self.type if self.type is not None else (0 if int(self.id) in roles else 1)
        return ChannelOverwrite(id=self.id, type=kind, allow=self.bits("allow", at),
                                deny=self.bits("deny", at))


async def get_channel(request: web.Request) -> web.Response:
    """GET /channels/{channel_id}."""
    return json_response(visible_channel(request))


async def renames(request: web.Request) -> bool:
    """Whether PATCH /channels/{channel_id} changes the channel's name or topic, which
    Discord limits apart (``RENAMES``). Asked before the handler, so a body that cannot
    be read (the handler answers it) or an unknown channel counts as no rename.

    Inferred, as Discord does not document the limit: only a real change counts, so
    sending the name or topic the channel already has (as some libraries do with every
    edit) uses the route's ordinary bucket alone."""
    channel_id = request.match_info.get("channel_id", "")
    channel = sandbox_of(request).state.channels.get(int(channel_id)) \
        if channel_id.isdigit() else None
    if channel is None:
        return False
    try:
        body = msgspec.json.decode(await request.read() or b"{}", type=ChannelBody)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return False
    topic = None if channel.topic is UNSET else channel.topic
    return (body.name is not None and body.name != channel.name) or (
        body.topic is not UNSET and body.topic != topic)


async def modify_channel(request: web.Request) -> web.Response:
    """PATCH /channels/{channel_id}."""
    sb = sandbox_of(request)
    channel = visible_channel(request)
    body, _ = await read_body(request, ChannelBody)
    changes = body.changes(sb.state.roles.get(sb.state.guild_id_of(channel) or 0, {}))
    if channel.is_thread:
        asked = {key: value for key, value in msgspec.structs.asdict(body).items()
                 if value is not None and value is not UNSET}
        changes.update(thread_changes(request, channel, asked))
    else:
        if not sb.state.can(channel.id, sb.state.bot_user.id, MANAGE_CHANNELS):
            raise APIError(403, 50013, "Missing Permissions")
        if "permission_overwrites" in changes:
            # Overwrites need Manage Permissions, and those changed the bot's own rights.
            if not sb.state.can(channel.id, sb.state.bot_user.id, MANAGE_ROLES):
                raise APIError(403, 50013, "Missing Permissions")
            before = {(int(o.id), o.allow.value, o.deny.value)
                      for o in channel.permission_overwrites or []}
            check_grant(sb, channel, [o for o in changes["permission_overwrites"]
                                      if (int(o.id), o.allow.value, o.deny.value) not in before])
        if body.type is not None and body.type != channel.type:
            check_kind(body.type)
            # Only a text channel becomes an announcement one and back, in a guild with
            # announcement channels (Discord's Modify Channel); other changes of type
            # are left undone.
            features = sb.state.guild(sb.state.guild_id_of(channel) or 0).features
            if {channel.type, body.type} == {0, 5} \
                    and {"NEWS", "COMMUNITY"} & set(features or ()):
                changes["type"] = body.type
        body.check_limits(channel.type)
        changes.update(body.forum_changes(channel.type, channel, sb.state.new_id))
        changes.update(body.voice_changes(channel.type))
    updated = sb.state.update_channel(channel.id, by=sb.state.bot_user.id, **changes)
    gid = sb.state.guild_id_of(channel)
    found = audit.changes(channel, updated, CHANNEL_AUDIT_KEYS)
    if channel.is_thread:
        audit.record_thread(request, audit.Action.THREAD_UPDATE, channel, updated)
    elif gid is not None and found:
        audit.record(request, gid, audit.Action.CHANNEL_UPDATE, channel.id, found)
    record_overwrites(request, channel, updated)
    return json_response(updated)


async def delete_channel(request: web.Request) -> web.Response:
    """DELETE /channels/{channel_id}."""
    sb = sandbox_of(request)
    channel = visible_channel(request)
    need = MANAGE_THREADS if channel.is_thread else MANAGE_CHANNELS
    if channel.type != 1 and not sb.state.can(channel.id, sb.state.bot_user.id, need):
        raise APIError(403, 50013, "Missing Permissions")
    gid = sb.state.guild_id_of(channel)
    deleted = sb.state.delete_channel(channel.id)
    if channel.is_thread:
        audit.record_thread(request, audit.Action.THREAD_DELETE, channel, None)
    elif gid is not None:
        audit.record(request, gid, audit.Action.CHANNEL_DELETE, channel.id,
                     audit.changes(channel, None, CHANNEL_AUDIT_KEYS))
    return json_response(deleted)


def check_grant(sb: Any, channel: Channel, overwrites: list[ChannelOverwrite]) -> None:
    """Only what the bot may do itself in ``channel`` can be allowed or denied by
    ``overwrites``, unless the channel gives the bot MANAGE_ROLES by an overwrite of
    its own (Discord's rule): 50013."""
    bot = sb.state.bot_user.id
    own = any(o.id == bot and o.type == 1 and o.allow.value & MANAGE_ROLES
              for o in channel.permission_overwrites or [])
    if not own and asked_bits(overwrites) & ~sb.state.permissions(channel.id, bot):
        raise APIError(403, 50013, "Missing Permissions")


def asked_bits(overwrites: list[ChannelOverwrite]) -> int:
    """Every permission ``overwrites`` allow or deny."""
    asked = 0
    for overwrite in overwrites:
        asked |= overwrite.allow.value | overwrite.deny.value
    return asked


def _channel_for_overwrites(request: web.Request) -> Channel:
    sb = sandbox_of(request)
    channel = visible_channel(request)
    if channel.is_thread or channel.guild_id is UNSET:
        raise APIError(400, 50024, "Cannot execute action on this channel type")
    if not sb.state.can(channel.id, sb.state.bot_user.id, MANAGE_ROLES):
        raise APIError(403, 50013, "Missing Permissions")
    return channel


async def put_overwrite(request: web.Request) -> web.Response:
    """PUT /channels/{channel_id}/permissions/{overwrite_id}: set one role's (type 0) or
    member's (type 1) overwrite; CHANNEL_UPDATE, then 204."""
    sb = sandbox_of(request)
    channel = _channel_for_overwrites(request)
    target = snowflake(request, "overwrite_id")
    body, _ = await read_body(request, _OverwriteBody)
    if body.type is None:
        raise form_error({"type": REQUIRED})
    if body.type not in (0, 1):
        raise form_error({"type": ("BASE_TYPE_CHOICES",
                                   "Value must be one of {0, 1}.")})
    new = ChannelOverwrite(id=target, type=body.type, allow=body.bits("allow"),
                           deny=body.bits("deny"))
    check_grant(sb, channel, [new])
    kept = [o for o in channel.permission_overwrites or [] if o.id != target]
    updated = sb.state.update_channel(channel.id, permission_overwrites=[*kept, new])
    record_overwrites(request, channel, updated)
    return empty_response()


async def delete_overwrite(request: web.Request) -> web.Response:
    """DELETE /channels/{channel_id}/permissions/{overwrite_id}: CHANNEL_UPDATE, then 204;
    404 (10009) when the channel has no such overwrite."""
    sb = sandbox_of(request)
    channel = _channel_for_overwrites(request)
    target = snowflake(request, "overwrite_id")
    overwrites = channel.permission_overwrites or []
    kept = [o for o in overwrites if o.id != target]
    if len(kept) == len(overwrites):
        raise APIError(404, 10009, "Unknown Overwrite")
    updated = sb.state.update_channel(channel.id, permission_overwrites=kept)
    record_overwrites(request, channel, updated)
    return empty_response()


def record_overwrites(request: web.Request, old: Channel, new: Channel) -> None:
    """An entry for each overwrite a change made, changed or took away, as Discord
    logs them: the channel as target, the overwritten role or member in ``options``
    (a role by name too), its ``id``, ``type``, ``allow`` and ``deny`` as changes."""
    state = sandbox_of(request).state
    gid = state.guild_id_of(old)
    if gid is None:
        return
    before = {int(o.id): o for o in old.permission_overwrites or []}
    after = {int(o.id): o for o in new.permission_overwrites or []}
    for target, either in {**before, **after}.items():
        was, now = before.get(target), after.get(target)
        found = audit.changes(was, now, ("id", "type", "allow", "deny"))
        if was is not None and now is not None:
            action = audit.Action.CHANNEL_OVERWRITE_UPDATE
            found = [c for c in found if c["key"] in ("allow", "deny")]
        else:
            action = audit.Action.CHANNEL_OVERWRITE_CREATE if was is None \
                else audit.Action.CHANNEL_OVERWRITE_DELETE
        if not found:
            continue
        options: dict[str, Any] = {"id": target, "type": either.type}
        role = state.roles[gid].get(target) if either.type == 0 else None
        if role is not None:
            options["role_name"] = role.name
        audit.record(request, gid, action, old.id, found, options)


async def trigger_typing(request: web.Request) -> web.Response:
    """POST /channels/{channel_id}/typing."""
    sb = sandbox_of(request)
    channel = sb.state.channel(snowflake(request, "channel_id"))
    check_send(sb, channel, sb.state.bot_user.id)
    sb.state.typing(channel.id, sb.state.bot_user.id)
    return empty_response()


async def get_pins(request: web.Request) -> web.Response:
    """GET /channels/{channel_id}/messages/pins (pages: ``before`` a time, ``limit`` 1-50,
    newest pin first, each with ``pinned_at``), and the older GET /channels/{id}/pins
    (every pin's message)."""
    sb = sandbox_of(request)
    channel = visible_channel(request, READ_HISTORY)
    pinned = sb.state.pinned(channel.id)
    if not request.path.endswith("/messages/pins"):
        return json_response([message for _, message in pinned])
    limit = query_limit(request, 50, 50)
    cutoff = query_time(request, "before")
    if cutoff is not None:
        pinned = [(at, message) for at, message in pinned if at < cutoff]
    items = [{"pinned_at": iso_timestamp(at), "message": message}
             for at, message in pinned[:limit]]
    return json_response({"items": items, "has_more": len(pinned) > limit})


async def pin(request: web.Request) -> web.Response:
    """PUT /channels/{channel_id}/pins/{message_id} (and its variants)."""
    sb = sandbox_of(request)
    channel = visible_channel(request)
    # Pin Messages alone: Discord's change log of 24 November 2025 ended Manage
    # Messages' pinning on 23 February 2026.
    if not sb.state.can(channel.id, sb.state.bot_user.id, PIN_MESSAGES):
        raise APIError(403, 50013, "Missing Permissions")
    pin_logged(sb.state, channel.id, snowflake(request, "message_id"),
               request.method == "PUT", sb.state.bot_user.id, audit.reason_of(request))
    return empty_response()

_C = "/channels/{channel_id}"
ROUTES = [
    ("GET", _C, get_channel),
    ("PATCH", _C, modify_channel),
    ("DELETE", _C, delete_channel),
    ("PUT", _C + "/permissions/{overwrite_id}", put_overwrite),
    ("DELETE", _C + "/permissions/{overwrite_id}", delete_overwrite),
    ("POST", _C + "/typing", trigger_typing),
    ("GET", _C + "/pins", get_pins),
    ("PUT", _C + "/pins/{message_id}", pin),
    ("DELETE", _C + "/pins/{message_id}", pin),
    ("GET", _C + "/messages/pins", get_pins),
    ("PUT", _C + "/messages/pins/{message_id}", pin),
    ("DELETE", _C + "/messages/pins/{message_id}", pin),
]
