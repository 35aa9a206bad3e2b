"""Guild templates: one per guild, made, listed, synced, renamed and deleted with Manage
Server; anyone with a token reads one by its code. A template keeps a snapshot of the
guild's roles, channels and settings, whose ids are the template's own."""

from __future__ import annotations

import secrets
import string
from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Permissions, UnsetType, to_builtins

from ..state import State
from .context import read_body, request_guild, sandbox_of
from .errors import REQUIRED, APIError, FormError, bad_length, form_error, json_response, too_long

__all__ = ["ROUTES", "snapshot"]

MANAGE_GUILD: Final[int] = Permissions.manage_guild
#: The channel types a template keeps (text, voice, category, forum).
_KEPT: Final = (0, 2, 4, 15)
_LETTERS: Final = string.ascii_letters + string.digits
#: Channel settings a template leaves empty in the sandbox (forum tags, reactions...). A
#: forum's tags are a list all the same, empty here: Discord sent null for a forum
#: without tags until late 2025 (discord-api-docs#7798), which discord.py, iterating
#: them, cannot read.
_EMPTY_CHANNEL: Final = dict.fromkeys((
    "available_tags", "default_reaction_emoji", "default_tag_setting", "theme_color"))
#: Channel settings a template copies from the channel, as it is on the wire: null
#: where the channel has none (the model reads some of them with a default).
_COPIED: Final = ("default_auto_archive_duration", "default_thread_rate_limit_per_user",
                  "default_sort_order", "default_forum_layout")


class _TemplateBody(msgspec.Struct, kw_only=True):
    name: Any = UNSET
    description: str | UnsetType | None = UNSET


def snapshot(state: State, gid: int) -> dict[str, Any]:
    """The guild as a template keeps it: roles numbered from 0 (@everyone), channels
    after them; managed roles and people's own overwrites are left out, as Discord."""
    guild = state.guild(gid)
    roles = [r for r in sorted(state.guild_roles(gid), key=lambda r: (r.position, r.id))
             if not r.managed]
    role_ids = {int(r.id): n for n, r in enumerate(roles)}
    channels = sorted((c for c in state.guild_channels[gid].values() if c.type in _KEPT),
                      key=lambda c: (c.type != 4, c.position or 0, c.id))
    channel_ids = {int(c.id): len(roles) + n for n, c in enumerate(channels)}

    def channel_ref(cid: Any) -> str | None:
        return str(channel_ids[int(cid)]) if isinstance(cid, int) and int(cid) in \
            channel_ids else None

    def channel(c: Any) -> dict[str, Any]:
        overwrites = c.permission_overwrites if isinstance(c.permission_overwrites, list) \
            else []
        wire = to_builtins(c)
        return {"id": channel_ids[int(c.id)], "type": c.type, "name": c.name,
                "position": c.position, "topic": c.topic if isinstance(c.topic, str) else None,
                "bitrate": c.bitrate if isinstance(c.bitrate, int) else 64000,
                "user_limit": c.user_limit if isinstance(c.user_limit, int) else 0,
                "nsfw": c.nsfw is True,
                "rate_limit_per_user": c.rate_limit_per_user
                if isinstance(c.rate_limit_per_user, int) else 0,
                "parent_id": channel_ref(c.parent_id), "template": "",
                "permission_overwrites": [
                    {"id": str(role_ids[int(o.id)]), "type": 0, "allow": str(o.allow.value),
                     "deny": str(o.deny.value)}
                    for o in overwrites if o.type == 0 and int(o.id) in role_ids],
                **_EMPTY_CHANNEL, **({"available_tags": []} if c.type == 15 else {}),
                **{key: wire.get(key) for key in _COPIED}}

    return {
        "name": guild.name, "description": guild.description, "region": None,
        "verification_level": int(guild.verification_level),
        "default_message_notifications": int(guild.default_message_notifications),
        "explicit_content_filter": int(guild.explicit_content_filter),
        "preferred_locale": guild.preferred_locale, "afk_timeout": guild.afk_timeout,
        "afk_channel_id": channel_ref(guild.afk_channel_id),
        "system_channel_id": channel_ref(guild.system_channel_id),
        "system_channel_flags": int(guild.system_channel_flags),
        # Not in Discord's OpenAPI schema, but in its documented example and its answers.
        "icon_hash": guild.icon_hash if isinstance(guild.icon_hash, str) else None,
        "roles": [{"id": role_ids[int(r.id)], "name": r.name,
                   "permissions": str(r.permissions.value), "color": r.color,
                   "colors": {"primary_color": r.color, "secondary_color": None,
                              "tertiary_color": None},
                   "hoist": r.hoist, "mentionable": r.mentionable,
                   "icon": r.icon_hash if isinstance(r.icon_hash, str) else None,
                   "unicode_emoji": r.unicode_emoji if isinstance(r.unicode_emoji, str)
                   else None} for r in roles],
        "channels": [channel(c) for c in channels],
    }


