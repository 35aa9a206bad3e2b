"""Messages and what they carry: embeds, attachments, reactions, references."""

from __future__ import annotations

import asyncio
import datetime
import enum
import os
import re
from pathlib import Path
from typing import Any

import msgspec

from .base import UNSET, Model, Snowflake, UnsetType
from .channel import Channel
from .guild import Emoji, Member
from .user import User

__all__ = [
    "AllowedMentions",
    "Attachment",
    "Component",
    "Embed",
    "EmbedAuthor",
    "EmbedField",
    "EmbedFooter",
    "EmbedMedia",
    "EmbedProvider",
    "Mention",
    "Message",
    "MessageReference",
    "MessageType",
    "Reaction",
    "ReactionCountDetails",
]


class MessageType(enum.IntEnum):
    """The ``type`` of a message (the common ones)."""

    DEFAULT = 0
    RECIPIENT_ADD = 1
    RECIPIENT_REMOVE = 2
    CALL = 3
    CHANNEL_NAME_CHANGE = 4
    CHANNEL_ICON_CHANGE = 5
    CHANNEL_PINNED_MESSAGE = 6
    USER_JOIN = 7
    THREAD_CREATED = 18
    REPLY = 19
    CHAT_INPUT_COMMAND = 20
    THREAD_STARTER_MESSAGE = 21
    CONTEXT_MENU_COMMAND = 23

    # discord.py spellings
    default = 0
    reply = 19


class EmbedFooter(Model, gc=False, kw_only=True):
    text: str
    icon_url: str | UnsetType = UNSET
    proxy_icon_url: str | UnsetType = UNSET


class EmbedMedia(Model, gc=False, kw_only=True):
    """An embed's image, thumbnail or video."""

    url: str
    proxy_url: str | UnsetType = UNSET
    height: int | UnsetType = UNSET
    width: int | UnsetType = UNSET


class EmbedProvider(Model, gc=False, kw_only=True):
    name: str | UnsetType = UNSET
    url: str | UnsetType = UNSET


class EmbedAuthor(Model, gc=False, kw_only=True):
    name: str
    url: str | UnsetType = UNSET
    icon_url: str | UnsetType = UNSET
    proxy_icon_url: str | UnsetType = UNSET


class EmbedField(Model, gc=False, kw_only=True):
    name: str
    value: str
    inline: bool | UnsetType = UNSET


class _EmbedMeta(type(Model)):  # type: ignore[misc]
    """Lets ``Embed(...)`` take discord.py's keywords; decoding does not come through here."""

    def __call__(cls, *args: Any, colour: Any = None, timestamp: Any = UNSET,
                 **fields: Any) -> Any:
        # discord.py spells it ``colour=`` as often as ``color=``, and passes
        # ``timestamp=`` a datetime; the wire wants ``color`` and ISO 8601 text.
        if colour is not None:
            fields["color"] = int(colour)
        elif fields.get("color") is not None:
            fields["color"] = int(fields["color"])
        elif "color" in fields:
            del fields["color"]
        if isinstance(timestamp, datetime.datetime):
            timestamp = iso_timestamp(timestamp)
        if timestamp is not None:
            fields["timestamp"] = timestamp
        for key in ("title", "description", "url"):
            if key in fields and fields[key] is None:
                del fields[key]  # discord.py's "not set"
            elif key in fields and not isinstance(fields[key], str | UnsetType):
                fields[key] = str(fields[key])
        return super().__call__(*args, **fields)


def iso_timestamp(when: datetime.datetime) -> str:
    """``when`` as Discord's ISO 8601 text; a naive datetime is taken as local time."""
    if when.tzinfo is None:
        when = when.astimezone()
    return when.astimezone(datetime.UTC).isoformat()


