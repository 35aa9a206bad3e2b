"""The audit log: what the bot's REST calls (and people's moderation) changed in a
guild, who did it and why.

Each moderating route records an entry as Discord would (action type, target, the
changes as old and new values, the ``X-Audit-Log-Reason``), and it goes out as
GUILD_AUDIT_LOG_ENTRY_CREATE to a bot that may view the audit log. ``GET
/guilds/{id}/audit-logs`` reads them back, newest first (oldest first after an id).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import unquote

from aiohttp import web

from tidecord.models import Channel, Permissions, Snowflake, to_builtins

from .context import query_id, query_limit, request_guild, sandbox_of
from .errors import json_response

if TYPE_CHECKING:
    from ..state import State

__all__ = ["ROUTES", "Action", "changes", "keep", "keep_thread", "reason_of", "record",
           "record_thread"]

VIEW_AUDIT_LOG: Final[int] = Permissions.view_audit_log
# How many entries a guild keeps (Discord keeps 45 days' worth).
KEPT: Final = 1000


class Action:
    """Discord's audit log action types that the sandbox records."""

    GUILD_UPDATE = 1
    CHANNEL_CREATE = 10
    CHANNEL_UPDATE = 11
    CHANNEL_DELETE = 12
    CHANNEL_OVERWRITE_CREATE = 13
    CHANNEL_OVERWRITE_UPDATE = 14
    CHANNEL_OVERWRITE_DELETE = 15
    MEMBER_KICK = 20
    MEMBER_PRUNE = 21
    MEMBER_BAN_ADD = 22
    MEMBER_BAN_REMOVE = 23
    MEMBER_UPDATE = 24
    MEMBER_ROLE_UPDATE = 25
    MEMBER_MOVE = 26
    MEMBER_DISCONNECT = 27
    ROLE_CREATE = 30
    ROLE_UPDATE = 31
    ROLE_DELETE = 32
    INVITE_CREATE = 40
    INVITE_DELETE = 42
    WEBHOOK_CREATE = 50
    WEBHOOK_UPDATE = 51
    WEBHOOK_DELETE = 52
    EMOJI_CREATE = 60
    EMOJI_UPDATE = 61
    EMOJI_DELETE = 62
    MESSAGE_DELETE = 72
    MESSAGE_BULK_DELETE = 73
    MESSAGE_PIN = 74
    MESSAGE_UNPIN = 75
    STICKER_CREATE = 90
    STICKER_UPDATE = 91
    STICKER_DELETE = 92
    INTEGRATION_DELETE = 82
    STAGE_INSTANCE_CREATE = 83
    STAGE_INSTANCE_UPDATE = 84
    STAGE_INSTANCE_DELETE = 85
    GUILD_SCHEDULED_EVENT_CREATE = 100
    GUILD_SCHEDULED_EVENT_UPDATE = 101
    GUILD_SCHEDULED_EVENT_DELETE = 102
    THREAD_CREATE = 110
    THREAD_UPDATE = 111
    THREAD_DELETE = 112
    SOUNDBOARD_SOUND_CREATE = 130
    SOUNDBOARD_SOUND_UPDATE = 131
    SOUNDBOARD_SOUND_DELETE = 132
    AUTO_MODERATION_RULE_CREATE = 140
    AUTO_MODERATION_RULE_UPDATE = 141
    AUTO_MODERATION_RULE_DELETE = 142
    VOICE_CHANNEL_STATUS_CREATE = 192
    VOICE_CHANNEL_STATUS_DELETE = 193


def reason_of(request: web.Request) -> str | None:
    """The request's ``X-Audit-Log-Reason``, decoded (clients send it URL-encoded)."""
    raw = request.headers.get("X-Audit-Log-Reason")
    return unquote(raw) if raw is not None else None


def changes(old: Any, new: Any, keys: Iterable[str]) -> list[dict[str, Any]]:
    """The ``changes`` of an entry: each key whose value differs between ``old`` and
    ``new`` (models or dicts; ``None`` for a side that does not exist)."""
    before = _plain(old)
    after = _plain(new)
    out: list[dict[str, Any]] = []
    for key in keys:
        was, now = before.get(key), after.get(key)
        if was == now:
            continue
        change: dict[str, Any] = {"key": key}
        if was is not None:
            change["old_value"] = was
        if now is not None:
            change["new_value"] = now
        out.append(change)
    return out


