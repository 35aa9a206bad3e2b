"""Channel webhooks: made and managed with the bot's token (Manage Webhooks), executed
by anyone holding a webhook's token.

``/webhooks/{id}/{token}`` also serves an interaction's follow-ups (the id is then the
application's): a request whose id is no channel webhook goes on to
:mod:`.interactions`.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, Final

import msgspec
from aiohttp import web

from tidecord.models import (
    UNSET,
    Message,
    Permissions,
    Snowflake,
    UnsetType,
    User,
    to_builtins,
    walk_components,
)
from tidecord.models.webhook import WebhookData

from ..links import LINK_SCHEMES, bad_link
from ..state.messages import USER_MENTIONS
from . import audit, interactions
from .access import bot_needs
from .bodies import MessageBody, create_message, edit_fields
from .context import query_bool, read_body, sandbox_of, snowflake, thread_param
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
from .posts import make_post
from .thread_rules import webhook_target

if TYPE_CHECKING:
    from ..server import Sandbox

__all__ = ["ROUTES"]

MANAGE_WEBHOOKS: Final[int] = Permissions.manage_webhooks
VIEW_CHANNEL: Final[int] = Permissions.view_channel
# Discord's most webhooks in one channel.
MAX_PER_CHANNEL: Final = 15
# Channels a webhook can post in: text, voice, announcement, stage, forum, media.
_HOOKABLE: Final = frozenset({0, 2, 5, 13, 15, 16})
class _Create(msgspec.Struct, kw_only=True):
    name: str | UnsetType | None = UNSET
    avatar: str | None = None


class _Edit(msgspec.Struct, kw_only=True):
    name: str | UnsetType | None = UNSET
    avatar: str | UnsetType | None = UNSET
    channel_id: Snowflake | UnsetType | None = UNSET


def _name_errors(name: Any) -> dict[str, FormError]:
    """Discord's rules for a webhook's name: 1 to 80 characters, and not Clyde's or
    Discord's."""
    if name is None or name is UNSET:
        return {"name": REQUIRED}
    if not isinstance(name, str) or not 1 <= len(name) <= 80:
        return {"name": bad_length(1, 80)}
    lowered = name.lower()
    for word in ("clyde", "discord"):
        if word in lowered:
            return {"name": ("WEBHOOK_INVALID_NAME", f'Webhook names cannot contain "{word}"')}
    return {}


def _avatar_hash(sb: Any, raw: str | None) -> str | None:
    """The hash Discord keeps for an avatar sent as a data URI (50035 if it is not one);
    its image is kept for the CDN."""
    if raw is None:
        return None
    found: str | None = sb.images.hash(raw)
    if found is None:
        raise form_error({"avatar": ("IMAGE_INVALID", "Invalid image data")})
    return found


def _public(hook: WebhookData, *, with_user: bool = True) -> dict[str, Any]:
    """A webhook as the API shows it; read or changed by its token, without its maker
    (the token is still there, as Discord's documentation has it)."""
    data: dict[str, Any] = to_builtins(hook)
    if not with_user:
        data.pop("user", None)
    return data


def _managed(request: web.Request, channel_id: int) -> None:
    """50013 unless the bot may manage webhooks in the channel (50001 if it cannot see it)."""
    bot_needs(request, channel_id, MANAGE_WEBHOOKS)


async def create_webhook(request: web.Request) -> web.Response:
    """POST /channels/{channel_id}/webhooks."""
    sb = sandbox_of(request)
    channel = sb.state.channel(snowflake(request, "channel_id"))
    if channel.type not in _HOOKABLE or channel.guild_id is UNSET:
        raise APIError(400, 50024, "Cannot execute action on this channel type")
    _managed(request, channel.id)
    body, _ = await read_body(request, _Create)
    errors = _name_errors(body.name)
    if errors:
        raise form_error(errors)
    if sum(1 for h in sb.state.webhooks.values() if h.channel_id == channel.id) \
            >= MAX_PER_CHANNEL:
        raise APIError(400, 30007, f"Maximum number of webhooks reached ({MAX_PER_CHANNEL})")
    assert isinstance(body.name, str)
    # A bot's webhook is its application's (application_id set): it may send buttons.
    hook = sb.state.create_webhook(channel.id, body.name, _avatar_hash(sb, body.avatar),
                                   sb.state.bot_user.id, sb.state.application.id)
    if isinstance(hook.guild_id, int):
        audit.record(request, hook.guild_id, audit.Action.WEBHOOK_CREATE, hook.id,
                     audit.changes(None, _audited(hook), _WEBHOOK_KEYS))
    return json_response(_public(hook))


