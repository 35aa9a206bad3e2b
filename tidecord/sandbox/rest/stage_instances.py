"""Stage instances: start a stage, read it, change its topic, end it.

Checked as Discord's docs say: the bot must be a moderator of the stage (Manage
Channels, Mute Members and Move Members on the channel); the topic is 1 to 120
characters; a stage has at most one instance (150006). ``send_start_notification``
without Mention Everyone is no error: the notification is not sent (and the sandbox
sends none either way). Refusing the deprecated public privacy level (1) with 50035,
and the codes marked so below, are guesses.
"""

from __future__ import annotations

from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Permissions, Snowflake, UnsetType
from tidecord.models.scheduled_event import PrivacyLevel
from tidecord.models.stage_instance import StageInstance

from ..state import StateError
from . import audit
from .access import bot_needs
from .context import read_body, sandbox_of, state_error
from .context import snowflake as path_id
from .errors import (
    REQUIRED,
    APIError,
    FormError,
    bad_length,
    empty_response,
    form_error,
    json_response,
)

__all__ = ["ROUTES"]

STAGE: Final = 13
#: What a stage's moderator holds on its channel.
MODERATOR: Final[int] = (Permissions.manage_channels | Permissions.mute_members
                         | Permissions.move_members)
_AUDITED: Final = ("topic", "privacy_level")


class _StageBody(msgspec.Struct, kw_only=True):
    channel_id: Snowflake | UnsetType = UNSET
    topic: str | UnsetType = UNSET
    privacy_level: int | UnsetType = UNSET
    send_start_notification: bool = False  # read, and ignored: nobody to notify
    guild_scheduled_event_id: Snowflake | UnsetType | None = UNSET


def _stage_channel(request: web.Request, channel_id: int) -> int:
    """The guild of a stage channel the bot may see; 10003, 50001 or 50024 otherwise."""
    state = sandbox_of(request).state
    try:
        channel = state.channel(channel_id)
    except StateError as exc:
        raise state_error(exc) from None
    gid = state.guild_id_of(channel)
    if gid is None or not state.sees(channel.id, state.bot_user.id):
        raise APIError(403, 50001, "Missing Access")
    if channel.type != STAGE:  # the code is a guess: Discord's for a wrong channel type
        raise APIError(400, 50024, "Cannot execute action on this channel type")
    return gid


def _instance_of(request: web.Request) -> StageInstance:
    """The path's stage instance, for a stage the bot may see (10067 if not live)."""
    cid = path_id(request, "channel_id")
    _stage_channel(request, cid)
    try:
        return sandbox_of(request).state.stage_instance(cid)
    except StateError as exc:
        raise state_error(exc) from None


def _field_errors(body: _StageBody, errors: dict[str, FormError]) -> None:
    if isinstance(body.topic, str) and not 1 <= len(body.topic) <= 120:
        errors["topic"] = bad_length(1, 120)
    if body.privacy_level is not UNSET and body.privacy_level != PrivacyLevel.guild_only:
        # 1 (public) is deprecated: Discord takes only guild-only stages now.
        errors["privacy_level"] = ("BASE_TYPE_CHOICES", "Value must be one of {2}.")


async def create_instance(request: web.Request) -> web.Response:
    """POST /stage-instances."""
    state = sandbox_of(request).state
    body, _ = await read_body(request, _StageBody)
    errors: dict[str, FormError] = {}
    for key in ("channel_id", "topic"):
        if getattr(body, key) is UNSET:
            errors[key] = REQUIRED
    _field_errors(body, errors)
    if errors:
        raise form_error(errors)
    assert isinstance(body.channel_id, int) and isinstance(body.topic, str)
    gid = _stage_channel(request, body.channel_id)
    bot_needs(request, body.channel_id, MODERATOR)
    event_id = body.guild_scheduled_event_id
    if isinstance(event_id, int):
        try:
            state.scheduled_event(gid, event_id)
        except StateError as exc:  # the code is a guess: Discord's unknown event
            raise state_error(exc) from None
    instance = StageInstance(
        id=state.new_id(), guild_id=Snowflake(gid), channel_id=Snowflake(body.channel_id),
        topic=body.topic, privacy_level=PrivacyLevel.guild_only,
        scheduled_event_id=Snowflake(event_id) if isinstance(event_id, int) else None)
    try:
        state.add_stage_instance(instance)
    except StateError as exc:
        raise state_error(exc) from None
    _record(request, audit.Action.STAGE_INSTANCE_CREATE, None, instance)
    return json_response(instance)


async def get_instance(request: web.Request) -> web.Response:
    """GET /stage-instances/{channel_id}."""
    return json_response(_instance_of(request))


async def modify_instance(request: web.Request) -> web.Response:
    """PATCH /stage-instances/{channel_id}: its topic and privacy level."""
    state = sandbox_of(request).state
    instance = _instance_of(request)
    body, _ = await read_body(request, _StageBody)
    errors: dict[str, FormError] = {}
    _field_errors(body, errors)
    if errors:
        raise form_error(errors)
    bot_needs(request, instance.channel_id, MODERATOR)
    changes: dict[str, Any] = {}
    if isinstance(body.topic, str) and body.topic != instance.topic:
        changes["topic"] = body.topic
    if not changes:
        return json_response(instance)
    edited = state.update_stage_instance(instance.channel_id, **changes)
    _record(request, audit.Action.STAGE_INSTANCE_UPDATE, instance, edited)
    return json_response(edited)


async def delete_instance(request: web.Request) -> web.Response:
    """DELETE /stage-instances/{channel_id}: the stage ends."""
    state = sandbox_of(request).state
    instance = _instance_of(request)
    bot_needs(request, instance.channel_id, MODERATOR)
    state.end_stage_instance(instance.channel_id)
    _record(request, audit.Action.STAGE_INSTANCE_DELETE, instance, None)
    return empty_response()


def _record(request: web.Request, action: int, old: StageInstance | None,
            new: StageInstance | None) -> None:
    """An audit entry about the stage (its channel in ``options``, as Discord's)."""
    either = new if new is not None else old
    assert either is not None
    audit.record(request, int(either.guild_id), action, int(either.id),
                 audit.changes(_audited(old), _audited(new), _AUDITED),
                 options={"channel_id": str(either.channel_id)})


def _audited(instance: StageInstance | None) -> dict[str, Any] | None:
    if instance is None:
        return None
    return {"topic": instance.topic, "privacy_level": int(instance.privacy_level)}


ROUTES = [
    ("POST", "/stage-instances", create_instance),
    ("GET", "/stage-instances/{channel_id}", get_instance),
    ("PATCH", "/stage-instances/{channel_id}", modify_instance),
    ("DELETE", "/stage-instances/{channel_id}", delete_instance),
]
