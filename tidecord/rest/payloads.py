"""Building message bodies the way discord.py's keyword arguments describe them."""

from __future__ import annotations

import base64
from typing import Any, Final

import msgspec

from ..models import UNSET, AllowedMentions, MessageFlags, MessageReference, to_builtins
from ..utils import MISSING
from .files import File, attachments_payload
from .mentions import AllowedMentions as Mentions

__all__ = ["audio_data", "audio_type", "edit_payload", "given", "image_data",
           "message_payload", "said_by"]

_SUPPRESS_EMBEDS: Final[int] = MessageFlags.suppress_embeds
_SUPPRESS_NOTIFICATIONS: Final[int] = MessageFlags.suppress_notifications
_EPHEMERAL: Final[int] = MessageFlags.ephemeral
_COMPONENTS_V2: Final[int] = MessageFlags.components_v2



def _as_sent(embed: Any) -> Any:
    """An embed as discord.py sends it (``Embed.to_dict``): an empty title or
    description left out, not sent as ``""``."""
    try:
        untitled, undescribed = embed.title == "", embed.description == ""
    except AttributeError:
        return _not_an_embed(embed)
    if not (untitled or undescribed) or not isinstance(embed, msgspec.Struct):
        return embed
    empty = ("title",) * untitled + ("description",) * undescribed
    return msgspec.structs.replace(embed, **dict.fromkeys(empty, UNSET))


def _not_an_embed(value: Any) -> Any:
    """Discord's own shape (a dict) goes as it is; anything else is refused here, naming
    the argument, rather than by Discord as an "Invalid Form Body" far from the call."""
    if isinstance(value, dict):
        return value
    raise TypeError(f"embed must be Embed, not {type(value).__name__}")


def _embeds(embeds: Any) -> list[Any]:
    try:
        if len(embeds) > 10:
            # Before any request, as discord.py: a program may catch the ValueError.
            raise ValueError("embeds has a maximum of 10 elements.")
        if not isinstance(embeds, str):
            return list(map(_as_sent, embeds))
    except TypeError:
        pass
    raise TypeError(f"embeds must be a list of Embed, not {_kind(embeds)}")


def _not_files(files: Any) -> TypeError:
    return TypeError(f"files must be a list of File, not {_kind(files)}")


def _not_attachments(attachments: Any) -> TypeError:
    return TypeError(f"attachments must be a list of Attachment or File, not {_kind(attachments)}")


def _kind(values: Any) -> str:
    """``str``, or ``list of int``: what was given where a list of something goes."""
    if isinstance(values, list | tuple) and values:
        wrong = [type(v).__name__ for v in values]
        return f"{type(values).__name__} of {', '.join(dict.fromkeys(wrong))}"
    return type(values).__name__


def _listed(attachments: Any) -> Any:
    if isinstance(attachments, str | bytes) or not hasattr(attachments, "__iter__"):
        raise _not_attachments(attachments)
    return attachments


def _attachments_of(out_files: list[Any], file: Any, files: Any) -> list[dict[str, Any]]:
    try:
        return attachments_payload(out_files)
    except AttributeError:
        if file is not None:
            raise TypeError(f"file must be File, not {type(file).__name__}") from None
        raise _not_files(files) from None


def _sticker_ids(stickers: Any) -> list[str]:
    ids = []
    try:
        for sticker in stickers:
            ident = getattr(sticker, "id", sticker)
            if not isinstance(ident, int) and not (isinstance(ident, str) and ident.isdigit()):
                raise TypeError
            ids.append(str(ident))
    except TypeError:
        raise TypeError("stickers must be a list of GuildSticker, StickerItem or sticker "
                        f"ids, not {_kind(stickers)}") from None
    return ids


def said_by(error: TypeError, method: str) -> TypeError:
    """``error``, a keyword ``message_payload`` or ``edit_payload`` does not take, as
    the user's own call says it (``Messageable.send() got an unexpected keyword
    argument 'colour'``), not as our inner function; any other error as it is."""
    text = str(error)
    if text.startswith(("message_payload()", "edit_payload()")):
        return TypeError(method + text[text.index("()") + 2:])
    return error


def _not_taken(method: str, keyword: str) -> None:
    raise TypeError(f"{method} got an unexpected keyword argument {keyword!r}")


def given(value: Any, default: Any = UNSET) -> Any:
    """``value``, or ``default`` when it is ``utils.MISSING``: discord.py's interaction
    and webhook methods default to MISSING for "not given", so programs pass it on
    (``view=view or MISSING``, where ``None`` would break discord.py)."""
    return default if value is MISSING else value


