"""Messages and what they carry: embeds, attachments, references; their reactions
(``reaction.py``) and mentions (``message_mentions.py``) have their own modules, whose
mixins :class:`Message` takes."""

from __future__ import annotations

import datetime
from typing import Any, Final

import msgspec

from .attachment import Attachment
from .base import (
    UNSET,
    Model,
    OpenEnum,
    Snowflake,
    UnsetType,
    none_if_unset,
    snowflake_time,
    viewed_field,
)
from .channel import Channel
from .component import Component
from .component_reads import read_components, write_components
from .embed import (
    Embed,
    EmbedAuthor,
    EmbedField,
    EmbedFooter,
    EmbedMedia,
    EmbedProvider,
)
from .flags import MessageFlags
from .member import Member
from .message_details import (
    MessageApplication,
    MessageDetails,
    MessageInteraction,
    PurchaseNotification,
    RoleSubscriptionInfo,
)
from .message_mentions import AllowedMentions, Mention, MessageMentions
from .message_type import MessageType
from .poll import Poll
from .reaction import MessageReactions, Reaction, ReactionCountDetails, ReactionType
from .snapshot import MessageSnapshot, SnapshotEnvelope
from .sticker import StickerItem, bind_sticker
from .system_content import render_system_content
from .user import User

__all__ = [
    "MESSAGE_COMPONENTS",
    "AllowedMentions",
    "Attachment",
    "Component",
    "DeletedReferencedMessage",
    "Embed",
    "EmbedAuthor",
    "EmbedField",
    "EmbedFooter",
    "EmbedMedia",
    "EmbedProvider",
    "Mention",
    "Message",
    "MessageCreateFrame",
    "MessageReference",
    "MessageReferenceType",
    "MessageSnapshot",
    "MessageType",
    "PartialMessage",
    "Reaction",
    "ReactionCountDetails",
    "ReactionType",
]


class MessageReferenceType(OpenEnum):
    """What a :class:`MessageReference` is: a reply (``default``, also spelled ``reply``)
    or a forward."""

    default = 0
    reply = 0
    forward = 1


class MessageReference(Model, gc=False, kw_only=True):
    """What a message replies to (type ``reply``) or forwards (type ``forward``).

    >>> MessageReference(message_id=1, channel_id=2).type
    <MessageReferenceType.default: 0>
    """

    # Absent from references made before forwards existed: those are replies.
    type: MessageReferenceType = MessageReferenceType.default
    message_id: Snowflake | UnsetType = UNSET
    channel_id: Snowflake | UnsetType = UNSET
    guild_id: Snowflake | UnsetType = UNSET
    fail_if_not_exists: bool | UnsetType = UNSET
    # Set by the message that holds the reference; never on the wire.
    _resolved: Any = UNSET
    _state: Any = UNSET

    @property
    def resolved(self) -> Any:
        """The message referred to, as Discord sent it along: a :class:`Message`, a
        :class:`DeletedReferencedMessage` if it was deleted, ``None`` if not sent."""
        return None if self._resolved is UNSET else self._resolved

    @property
    def cached_message(self) -> Any:
        """The message referred to, if the client has it cached."""
        if self._state is UNSET or self.message_id is None:
            return None
        return self._state.cache.get_message(self.message_id)

    @property
    def jump_url(self) -> str:
        """A link to the message referred to."""
        where = "@me" if self.guild_id is None else self.guild_id
        return f"https://discord.com/channels/{where}/{self.channel_id}/{self.message_id}"

    @classmethod
    def from_message(cls, message: Any, *, fail_if_not_exists: bool = True,
                     type: MessageReferenceType | int = MessageReferenceType.reply
                     ) -> MessageReference:
        """A reference to ``message``: a reply, or with ``type=MessageReferenceType.forward``
        a forward."""
        guild_id = getattr(message, "guild_id", UNSET)
        return cls(type=MessageReferenceType(type), message_id=Snowflake(message.id),
                   channel_id=Snowflake(message.channel_id),
                   guild_id=Snowflake(guild_id) if isinstance(guild_id, int) else UNSET,
                   fail_if_not_exists=fail_if_not_exists)

    def to_dict(self) -> dict[str, Any]:
        """The reference as a message sends it (discord.py's shape: ids as numbers, no
        ``type`` nor ``message_id`` without a message)."""
        data: dict[str, Any] = {}
        if self.message_id is not None:
            data.update(type=self.type.value, message_id=self.message_id)
        data["channel_id"] = None if self.channel_id is UNSET else self.channel_id
        if self.guild_id is not None:
            data["guild_id"] = self.guild_id
        if self.fail_if_not_exists is not None:
            data["fail_if_not_exists"] = self.fail_if_not_exists
        return data

    to_message_reference_dict = to_dict


