"""A forum or media channel's tags one at a time: POST /channels/{id}/tags,
PUT and DELETE /channels/{id}/tags/{tag_id}, each answered with the channel.

Discord left these routes open to bots when it moved tags to PATCH /channels/{id}
(``available_tags``) and took them out of its docs (discord-api-docs #5391, #7468);
interactions.py's ``GuildForum.create_tag``, ``edit_tag`` and ``delete_tag`` call them.
Each is that PATCH with one tag added, changed or taken off, so the same rules hold:
Manage Channels, at most 20 tags of 1-20 characters, names unique (40061).
"""

from __future__ import annotations

from typing import Any

import msgspec
from aiohttp import web

from tidecord.models import Channel

from . import audit
from .access import visible_channel
from .channels import CHANNEL_AUDIT_KEYS, MANAGE_CHANNELS
from .context import read_body, sandbox_of, snowflake
from .errors import APIError, json_response
from .forums import FORUM, MEDIA, ForumTagBody, forum_settings

__all__ = ["ROUTES"]


def _tags_of(channel: Channel) -> list[ForumTagBody]:
    """The channel's tags as a PATCH would send them back, ids kept."""
    had = channel.tags_data if isinstance(channel.tags_data, list) else []
    return [msgspec.convert(tag, ForumTagBody) for tag in had]


def _forum(request: web.Request) -> Channel:
    sb = sandbox_of(request)
    channel = visible_channel(request)
    if channel.type not in (FORUM, MEDIA):
        raise APIError(400, 50024, "Cannot execute action on this channel type")
    if not sb.state.can(channel.id, sb.state.bot_user.id, MANAGE_CHANNELS):
        raise APIError(403, 50013, "Missing Permissions")
    return channel


def _index(tags: list[ForumTagBody], request: web.Request) -> int:
    wanted = str(snowflake(request, "tag_id"))
    for i, tag in enumerate(tags):
        if str(tag.id) == wanted:
            return i
    raise APIError(404, 10087, "Unknown Tag")


def _saved(request: web.Request, channel: Channel, tags: list[ForumTagBody]) -> web.Response:
    """The channel with ``tags`` as its tags: CHANNEL_UPDATE, and the audit log's entry."""
    sb = sandbox_of(request)
    changes = forum_settings(channel.type, channel, sb.state.new_id, available_tags=tags)
    updated = sb.state.update_channel(channel.id, by=sb.state.bot_user.id, **changes)
    gid = sb.state.guild_id_of(channel)
    found = audit.changes(channel, updated, CHANNEL_AUDIT_KEYS)
    if gid is not None and found:
        audit.record(request, gid, audit.Action.CHANNEL_UPDATE, channel.id, found)
    return json_response(updated)


async def create_tag(request: web.Request) -> web.Response:
    """POST /channels/{channel_id}/tags: a new tag, last of the channel's."""
    channel = _forum(request)
    body, _ = await read_body(request, ForumTagBody)
    return _saved(request, channel, [*_tags_of(channel), msgspec.structs.replace(body, id=None)])


async def edit_tag(request: web.Request) -> web.Response:
    """PUT /channels/{channel_id}/tags/{tag_id}: the tag as sent, in its place."""
    channel = _forum(request)
    tags = _tags_of(channel)
    i = _index(tags, request)
    body, _ = await read_body(request, ForumTagBody)
    tags[i] = msgspec.structs.replace(body, id=tags[i].id)
    return _saved(request, channel, tags)


async def delete_tag(request: web.Request) -> web.Response:
    """DELETE /channels/{channel_id}/tags/{tag_id}: the channel without it."""
    channel = _forum(request)
    tags = _tags_of(channel)
    del tags[_index(tags, request)]
    return _saved(request, channel, tags)


_T = "/channels/{channel_id}/tags"
ROUTES: list[tuple[str, str, Any]] = [
    ("POST", _T, create_tag),
    ("PUT", _T + "/{tag_id}", edit_tag),
    ("DELETE", _T + "/{tag_id}", delete_tag),
]