def _reference(ref: Any, fail_if_not_exists: bool) -> dict[str, Any]:
    if isinstance(ref, MessageReference):  # a message's own reference is bound: not sent
        out: dict[str, Any] = to_builtins(msgspec.structs.replace(ref, _resolved=UNSET,
                                                                  _state=UNSET))
        out.setdefault("fail_if_not_exists", fail_if_not_exists)
        return out
    # A Message (or anything shaped like one: id, channel_id, guild_id).
    if not hasattr(ref, "id") or not hasattr(ref, "channel_id"):
        raise TypeError("reference parameter must be Message, MessageReference, or "
                        "PartialMessage")  # discord.py's words
    out = {"message_id": str(ref.id), "channel_id": str(ref.channel_id)}
    guild_id = getattr(ref, "guild_id", UNSET)
    if guild_id is not UNSET and guild_id is not None:
        out["guild_id"] = str(guild_id)
    out["fail_if_not_exists"] = fail_if_not_exists
    return out


def _mentions(value: Any) -> Any:
    if isinstance(value, AllowedMentions):
        return to_builtins(value)
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if isinstance(value, dict):  # Discord's own shape, passed through
        return value
    # Said here, naming the argument, not by Discord as an "Invalid Form Body".
    raise TypeError(f"allowed_mentions must be AllowedMentions, not {type(value).__name__}")


def message_payload(
    content: Any = None,
    *,
    tts: bool = False,
    embed: Any = None,
    embeds: list[Any] | None = None,
    file: File | None = None,
    files: list[File] | None = None,
    allowed_mentions: Any = None,
    reference: Any = None,
    mention_author: bool | None = None,
    components: list[Any] | None = None,
    nonce: str | int | None = None,
    flags: int | None = None,
    suppress_embeds: bool = False,
    silent: bool = False,
    ephemeral_flag: bool = False,
    stickers: list[Any] | None = None,
    fail_if_not_exists: bool = True,
    attachments: list[Any] | None = None,
    view: Any = UNSET,
    poll: Any = None,
    default_mentions: Mentions | None = None,
    answering: str | None = None,
) -> tuple[dict[str, Any], list[File]]:
    """The JSON body and files for a create or edit message call.

    ``default_mentions``: the client's ``allowed_mentions``, under this message's own
    (as discord.py merges them). ``view`` is a :class:`tidecord.ui.View` or
    :class:`~tidecord.ui.LayoutView`
    (anything with ``to_components()``); a layout view sets the components-v2
    flag. ``view=None`` removes the components (on edits). ``answering`` names a
    webhook's or an interaction's send (``"Webhook.send()"``), which takes no
    ``reference``, ``mention_author``, ``nonce`` or ``stickers``: each is then a
    TypeError, as in discord.py, not a part sent for Discord to drop.
    """
    content, embed, embeds, file, files, allowed_mentions, reference, mention_author, \
        components, nonce, flags, stickers, attachments, poll = (
            given(v, None) for v in (content, embed, embeds, file, files, allowed_mentions,
                                     reference, mention_author, components, nonce, flags,
                                     stickers, attachments, poll))
    view = given(view)
    bits = flags or 0
    if view is None:
        components = []
    elif view is not UNSET:
        if not hasattr(view, "to_components"):
            raise TypeError(f"view must be a ui.View or ui.LayoutView, not {type(view).__name__}")
        components = [*(components or []), *view.to_components()]
        if getattr(view, "has_components_v2", lambda: False)():
            bits |= _COMPONENTS_V2
    if embed is not None and embeds is not None:
        raise TypeError("Cannot mix embed and embeds keyword arguments.")  # discord.py's words
    if file is not None and files is not None:
        raise TypeError("Cannot mix file and files keyword arguments.")
    body: dict[str, Any] = {}
    if content is not None:
        body["content"] = str(content)
    if tts:
        body["tts"] = True
    if embed is not None:
        body["embeds"] = [_as_sent(embed)]
    elif embeds is not None:
        body["embeds"] = _embeds(embeds)
    if components is not None:
        body["components"] = [
            c.to_components() if hasattr(c, "to_components") else c for c in components
        ]
    if nonce is not None:
        if answering is not None:
            _not_taken(answering, "nonce")
        body["nonce"] = str(nonce)
    if reference is not None:
        if answering is not None:
            _not_taken(answering, "reference")
        body["message_reference"] = _reference(reference, fail_if_not_exists)
    if allowed_mentions is not None:
        if default_mentions is not None and isinstance(allowed_mentions, Mentions):
            allowed_mentions = default_mentions.merge(allowed_mentions)
        mentions = _mentions(allowed_mentions)
    else:
        mentions = None if default_mentions is None else _mentions(default_mentions)
    if mention_author is not None:
        if answering is not None:
            _not_taken(answering, "mention_author")
        mentions = dict(mentions or {"parse": ["users", "roles", "everyone"]})
        mentions["replied_user"] = mention_author
    if mentions is not None:
        body["allowed_mentions"] = mentions
    if stickers is not None:
        if answering is not None:
            _not_taken(answering, "stickers")
        body["sticker_ids"] = _sticker_ids(stickers)
    if poll is not None:
        body["poll"] = poll.to_dict() if hasattr(poll, "to_dict") else poll
    if suppress_embeds:
        bits |= _SUPPRESS_EMBEDS
    if silent:
        bits |= _SUPPRESS_NOTIFICATIONS
    if ephemeral_flag:  # an interaction's: a channel's send takes no ``ephemeral``
        bits |= _EPHEMERAL
    if bits or flags is not None:
        body["flags"] = bits  # given flags go even when none is set: an edit clears them
    if file is not None:
        out_files = [file]
    elif not files:
        out_files = []
    else:
        try:
            out_files = list(files)
        except TypeError:
            raise _not_files(files) from None
    if out_files:
        body["attachments"] = [*(attachments or []), *_attachments_of(out_files, file, files)]
    elif attachments is not None:
        body["attachments"] = attachments
    return body, out_files


