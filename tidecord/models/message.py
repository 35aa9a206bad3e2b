"""Messages and what they carry: embeds, attachments, reactions, references."""

from __future__ import annotations

import enum
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


class Embed(Model, kw_only=True):
    """Rich content shown under a message.

    >>> Embed(title="Idea", description="A bot that waters plants").title
    'Idea'
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
    height: int | None | UnsetType = UNSET
    width: int | None | UnsetType = UNSET
    ephemeral: bool | UnsetType = UNSET
    flags: int | UnsetType = UNSET


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
    referenced_message: Message | None | UnsetType = UNSET
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
