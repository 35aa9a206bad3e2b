"""Guilds: get, channels, roles, members (list, search, modify, kick) and bans."""

from __future__ import annotations

from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Permissions, Snowflake, UnsetType

from ..state.obfuscation import views
from ..state.voice import VOICE_KINDS
from . import audit
from .audit import Action, changes, reason_of, record
from .channels import CHANNEL_AUDIT_KEYS, ChannelBody
from .context import query_limit, read_body, request_guild, sandbox_of, snowflake
from .errors import REQUIRED, APIError, empty_response, form_error, json_response
from .forums import new_forum_fields
from .guild_settings import rest_guild

__all__ = ["ROUTES"]

KICK_MEMBERS: Final[int] = Permissions.kick_members
BAN_MEMBERS: Final[int] = Permissions.ban_members
MANAGE_CHANNELS: Final[int] = Permissions.manage_channels
CHANGE_NICKNAME: Final[int] = Permissions.change_nickname
MANAGE_NICKNAMES: Final[int] = Permissions.manage_nicknames
MANAGE_ROLES: Final[int] = Permissions.manage_roles
MODERATE_MEMBERS: Final[int] = Permissions.moderate_members
MANAGE_GUILD: Final[int] = Permissions.manage_guild
MOVE_MEMBERS: Final[int] = Permissions.move_members
MUTE_MEMBERS: Final[int] = Permissions.mute_members
DEAFEN_MEMBERS: Final[int] = Permissions.deafen_members
CONNECT: Final[int] = Permissions.connect | Permissions.view_channel


class _RoleColors(msgspec.Struct, kw_only=True):
    primary_color: int = 0
    secondary_color: int | None = None
    tertiary_color: int | None = None


class _RoleBody(msgspec.Struct, kw_only=True):
    name: str | None = None
    permissions: str | int | None = None
    color: int | None = None
    # The newer form (discord.py 2.6+ sends only this): ``color`` is its primary.
    colors: _RoleColors | None = None
    hoist: bool | None = None
    mentionable: bool | None = None
    unicode_emoji: str | None = None


class _RolePosition(msgspec.Struct, kw_only=True):
    # Discord takes a snowflake as a string or a number.
    id: str | int | None = None
    position: int | None = None


class _MemberBody(msgspec.Struct, kw_only=True):
    nick: str | None = None
    roles: list[Snowflake] | None = None
    mute: bool | None = None
    deaf: bool | None = None
    communication_disabled_until: str | None = None
    # Left out: no move; null: disconnect from voice.
    channel_id: Snowflake | UnsetType | None = UNSET


class _BanBody(msgspec.Struct, kw_only=True):
    delete_message_days: int | None = None
    delete_message_seconds: int | None = None


def _above(request: web.Request, gid: int, *, user_id: int | None = None,
           role_id: int | None = None) -> None:
    """50013 unless the bot's top role is above the target member (or role)."""
    state = sandbox_of(request).state
    me = state.bot_user.id
    if user_id is not None and user_id != me and user_id in state.members[gid] \
            and not state.outranks(gid, me, user_id):
        raise APIError(403, 50013, "Missing Permissions")
    if role_id is not None and me != int(state.guild(gid).owner_id):
        role = state.roles[gid].get(role_id)
        if role is not None and role.position >= state.top_role_position(gid, me):
            raise APIError(403, 50013, "Missing Permissions")