# Read as discord.py's: a reference without a message (a channel follow's notice) or a
# guild reads None, and one that does not say whether to fail reads True (Discord's
# default); the wire keeps what was sent.
viewed_field(MessageReference, "message_id", none_if_unset)
viewed_field(MessageReference, "guild_id", none_if_unset)
viewed_field(MessageReference, "fail_if_not_exists",
             lambda value: True if value is UNSET else value)


class DeletedReferencedMessage:
    """What a reference resolves to when the message it names was deleted."""

    __slots__ = ("_parent",)

    def __init__(self, parent: MessageReference) -> None:
        self._parent = parent

    @property
    def id(self) -> int:
        """The deleted message's id."""
        return int(self._parent.message_id)  # type: ignore[arg-type]

    @property
    def channel_id(self) -> int:
        """Where it was."""
        return int(self._parent.channel_id)  # type: ignore[arg-type]

    @property
    def guild_id(self) -> int | None:
        """Its guild, if any."""
        gid: Any = self._parent.guild_id  # None when left out (read as discord.py's)
        return None if gid is None else int(gid)

    def __repr__(self) -> str:
        return (f"<DeletedReferencedMessage id={self.id} channel_id={self.channel_id} "
                f"guild_id={self.guild_id!r}>")


#: The types discord.py's ``is_system`` does not count: a user's message, a reply, an
#: application command's answer, a thread's starter message and a poll's result.
_NOT_SYSTEM = frozenset((0, 19, 20, 21, 23, 46))

#: The message types Discord forwards: default, reply, chat input and context menu command.
_FORWARDABLE_TYPES = frozenset((0, 19, 20, 23))