def edit_payload(content: Any = UNSET, *, attachments: Any = UNSET,
                 **options: Any) -> tuple[dict[str, Any], list[File]]:
    """The body of a message edit: ``content=None`` clears the text, ``embed=None`` the
    embeds; ``attachments`` lists the attachments to keep and may hold new
    :class:`File` objects to upload, as in discord.py (``file(s)`` are uploaded beside
    them)."""
    content, attachments = given(content), given(attachments)
    options = {name: value for name, value in options.items() if value is not MISSING}
    kept: list[Any] | None = None
    if attachments is not UNSET and attachments is not None:
        kept = []
        uploads: list[File] = []
        for item in _listed(attachments):
            if isinstance(item, File):
                uploads.append(item)
            elif hasattr(item, "id"):
                kept.append({"id": str(item.id)})
            elif isinstance(item, dict):  # Discord's own shape, passed through
                kept.append(item)
            else:
                raise _not_attachments(attachments)
        if uploads:
            one = options.pop("file", None)
            beside = [one] if one is not None else list(options.pop("files", None) or ())
            options["files"] = [*uploads, *beside]
    # ``embed=None`` takes the embeds away, as discord.py's edit does (a send ignores it).
    clear_embeds = "embed" in options and options["embed"] is None \
        and options.get("embeds") is None
    body, files = message_payload(None if content is UNSET else content, **options)
    if content is None:
        body["content"] = None
    if clear_embeds:
        body["embeds"] = []
    if kept is not None:
        body["attachments"] = kept + body.get("attachments", [])
    return body, files


_IMAGE_TYPES: Final = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
                       (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"))


def image_data(data: bytes) -> str:
    """An image's bytes as the data URI Discord takes for avatars and icons."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"an image is bytes, not {type(data).__name__}")
    raw = bytes(data)
    kind = next((mime for magic, mime in _IMAGE_TYPES if raw.startswith(magic)), None)
    if kind is None and raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        kind = "image/webp"
    if kind is None:
        raise ValueError("Unsupported image type given")
    return f"data:{kind};base64,{base64.b64encode(raw).decode('ascii')}"


def audio_type(raw: bytes) -> str | None:
    """``audio/mpeg`` or ``audio/ogg`` for a sound's bytes, None for anything else: an
    MP3 opens with an ID3 tag or an MPEG frame's sync bits, an Ogg file with ``OggS``."""
    if raw.startswith(b"ID3") or (len(raw) > 1 and raw[0] == 0xFF and raw[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    return "audio/ogg" if raw.startswith(b"OggS") else None


def audio_data(data: bytes) -> str:
    """A sound's MP3 or Ogg bytes as the data URI Discord takes for soundboard sounds."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"a sound is bytes, not {type(data).__name__}")
    raw = bytes(data)
    kind = audio_type(raw)
    if kind is None:
        raise ValueError("Unsupported audio type given")
    return f"data:{kind};base64,{base64.b64encode(raw).decode('ascii')}"
