"""Request bodies of the message routes, and turning one into a stored message.

Shared by the bot's REST routes, interaction answers and the control API (people
sending messages), so the same rules apply to everyone.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Final

import msgspec

from tidecord.models import (
    UNSET,
    AllowedMentions,
    Attachment,
    Channel,
    Component,
    Embed,
    Message,
    MessageReference,
    MessageReferenceType,
    MessageType,
    Permissions,
    PollCreate,
    Snowflake,
    UnsetType,
    User,
)
from tidecord.models.embed import iso_timestamp

from ..components import COMPONENTS_V2, layout_errors, unfurl_components
from ..files import safe_filename, sniff
from .access import sees
from .context import UploadedFile
from .embed_limits import embeds_errors
from .errors import APIError, FormError, form_error, too_long
from .forwards import check_forward_body, forwarded_message
from .polls import poll_errors
from .stickers import sticker_items

if TYPE_CHECKING:
    from ..server import Sandbox

__all__ = ["MessageBody", "check_deletable", "check_new", "check_pinnable", "check_send",
           "check_thread_activity", "create_message", "edit_fields", "named_fields"]

SEND_MESSAGES: Final[int] = Permissions.send_messages
SEND_IN_THREADS: Final[int] = Permissions.send_messages_in_threads
MANAGE_THREADS: Final[int] = Permissions.manage_threads
EMBED_LINKS: Final[int] = Permissions.embed_links
ATTACH_FILES: Final[int] = Permissions.attach_files
READ_HISTORY: Final[int] = Permissions.read_message_history
SEND_POLLS: Final[int] = Permissions.send_polls
SEND_TTS: Final[int] = Permissions.send_tts_messages
EPHEMERAL: Final = 1 << 6
SETTABLE_FLAGS: Final = (1 << 2) | (1 << 12) | COMPONENTS_V2
# Per message, as Discord allows a bot without boosts: 10 files of up to 10 MiB each.
MAX_FILES = 10
MAX_FILE_SIZE = 10 * 1024 * 1024
# An attachment's alt text, as Discord's attachment object documents it.
MAX_DESCRIPTION = 1024
# The kinds of mention allowed_mentions.parse names, and how many ids it may list.
_MENTION_KINDS: Final = ("roles", "users", "everyone")
MAX_MENTIONS: Final = 100
# What someone wrote may be edited; what Discord posted on its own (a pin's notice, a
# welcome) may not.
_EDITABLE: Final = frozenset({MessageType.default, MessageType.reply,
                              MessageType.chat_input_command, MessageType.context_menu_command})


class MessageBody(msgspec.Struct, kw_only=True):
    """POST /channels/{id}/messages, webhook executions and interaction messages."""

    # Left out (UNSET) is no change to an edited message's content; null clears it.
    content: str | UnsetType | None = UNSET
    nonce: int | str | None = None
    tts: bool = False
    embeds: list[Embed] | None = None
    embed: Embed | None = None
    allowed_mentions: AllowedMentions | None = None
    message_reference: MessageReference | None = None
    components: list[Component] | None = None
    sticker_ids: list[Snowflake] | None = None
    attachments: list[dict[str, Any]] | None = None
    flags: int | None = None
    poll: PollCreate | None = None
    enforce_nonce: bool = False
    # webhook executions only
    username: str | None = None
    avatar_url: str | None = None
    thread_name: str | None = None
    # The tags of the forum post a webhook's message starts (snowflakes, strings or
    # numbers).
    applied_tags: list[str | int] | None = None


def _validate(body: MessageBody, files: list[UploadedFile], *, creating: bool,
              flags: int = 0, max_content: int = 2000) -> list[Embed]:
    """The body's embeds, normalised; 50035 (or 50006, 40005) for what Discord refuses.

    ``flags`` are the message's flags beyond the body's (an edited message's own);
    ``max_content`` is 2000 characters for bots, 4000 for people with Nitro.
    """
    errors: dict[str, FormError] = {}
    flags |= body.flags or 0
    embeds = list(body.embeds or ([] if body.embed is None else [body.embed]))
    if isinstance(body.content, str) and len(body.content) > max_content:
        errors["content"] = too_long(max_content)
    errors.update(embeds_errors(embeds))
    if body.components is not None:
        for field, code, message in layout_errors(
                body.components, flags, has_content=bool(body.content or embeds)):
            errors.setdefault(field, (code, message))
    if isinstance(body.nonce, str) and len(body.nonce) > 25:
        errors["nonce"] = too_long(25)
    if len(files) > MAX_FILES:
        errors["attachments"] = too_long(MAX_FILES)
    if body.poll is not None:
        errors.update(poll_errors(body.poll))
    mentions = body.allowed_mentions
    if mentions is not None:
        errors.update(_mention_errors(mentions))
    reference = body.message_reference
    if reference is not None and reference.type not in (UNSET, None, *MessageReferenceType):
        # (0 a reply, 1 a forward: Discord's message docs)
        errors["message_reference.type"] = ("BASE_TYPE_CHOICES", "Value must be one of {0, 1}.")
    if mentions is not None and isinstance(mentions.parse, list):
        for kind in ("users", "roles"):
            # "parse" and a list of ids of the same kind are mutually exclusive.
            listed = getattr(mentions, kind)
            if kind in mentions.parse and isinstance(listed, list) and listed:
                errors["allowed_mentions"] = (
                    "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                    f'parse:["{kind}"] and {kind}: [ids...] are mutually exclusive.')
    if errors:
        raise form_error(errors)
    if any(len(f.data) > MAX_FILE_SIZE for f in files):
        raise APIError(413, 40005, "Request entity too large")
    # Discord trims the content: blanks alone are no message (a zero-width space is).
    said = body.content.strip() if isinstance(body.content, str) else body.content
    if creating and not (said or embeds or body.components or body.sticker_ids
                         or files or body.poll):
        raise APIError(400, 50006, "Cannot send an empty message")
    return [_normal_embed(e) for e in embeds]


def _mention_errors(mentions: AllowedMentions) -> dict[str, FormError]:
    """What Discord refuses in allowed_mentions: a kind to parse it does not know, and
    more than 100 users or roles named."""
    errors: dict[str, FormError] = {}
    parse = mentions.parse if isinstance(mentions.parse, list) else []
    for n, kind in enumerate(parse):
        if kind not in _MENTION_KINDS:
            errors[f"allowed_mentions.parse.{n}"] = (
                "BASE_TYPE_CHOICES", f"Value must be one of {_MENTION_KINDS}.")
    for kind in ("users", "roles"):
        listed = getattr(mentions, kind)
        if isinstance(listed, list) and len(listed) > MAX_MENTIONS:
            errors[f"allowed_mentions.{kind}"] = too_long(MAX_MENTIONS)
    return errors


def _normal_embed(embed: Embed) -> Embed:
    """An embed as Discord stores it: type "rich", every field's ``inline`` set, the
    timestamp in UTC, and no ``flags`` (Discord computes them; what a client sent is
    not echoed)."""
    raw = msgspec.structs.asdict(embed)  # as sent: the attributes read discord.py's way
    fields = raw["fields"]
    if isinstance(fields, list):
        fields = [f if f.inline is not None else msgspec.structs.replace(f, inline=False)
                  for f in fields]
    return msgspec.structs.replace(embed, type=embed.type or "rich", fields=fields, flags=UNSET,
                                   timestamp=_in_utc(raw["timestamp"]))


def _in_utc(sent: Any) -> Any:
    """An embed's timestamp as Discord answers it, in UTC (text it cannot read as a
    moment is kept as sent)."""
    try:
        return iso_timestamp(datetime.datetime.fromisoformat(sent))
    except (TypeError, ValueError):
        return sent


def attachments_of(sb: Sandbox, channel_id: int, files: list[UploadedFile],
                   described: list[dict[str, Any]] | None) -> list[Attachment]:
    """Store uploaded files; their attachments link to the sandbox's file route."""
    info = {str(a.get("id")): a for a in (described or [])}
    # Checked before any file is stored: a refused body must leave nothing behind.
    for f in files:
        name = info.get(str(f.index), {}).get("filename")
        if name is not None and not isinstance(name, str):
            raise form_error({f"attachments.{f.index}.filename": (
                "BASE_TYPE_STRING", "Could not interpret the value as string.")})
        description = info.get(str(f.index), {}).get("description")
        if isinstance(description, str) and len(description) > MAX_DESCRIPTION:
            raise form_error({f"attachments.{f.index}.description": too_long(
                MAX_DESCRIPTION)})
    out = []
    for f in sorted(files, key=lambda f: f.index):
        meta = info.get(str(f.index), {})
        filename = safe_filename(meta.get("filename") or f.filename)
        attachment_id = sb.state.new_id()
        content_type, width, height = sniff(filename, f.data, f.content_type)
        url = sb.files.put(channel_id, attachment_id, filename, content_type, f.data)
        extra: dict[str, Any] = {}
        if isinstance(meta.get("description"), str):
            extra["description"] = meta["description"]
        if width is not None:
            extra.update(width=width, height=height)
        out.append(Attachment(id=attachment_id, filename=filename, size=len(f.data), url=url,
                              proxy_url=url, content_type=content_type, **extra))
    return out