class _Follow(msgspec.Struct, kw_only=True):
    webhook_channel_id: Snowflake


async def follow_channel(request: web.Request) -> web.Response:
    """POST /channels/{channel_id}/followers: follow an announcement channel into one of
    the bot's (Manage Webhooks there) with a follower webhook; published messages then
    arrive through it (``deliver_crosspost``)."""
    sb = sandbox_of(request)
    source = sb.state.channel(snowflake(request, "channel_id"))
    bot_needs(request, source.id, VIEW_CHANNEL)
    body, _ = await read_body(request, _Follow)
    target = sb.state.channel(body.webhook_channel_id)
    if source.type != 5 or target.type not in (0, 5):
        raise APIError(400, 50024, "Cannot execute action on this channel type")
    _managed(request, target.id)
    if sum(1 for h in sb.state.webhooks.values() if h.channel_id == target.id) \
            >= MAX_PER_CHANNEL:
        raise APIError(400, 30007, f"Maximum number of webhooks reached ({MAX_PER_CHANNEL})")
    hook = sb.state.follow_channel(source.id, target.id, sb.state.bot_user.id)
    if isinstance(hook.guild_id, int):
        audit.record(request, hook.guild_id, audit.Action.WEBHOOK_CREATE, hook.id,
                     audit.changes(None, _audited(hook), _WEBHOOK_KEYS))
    return json_response({"channel_id": str(source.id), "webhook_id": str(hook.id)})


async def channel_webhooks(request: web.Request) -> web.Response:
    """GET /channels/{channel_id}/webhooks."""
    sb = sandbox_of(request)
    channel = sb.state.channel(snowflake(request, "channel_id"))
    _managed(request, channel.id)
    return json_response([_public(h) for h in sb.state.webhooks.values()
                          if h.channel_id == channel.id])


