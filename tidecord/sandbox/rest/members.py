"""Guild members over REST: list, search, get, modify (nick, roles, timeout, voice
moves and server mutes), role grants, kicks and bans, with audit entries.
"""

from __future__ import annotations

import datetime
from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Permissions, Snowflake, UnsetType

from ..state.voice import VOICE_KINDS
from .audit import Action, changes, reason_of, record
from .context import query_id, query_limit, read_body, request_guild, sandbox_of, snowflake
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
from .moderation import MOST_DELETED_SECONDS
from .roles import MANAGE_ROLES, above

__all__ = ["ROUTES"]

KICK_MEMBERS: Final[int] = Permissions.kick_members
BAN_MEMBERS: Final[int] = Permissions.ban_members
CHANGE_NICKNAME: Final[int] = Permissions.change_nickname
MANAGE_NICKNAMES: Final[int] = Permissions.manage_nicknames
MODERATE_MEMBERS: Final[int] = Permissions.moderate_members
MOVE_MEMBERS: Final[int] = Permissions.move_members
MUTE_MEMBERS: Final[int] = Permissions.mute_members
DEAFEN_MEMBERS: Final[int] = Permissions.deafen_members
CONNECT: Final[int] = Permissions.connect | Permissions.view_channel
MOST_TIMEOUT_SECONDS: Final[int] = 28 * 24 * 3600
MOST_NICK_LENGTH: Final[int] = 32
BYPASSES_VERIFICATION: Final[int] = 1 << 2


def _may_set_flags(perms: int) -> bool:
    """Whether the bot may change a member's flags: Manage Server, Manage Roles, or
    all of Moderate, Kick and Ban Members (as Discord's docs list)."""
    moderator = MODERATE_MEMBERS | KICK_MEMBERS | BAN_MEMBERS
    return bool(perms & (Permissions.manage_guild | Permissions.manage_roles)) or (
        perms & moderator == moderator)


class _MemberBody(msgspec.Struct, kw_only=True):
    # Left out: unchanged. A null nick or timeout clears it (an empty nick too);
    # a null role list, mute or deaf changes nothing.
    nick: str | UnsetType | None = UNSET
    roles: list[Snowflake] | None = None
    mute: bool | None = None
    deaf: bool | None = None
    communication_disabled_until: str | UnsetType | None = UNSET
    # Left out: no move; null: disconnect from voice.
    channel_id: Snowflake | UnsetType | None = UNSET
    # Of a member's flags only BYPASSES_VERIFICATION is set by a bot.
    flags: int | None = None
    # The bot's own guild profile (Modify Current Member): images as data URIs, null
    # removing one; its bio no member object shows.
    avatar: str | UnsetType | None = UNSET
    banner: str | UnsetType | None = UNSET
    bio: str | UnsetType | None = UNSET


class _BanBody(msgspec.Struct, kw_only=True):
    delete_message_days: int | None = None
    delete_message_seconds: int | None = None