def link_attachments(embeds: list[Embed], attachments: list[Attachment]) -> list[Embed]:
    """Embed media naming ``attachment://file.png`` point at that upload, as Discord does
    (an image or thumbnail taking the upload's size too)."""
    uploads = {a.filename: a for a in attachments}
    if not uploads:
        return embeds

    def fix(media: Any, field: str) -> Any:
        value = getattr(media, field, UNSET) if media is not UNSET else UNSET
        if isinstance(value, str) and value.startswith("attachment://"):
            upload = uploads.get(value[len("attachment://"):])
            if upload is not None:
                proxy = "proxy_url" if field == "url" else "proxy_" + field
                changes: dict[str, Any] = {field: upload.url, proxy: upload.url}
                if field == "url" and upload.width is not None:
                    changes.update(width=upload.width, height=upload.height)
                return msgspec.structs.replace(media, **changes)
        return media

    out = []
    for embed in embeds:
        raw = msgspec.structs.asdict(embed)  # UNSET where the embed has none
        out.append(msgspec.structs.replace(
            embed, image=fix(raw["image"], "url"), thumbnail=fix(raw["thumbnail"], "url"),
            author=fix(raw["author"], "icon_url"), footer=fix(raw["footer"], "icon_url")))
    return out


def check_new(body: MessageBody, files: list[UploadedFile], *, max_content: int = 2000) -> None:
    """50035 (or 50006, 40005) for a new message's body that Discord refuses, before
    anything is made for it (a forum post's thread); ``max_content`` as for
    :func:`create_message`."""
    _validate(body, files, creating=True, max_content=max_content)


