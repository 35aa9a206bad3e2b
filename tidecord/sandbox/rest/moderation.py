"""Pruning inactive members and banning many at once.

Prune (GET counts, POST removes) takes the members with no roles, or only roles among
``include_roles``, who have been inactive ``days`` days: here, whose last message in the
guild (or else their joining) is that old on the sandbox clock. The owner and the bot
are never pruned. Bulk ban bans up to 200 users; those it cannot ban (already banned,
unknown, the owner, the bot, or a member ranked at or above the bot) come back as
failed, and 500000 when none could be banned.
"""

from __future__ import annotations

import datetime
from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import Permissions, Snowflake

from .audit import Action, record
from .context import read_body, request_guild, sandbox_of
from .errors import APIError, form_error, json_response, too_long

__all__ = ["ROUTES"]

PRUNE: Final[int] = Permissions.kick_members | Permissions.manage_guild
BULK_BAN: Final[int] = Permissions.ban_members | Permissions.manage_guild
DAY_MS: Final = 86_400_000
MOST_BANNED: Final = 200
MOST_DELETED_SECONDS: Final = 604_800


class _PruneBody(msgspec.Struct, kw_only=True):
    days: int | str = 7
    # discord.py sends "true"/"false"; Discord takes either.
    compute_prune_count: bool | str = True
    # A list of ids, or (as discord.py sends it) one comma-separated string.
    include_roles: list[str | int] | str | None = None


class _BulkBanBody(msgspec.Struct, kw_only=True):
    user_ids: list[Snowflake]
    delete_message_seconds: int = 0


def _days(raw: Any) -> int:
    try:
        days = int(raw)
    except (TypeError, ValueError):
        raise form_error({"days": ("NUMBER_TYPE_COERCE", "Value is not int.")}) from None
    if not 1 <= days <= 30:
        raise form_error({"days": ("NUMBER_TYPE_MAX" if days > 30 else "NUMBER_TYPE_MIN",
                                   "int value should be <= 30 and >= 1.")})
    return days


def _role_ids(raw: Any) -> set[int]:
    if raw is None or raw == "":
        return set()
    parts = raw.split(",") if isinstance(raw, str) else raw
    try:
        return {int(str(part).strip()) for part in parts if str(part).strip()}
    except ValueError:
        raise form_error({"include_roles": ("NUMBER_TYPE_COERCE",
                                            "Value is not snowflake.")}) from None


def prunable(request: web.Request, gid: int, days: int, include: set[int]) -> list[int]:
    """The ids of the members a prune of ``days`` would remove, by id."""
    state = sandbox_of(request).state
    cutoff = state.clock.time_ms() - days * DAY_MS
    guild = state.guild(gid)
    last_said: dict[int, int] = {}
    channels = {*state.guild_channels[gid], *state.threads[gid]}
    for cid in channels:
        for message in state.messages.get(cid, {}).values():
            when = Snowflake(message.id).timestamp_ms
            author = int(message.author.id)
            last_said[author] = max(last_said.get(author, 0), when)
    found = []
    for uid, member in state.members[gid].items():
        if uid in (int(guild.owner_id), int(state.bot_user.id)):
            continue
        if not {int(r) for r in member.roles} <= include:
            continue
        joined = member.joined_at_iso
        joined_ms = int(datetime.datetime.fromisoformat(joined).timestamp() * 1000) \
            if isinstance(joined, str) else 0
        if max(joined_ms, last_said.get(uid, 0)) <= cutoff:
            found.append(uid)
    return sorted(found)


async def prune_count(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/prune: how many a prune would remove."""
    gid = request_guild(request, PRUNE)
    days = _days(request.query.get("days", "7"))
    include = _role_ids(request.query.get("include_roles"))
    return json_response({"pruned": len(prunable(request, gid, days, include))})


async def prune(request: web.Request) -> web.Response:
    """POST /guilds/{guild_id}/prune: remove them (GUILD_MEMBER_REMOVE for each)."""
    state = sandbox_of(request).state
    gid = request_guild(request, PRUNE)
    body, _ = await read_body(request, _PruneBody)
    days = _days(body.days)
    count = body.compute_prune_count
    if isinstance(count, str):
        if count.strip().lower() not in ("true", "false"):
            raise form_error({"compute_prune_count": (
                "BASE_TYPE_BOOLEAN", "Must be either true or false.")})
        count = count.strip().lower() == "true"
    gone = prunable(request, gid, days, _role_ids(body.include_roles))
    for uid in gone:
        state.remove_member(gid, uid)
    record(request, gid, Action.MEMBER_PRUNE, None,
           options={"delete_member_days": str(days), "members_removed": str(len(gone))})
    return json_response({"pruned": len(gone) if count else None})


async def bulk_ban(request: web.Request) -> web.Response:
    """POST /guilds/{guild_id}/bulk-ban: up to 200 bans at once."""
    state = sandbox_of(request).state
    gid = request_guild(request, BULK_BAN)
    body, _ = await read_body(request, _BulkBanBody)
    if len(body.user_ids) > MOST_BANNED:
        raise form_error({"user_ids": too_long(MOST_BANNED)})
    if not 0 <= body.delete_message_seconds <= MOST_DELETED_SECONDS:
        raise form_error({"delete_message_seconds": (
            "NUMBER_TYPE_MAX" if body.delete_message_seconds > 0 else "NUMBER_TYPE_MIN",
            f"int value should be <= {MOST_DELETED_SECONDS} and >= 0.")})
    owner, me = int(state.guild(gid).owner_id), int(state.bot_user.id)
    banned: list[str] = []
    failed: list[str] = []
    for uid in dict.fromkeys(int(u) for u in body.user_ids):
        member = uid in state.members[gid]
        if uid not in state.users or uid in state.bans[gid] or uid in (owner, me) or (
                member and not state.outranks(gid, me, uid)):
            failed.append(str(uid))
            continue
        state.ban(gid, uid, request.headers.get("X-Audit-Log-Reason"),
                  body.delete_message_seconds)
        record(request, gid, Action.MEMBER_BAN_ADD, uid)
        banned.append(str(uid))
    if not banned:
        raise APIError(400, 500000, "Failed to ban users")
    return json_response({"banned_users": banned, "failed_users": failed})


ROUTES = [
    ("GET", "/guilds/{guild_id}/prune", prune_count),
    ("POST", "/guilds/{guild_id}/prune", prune),
    ("POST", "/guilds/{guild_id}/bulk-ban", bulk_ban),
]