class Embed(Model, kw_only=True, metaclass=_EmbedMeta):
    """Rich content shown under a message.

    >>> Embed(title="Idea", description="A bot that waters plants").title
    'Idea'

    As in discord.py, ``colour=`` is ``color=`` and ``timestamp=`` takes a datetime:
    ``Embed(title="Hi", colour=Colour.blue(), timestamp=utils.utcnow())``.
    """

    title: str | UnsetType = UNSET
    type: str | UnsetType = UNSET
    description: str | UnsetType = UNSET
    url: str | UnsetType = UNSET
    timestamp: str | UnsetType = UNSET
    color: int | UnsetType = UNSET
    footer: EmbedFooter | UnsetType = UNSET
    image: EmbedMedia | UnsetType = UNSET
    thumbnail: EmbedMedia | UnsetType = UNSET
    video: EmbedMedia | UnsetType = UNSET
    provider: EmbedProvider | UnsetType = UNSET
    author: EmbedAuthor | UnsetType = UNSET
    fields: list[EmbedField] | UnsetType = UNSET

    # -- discord.py-style builders (each returns the embed, for chaining) ---
    def add_field(self, *, name: Any, value: Any, inline: bool = True) -> Embed:
        """Append a field."""
        if isinstance(self.fields, UnsetType):
            self.fields = []
        self.fields.append(EmbedField(name=str(name), value=str(value), inline=inline))
        return self

    def insert_field_at(self, index: int, *, name: Any, value: Any, inline: bool = True) -> Embed:
        """Insert a field at ``index``."""
        if isinstance(self.fields, UnsetType):
            self.fields = []
        self.fields.insert(index, EmbedField(name=str(name), value=str(value), inline=inline))
        return self

    def clear_fields(self) -> Embed:
        """Remove every field."""
        self.fields = []
        return self

    def remove_field(self, index: int) -> Embed:
        """Remove the field at ``index`` (nothing if there is none)."""
        if not isinstance(self.fields, UnsetType) and -len(self.fields) <= index < len(self.fields):
            del self.fields[index]
        return self

    def set_field_at(self, index: int, *, name: Any, value: Any, inline: bool = True) -> Embed:
        """Replace the field at ``index`` (``IndexError`` if there is none)."""
        if isinstance(self.fields, UnsetType):
            raise IndexError("field index out of range")
        self.fields[index] = EmbedField(name=str(name), value=str(value), inline=inline)
        return self

    def remove_author(self) -> Embed:
        """Remove the author line."""
        self.author = UNSET
        return self

    def remove_footer(self) -> Embed:
        """Remove the footer."""
        self.footer = UNSET
        return self

    def copy(self) -> Embed:
        """An independent copy (fields and all)."""
        return Embed.from_dict(self.to_dict())

    def set_footer(self, *, text: Any = None, icon_url: Any = None) -> Embed:
        """Set (or with no text, remove) the footer."""
        if text is None:
            self.footer = UNSET
        else:
            self.footer = EmbedFooter(text=str(text))
            if icon_url is not None:
                self.footer.icon_url = str(icon_url)
        return self

    def set_author(self, *, name: Any, url: Any = None, icon_url: Any = None) -> Embed:
        """Set the author line."""
        self.author = EmbedAuthor(name=str(name))
        if url is not None:
            self.author.url = str(url)
        if icon_url is not None:
            self.author.icon_url = str(icon_url)
        return self

    def set_image(self, *, url: Any) -> Embed:
        """Set the large image (``None`` removes it)."""
        self.image = UNSET if url is None else EmbedMedia(url=str(url))
        return self

    def set_thumbnail(self, *, url: Any) -> Embed:
        """Set the thumbnail (``None`` removes it)."""
        self.thumbnail = UNSET if url is None else EmbedMedia(url=str(url))
        return self

    @property
    def colour(self) -> int | UnsetType:
        """discord.py's spelling of ``color``."""
        return self.color

    @colour.setter
    def colour(self, value: int) -> None:
        self.color = value

    def to_dict(self) -> dict[str, Any]:
        """The embed as Discord's JSON object."""
        from .base import to_builtins

        return to_builtins(self)  # type: ignore[no-any-return]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Embed:
        """An embed from Discord's JSON object."""
        from .base import convert

        return convert(data, cls)

    def __len__(self) -> int:
        return self.text_length()

    def text_length(self) -> int:
        """Characters that count toward Discord's 6000 per-message embed limit."""
        total = 0
        for text in (self.title, self.description):
            if isinstance(text, str):
                total += len(text)
        if not isinstance(self.footer, UnsetType):
            total += len(self.footer.text)
        if not isinstance(self.author, UnsetType):
            total += len(self.author.name)
        if not isinstance(self.fields, UnsetType):
            total += sum(len(f.name) + len(f.value) for f in self.fields)
        return total


