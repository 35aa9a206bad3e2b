"""Interaction callbacks and the follow-up webhook (including ``@original``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import msgspec
from aiohttp import web

from tidecord.models import (
    UNSET,
    Channel,
    Component,
    Message,
    MessageFlags,
    MessageReference,
    Snowflake,
    convert,
    to_builtins,
)
from tidecord.models.message_details import MessageInteraction

from ..components import modal_errors
from ..interactions import RESPONSE_WINDOW, InteractionRecord
from ..state.messages import USER_MENTIONS
from .bodies import MessageBody, check_new, create_message, edit_fields
from .context import UploadedFile, query_bool, read_body, sandbox_of, snowflake, thread_param
from .errors import (
    APIError,
    FormError,
    bad_length,
    empty_response,
    form_error,
    json_response,
    too_long,
    validation_error,
)
from .nulls import nulls_left_out
from .thread_rules import webhook_target

# Autocomplete choices Discord shows at once.
MAX_CHOICES: Final = 25

if TYPE_CHECKING:
    from ..server import Sandbox

__all__ = ["ROUTES", "answer"]

EPHEMERAL: Final[int] = MessageFlags.ephemeral
LOADING: Final[int] = MessageFlags.loading


class _Callback(msgspec.Struct, kw_only=True):
    type: int
    data: dict[str, Any] | None = None


def _message_body(data: dict[str, Any] | None) -> MessageBody:
    try:
        return convert(nulls_left_out(data or {}, MessageBody), MessageBody)
    except msgspec.ValidationError as exc:
        raise validation_error(exc, data) from None


def _check_modal(data: dict[str, Any] | None) -> None:
    """Discord refuses a modal without a title, a custom_id and 1 to 5 components,
    or with components a modal cannot hold (50035)."""
    data = data or {}
    errors: dict[str, FormError] = {}
    for key, most in (("title", 45), ("custom_id", 100)):
        value = data.get(key)
        if not isinstance(value, str) or not 1 <= len(value) <= most:
            errors[key] = bad_length(1, most)
    rows = data.get("components")
    if not isinstance(rows, list) or not 1 <= len(rows) <= 5:
        errors["components"] = bad_length(1, 5)
    else:
        try:
            components = convert(rows, list[Component])
        except msgspec.ValidationError as exc:
            bad = validation_error(exc, rows)
            raise APIError(bad.status, bad.code, bad.message, {"components": bad.errors}) \
                from None
        for field, code, message in modal_errors(components):
            errors.setdefault(field, (code, message))
    if errors:
        raise form_error(errors)  # put under "data" by the caller


def _interaction_message(sb: Sandbox, record: InteractionRecord, body: MessageBody,
                         files: list[UploadedFile], *, loading: bool = False,
                         original: bool = False, channel: Channel | None = None) -> Message:
    """A message sent for an interaction, in its channel (or the ``channel`` given, a
    thread of it): ephemeral ones stay with the record.

    The ``original`` answer to a message command references its target message, as
    Discord's docs say (``message_reference`` and ``referenced_message``)."""
    if channel is None:
        channel = sb.state.channel(record.channel_id)
    interaction = record.interaction
    data = interaction.data
    kind = {2: 20 if data is UNSET or data.type in (UNSET, 1) else 23}.get(interaction.type, 0)
    extra: dict[str, Any] = {"type": kind, "webhook_id": sb.state.application.id,
                             "application_id": sb.state.application.id,
                             "interaction_metadata": _metadata(sb, record),
                             "interaction": _legacy_interaction(record)}
    if original and interaction.type == 2 and data is not UNSET and data.type == 3 \
            and data.target_id is not UNSET:
        body = msgspec.structs.replace(body, message_reference=MessageReference(
            message_id=data.target_id, channel_id=Snowflake(channel.id),
            fail_if_not_exists=False))
    if loading:
        message = sb.state.create_message(
            channel.id, sb.state.bot_user.id, flags=LOADING | (body.flags or 0) & EPHEMERAL,
            reference=body.message_reference, **extra)
    else:
        message = create_message(sb, channel, sb.state.bot_user, body, files,
                                 check_permissions=False, default_parse=USER_MENTIONS, **extra)
    if message.flags_value & EPHEMERAL:
        sb.interactions.keep_ephemeral(record, message)
    return message