def _plain(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    data = value if isinstance(value, dict) else to_builtins(value)
    return data if isinstance(data, dict) else {}


def record(request: web.Request, guild_id: int, action: int, target_id: int | str | None,
           change_list: list[dict[str, Any]] | None = None,
           options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Keep an entry of the bot's doing in ``guild_id``'s audit log, and announce it."""
    state = sandbox_of(request).state
    return keep(state, guild_id, action, state.bot_user.id, target_id, change_list,
                options, reason_of(request))


def keep(state: State, guild_id: int, action: int, user_id: int,
         target_id: int | str | None, change_list: list[dict[str, Any]] | None = None,
         options: dict[str, Any] | None = None, reason: str | None = None
         ) -> dict[str, Any]:
    """Keep an entry of ``user_id``'s doing (the bot's, or a person's) in ``guild_id``'s
    audit log, and announce it to a bot that may view the log."""
    entry: dict[str, Any] = {
        "id": str(state.new_id()), "action_type": action,
        "user_id": str(user_id),
        "target_id": None if target_id is None else str(target_id),
        "changes": change_list or [],
    }
    if options:
        entry["options"] = {k: str(v) if isinstance(v, int) else v for k, v in options.items()}
    if reason is not None:
        entry["reason"] = reason
    kept = state.audit_log.setdefault(int(guild_id), [])
    kept.append(entry)
    del kept[:-KEPT]
    if state.permissions_in_guild(int(guild_id), state.bot_user.id) & VIEW_AUDIT_LOG:
        state.emit("GUILD_AUDIT_LOG_ENTRY_CREATE",
                   {**entry, "guild_id": Snowflake(guild_id)}, guild_id=int(guild_id))
    return entry


# What a thread's entries show of it: its own fields and its metadata's, side by side.
_THREAD_KEYS: Final = ("name", "type", "archived", "locked", "auto_archive_duration",
                       "rate_limit_per_user", "flags", "invitable", "applied_tags")
_THREAD_ACTIONS: Final = frozenset({Action.THREAD_CREATE, Action.THREAD_UPDATE})


def record_thread(request: web.Request, action: int, old: Channel | None,
                  new: Channel | None) -> None:
    """A thread the bot made (``old`` None), edited or deleted: :func:`keep_thread`."""
    state = sandbox_of(request).state
    keep_thread(state, state.bot_user.id, action, old, new, reason_of(request))


def keep_thread(state: State, user_id: int, action: int, old: Channel | None,
                new: Channel | None, reason: str | None = None) -> None:
    """A thread made (``old`` None), edited (only if what an entry shows changed) or
    deleted (``new`` None) by ``user_id`` (the bot, or a person), with its fields as
    Discord's thread entries show them."""
    thread = new or old
    assert thread is not None
    gid = state.guild_id_of(thread)
    found = changes(_thread_fields(old), _thread_fields(new), _THREAD_KEYS)
    if gid is not None and (found or action != Action.THREAD_UPDATE):
        keep(state, gid, action, user_id, thread.id, found, None, reason)


def _thread_fields(thread: Channel | None) -> dict[str, Any] | None:
    if thread is None:
        return None
    data = _plain(thread)
    return {**data, **(data.get("thread_metadata") or {})}


async def audit_logs(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/audit-logs (View Audit Log)."""
    state = sandbox_of(request).state
    gid = request_guild(request, VIEW_AUDIT_LOG)
    limit = query_limit(request, 50, 100)
    user_id, target = query_id(request, "user_id"), query_id(request, "target_id")
    action = query_id(request, "action_type")
    before, after = query_id(request, "before"), query_id(request, "after")
    entries = [e for e in state.audit_log.get(gid, [])
               if (user_id is None or int(e["user_id"]) == user_id)
               and (target is None or e["target_id"] == str(target))
               and (action is None or e["action_type"] == action)
               and (before is None or int(e["id"]) < before)
               and (after is None or int(e["id"]) > after)]
    # Newest first; after an id (and no before), the oldest first, as Discord pages.
    if after is not None and before is None:
        page = entries[:limit]
    else:
        page = entries[::-1][:limit]
    users = {int(e["user_id"]) for e in page}
    users |= {int(e["target_id"]) for e in page if e["action_type"] in _USER_TARGETS
              and e["target_id"] is not None}
    hooks = [to_builtins(h) for h in state.webhooks.values() if h.guild_id == gid]
    targets = {e["target_id"] for e in page}
    events = [e for eid, e in state.scheduled_events.get(gid, {}).items()
              if str(eid) in targets]
    rules = [to_builtins(r) for rid, r in state.automod_rules.get(gid, {}).items()
             if str(rid) in targets]
    # Discord's docs: the threads that thread entries name, as clients may not hold
    # archived ones.
    named = {int(e["target_id"]) for e in page if e["action_type"] in _THREAD_ACTIONS}
    threads = [to_builtins(state.channels[t]) for t in sorted(named) if t in state.channels]
    return json_response({
        "audit_log_entries": page,
        "users": [to_builtins(state.user(uid)) for uid in sorted(users) if uid in state.users],
        "webhooks": hooks, "integrations": [], "threads": threads, "application_commands": [],
        "auto_moderation_rules": rules, "guild_scheduled_events": events,
    })


# Entries whose target is a user: the answer's ``users`` carries them.
_USER_TARGETS: Final = frozenset({Action.MEMBER_KICK, Action.MEMBER_BAN_ADD,
                                  Action.MEMBER_BAN_REMOVE, Action.MEMBER_UPDATE,
                                  Action.MEMBER_ROLE_UPDATE, Action.MESSAGE_DELETE,
                                  Action.MESSAGE_PIN, Action.MESSAGE_UNPIN})

ROUTES = [
    ("GET", "/guilds/{guild_id}/audit-logs", audit_logs),
]