def check_send(sb: Sandbox, channel: Channel, user_id: int, *, files: bool = False,
               reply: bool = False, poll: bool = False) -> None:
    """50001 when the user cannot see the channel (:func:`sees`), 50013 without
    SEND_MESSAGES (or what files, replies and polls need)."""
    if not sees(sb.state, channel, user_id):
        raise APIError(403, 50001, "Missing Access")
    perms = sb.state.permissions(channel.id, user_id)
    need = SEND_IN_THREADS if channel.is_thread else SEND_MESSAGES
    if files:
        need |= ATTACH_FILES
    if reply:
        need |= READ_HISTORY
    if poll:
        need |= SEND_POLLS
    if perms & need != need:
        raise APIError(403, 50013, "Missing Permissions")


def check_thread_activity(sb: Sandbox, channel: Channel, user_id: int, action: str) -> None:
    """Discord's threads topic on what a thread takes while locked or archived, for
    ``action`` "send", "edit" or "react" by ``user_id`` (nothing for other channels):
    in a locked thread only moderators (Manage Threads) send or edit (else 400,
    160005 "Thread is locked"); in an archived one nobody edits or adds a reaction
    (400, 50083), while a message sent unarchives it first (THREAD_UPDATE)."""
    meta = channel.thread_metadata
    if meta is UNSET:
        return
    if meta.locked and action != "react" and not sb.state.can(channel.id, user_id,
                                                              MANAGE_THREADS):
        raise APIError(400, 160005, "Thread is locked")
    if not meta.archived:
        return
    if action != "send":
        raise APIError(400, 50083, "Thread is archived")
    sb.state.update_channel(channel.id, thread_metadata=msgspec.structs.replace(
        meta, archived=False, archive_timestamp=sb.state.now_iso()))