def _legacy_interaction(record: InteractionRecord) -> MessageInteraction | None:
    """A command's answer's deprecated ``interaction``, which Discord still sends beside
    ``interaction_metadata``: with the command's whole name ("garden plant" for a
    subcommand), which the metadata does not carry (discord.py's ``message.interaction``
    reads it), and in a guild the invoker's member."""
    interaction = record.interaction
    data = interaction.data
    if interaction.type != 2 or data is UNSET or data.name is UNSET \
            or interaction.invoker is None:
        return None
    words = [data.name]
    options = data.options
    # A subcommand (1) or group (2) is the command's only option, holding the rest.
    while options is not UNSET and len(options) == 1 and options[0].type in (1, 2):
        words.append(options[0].name)
        options = options[0].options
    # In a guild Discord adds the invoker's partial member (no user, no permissions).
    member = interaction.member
    return MessageInteraction(
        id=interaction.id, type=2, name=" ".join(words), user=interaction.invoker,
        member=UNSET if member is UNSET else msgspec.structs.replace(
            member, user=UNSET, permissions=UNSET))


def _metadata(sb: Sandbox, record: InteractionRecord) -> dict[str, Any]:
    """A message's ``interaction_metadata``: with, as Discord's, what the interaction
    acted on (a component's message, a context menu's target), the interaction that
    opened a submitted modal, and for a follow-up the original answer's id (hikari
    reads the first two by key)."""
    interaction = record.interaction
    invoker = interaction.invoker
    data = interaction.data
    metadata: dict[str, Any] = {
        "id": str(interaction.id), "type": interaction.type,
        "user": to_builtins(invoker) if invoker else None,
        "authorizing_integration_owners": interaction.authorizing_integration_owners,
    }
    if record.original is not None:
        metadata["original_response_message_id"] = str(record.original.id)
    if interaction.type == 2 and data is not UNSET:
        metadata["name"] = data.name
        metadata["command_type"] = data.type
        if data.target_id is not UNSET and data.type == 2:
            metadata["target_user"] = to_builtins(sb.state.user(data.target_id))
        elif data.target_id is not UNSET and data.type == 3:
            metadata["target_message_id"] = str(data.target_id)
    elif interaction.type == 3 and isinstance(interaction.message, Message):
        metadata["interacted_message_id"] = str(interaction.message.id)
    elif interaction.type == 5 and record.opened_by is not None:
        metadata["triggering_interaction_metadata"] = _metadata(sb, record.opened_by)
    return metadata


def answer(sb: Sandbox, record: InteractionRecord, kind: int, data: dict[str, Any] | None,
           files: list[UploadedFile]) -> Message | None:
    """Apply the first answer to an interaction (from the callback route, or from an
    endpoint's HTTP reply); returns the message it made or changed, if any."""
    if record.acknowledged:
        raise APIError(400, 40060, "Interaction has already been acknowledged.")
    if sb.clock.time() - record.created_at > RESPONSE_WINDOW:
        raise APIError(404, 10062, "Unknown interaction")
    itype = record.interaction.type
    allowed = {1: {1}, 2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5, 6, 7}}
    if kind not in allowed.get(itype, set()):
        raise APIError(400, 50035, "Invalid Form Body", {"type": {"_errors": [{
            "code": "INTERACTION_RESPONSE_TYPE_INVALID",
            "message": "This response type is not valid for this interaction."}]}})
    try:
        message = _respond(sb, record, kind, data, files)
    except APIError as exc:
        raise _under_data(exc) from None
    record.response_type = kind
    record.response_data = data
    record.answered.set()
    sb.feed.publish("SANDBOX_INTERACTION_RESPONSE", {
        "interaction_id": str(record.id), "type": kind, "data": data,
        "message": message if message is not None else None,
    })
    return message


def _under_data(exc: APIError) -> APIError:
    """A 50035 about the answer's ``data`` with its fields under ``data``, as Discord
    names them (``In data.content: Must be 2000 or fewer in length.``)."""
    if exc.code != 50035 or not exc.errors:
        return exc
    return APIError(exc.status, exc.code, exc.message, {"data": exc.errors})