async def list_members(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/members."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    if not sb.state.privileged_intents & (1 << 1):
        raise APIError(403, 50001, "Missing Access")
    limit = query_limit(request, 1, 1000)
    after = query_id(request, "after") or 0
    members = sorted((m for uid, m in sb.state.members[gid].items() if uid > after),
                     key=lambda m: m.id)
    return json_response(members[:limit])


async def search_members(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/members/search."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    query = request.query.get("query")
    if query is None:
        raise form_error({"query": REQUIRED})
    if not 1 <= len(query) <= 100:
        raise form_error({"query": bad_length(1, 100)})
    query = query.lower()
    limit = query_limit(request, 1, 1000)
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
    if body.nick == "":
        body.nick = None
    if isinstance(body.nick, str) and len(body.nick) > MOST_NICK_LENGTH:
        raise form_error({"nick": too_long(MOST_NICK_LENGTH)})
    clearable = {"nick", "communication_disabled_until"}
    profile = _own_profile(request, body) if raw == "@me" else {}
    sent = {k for k, v in msgspec.structs.asdict(body).items()
            if v is not UNSET and k not in _NOT_MEMBER_FIELDS
            and (v is not None or k in clearable)}
    move = body.channel_id
    if "nick" in sent:
        need |= CHANGE_NICKNAME if uid == sb.state.bot_user.id else MANAGE_NICKNAMES
    if "roles" in sent:
        need |= MANAGE_ROLES
    if "communication_disabled_until" in sent:
        need |= MODERATE_MEMBERS
        _check_timeout(sb.clock.time(), body.communication_disabled_until)
    if "mute" in sent:
        need |= MUTE_MEMBERS
    if "deaf" in sent:
        need |= DEAFEN_MEMBERS
    if move is not UNSET:
        need |= MOVE_MEMBERS
    if perms & need != need or ("flags" in sent and not _may_set_flags(perms)):
        raise APIError(403, 50013, "Missing Permissions")
    if body.flags is not None:
        body.flags = (int(sb.state.member(gid, uid).flags) & ~BYPASSES_VERIFICATION) | (
            body.flags & BYPASSES_VERIFICATION)
    # Discord binds what is done to the member themself (another's nick, a timeout)
    # to outranking them; granting or taking a role asks only that the role sit below
    # the bot's top role, whoever holds it. Voice moves and server mutes are not bound.
    personal = {"communication_disabled_until"}
    if uid != sb.state.bot_user.id:
        personal.add("nick")
    if sent & personal:
        above(request, gid, user_id=uid)
    if body.roles is not None:
        # @everyone (the guild's id) is every member's without being held: Discord
        # ignores it in the list (discord.py's ``edit(roles=member.roles)`` sends it).
        body.roles = [r for r in body.roles if int(r) != gid]
        for role_id in set(body.roles) ^ set(sb.state.member(gid, uid).roles):
            above(request, gid, role_id=role_id)  # only roles below the bot's may change
    voice = _voice_change(request, gid, uid, body, sent)
    old = sb.state.member(gid, uid)
    member = old
    if sent or profile or move is UNSET:
        member = sb.state.update_member(gid, uid, **{k: getattr(body, k) for k in sent},
                                        **profile)
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


#: Body fields that are no member field of the same name.
_NOT_MEMBER_FIELDS: Final = frozenset({"channel_id", "avatar", "banner", "bio"})


def _own_profile(request: web.Request, body: _MemberBody) -> dict[str, str | None]:
    """The bot's guild avatar and banner a PATCH of its own member sets: each image's
    hash, None to remove it; 50035 IMAGE_INVALID for data that is no image. (Discord
    takes them, and a bio, since 2025; discord.py's ``Member.edit`` sends them.)"""
    images = sandbox_of(request).images
    out: dict[str, str | None] = {}
    for field in ("avatar", "banner"):
        data = getattr(body, field)
        if data is UNSET:
            continue
        key = None if data is None else images.hash(data)
        if data is not None and key is None:
            raise form_error({field: ("IMAGE_INVALID", "Invalid image data")})
        out[f"guild_{field}_hash"] = key
    return out


def _check_timeout(now: float, until: str | UnsetType | None) -> None:
    """Discord refuses a timeout it cannot read, or one ending more than 28 days from
    now (50035, before any permission check)."""
    if not isinstance(until, str):
        return
    try:
        when = datetime.datetime.fromisoformat(until)
    except ValueError:
        when = None
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    if when is None or when.timestamp() - now > MOST_TIMEOUT_SECONDS:
        raise form_error({"communication_disabled_until": (
            "INVALID_COMMUNICATION_DISABLED_TIMESTAMP",
            "Invalid communication disabled timestamp")})


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
    above(request, gid, role_id=rid)  # any member, even one above the bot
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
    above(request, gid, user_id=uid)
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
    before, after = query_id(request, "before"), query_id(request, "after") or 0
    if before is not None:
        page = [uid for uid in banned if uid < before][-limit:]
    else:
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
    body, _ = await read_body(request, _BanBody)
    # Discord takes each in the body or, as it first did (and discord.py sends them),
    # in the query string.
    errors: dict[str, FormError] = {}
    given: dict[str, int | None] = {}
    for name, value, most in (("delete_message_seconds", body.delete_message_seconds,
                               MOST_DELETED_SECONDS),
                              ("delete_message_days", body.delete_message_days,
                               MOST_DELETED_SECONDS // 86_400)):
        text = request.query.get(name)
        if value is None and text is not None:
            try:
                value = int(text)
            except ValueError:
                errors[name] = ("NUMBER_TYPE_COERCE", f"Value \"{text[:40]}\" is not int.")
                continue
        if value is not None and not 0 <= value <= most:
            errors[name] = ("NUMBER_TYPE_MAX" if value > 0 else "NUMBER_TYPE_MIN",
                            f"int value should be <= {most} and >= 0.")
        given[name] = value
    if errors:
        raise form_error(errors)
    uid = snowflake(request, "user_id")
    above(request, gid, user_id=uid)
    seconds = given.get("delete_message_seconds")
    if seconds is None:
        seconds = (given.get("delete_message_days") or 0) * 86_400
    sb.state.ban(gid, uid, reason_of(request), seconds)
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


_G = "/guilds/{guild_id}"

ROUTES = [
    ("GET", _G + "/members", list_members),
    ("GET", _G + "/members/search", search_members),
    ("PATCH", _G + "/members/@me", modify_member),
    ("GET", _G + "/members/{user_id}", get_member),
    ("PATCH", _G + "/members/{user_id}", modify_member),
    ("DELETE", _G + "/members/{user_id}", kick),
    ("PUT", _G + "/members/{user_id}/roles/{role_id}", member_role),
    ("DELETE", _G + "/members/{user_id}/roles/{role_id}", member_role),
    ("GET", _G + "/bans", list_bans),
    ("GET", _G + "/bans/{user_id}", get_ban),
    ("PUT", _G + "/bans/{user_id}", ban),
    ("DELETE", _G + "/bans/{user_id}", unban),
]