def create_message(
    sb: Sandbox,
    channel: Channel,
    author: User,
    body: MessageBody,
    files: list[UploadedFile],
    *,
    check_permissions: bool = True,
    max_content: int = 2000,
    **extra: Any,
) -> Message:
    """Validate a body, check permissions, store the message and dispatch it.

    ``max_content``: 2000 characters for bots; people with Nitro may send 4000.
    With ``enforce_nonce`` and a nonce the author used in the past minutes, the
    message made then is returned and nothing new is created (as Discord does).
    """
    reference = body.message_reference
    forward = reference is not None and reference.type == MessageReferenceType.forward
    if forward:
        check_forward_body(body, files)
    # A forward is only its reference: it is not empty.
    embeds = _validate(body, files, creating=not forward, max_content=max_content)
    enforced = body.enforce_nonce and body.nonce is not None
    if enforced:
        assert body.nonce is not None
        earlier = sb.nonces.find(author.id, body.nonce)
        if earlier is not None:
            existing = sb.state.messages.get(earlier[0], {}).get(earlier[1])
            if existing is not None:
                return existing
    if check_permissions:
        check_send(sb, channel, author.id, files=bool(files),
                   reply=reference is not None and not forward, poll=body.poll is not None)
        check_thread_activity(sb, channel, author.id, "send")
        if embeds and not sb.state.can(channel.id, author.id, EMBED_LINKS):
            embeds = []  # Discord drops embeds silently without EMBED_LINKS
    if forward:
        assert reference is not None
        if forwarded_message(sb, author, reference) is None:
            # Gone, and fail_if_not_exists false: nothing is left to send (a guess).
            raise APIError(400, 50006, "Cannot send an empty message")
    elif reference is not None and isinstance(reference.message_id, int):
        ref_channel = reference.channel_id if reference.channel_id is not UNSET else channel.id
        box = sb.state.messages.get(int(ref_channel), {})
        if int(ref_channel) != int(channel.id) and int(reference.message_id) in box:
            # Only a forward crosses channels: Discord refuses a reply to a message
            # of another channel.
            raise form_error({"message_reference": (
                "REPLIES_CANNOT_REFERENCE_OTHER_CHANNEL",
                "Cannot reply to a message in a different channel")})
        if int(reference.message_id) not in box and reference.fail_if_not_exists is not False:
            raise form_error({"message_reference": (
                "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message")})
    items = sticker_items(sb.state.guilds, sb.state.guild_id_of(channel), body.sticker_ids)
    # A sender sets only SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS and IS_COMPONENTS_V2
    # (Discord's message docs), the others are dropped; an interaction's answer (it
    # carries interaction_metadata) may also be EPHEMERAL.
    settable = SETTABLE_FLAGS | (EPHEMERAL if "interaction_metadata" in extra else 0)
    flags = (body.flags or 0) & settable
    # Without Send TTS Messages the message is sent, read by nobody.
    tts = body.tts and (not check_permissions
                        or sb.state.can(channel.id, author.id, SEND_TTS))
    attachments = attachments_of(sb, channel.id, files, body.attachments)
    message = sb.state.create_message(
        channel.id, author.id, author=author, content=body.content or "",
        embeds=link_attachments(embeds, attachments),
        components=unfurl_components(body.components or [], attachments),
        reference=reference, attachments=attachments,
        nonce=body.nonce, flags=flags | extra.pop("flags", 0), tts=tts,
        poll=sb.state.new_poll(body.poll) if body.poll is not None else None,
        sticker_items=items, allowed_mentions=body.allowed_mentions, **extra,
    )
    if enforced:
        assert body.nonce is not None
        sb.nonces.remember(author.id, body.nonce, channel.id, message.id)
    return message