class Attachment(Model, gc=False, kw_only=True):
    """A file attached to a message."""

    id: Snowflake
    filename: str
    title: str | UnsetType = UNSET
    description: str | UnsetType = UNSET
    content_type: str | UnsetType = UNSET
    size: int
    url: str
    proxy_url: str
    height: int | UnsetType | None = UNSET
    width: int | UnsetType | None = UNSET
    ephemeral: bool | UnsetType = UNSET
    flags: int | UnsetType = UNSET
    # The client that decoded this object; never on the wire.
    _state: Any = UNSET

    def is_spoiler(self) -> bool:
        """Whether the file is hidden behind a spoiler."""
        return self.filename.startswith("SPOILER_")

    async def read(self) -> bytes:
        """Download the file (``aiohttp.ClientResponseError`` if the CDN refuses)."""
        async with self._state.http.session.get(self.url) as response:
            response.raise_for_status()
            return await response.read()  # type: ignore[no-any-return]

    async def save(self, fp: Any, *, seek_begin: bool = True) -> int:
        """Download the file into ``fp`` (a path or a binary file object); returns its size."""
        data = await self.read()
        if isinstance(fp, str | os.PathLike):
            # Writing a file blocks: keep it off the event loop.
            return await asyncio.to_thread(Path(fp).write_bytes, data)
        written = fp.write(data)
        if seek_begin:
            fp.seek(0)
        return int(written)


class ReactionCountDetails(Model, gc=False, kw_only=True):
    burst: int = 0
    normal: int = 0


class Reaction(Model, gc=False, kw_only=True):
    """How many reacted with one emoji, and whether the bot did."""

    count: int
    count_details: ReactionCountDetails = msgspec.field(default_factory=ReactionCountDetails)
    me: bool = False
    me_burst: bool = False
    emoji: Emoji
    burst_colors: list[str] = []
    # The cached message this reaction is on (set by the client); never on the wire.
    _message: Any = UNSET

    @property
    def message(self) -> Any:
        """The message this reaction is on."""
        return self._message

    def is_custom_emoji(self) -> bool:
        """Whether the emoji is a guild's custom emoji."""
        return self.emoji.id is not None


class MessageReference(Model, gc=False, kw_only=True):
    """What a message replies to (type 0) or forwards (type 1)."""

    type: int | UnsetType = UNSET
    message_id: Snowflake | UnsetType = UNSET
    channel_id: Snowflake | UnsetType = UNSET
    guild_id: Snowflake | UnsetType = UNSET
    fail_if_not_exists: bool | UnsetType = UNSET


class AllowedMentions(Model, gc=False, kw_only=True):
    """Which mentions in a message actually ping."""

    parse: list[str] | UnsetType = UNSET
    roles: list[Snowflake] | UnsetType = UNSET
    users: list[Snowflake] | UnsetType = UNSET
    replied_user: bool | UnsetType = UNSET

    @classmethod
    def none(cls) -> AllowedMentions:
        """Ping nobody."""
        return cls(parse=[], replied_user=False)

    @classmethod
    def all(cls) -> AllowedMentions:
        """Ping everyone mentioned."""
        return cls(parse=["users", "roles", "everyone"], replied_user=True)


class Component(Model, gc=False, kw_only=True):
    """A message component: action row, button, select menu or text input."""

    type: int
    id: int | UnsetType = UNSET
    custom_id: str | UnsetType = UNSET
    label: str | UnsetType = UNSET
    style: int | UnsetType = UNSET
    url: str | UnsetType = UNSET
    emoji: Emoji | UnsetType = UNSET
    disabled: bool | UnsetType = UNSET
    options: list[dict[str, Any]] | UnsetType = UNSET
    placeholder: str | UnsetType = UNSET
    min_values: int | UnsetType = UNSET
    max_values: int | UnsetType = UNSET
    min_length: int | UnsetType = UNSET
    max_length: int | UnsetType = UNSET
    required: bool | UnsetType = UNSET
    value: str | UnsetType = UNSET
    components: list[Component] | UnsetType = UNSET