def _shown(request: web.Request, kept: dict[str, Any]) -> dict[str, Any]:
    """A kept template as Discord answers it, ``is_dirty`` true when the guild changed."""
    state = sandbox_of(request).state
    creator = state.users.get(int(kept["creator_id"]))
    gid = int(kept["source_guild_id"])
    dirty = gid in state.guilds and snapshot(state, gid) != kept["serialized_source_guild"]
    return {**kept, "creator": to_builtins(creator) if creator is not None else None,
            "is_dirty": True if dirty else None}


def _find(request: web.Request, gid: int | None = None) -> dict[str, Any]:
    kept = sandbox_of(request).state.templates.get(request.match_info["code"])
    if kept is None or (gid is not None and int(kept["source_guild_id"]) != gid):
        raise APIError(404, 10057, "Unknown Guild Template")
    return kept


def _text_errors(body: _TemplateBody, *, creating: bool) -> dict[str, FormError]:
    errors: dict[str, FormError] = {}
    if creating or body.name is not UNSET:
        if not isinstance(body.name, str):
            errors["name"] = REQUIRED
        elif not 1 <= len(body.name) <= 100:
            errors["name"] = bad_length(1, 100)
    if isinstance(body.description, str) and len(body.description) > 120:
        errors["description"] = too_long(120)
    return errors


async def get_template(request: web.Request) -> web.Response:
    """GET /guilds/templates/{code}."""
    return json_response(_shown(request, _find(request)))


async def list_templates(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/templates (Manage Server)."""
    gid = request_guild(request, MANAGE_GUILD)
    return json_response([_shown(request, t) for t in sandbox_of(request).state.templates
                          .values() if int(t["source_guild_id"]) == gid])


async def create_template(request: web.Request) -> web.Response:
    """POST /guilds/{guild_id}/templates (Manage Server): one template a guild."""
    state = sandbox_of(request).state
    gid = request_guild(request, MANAGE_GUILD)
    body, _ = await read_body(request, _TemplateBody)
    errors = _text_errors(body, creating=True)
    if errors:
        raise form_error(errors)
    if any(int(t["source_guild_id"]) == gid for t in state.templates.values()):
        raise APIError(400, 30031, "Guild already has a template")
    code = "".join(secrets.choice(_LETTERS) for _ in range(12))
    now = state.now_iso()
    state.templates[code] = {
        "code": code, "name": body.name,
        "description": body.description if isinstance(body.description, str) else None,
        "usage_count": 0, "creator_id": str(state.bot_user.id), "created_at": now,
        "updated_at": now, "source_guild_id": str(gid),
        "serialized_source_guild": snapshot(state, gid)}
    return json_response(_shown(request, state.templates[code]))


async def sync_template(request: web.Request) -> web.Response:
    """PUT /guilds/{guild_id}/templates/{code} (Manage Server): a fresh snapshot."""
    state = sandbox_of(request).state
    gid = request_guild(request, MANAGE_GUILD)
    kept = _find(request, gid)
    kept.update(serialized_source_guild=snapshot(state, gid), updated_at=state.now_iso())
    return json_response(_shown(request, kept))


async def modify_template(request: web.Request) -> web.Response:
    """PATCH /guilds/{guild_id}/templates/{code} (Manage Server): name, description."""
    gid = request_guild(request, MANAGE_GUILD)
    kept = _find(request, gid)
    body, _ = await read_body(request, _TemplateBody)
    errors = _text_errors(body, creating=False)
    if errors:
        raise form_error(errors)
    if isinstance(body.name, str):
        kept["name"] = body.name
    if body.description is not UNSET:
        kept["description"] = body.description
    return json_response(_shown(request, kept))


async def delete_template(request: web.Request) -> web.Response:
    """DELETE /guilds/{guild_id}/templates/{code} (Manage Server): answers with it."""
    gid = request_guild(request, MANAGE_GUILD)
    kept = _find(request, gid)
    shown = _shown(request, kept)
    del sandbox_of(request).state.templates[kept["code"]]
    return json_response(shown)


ROUTES = [
    ("GET", "/guilds/templates/{code}", get_template),
    ("GET", "/guilds/{guild_id}/templates", list_templates),
    ("POST", "/guilds/{guild_id}/templates", create_template),
    ("PUT", "/guilds/{guild_id}/templates/{code}", sync_template),
    ("PATCH", "/guilds/{guild_id}/templates/{code}", modify_template),
    ("DELETE", "/guilds/{guild_id}/templates/{code}", delete_template),
]