def edit_fields(sb: Sandbox, channel_id: int, message: Message, body: MessageBody,
                files: list[UploadedFile], *, max_content: int = 2000) -> dict[str, Any]:
    """The changes a PATCH body asks for (only fields it names); 50006 when they would
    leave the message with nothing to show, as Discord refuses such an edit.
    ``max_content`` as for :func:`create_message`. A system message is not edited
    (403 50021)."""
    if message.type not in _EDITABLE:
        raise _system_message()
    _validate(body, files, creating=False, flags=message.flags_value, max_content=max_content)
    sent = named_fields(body)
    changes: dict[str, Any] = {}
    if "content" in sent:
        changes["content"] = body.content or ""
        changes.update(sb.state.edit_pings(message, changes["content"], body.allowed_mentions))
    if "embeds" in sent or "embed" in sent:
        changes["embeds"] = _validate(body, files, creating=False, flags=message.flags_value)
    if "components" in sent:
        changes["components"] = body.components
    if "flags" in sent:
        # Only suppress_embeds may be toggled; components v2 may be turned on, never off.
        unchanged = message.flags_value & ~(1 << 2)
        changes["flags_value"] = unchanged | ((body.flags or 0) & ((1 << 2) | COMPONENTS_V2))
    if "attachments" in sent or files:
        # Files without an attachments list are added to those the message has;
        # the list, when sent, names every one kept.
        keep_ids = {str(a.get("id")) for a in body.attachments or []}
        kept = [a for a in message.attachments
                if "attachments" not in sent or str(a.id) in keep_ids]
        new = attachments_of(sb, channel_id, files, body.attachments)
        changes["attachments"] = kept + new
        if isinstance(changes.get("embeds"), list):
            changes["embeds"] = link_attachments(changes["embeds"], new)
    if isinstance(changes.get("components"), list):
        changes["components"] = unfurl_components(
            changes["components"], changes.get("attachments", message.attachments))
    if body.poll is None and _left_empty(message, changes):  # a poll fills a deferred answer
        raise APIError(400, 50006, "Cannot send an empty message")
    return changes


def check_deletable(message: Message) -> None:
    """403 50021 for a system message Discord keeps (a thread's "added", "removed" or
    "changed the name" notices): the message types its table marks not deletable."""
    if not message.type.is_deletable():
        raise _system_message()


def check_pinnable(message: Message) -> None:
    """403 50021 for pinning what Discord posted on its own (a pin's notice, a
    welcome...): only what someone wrote, or a thread's starter, is pinned."""
    if message.type not in _EDITABLE | {MessageType.thread_starter_message}:
        raise _system_message()


def _system_message() -> APIError:
    # 403, as Discord answers a delete of one (discord-api-docs issue 1063).
    return APIError(403, 50021, "Cannot execute action on a system message")


def named_fields(body: MessageBody) -> set[str]:
    """The fields a body gives: content when present (null too: it clears), any other
    when not null."""
    return {f.name for f in msgspec.structs.fields(body)
            if getattr(body, f.name) is not (UNSET if f.name == "content" else None)}


def _left_empty(message: Message, changes: dict[str, Any]) -> bool:
    """Whether ``message`` with ``changes`` has nothing left: no content (blanks are
    none), embed, file, component, sticker, poll or forwarded message."""
    def now(field: str) -> Any:
        return changes[field] if field in changes else getattr(message, field)
    return not (str(now("content")).strip() or now("embeds") or now("attachments")
                or now("components") or message.sticker_items or message.poll_data
                or message.snapshots_data)