async def guild_webhooks(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/webhooks."""
    sb = sandbox_of(request)
    gid = int(sb.state.guild(snowflake(request, "guild_id")).id)
    if not sb.state.permissions_in_guild(gid, sb.state.bot_user.id) & MANAGE_WEBHOOKS:
        raise APIError(403, 50013, "Missing Permissions")
    return json_response([_public(h) for h in sb.state.webhooks.values() if h.guild_id == gid])


def _by_bot(request: web.Request) -> WebhookData:
    hook = sandbox_of(request).state.webhook(snowflake(request, "webhook_id"))
    if hook.channel_id is not None:
        _managed(request, hook.channel_id)
    return hook


def _token(request: web.Request) -> str:
    return request.match_info["token"]


async def get_webhook(request: web.Request) -> web.Response:
    """GET /webhooks/{webhook_id}."""
    return json_response(_public(_by_bot(request)))


async def edit_webhook(request: web.Request) -> web.Response:
    """PATCH /webhooks/{webhook_id} (may move it: ``channel_id``)."""
    sb = sandbox_of(request)
    hook = _by_bot(request)
    body, _ = await read_body(request, _Edit)
    changes = _changes(sb, body)
    if "channel_id" in changes:
        target = sb.state.channel(changes["channel_id"])
        if target.type not in _HOOKABLE or target.guild_id != hook.guild_id:
            raise APIError(400, 50024, "Cannot execute action on this channel type")
        _managed(request, target.id)
    edited = sb.state.edit_webhook(hook.id, **changes)
    found = audit.changes(_audited(hook), _audited(edited), _WEBHOOK_KEYS)
    if isinstance(hook.guild_id, int) and found:
        audit.record(request, hook.guild_id, audit.Action.WEBHOOK_UPDATE, hook.id, found)
    return json_response(_public(edited))


async def delete_webhook(request: web.Request) -> web.Response:
    """DELETE /webhooks/{webhook_id}."""
    hook = _by_bot(request)
    sandbox_of(request).state.delete_webhook(hook.id)
    if isinstance(hook.guild_id, int):
        audit.record(request, hook.guild_id, audit.Action.WEBHOOK_DELETE, hook.id,
                     audit.changes(_audited(hook), None, _WEBHOOK_KEYS))
    return empty_response()


# What a webhook's audit log entries show of it.
_WEBHOOK_KEYS: Final = ("name", "type", "channel_id", "avatar_hash")


def _audited(hook: WebhookData) -> dict[str, Any]:
    """A webhook's fields as its audit log entries name them."""
    return {**to_builtins(hook), "avatar_hash": hook.avatar}


def _changes(sb: Any, body: _Edit) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if body.name is not UNSET:
        errors = _name_errors(body.name)
        if errors:
            raise form_error(errors)
        changes["name"] = body.name
    if body.avatar is not UNSET:
        changes["avatar"] = _avatar_hash(sb, body.avatar)
    if body.channel_id is not UNSET:
        if body.channel_id is None:
            raise form_error({"channel_id": REQUIRED})
        changes["channel_id"] = Snowflake(body.channel_id)
    return changes


# -- with the webhook's token (no bot token) ---------------------------------------------

def _channel_hook(request: web.Request) -> WebhookData | None:
    """The channel webhook of the URL (checked against its token), or None when the id
    is not a channel webhook's (an interaction's follow-up webhook)."""
    sb = sandbox_of(request)
    webhook_id = snowflake(request, "webhook_id")
    if webhook_id not in sb.state.webhooks:
        return None
    return sb.state.webhook(webhook_id, _token(request))


async def with_token(request: web.Request) -> web.StreamResponse:
    """GET, PATCH, DELETE /webhooks/{webhook_id}/{token}; POST executes it."""
    sb = sandbox_of(request)
    hook = _channel_hook(request)
    if hook is None:
        if request.method == "POST":
            return await interactions.followup(request)
        raise APIError(404, 10015, "Unknown Webhook")
    if request.method == "GET":
        return json_response(_public(hook, with_user=False))
    if request.method == "DELETE":
        sb.state.delete_webhook(hook.id)
        return empty_response()
    if request.method == "PATCH":
        body, _ = await read_body(request, _Edit)
        if body.channel_id is not UNSET:
            raise APIError(403, 50013, "Missing Permissions")  # moving needs the bot
        return json_response(_public(sb.state.edit_webhook(hook.id, **_changes(sb, body)),
                                     with_user=False))
    return await _execute(request, sb, hook)


def _target_channel(sb: Sandbox, hook: WebhookData, thread_id: int | None) -> Any:
    """Where a message goes: the webhook's channel, or one of its threads."""
    assert hook.channel_id is not None
    return webhook_target(sb.state, hook.channel_id, thread_id)


def _heed_components(request: web.Request, hook: WebhookData, body: MessageBody) -> None:
    """Discord's ``with_components`` rule for a channel webhook's message: without it the
    body's components are not heeded (dropped, on a send and on an edit); with it an
    application's webhook (one a bot made) may send any, any other webhook only those
    nobody clicks into the bot (link buttons, layouts). Inferred: the refusal of a
    clickable component as a form error on ``components``."""
    if body.components is None:
        return
    if not query_bool(request, "with_components"):
        body.components = None
        return
    if hook.application_id is None and any(
            part.custom_id is not UNSET for part in walk_components(body.components)):
        raise form_error({"components": (
            "COMPONENT_INTERACTIVE_NOT_ALLOWED",
            "Interactive components require an application-owned webhook")})


async def _execute(request: web.Request, sb: Sandbox, hook: WebhookData) -> web.Response:
    thread_id = thread_param(request)
    channel = _target_channel(sb, hook, thread_id)
    body, files = await read_body(request, MessageBody)
    _heed_components(request, hook, body)
    if body.thread_name and thread_id is not None:
        raise APIError(400, 220002, "Webhooks posted to forum channels cannot have both a "
                       "thread_name and thread_id")
    if body.thread_name and channel.type not in (15, 16):
        raise APIError(400, 220003, "Webhooks can only create threads in forum channels")
    errors: dict[str, FormError] = {}
    if body.username is not None:
        errors.update(_name_errors(body.username))
        if "name" in errors:
            errors["username"] = errors.pop("name")
    if body.avatar_url:
        # spec IncomingWebhookRequestPartial.avatar_url: a URI, at most 2048 characters
        bad = too_long(2048) if len(body.avatar_url) > 2048 else \
            bad_link(body.avatar_url, LINK_SCHEMES)
        if bad is not None:
            errors["avatar_url"] = bad
    if body.thread_name is not None and len(body.thread_name) > 100:
        errors["thread_name"] = too_long(100)  # spec IncomingWebhookRequestPartial: 100
    if errors:
        raise form_error(errors)
    if channel.type in (15, 16) and not body.thread_name:
        raise APIError(400, 220001, "Webhooks posted to forum channels must have a "
                       "thread_name or thread_id")
    avatar = hook.avatar
    if body.avatar_url:
        avatar = hashlib.md5(body.avatar_url.encode(), usedforsecurity=False).hexdigest()
    author = User(id=hook.id, username=body.username or hook.name or "Captain Hook",
                  discriminator="0000", avatar_hash=avatar, bot_value=True,
                  public_flags_value=0, flags=0, global_name=None, primary_guild_data=None)
    if channel.type in (15, 16):
        # A forum post: the message starts a new thread named thread_name, with the
        # body's applied_tags. Inferred: a webhook may apply moderated tags (it has no
        # member to lack Manage Threads), and REQUIRE_TAG holds it as it holds anyone.
        assert body.thread_name is not None
        _, message = make_post(sb, channel, body.thread_name, author, body, files,
                               body.applied_tags, True, webhook_id=hook.id,
                               default_parse=USER_MENTIONS)
    else:
        message = create_message(sb, channel, author, body, files, check_permissions=False,
                                 webhook_id=hook.id, default_parse=USER_MENTIONS)
    if query_bool(request, "wait"):
        return json_response(message)
    return empty_response()


def _own_message(request: web.Request, sb: Sandbox, hook: WebhookData) -> Message:
    """A message this webhook sent, in its channel or the thread asked for."""
    channel = _target_channel(sb, hook, thread_param(request))
    raw = request.match_info["message_id"]
    message = sb.state.messages.get(channel.id, {}).get(int(raw)) if raw.isdigit() else None
    if message is None or message.webhook_id != hook.id:
        raise APIError(404, 10008, "Unknown Message")
    return message


async def webhook_message(request: web.Request) -> web.StreamResponse:
    """GET, PATCH, DELETE /webhooks/{webhook_id}/{token}/messages/{message_id}."""
    sb = sandbox_of(request)
    hook = _channel_hook(request)
    if hook is None:
        handler = {"GET": interactions.get_webhook_message,
                   "PATCH": interactions.edit_webhook_message,
                   "DELETE": interactions.delete_webhook_message}[request.method]
        return await handler(request)
    message = _own_message(request, sb, hook)
    if request.method == "GET":
        return json_response(message)
    if request.method == "DELETE":
        sb.state.delete_message(message.channel_id, message.id)
        return empty_response()
    body, files = await read_body(request, MessageBody)
    _heed_components(request, hook, body)
    changes = edit_fields(sb, message.channel_id, message, body, files)
    return json_response(sb.state.edit_message(message.channel_id, message.id, **changes))


_W = "/webhooks/{webhook_id}/{token}"
ROUTES = [
    ("POST", "/channels/{channel_id}/webhooks", create_webhook),
    ("POST", "/channels/{channel_id}/followers", follow_channel),
    ("GET", "/channels/{channel_id}/webhooks", channel_webhooks),
    ("GET", "/guilds/{guild_id}/webhooks", guild_webhooks),
    ("GET", "/webhooks/{webhook_id}", get_webhook),
    ("PATCH", "/webhooks/{webhook_id}", edit_webhook),
    ("DELETE", "/webhooks/{webhook_id}", delete_webhook),
    *((method, _W, with_token) for method in ("GET", "PATCH", "DELETE", "POST")),
    *((method, _W + "/messages/{message_id}", webhook_message)
      for method in ("GET", "PATCH", "DELETE")),
]
