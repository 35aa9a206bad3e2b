"""Invites: made for a channel (Create Invite), listed by those who manage them, read
by anyone, revoked by managers."""

from __future__ import annotations

from typing import Final

import msgspec
from aiohttp import web

from tidecord.models import Permissions, Snowflake

from . import audit
from .access import bot_needs
from .context import query_bool, query_id, read_body, sandbox_of, snowflake
from .errors import REQUIRED, APIError, FormError, form_error, json_response

__all__ = ["ROUTES"]

CREATE_INVITE: Final[int] = Permissions.create_instant_invite
MANAGE_CHANNELS: Final[int] = Permissions.manage_channels
MANAGE_GUILD: Final[int] = Permissions.manage_guild
# Discord's longest invite life (s), and most uses.
MAX_AGE: Final = 5_184_000
MAX_USES: Final = 100


class _Create(msgspec.Struct, kw_only=True):
    max_age: int | None = None
    max_uses: int | None = None
    temporary: bool | None = None
    unique: bool | None = None
    target_type: int | None = None
    target_user_id: Snowflake | None = None
    target_application_id: Snowflake | None = None
    flags: int | None = None  # 1: a guest invite (for a voice channel)


async def create_invite(request: web.Request) -> web.Response:
    """POST /channels/{channel_id}/invites."""
    sb = sandbox_of(request)
    channel = sb.state.channel(snowflake(request, "channel_id"))
    bot_needs(request, channel.id, CREATE_INVITE)
    body, _ = await read_body(request, _Create)
    max_age = 86400 if body.max_age is None else body.max_age
    max_uses = 0 if body.max_uses is None else body.max_uses
    errors: dict[str, FormError] = {}
    if not 0 <= max_age <= MAX_AGE:
        errors["max_age"] = ("NUMBER_TYPE_MAX" if max_age > 0 else "NUMBER_TYPE_MIN",
                             f"int value should be between 0 and {MAX_AGE}.")
    if not 0 <= max_uses <= MAX_USES:
        errors["max_uses"] = ("NUMBER_TYPE_MAX" if max_uses > 0 else "NUMBER_TYPE_MIN",
                              f"int value should be between 0 and {MAX_USES}.")
    target = _target(body, errors)
    if errors:
        raise form_error(errors)
    if target is not None and target[0] == 1:
        sb.state.user(target[1])  # 10013 for no such user
    elif target is not None and target[1] != sb.state.application.id:
        raise APIError(404, 10002, "Unknown Application")  # the sandbox knows only its own
    known = set(sb.state.invites)
    invite = sb.state.create_invite(channel.id, sb.state.bot_user.id, max_age=max_age,
                                    max_uses=max_uses, temporary=bool(body.temporary),
                                    unique=bool(body.unique), target=target,
                                    flags=body.flags or 0)
    data = sb.state.invite_object(invite)
    if invite.code not in known:  # not one handed back (unique=False)
        audit.record(request, invite.guild_id, audit.Action.INVITE_CREATE, None,
                     audit.changes(None, _audited(data), _INVITE_KEYS))
    return json_response(data)


def _target(body: _Create, errors: dict[str, FormError]) -> tuple[int, int] | None:
    """What the invite is to open besides its channel: (1, the user whose stream) or
    (2, the embedded application); the id its kind needs is required (unverified
    wording: Discord's required-field error)."""
    if body.target_type is None:
        return None
    field = {1: "target_user_id", 2: "target_application_id"}.get(body.target_type)
    if field is None:
        errors["target_type"] = ("ENUM_TYPE_COERCE",
                                 f'Value "{body.target_type}" is not a valid enum value.')
        return None
    whom = getattr(body, field)
    if whom is None:
        errors[field] = REQUIRED
        return None
    return body.target_type, int(whom)


async def channel_invites(request: web.Request) -> web.Response:
    """GET /channels/{channel_id}/invites (Manage Channels)."""
    sb = sandbox_of(request)
    channel = sb.state.channel(snowflake(request, "channel_id"))
    if not sb.state.can(channel.id, sb.state.bot_user.id, MANAGE_CHANNELS):
        raise APIError(403, 50013, "Missing Permissions")
    return json_response([sb.state.invite_object(i) for i in sb.state.live_invites()
                          if i.channel_id == channel.id])


async def guild_invites(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/invites (Manage Server)."""
    sb = sandbox_of(request)
    gid = int(sb.state.guild(snowflake(request, "guild_id")).id)
    if not sb.state.permissions_in_guild(gid, sb.state.bot_user.id) & MANAGE_GUILD:
        raise APIError(403, 50013, "Missing Permissions")
    return json_response([sb.state.invite_object(i) for i in sb.state.live_invites()
                          if i.guild_id == gid])


async def get_invite(request: web.Request) -> web.Response:
    """GET /invites/{code}: anyone may read one, without its uses."""
    sb = sandbox_of(request)
    invite = sb.state.invite(request.match_info["code"])
    for name in ("target_channel_id", "target_message_id"):
        query_id(request, name)  # read only to refuse what is no snowflake, as Discord
    counts = query_bool(request, "with_counts")
    data = sb.state.invite_object(invite, metadata=False, counts=counts)
    # an event of the invite's guild asked for comes with it (another one is left out)
    event_id = query_id(request, "guild_scheduled_event_id")
    event = sb.state.scheduled_events.get(invite.guild_id, {}).get(event_id or 0)
    if event is not None:
        data["guild_scheduled_event"] = event
    return json_response(data)


async def delete_invite(request: web.Request) -> web.Response:
    """DELETE /invites/{code}: Manage Channels in its channel, or Manage Server."""
    sb = sandbox_of(request)
    invite = sb.state.invite(request.match_info["code"])
    guild_wide = sb.state.permissions_in_guild(invite.guild_id, sb.state.bot_user.id)
    in_channel = sb.state.can(invite.channel_id, sb.state.bot_user.id, MANAGE_CHANNELS)
    if not (in_channel or guild_wide & MANAGE_GUILD):
        raise APIError(403, 50013, "Missing Permissions")
    data = sb.state.invite_object(invite)
    sb.state.delete_invite(invite.code)
    audit.record(request, invite.guild_id, audit.Action.INVITE_DELETE, None,
                 audit.changes(_audited(data), None, _INVITE_KEYS))
    return json_response(data)


# What an invite's audit log entries show of it.
_INVITE_KEYS: Final = ("code", "channel_id", "inviter_id", "uses", "max_uses", "max_age",
                       "temporary")


def _audited(data: dict[str, object]) -> dict[str, object]:
    """An invite's fields as its audit log entries name them."""
    inviter = data.get("inviter")
    channel = data.get("channel")
    return {**data, "channel_id": channel.get("id") if isinstance(channel, dict) else None,
            "inviter_id": inviter.get("id") if isinstance(inviter, dict) else None}


ROUTES = [
    ("POST", "/channels/{channel_id}/invites", create_invite),
    ("GET", "/channels/{channel_id}/invites", channel_invites),
    ("GET", "/guilds/{guild_id}/invites", guild_invites),
    ("GET", "/invites/{code}", get_invite),
    ("DELETE", "/invites/{code}", delete_invite),
]