async def get_guild(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    data = rest_guild(request, gid)
    if request.query.get("with_counts") in ("true", "1", "True"):
        data["approximate_member_count"] = len(sb.state.members[gid])
        data["approximate_presence_count"] = len(sb.state.guild_presences(gid))
    return json_response(data)


async def guild_channels(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/channels: those the bot may view (channel obfuscation)."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    bot = sb.state.bot_user.id
    return json_response([c for c in sb.state.guild_channels[gid].values()
                          if views(sb.state, c, bot)])


async def create_channel(request: web.Request) -> web.Response:
    """POST /guilds/{guild_id}/channels."""
    sb = sandbox_of(request)
    gid = request_guild(request, MANAGE_CHANNELS)
    body, _ = await read_body(request, ChannelBody)
    if body.name is None:
        raise form_error({"name": REQUIRED})
    fields = body.changes()
    name = fields.pop("name")
    fields.pop("position", None)
    kind = body.type or 0
    fields = {**new_forum_fields(kind), **fields,
              **body.forum_changes(kind, None, sb.state.new_id)}
    channel = sb.state.create_channel(gid, name, type=kind, **fields)
    record(request, gid, Action.CHANNEL_CREATE, channel.id,
           changes(None, channel, CHANNEL_AUDIT_KEYS))
    return json_response(channel, status=201)


class _ChannelPosition(msgspec.Struct, kw_only=True):
    # Discord takes a snowflake as a string or a number.
    id: str | int
    position: int | None = None
    lock_permissions: bool | None = None
    parent_id: str | int | UnsetType | None = UNSET


async def move_channels(request: web.Request) -> web.Response:
    """PATCH /guilds/{guild_id}/channels: new positions (and categories) for channels;
    CHANNEL_UPDATE for each that changed."""
    sb = sandbox_of(request)
    state = sb.state
    gid = request_guild(request, MANAGE_CHANNELS)
    body, _ = await read_body(request, list[_ChannelPosition])
    planned: list[tuple[int, dict[str, Any]]] = []
    for k, entry in enumerate(body):
        if not str(entry.id).isdigit():
            raise form_error({f"{k}.id": ("NUMBER_TYPE_COERCE",
                                          f'Value "{entry.id}" is not snowflake.')})
        channel = state.guild_channels[gid].get(int(entry.id))
        if channel is None:
            raise APIError(404, 10003, "Unknown Channel")
        changes: dict[str, Any] = {}
        if entry.position is not None and entry.position != channel.position:
            changes["position"] = entry.position
        if entry.parent_id is not UNSET:
            parent = None if entry.parent_id is None else int(entry.parent_id)
            if parent is not None:
                found = state.guild_channels[gid].get(parent)
                if found is None or found.type != 4 or channel.type == 4:
                    raise form_error({f"{k}.parent_id": (
                        "CHANNEL_PARENT_INVALID", "Invalid parent channel")})  # a guess
            if parent != channel.parent_id:
                changes["parent_id"] = None if parent is None else Snowflake(parent)
            if entry.lock_permissions and parent is not None:
                changes["permission_overwrites"] = list(
                    state.guild_channels[gid][parent].permission_overwrites or [])
        if changes:
            planned.append((channel.id, changes))
    for channel_id, changes in planned:  # all checked first: nothing half done
        old = state.channels[channel_id]
        new = state.update_channel(channel_id, **changes)
        record(request, gid, Action.CHANNEL_UPDATE, channel_id,
               audit.changes(old, new, CHANNEL_AUDIT_KEYS))
    return empty_response()


async def list_roles(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/roles."""
    sb = sandbox_of(request)
    return json_response(sb.state.guild_roles(request_guild(request)))


async def get_role(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/roles/{role_id}."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    role = sb.state.roles[gid].get(snowflake(request, "role_id"))
    if role is None:
        raise APIError(404, 10011, "Unknown Role")
    return json_response(role)


async def create_role(request: web.Request) -> web.Response:
    """POST /guilds/{guild_id}/roles."""
    sb = sandbox_of(request)
    gid = request_guild(request, MANAGE_ROLES)
    body, _ = await read_body(request, _RoleBody)
    fields = {k: v for k, v in msgspec.structs.asdict(body).items() if v is not None}
    role = sb.state.create_role(gid, **fields)
    record(request, gid, Action.ROLE_CREATE, role.id, changes(None, role, _ROLE_KEYS))
    return json_response(role)


async def modify_role(request: web.Request) -> web.Response:
    """PATCH /guilds/{guild_id}/roles/{role_id}."""
    sb = sandbox_of(request)
    gid = request_guild(request, MANAGE_ROLES)
    role_id = snowflake(request, "role_id")
    _above(request, gid, role_id=role_id)
    body, _ = await read_body(request, _RoleBody)
    fields = {k: v for k, v in msgspec.structs.asdict(body).items() if v is not None}
    old = sb.state.roles[gid].get(role_id)
    role = sb.state.update_role(gid, role_id, **fields)
    found = changes(old, role, _ROLE_KEYS)
    if found:
        record(request, gid, Action.ROLE_UPDATE, role.id, found)
    return json_response(role)


async def move_roles(request: web.Request) -> web.Response:
    """PATCH /guilds/{guild_id}/roles: new positions; answers every role."""
    sb = sandbox_of(request)
    gid = request_guild(request, MANAGE_ROLES)
    body, _ = await read_body(request, list[_RolePosition])
    state = sb.state
    me = state.bot_user.id
    owner = me == int(state.guild(gid).owner_id)
    top = state.top_role_position(gid, me)
    moves: dict[int, int] = {}
    for k, entry in enumerate(body):
        if entry.id is None or entry.position is None:
            continue
        if not str(entry.id).isdigit():
            raise form_error({f"{k}.id": ("NUMBER_TYPE_COERCE",
                                          f'Value "{entry.id}" is not snowflake.')})
        role_id = int(entry.id)
        moves[role_id] = entry.position
        current = state.roles[gid].get(role_id)
        if current is not None and current.position == entry.position:
            continue  # left where it is (discord.py's Role.move sends every role)
        _above(request, gid, role_id=role_id)
        if not owner and entry.position >= top:  # nor may it rise to the bot's own
            raise APIError(403, 50013, "Missing Permissions")
    return json_response(state.move_roles(gid, moves))


async def delete_role(request: web.Request) -> web.Response:
    """DELETE /guilds/{guild_id}/roles/{role_id}."""
    sb = sandbox_of(request)
    gid = request_guild(request, MANAGE_ROLES)
    role_id = snowflake(request, "role_id")
    _above(request, gid, role_id=role_id)
    old = sb.state.roles[gid].get(role_id)
    sb.state.delete_role(gid, role_id)
    record(request, gid, Action.ROLE_DELETE, role_id, changes(old, None, _ROLE_KEYS))
    return empty_response()


async def list_members(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/members."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    if not sb.state.privileged_intents & (1 << 1):
        raise APIError(403, 50001, "Missing Access")
    limit = query_limit(request, 1, 1000)
    after = int(request.query.get("after", "0"))
    members = sorted((m for uid, m in sb.state.members[gid].items() if uid > after),
                     key=lambda m: m.id)
    return json_response(members[:limit])


async def search_members(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/members/search."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    query = request.query.get("query", "").lower()
    limit = min(max(int(request.query.get("limit", "1")), 1), 1000)
    found = []
    for member in sb.state.members[gid].values():
        names = [member.name.lower()]
        if isinstance(member.nick, str):
            names.append(member.nick.lower())
        if any(n.startswith(query) for n in names):
            found.append(member)
            if len(found) >= limit:
                break
    return json_response(found)


async def get_member(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/members/{user_id}."""
    sb = sandbox_of(request)
    return json_response(sb.state.member(request_guild(request), snowflake(request, "user_id")))


async def modify_member(request: web.Request) -> web.Response:
    """PATCH /guilds/{guild_id}/members/@me, PATCH /guilds/{guild_id}/members/{user_id}."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    raw = request.match_info.get("user_id", "@me")
    uid = sb.state.bot_user.id if raw == "@me" else snowflake(request, "user_id")
    body, _ = await read_body(request, _MemberBody)
    perms = sb.state.permissions_in_guild(gid, sb.state.bot_user.id)
    need = 0
    sent = {k for k, v in msgspec.structs.asdict(body).items()
            if v is not None and v is not UNSET and k != "channel_id"}
    move = body.channel_id
    if "nick" in sent:
        need |= CHANGE_NICKNAME if uid == sb.state.bot_user.id else MANAGE_NICKNAMES
    if "roles" in sent:
        need |= MANAGE_ROLES
    if "communication_disabled_until" in sent:
        need |= MODERATE_MEMBERS
    if "mute" in sent:
        need |= MUTE_MEMBERS
    if "deaf" in sent:
        need |= DEAFEN_MEMBERS
    if move is not UNSET:
        need |= MOVE_MEMBERS
    if perms & need != need:
        raise APIError(403, 50013, "Missing Permissions")
    # Voice moves and server mutes are not bound by the role hierarchy; the rest is.
    ranked = sent - {"mute", "deaf"}
    if ranked - {"nick"} or (ranked and uid != sb.state.bot_user.id):
        _above(request, gid, user_id=uid)
    if body.roles is not None:
        for role_id in set(body.roles) ^ set(sb.state.member(gid, uid).roles):
            _above(request, gid, role_id=role_id)  # only roles below the bot's may change
    voice = _voice_change(request, gid, uid, body, sent)
    old = sb.state.member(gid, uid)
    member = old
    if sent or move is UNSET:
        member = sb.state.update_member(gid, uid, **{k: getattr(body, k) for k in sent})
        _record_member(request, gid, uid, old, member)
    if voice is not None:
        was = voice.channel_id
        server = {k: getattr(body, k) for k in ("mute", "deaf") if k in sent}
        where = was if move is UNSET else move
        sb.state.set_voice(gid, uid, None if where is None else int(where), **server)
        if where is None:
            record(request, gid, Action.MEMBER_DISCONNECT, None, options={"count": 1})
        elif where != was:
            record(request, gid, Action.MEMBER_MOVE, None,
                   options={"channel_id": str(where), "count": 1})
    return json_response(member)


def _voice_change(request: web.Request, gid: int, uid: int, body: _MemberBody,
                  sent: set[str]) -> Any:
    """The member's voice state when the PATCH moves, disconnects, mutes or deafens
    them (checked as Discord does), else ``None``."""
    if body.channel_id is UNSET and not {"mute", "deaf"} & sent:
        return None
    state = sandbox_of(request).state
    voice = state.voice_state(gid, uid)
    if voice is None:
        raise APIError(400, 40032, "Target user is not connected to voice.")
    if body.channel_id is not UNSET and body.channel_id is not None:
        target = state.channels.get(int(body.channel_id))
        if target is None or state.guild_id_of(target) != gid:
            raise APIError(404, 10003, "Unknown Channel")
        if target.type not in VOICE_KINDS:
            raise APIError(400, 50024, "Cannot execute action on this channel type")
        # Moving someone takes leave to connect to where they go, as well as Move Members.
        if not state.can(target.id, state.bot_user.id, CONNECT):
            raise APIError(403, 50013, "Missing Permissions")
    return voice


async def member_role(request: web.Request) -> web.Response:
    """PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id} (and its variants)."""
    sb = sandbox_of(request)
    gid = request_guild(request, MANAGE_ROLES)
    uid = snowflake(request, "user_id")
    rid = snowflake(request, "role_id")
    member = sb.state.member(gid, uid)
    _above(request, gid, user_id=uid, role_id=rid)
    roles = [r for r in member.roles if r != rid]
    if request.method == "PUT":
        roles.append(rid)
    _record_member(request, gid, uid, member, sb.state.update_member(gid, uid, roles=roles))
    return empty_response()


async def kick(request: web.Request) -> web.Response:
    """DELETE /guilds/{guild_id}/members/{user_id}."""
    sb = sandbox_of(request)
    gid = request_guild(request, KICK_MEMBERS)
    uid = snowflake(request, "user_id")
    _above(request, gid, user_id=uid)
    sb.state.remove_member(gid, uid)
    record(request, gid, Action.MEMBER_KICK, uid)
    return empty_response()


async def list_bans(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/bans."""
    sb = sandbox_of(request)
    gid = request_guild(request, BAN_MEMBERS)
    limit = query_limit(request, 1000, 1000)
    banned = sorted(sb.state.bans[gid])  # by user id, as Discord pages them
    # ``before`` wins when both are given; each page reads in ascending order.
    if "before" in request.query:
        before = int(request.query["before"])
        page = [uid for uid in banned if uid < before][-limit:]
    else:
        after = int(request.query.get("after", "0"))
        page = [uid for uid in banned if uid > after][:limit]
    return json_response([{"reason": sb.state.bans[gid][uid], "user": sb.state.user(uid)}
                          for uid in page])


async def get_ban(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/bans/{user_id}."""
    sb = sandbox_of(request)
    gid = request_guild(request, BAN_MEMBERS)
    uid = snowflake(request, "user_id")
    if uid not in sb.state.bans[gid]:
        raise APIError(404, 10026, "Unknown Ban")
    return json_response({"reason": sb.state.bans[gid][uid], "user": sb.state.user(uid)})


async def ban(request: web.Request) -> web.Response:
    """PUT /guilds/{guild_id}/bans/{user_id}."""
    sb = sandbox_of(request)
    gid = request_guild(request, BAN_MEMBERS)
    await read_body(request, _BanBody)
    uid = snowflake(request, "user_id")
    _above(request, gid, user_id=uid)
    sb.state.ban(gid, uid, reason_of(request))
    record(request, gid, Action.MEMBER_BAN_ADD, uid)
    return empty_response()


async def unban(request: web.Request) -> web.Response:
    """DELETE /guilds/{guild_id}/bans/{user_id}."""
    sb = sandbox_of(request)
    gid = request_guild(request, BAN_MEMBERS)
    uid = snowflake(request, "user_id")
    sb.state.unban(gid, uid)
    record(request, gid, Action.MEMBER_BAN_REMOVE, uid)
    return empty_response()


async def active_threads(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/threads/active: those the bot may see (the threads topic:
    "that the current user can access"), with its thread member in each it is in."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    bot = sb.state.bot_user.id
    threads = [t for t in sb.state.threads[gid].values()
               if not t.archived and sb.state.sees(t.id, bot)]
    members = [m for t in threads for m in sb.state.thread_member_list(t.id) if m.id == bot]
    return json_response({"threads": threads, "members": members, "has_more": False})


_G = "/guilds/{guild_id}"
def _record_member(request: web.Request, gid: int, uid: int, old: Any, new: Any) -> None:
    """MEMBER_UPDATE for a nick, timeout, mute or deafen; MEMBER_ROLE_UPDATE for roles."""
    found = changes(old, new, ("nick", "communication_disabled_until", "mute", "deaf"))
    if found:
        record(request, gid, Action.MEMBER_UPDATE, uid, found)
    state = sandbox_of(request).state
    roles = state.roles[gid]
    added = [r for r in new.roles if r not in old.roles]
    removed = [r for r in old.roles if r not in new.roles]
    role_changes = [
        {"key": key, "new_value": [{"id": str(r), "name": roles[r].name} for r in ids
                                   if r in roles]}
        for key, ids in (("$add", added), ("$remove", removed)) if ids]
    if role_changes:
        record(request, gid, Action.MEMBER_ROLE_UPDATE, uid, role_changes)


_ROLE_KEYS = ("name", "permissions", "color", "hoist", "mentionable", "unicode_emoji")


ROUTES = [
    ("GET", _G, get_guild),
    ("GET", _G + "/channels", guild_channels),
    ("POST", _G + "/channels", create_channel),
    ("PATCH", _G + "/channels", move_channels),
    ("GET", _G + "/roles", list_roles),
    ("POST", _G + "/roles", create_role),
    ("PATCH", _G + "/roles", move_roles),
    ("GET", _G + "/roles/{role_id}", get_role),
    ("PATCH", _G + "/roles/{role_id}", modify_role),
    ("DELETE", _G + "/roles/{role_id}", delete_role),
    ("GET", _G + "/members", list_members),
    ("GET", _G + "/members/search", search_members),
    ("PATCH", _G + "/members/@me", modify_member),
    ("GET", _G + "/members/{user_id}", get_member),
    ("PATCH", _G + "/members/{user_id}", modify_member),
    ("DELETE", _G + "/members/{user_id}", kick),
    ("PUT", _G + "/members/{user_id}/roles/{role_id}", member_role),
    ("DELETE", _G + "/members/{user_id}/roles/{role_id}", member_role),
    ("GET", _G + "/threads/active", active_threads),
    ("GET", _G + "/bans", list_bans),
    ("GET", _G + "/bans/{user_id}", get_ban),
    *audit.ROUTES,
    ("PUT", _G + "/bans/{user_id}", ban),
    ("DELETE", _G + "/bans/{user_id}", unban),
]