class Message(Model, MessageReactions, MessageMentions, MessageDetails, kw_only=True):
    """A message. In guilds, the gateway adds ``guild_id`` and a partial ``member``."""

    id: int
    channel_id: int
    author: User
    content: str = ""
    timestamp: str
    edited_timestamp: str | None = None
    tts: bool = False
    mention_everyone: bool = False
    mentions: list[Mention] = []
    mention_roles: list[int] = []
    mention_channels: list[dict[str, Any]] | UnsetType = UNSET
    attachments: list[Attachment] = []
    embeds: list[Embed] = []
    # ``reactions`` on the wire, absent when there are none; :attr:`reactions` is a list.
    reactions_data: list[Reaction] | UnsetType = msgspec.field(default=UNSET, name="reactions")
    nonce: int | str | UnsetType = UNSET
    pinned: bool = False
    # The webhook that posted it, as sent (``webhook_id`` reads None when there is none).
    webhook_id_raw: int | UnsetType = msgspec.field(default=UNSET, name="webhook_id")
    # A MessageType (an int): ``message.type is MessageType.pins_add`` holds.
    type: MessageType = MessageType.default
    application_id: int | UnsetType = UNSET
    # ``flags`` on the wire; :attr:`flags` reads it as a MessageFlags, made on access
    # so that decoding a message (the hot path) makes no object for it.
    flags_value: int = msgspec.field(default=0, name="flags")
    message_reference: MessageReference | UnsetType = UNSET
    referenced_message: Message | UnsetType | None = UNSET
    # ``interaction_metadata`` on the wire, read as a MessageInteractionMetadata.
    interaction_metadata_data: dict[str, Any] | UnsetType = msgspec.field(
        default=UNSET, name="interaction_metadata")
    # ``thread`` on the wire (a thread started from the message, as it was then);
    # :attr:`thread` prefers the cached thread.
    thread_data: Channel | UnsetType = msgspec.field(default=UNSET, name="thread")
    components: list[Component] | UnsetType = UNSET
    sticker_items: list[StickerItem] | UnsetType = UNSET
    position: int | UnsetType = UNSET
    # ``poll`` on the wire; :attr:`poll` is the Poll or None, as discord.py's.
    poll_data: Poll | UnsetType = msgspec.field(default=UNSET, name="poll")
    # ``message_snapshots`` on the wire, only on forwards; :attr:`message_snapshots`
    # is a list (absent, it costs a message's decoding nothing).
    snapshots_data: list[SnapshotEnvelope] | UnsetType = msgspec.field(
        default=UNSET, name="message_snapshots")
    # Rarely sent (see MessageDetails, which reads them as discord.py's attributes).
    activity_data: dict[str, Any] | UnsetType | None = msgspec.field(default=UNSET,
                                                                     name="activity")
    application_data: MessageApplication | UnsetType | None = msgspec.field(
        default=UNSET, name="application")
    call_data: dict[str, Any] | UnsetType | None = msgspec.field(default=UNSET, name="call")
    interaction_data: MessageInteraction | UnsetType | None = msgspec.field(
        default=UNSET, name="interaction")
    role_subscription_data: RoleSubscriptionInfo | UnsetType | None = UNSET
    purchase_notification_data: PurchaseNotification | UnsetType | None = msgspec.field(
        default=UNSET, name="purchase_notification")
    # gateway only
    guild_id: int | UnsetType = UNSET
    member: Member | UnsetType = UNSET
    _state: Any = UNSET
    _pinned_at: Any = UNSET  # set on messages read through channel.pins()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and other.id == self.id

    @property
    def reactions(self) -> list[Reaction]:
        """The reactions on the message (an empty list when it has none)."""
        found = self.reactions_data
        return [] if isinstance(found, UnsetType) else found

    @reactions.setter
    def reactions(self, value: list[Reaction]) -> None:
        self.reactions_data = value

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        channel = self.channel if self._state is not UNSET else self.channel_id
        # named by its class, as discord.py's: <WebhookMessage ...>, <InteractionMessage ...>
        return (f"<{type(self).__name__} id={self.id} channel={channel!r} type={self.type!r} "
                f"author={self.author!r} flags={self.flags!r}>")

    @property
    def stickers(self) -> list[StickerItem]:
        """The stickers the message shows (``await item.fetch()`` for the whole sticker)."""
        items = self.sticker_items
        if isinstance(items, UnsetType):
            return []
        return [bind_sticker(item, self._state) for item in items]

    @property
    def poll(self) -> Poll | None:
        """The poll the message carries, if any."""
        poll = self.poll_data
        if isinstance(poll, UnsetType):
            return None
        return poll._bind(self)  # a copy of a cached message answers for itself

    @property
    def message_snapshots(self) -> list[MessageSnapshot]:
        """What a forward carries of the message it forwards (one snapshot); empty for
        any other message."""
        found = self.snapshots_data
        if isinstance(found, UnsetType):
            return []
        return [envelope.message._bind(self._state) for envelope in found]

    @property
    def flags(self) -> MessageFlags:
        """The message's flags (``message.flags.crossposted``, ``.silent``...). Each read
        is a new object: set ``message.flags`` to change them on the message."""
        return MessageFlags._from_value(self.flags_value)

    @flags.setter
    def flags(self, value: MessageFlags | int) -> None:
        self.flags_value = int(value)

    def to_reference(self, *, fail_if_not_exists: bool = True,
                     type: MessageReferenceType | int = MessageReferenceType.reply
                     ) -> MessageReference:
        """A :class:`MessageReference` to this message, for ``send(reference=...)``: a
        reply, or with ``type=MessageReferenceType.forward`` a forward."""
        return MessageReference.from_message(self, fail_if_not_exists=fail_if_not_exists,
                                             type=type)

    @property
    def created_at(self) -> Any:
        """When the message was sent (from its id)."""
        return snowflake_time(self.id)

    @property
    def webhook_id(self) -> int | None:
        """The id of the webhook that posted the message, or ``None``."""
        raw = self.webhook_id_raw
        return None if raw is UNSET else raw

    # -- behaviour (delegates to the client state in ``_state``) -------------
    @classmethod
    def partial(
        cls, state: Any, channel_id: int, message_id: int, guild_id: Any = UNSET
    ) -> Message:
        """A message known by id only: enough to edit, delete, react or reply."""
        msg = cls(id=message_id, channel_id=channel_id,
                  author=User(id=0, username=""), timestamp="")
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
        if not self.guild_id:  # UNSET (a DM) or None (through a guildless partial)
            return None
        return self._state.cache.guilds.get(self.guild_id)

    @property
    def thread(self) -> Channel | None:
        """The thread started from this message (a thread has its message's id), as
        the cache has it now, else as the message said; ``None`` if there is none."""
        guild = self.guild
        if guild is None:
            return None
        data = self.thread_data
        found = guild.get_thread(self.id if data is UNSET else int(data.id))
        if found is None and data is not UNSET:
            data._state = self._state
            return data
        return found  # type: ignore[no-any-return]

    @property
    def jump_url(self) -> str:
        """A link to the message."""
        # no guild: UNSET (a DM), or None (named through a partial channel without one)
        where = self.guild_id or "@me"
        return f"https://discord.com/channels/{where}/{self.channel_id}/{self.id}"

    @property
    def reference(self) -> MessageReference | None:
        """What this message replies to or forwards (or, for some system messages, is
        about), if anything."""
        ref = self.message_reference
        if isinstance(ref, UnsetType):
            return None
        if ref._state is UNSET and self._state is not UNSET:
            ref._state = state = self._state
            target = self.referenced_message
            if target is None:  # Discord says it was deleted
                ref._resolved = DeletedReferencedMessage(ref)
            elif not isinstance(target, UnsetType):
                if target._state is UNSET:
                    state.bind_in_channel(target, self.guild_id)
                ref._resolved = target
        return ref

    @property
    def edited_at(self) -> datetime.datetime | None:
        """When the message was last edited, if ever."""
        if not self.edited_timestamp:
            return None
        return datetime.datetime.fromisoformat(self.edited_timestamp)

    @property
    def pinned_at(self) -> datetime.datetime | None:
        """When it was pinned, for a message read through ``channel.pins()``; else None."""
        at = self._pinned_at
        return None if at is UNSET else datetime.datetime.fromisoformat(at)

    @property
    def system_content(self) -> str:
        """The text Discord's client shows for the message: its content for a user's
        message or reply, else the English line for a system message ("alice pinned a
        message to this channel.", a welcome for a join...), as discord.py renders it."""
        return render_system_content(self)

    def is_system(self) -> bool:
        """Whether Discord wrote it (joins, pins...) rather than a user. As discord.py's,
        a thread's starter message and a poll's result are not counted as such."""
        return self.type not in _NOT_SYSTEM

    async def fetch(self) -> Message:
        """This message as Discord has it now (a partial message's whole content)."""
        return await self._state.fetch_message(  # type: ignore[no-any-return]
            self.channel_id, self.id)

    async def reply(self, content: Any = None, **options: Any) -> Message:
        """Answer as a reply to this message (``mention_author=False`` to not ping). As
        discord.py's, a reply to a message deleted meanwhile is refused (400, 50035);
        ``channel.send(reference=message.to_reference(fail_if_not_exists=False))``
        sends it as a plain message instead."""
        return await self._state.send_message(  # type: ignore[no-any-return]
            self.channel_id, content, reference=self, **options
        )

    async def forward(self, destination: Any, *, fail_if_not_exists: bool = True) -> Message:
        """Forward this message to ``destination`` (a channel, or anything with ``send``);
        returns the forward, whose ``message_snapshots`` hold a copy of this message.

        >>> await message.forward(ctx.guild.get_channel(QUOTES_ID))  # doctest: +SKIP
        """
        reference = self.to_reference(fail_if_not_exists=fail_if_not_exists,
                                      type=MessageReferenceType.forward)
        return await destination.send(reference=reference)  # type: ignore[no-any-return]

    def is_forwardable(self) -> bool:
        """Whether Discord lets this message be forwarded: a user's message (or a reply,
        or an application command's answer) without a poll."""
        return self.type in _FORWARDABLE_TYPES and isinstance(self.poll_data, UnsetType)

    async def edit(self, *, content: Any = UNSET, suppress: bool | None = None,
                   **options: Any) -> Message:
        """Edit the message (the bot's own); returns the edited message. ``suppress``
        hides its embeds (``False`` brings them back), which anyone's message allows
        with Manage Messages."""
        if suppress is not None:
            # As discord.py: the message's flags, with suppress_embeds set or cleared.
            # (Through flags_value: a PartialMessage has no ``flags`` to read.)
            flags = MessageFlags._from_value(self.flags_value)
            flags.suppress_embeds = suppress
            options["flags"] = flags.value
        return await self._state.edit_message(  # type: ignore[no-any-return]
            self.channel_id, self.id, content, **options
        )

    async def delete(self, *, delay: float | None = None, reason: str | None = None) -> None:
        """Delete the message (after ``delay`` seconds, in the background)."""
        if delay is not None:
            self._state._delete_later(self, delay)
            return
        await self._state.http.delete_message(self.channel_id, self.id, reason=reason)

    async def publish(self) -> None:
        """Publish a message of an announcement channel to the channels following it."""
        await self._state.http.crosspost(self.channel_id, self.id)

    async def end_poll(self) -> Message:
        """End the message's poll now (only its author may); returns the message, with
        the poll's results finalised."""
        return self._state.message_from(  # type: ignore[no-any-return]
            await self._state.http.end_poll(self.channel_id, self.id))

    async def pin(self, *, reason: str | None = None) -> None:
        """Pin the message."""
        await self._state.http.pin_message(self.channel_id, self.id, reason=reason)

    async def unpin(self, *, reason: str | None = None) -> None:
        """Unpin the message."""
        await self._state.http.unpin_message(self.channel_id, self.id, reason=reason)

    async def create_thread(self, *, name: str, auto_archive_duration: int = 1440,
                            slowmode_delay: int | None = None,
                            reason: str | None = None) -> Channel:
        """Start a (public) thread from this message."""
        return await self.channel.create_thread(  # type: ignore[no-any-return]
            name=name, message=self, auto_archive_duration=auto_archive_duration,
            slowmode_delay=slowmode_delay, reason=reason,
        )