class Mention(User, gc=False, kw_only=True):
    """A mentioned user; in guild messages it carries a partial member."""

    member: Member | UnsetType = UNSET


_CHANNEL_MENTION = re.compile(r"<#([0-9]{15,20})>")
_ANY_MENTION = re.compile(r"<(@!?|@&|#)([0-9]{15,20})>")


class Message(Model, kw_only=True):
    """A message. In guilds, the gateway adds ``guild_id`` and a partial ``member``."""

    id: Snowflake
    channel_id: Snowflake
    author: User
    content: str = ""
    timestamp: str
    edited_timestamp: str | None = None
    tts: bool = False
    mention_everyone: bool = False
    mentions: list[Mention] = []
    mention_roles: list[Snowflake] = []
    mention_channels: list[dict[str, Any]] | UnsetType = UNSET
    attachments: list[Attachment] = []
    embeds: list[Embed] = []
    reactions: list[Reaction] | UnsetType = UNSET
    nonce: int | str | UnsetType = UNSET
    pinned: bool = False
    webhook_id: Snowflake | UnsetType = UNSET
    type: int = 0
    application_id: Snowflake | UnsetType = UNSET
    flags: int = 0
    message_reference: MessageReference | UnsetType = UNSET
    referenced_message: Message | UnsetType | None = UNSET
    interaction_metadata: dict[str, Any] | UnsetType = UNSET
    thread: Channel | UnsetType = UNSET
    components: list[Component] | UnsetType = UNSET
    sticker_items: list[dict[str, Any]] | UnsetType = UNSET
    position: int | UnsetType = UNSET
    poll: dict[str, Any] | UnsetType = UNSET
    # gateway only
    guild_id: Snowflake | UnsetType = UNSET
    member: Member | UnsetType = UNSET
    _state: Any = UNSET

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def created_at(self) -> Any:
        """When the message was sent (from its id)."""
        return self.id.created_at

    # -- behaviour (delegates to the client state in ``_state``) -------------
    @classmethod
    def partial(
        cls, state: Any, channel_id: int, message_id: int, guild_id: Any = UNSET
    ) -> Message:
        """A message known by id only: enough to edit, delete, react or reply."""
        msg = cls(id=message_id, channel_id=channel_id,  # type: ignore[arg-type]
                  author=User(id=Snowflake(0), username=""), timestamp="")
        msg.guild_id = guild_id
        msg._state = state
        return msg

    @property
    def channel(self) -> Channel:
        """The channel it was sent in (cached, else a partial one that can ``send``)."""
        return self._state.channel_for(self.channel_id, self.guild_id)  # type: ignore[no-any-return]

    @property
    def guild(self) -> Any:
        """The guild it was sent in (``None`` in DMs)."""
        if isinstance(self.guild_id, UnsetType):
            return None
        return self._state.cache.guilds.get(self.guild_id)

    @property
    def jump_url(self) -> str:
        """A link to the message."""
        where = "@me" if isinstance(self.guild_id, UnsetType) else self.guild_id
        return f"https://discord.com/channels/{where}/{self.channel_id}/{self.id}"

    @property
    def reference(self) -> MessageReference | None:
        """What this message replies to, if anything."""
        return None if isinstance(self.message_reference, UnsetType) else self.message_reference

    @property
    def raw_mentions(self) -> list[int]:
        """Ids of the users mentioned."""
        return [m.id for m in self.mentions]

    @property
    def raw_role_mentions(self) -> list[int]:
        """Ids of the roles mentioned."""
        return [int(r) for r in self.mention_roles]

    @property
    def raw_channel_mentions(self) -> list[int]:
        """Ids of the channels written as ``<#id>`` in the content."""
        return [int(c) for c in _CHANNEL_MENTION.findall(self.content)]

    @property
    def role_mentions(self) -> list[Any]:
        """The cached roles mentioned."""
        guild = self.guild
        found = (guild.get_role(r) for r in self.mention_roles) if guild is not None else ()
        return [r for r in found if r is not None]

    @property
    def channel_mentions(self) -> list[Channel]:
        """The cached channels written as ``<#id>`` in the content."""
        found = (self._state.cache.channels.get(c) for c in self.raw_channel_mentions)
        return [c for c in found if c is not None]

    @property
    def clean_content(self) -> str:
        """The content with mentions written as names (``@alice``, ``@Moderator``, ``#general``)
        and ``@everyone`` / ``@here`` defused, safe to echo."""
        users = {str(m.id): m for m in self.mentions}
        guild = self.guild

        def name(match: re.Match[str]) -> str:
            kind, ident = match.group(1), match.group(2)
            if kind == "#":
                channel = self._state.cache.channels.get(int(ident))
                return f"#{channel.name}" if channel is not None else "#deleted-channel"
            if kind == "@&":
                role = guild.get_role(int(ident)) if guild is not None else None
                return f"@{role.name}" if role is not None else "@deleted-role"
            user = users.get(ident)
            member = guild.get_member(int(ident)) if guild is not None else None
            shown = member or user
            return f"@{shown.display_name}" if shown is not None else match.group(0)

        text = _ANY_MENTION.sub(name, self.content)
        return text.replace("@everyone", "@\u200beveryone").replace("@here", "@\u200bhere")

    @property
    def edited_at(self) -> datetime.datetime | None:
        """When the message was last edited, if ever."""
        if not self.edited_timestamp:
            return None
        return datetime.datetime.fromisoformat(self.edited_timestamp)

    def is_system(self) -> bool:
        """Whether Discord wrote it (joins, pins...) rather than a user."""
        return self.type not in (0, 19, 20, 23)

    async def reply(self, content: Any = None, **options: Any) -> Message:
        """Answer as a reply to this message (``mention_author=False`` to not ping)."""
        options.setdefault("fail_if_not_exists", False)
        return await self._state.send_message(  # type: ignore[no-any-return]
            self.channel_id, content, reference=self, **options
        )

    async def edit(self, content: Any = UNSET, **options: Any) -> Message:
        """Edit the message (the bot's own); returns the edited message."""
        return await self._state.edit_message(  # type: ignore[no-any-return]
            self.channel_id, self.id, content, **options
        )

    async def delete(self, *, delay: float | None = None, reason: str | None = None) -> None:
        """Delete the message (after ``delay`` seconds, in the background)."""
        if delay is not None:
            self._state._delete_later(self, delay)
            return
        await self._state.http.delete_message(self.channel_id, self.id, reason=reason)

    async def add_reaction(self, emoji: Any) -> None:
        """React with a Unicode emoji (``"👍"``) or a custom one."""
        await self._state.http.add_reaction(self.channel_id, self.id, emoji)

    async def remove_reaction(self, emoji: Any, member: Any = None) -> None:
        """Remove a reaction (the bot's own when ``member`` is ``None`` or the bot)."""
        user_id = getattr(member, "id", member)
        me = self._state.user
        if me is not None and user_id == me.id:
            user_id = None
        await self._state.http.remove_reaction(self.channel_id, self.id, emoji, user_id)

    async def clear_reactions(self) -> None:
        """Remove every reaction."""
        await self._state.http.clear_reactions(self.channel_id, self.id)

    async def pin(self) -> None:
        """Pin the message."""
        await self._state.http.pin_message(self.channel_id, self.id)

    async def unpin(self) -> None:
        """Unpin the message."""
        await self._state.http.unpin_message(self.channel_id, self.id)

    async def create_thread(self, *, name: str, auto_archive_duration: int = 1440) -> Channel:
        """Start a thread from this message."""
        return await self.channel.create_thread(
            name=name, message=self, auto_archive_duration=auto_archive_duration
        )