def _respond(sb: Sandbox, record: InteractionRecord, kind: int, data: dict[str, Any] | None,
             files: list[UploadedFile]) -> Message | None:
    """What an answer of type ``kind`` does; 50035 naming fields of ``data``."""
    message: Message | None = None
    if kind == 4:
        message = _interaction_message(sb, record, _message_body(data), files, original=True)
        record.original = message
    elif kind == 5:
        message = _interaction_message(sb, record, _message_body(data), [], loading=True,
                                       original=True)
        record.original = message
    elif kind == 7:
        target = record.interaction.message
        if target is UNSET:  # a modal a command opened: no message to update
            raise APIError(404, 10008, "Unknown Message")
        target = _existing(sb, target)
        changes = edit_fields(sb, target.channel_id, target, _message_body(data), files)
        message = _apply_edit(sb, target, changes)
        record.original = message
    elif kind == 9:
        _check_modal(data)
    elif kind == 8:
        _check_choices(data)
    elif kind == 6 and record.interaction.message is not UNSET:
        record.original = record.interaction.message
    return message


def _check_choices(data: Any) -> None:
    """Discord offers at most 25 autocomplete choices, each named in 1 to 100
    characters, a text value in at most 100; else a 50035 and the user sees none."""
    choices = data.get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list):
        raise form_error({"choices": ("BASE_TYPE_REQUIRED", "This field is required")})
    errors: dict[str, FormError] = {}
    if len(choices) > MAX_CHOICES:
        errors["choices"] = too_long(MAX_CHOICES)
    for i, choice in enumerate(choices):
        name = choice.get("name") if isinstance(choice, dict) else None
        if not isinstance(name, str) or not 1 <= len(name) <= 100:
            errors[f"choices.{i}.name"] = bad_length(1, 100)
        value = choice.get("value") if isinstance(choice, dict) else None
        if isinstance(value, str) and len(value) > 100:
            errors[f"choices.{i}.value"] = too_long(100)
    if errors:
        raise form_error(errors)


async def callback(request: web.Request) -> web.Response:
    """POST /interactions/{interaction_id}/{token}/callback."""
    sb = sandbox_of(request)
    record = sb.interactions.lookup(snowflake(request, "interaction_id"),
                                    request.match_info["token"])
    body, files = await read_body(request, _Callback)
    kind, itype = body.type, record.interaction.type
    message = answer(sb, record, kind, body.data, files)
    if not query_bool(request, "with_response"):
        return empty_response()
    response: dict[str, Any] = {
        "interaction": {
            "id": str(record.id), "type": itype,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": message is not None
                                          and bool(message.flags_value & EPHEMERAL),
        },
    }
    if message is not None:
        response["interaction"]["response_message_id"] = str(message.id)
    resource: dict[str, Any] = {"type": kind}
    if message is not None and kind in (4, 7):
        resource["message"] = message
    response["resource"] = resource
    return json_response(response)


async def _record(request: web.Request) -> InteractionRecord:
    sb = sandbox_of(request)
    token = request.match_info["token"]
    await sb.interactions.settled(token)
    return sb.interactions.by_webhook_token(snowflake(request, "webhook_id"), token)


def _target(record: InteractionRecord, request: web.Request) -> Message:
    """The answer named: ``@original``, or by id the original answer or a follow-up.

    Each is a message of the interaction's webhook, and Discord's webhook message routes
    take any of them by id (interactions.py edits its first answer by the id it got)."""
    raw = request.match_info["message_id"]
    original = record.original
    if raw == "@original" or (original is not None and raw == str(original.id)):
        if original is None:
            raise APIError(404, 10008, "Unknown Message")
        return original
    for message in record.followups:
        if str(message.id) == raw:
            return message
    raise APIError(404, 10008, "Unknown Message")


def _current(sb: Sandbox, message: Message) -> Message | None:
    """The stored version of a message (ephemeral ones live with the interactions), or
    None once it was deleted."""
    stored = sb.state.messages.get(message.channel_id, {}).get(message.id)
    if stored is not None:
        return stored
    kept = sb.interactions.ephemeral.get(message.id)
    return kept[1] if kept is not None else None


def _existing(sb: Sandbox, message: Message) -> Message:
    """The stored version of a message; 10008 once it was deleted (by anyone)."""
    current = _current(sb, message)
    if current is None:
        raise APIError(404, 10008, "Unknown Message")
    return current