# What only a whole message knows: discord.py's PartialMessage has none of these, so a
# program reading one (``getattr(message, "content", None)``) must find it missing,
# not an empty stand-in (an author with id 0, no content, not pinned).
_NOT_PARTIAL: Final = frozenset({
    "activity", "add_files", "application", "application_id", "attachments", "author",
    "call", "channel_mentions", "clean_content", "components", "content", "edited_at",
    "embeds", "flags", "interaction", "interaction_metadata", "is_forwardable",
    "is_system", "mention_everyone", "mentions", "message_snapshots", "nonce",
    "pinned", "pinned_at", "poll", "position", "purchase_notification",
    "raw_channel_mentions", "raw_mentions", "raw_role_mentions", "reactions",
    "reference", "remove_attachments", "role_mentions", "role_subscription", "stickers",
    "system_content", "tts", "type", "webhook_id",
})


class PartialMessage(Message, kw_only=True):
    """A message known by its id and channel only (``channel.get_partial_message(id)``):
    enough to edit, delete, react to or reply to it without fetching it first. As
    discord.py's, it knows nothing of what the message says: ``content``, ``author``
    and the like are AttributeErrors (``await message.fetch()`` reads them)."""

    def __getattribute__(self, attr: str) -> Any:
        if attr in _NOT_PARTIAL:
            raise AttributeError(f"'PartialMessage' object has no attribute '{attr}'")
        return super().__getattribute__(attr)

    def __repr__(self) -> str:
        return f"<PartialMessage id={self.id} channel={self.channel!r}>"


# A thread message's place in its thread, when Discord says (None otherwise).
viewed_field(Message, "position", none_if_unset)
# ``None`` when Discord sent none, as discord.py reads them (not tidecord's UNSET).
viewed_field(Message, "nonce", none_if_unset)
viewed_field(Message, "application_id", none_if_unset)
# Read as discord.py's ActionRow, Button, SelectMenu... (made on access); the slot
# holds them as decoded, for the sandbox.
MESSAGE_COMPONENTS = viewed_field(Message, "components", read_components, write_components)


class MessageCreateFrame(msgspec.Struct, gc=False):
    """A MESSAGE_CREATE frame decoded in one pass, ``d`` straight into a :class:`Message`
    (the generic :class:`~tidecord.models.Frame` leaves ``d`` raw for a second pass).
    The shard uses it for frames that name the event before ``d``, as Discord's do."""

    op: int
    d: Message
    s: int | None = None
    t: str | None = None