def _apply_edit(sb: Sandbox, message: Message, changes: dict[str, Any]) -> Message:
    """Edit a channel message (MESSAGE_UPDATE), or an ephemeral one (its user sees it)."""
    if message.id in sb.state.messages.get(message.channel_id, {}):
        return sb.state.edit_message(message.channel_id, message.id, **changes)
    return sb.interactions.update_ephemeral(message, **changes)


def _fill_in(sb: Sandbox, thinking: Message, body: MessageBody, changes: dict[str, Any]
             ) -> Message:
    """A deferred answer's "thinking" message filled in, by an edit or by the first
    follow-up: the loading flag goes (components v2, if the body set it, stays), and a
    poll comes along (Discord takes one in no other edit)."""
    changes["flags_value"] = changes.get("flags_value", thinking.flags_value) & ~LOADING
    if body.poll is not None:
        changes["poll_data"] = sb.state.new_poll(body.poll)
    filled = _apply_edit(sb, thinking, changes)
    if body.poll is not None and filled.id in sb.state.messages.get(filled.channel_id, {}):
        sb.state.open_poll(filled.channel_id, filled.id)
    return filled


async def followup(request: web.Request) -> web.Response:
    """POST /webhooks/{webhook_id}/{token}: in the interaction's channel, or with
    ``thread_id`` in a thread of it (10003 for any other, as a channel webhook's).

    The first follow-up of a deferred answer (type 5) takes the place of its "thinking"
    message, as on Discord: that message becomes the follow-up (the original answer
    too, same id), ephemeral or not as the deferral said, whatever flags come now
    (but components v2, which the follow-up's layout needs).
    """
    sb = sandbox_of(request)
    record = await _record(request)
    thread_id = thread_param(request)
    thread = None if thread_id is None else \
        webhook_target(sb.state, record.channel_id, thread_id)
    body, files = await read_body(request, MessageBody)
    check_new(body, files)  # a new message, even where it fills in the "thinking" one
    thinking = _current(sb, record.original) if record.original is not None else None
    # Inferred: one sent to a thread is a new message there; the "thinking" one, in the
    # interaction's channel, stays as it is.
    if record.response_type == 5 and thinking is not None and thinking.flags_value & LOADING \
            and thread is None:
        changes = edit_fields(sb, thinking.channel_id, thinking, body, files)
        message = record.original = _fill_in(sb, thinking, body, changes)
    else:
        message = _interaction_message(sb, record, body, files, channel=thread)
    record.followups.append(message)
    # Discord: "Functions the same as Execute Webhook, but wait is always true": the
    # message comes back without ?wait=true. interactions.py asks for none, and on a
    # 204 took the original answer for its follow-up (editing or deleting that).
    return json_response(message)


async def get_webhook_message(request: web.Request) -> web.Response:
    """GET /webhooks/{webhook_id}/{token}/messages/{message_id}."""
    record = await _record(request)
    return json_response(_existing(sandbox_of(request), _target(record, request)))


async def edit_webhook_message(request: web.Request) -> web.Response:
    """PATCH /webhooks/{webhook_id}/{token}/messages/{message_id}."""
    sb = sandbox_of(request)
    record = await _record(request)
    message = _existing(sb, _target(record, request))
    body, files = await read_body(request, MessageBody)
    changes = edit_fields(sb, message.channel_id, message, body, files)
    if message.flags_value & LOADING:
        updated = _fill_in(sb, message, body, changes)
    else:
        updated = _apply_edit(sb, message, changes)
    if record.original is not None and record.original.id == updated.id:
        record.original = updated
    record.followups = [updated if m.id == updated.id else m for m in record.followups]
    return json_response(updated)


async def delete_webhook_message(request: web.Request) -> web.Response:
    """DELETE /webhooks/{webhook_id}/{token}/messages/{message_id}."""
    sb = sandbox_of(request)
    record = await _record(request)
    message = _existing(sb, _target(record, request))
    if message.id in sb.state.messages.get(message.channel_id, {}):
        sb.state.delete_message(message.channel_id, message.id)
    else:
        sb.interactions.forget_ephemeral(message)
    if record.original is not None and record.original.id == message.id:
        record.original = None
    record.followups = [m for m in record.followups if m.id != message.id]
    return empty_response()


# The follow-up routes (/webhooks/{id}/{token}...) are registered by .webhooks, which
# hands them the requests whose id is an application's, not a channel webhook's.
ROUTES = [
    ("POST", "/interactions/{interaction_id}/{token}/callback", callback),
]
