"""Forum and media channels as discord.py shows them: their tags (:class:`ForumTag`),
flags, default reaction, layout and sort order; a post's tags and pin; making a post
(a thread and its first message at once)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final, NamedTuple

import msgspec

from .base import UNSET, NamedEnum, Snowflake, UnsetType
from .emoji import Emoji, PartialEmoji
from .flags import ChannelFlags

if TYPE_CHECKING:
    from .channel import Channel

__all__ = ["ChannelForum", "ForumLayoutType", "ForumOrderType", "ForumTag",
           "ThreadWithMessage", "forum_options"]

#: GUILD_FORUM and GUILD_MEDIA: the channels whose threads are posts.
POST_CHANNELS: Final = frozenset({15, 16})


class ForumLayoutType(NamedEnum):
    """How a forum shows its posts by default."""

    not_set = 0
    list_view = 1
    gallery_view = 2


class ForumOrderType(NamedEnum):
    """How a forum or media channel sorts its posts by default."""

    latest_activity = 0
    creation_date = 1


def _partial_emoji(value: Any) -> PartialEmoji | None:
    """discord.py's emoji inputs (a string, an emoji, None) as a :class:`PartialEmoji`."""
    if value is None or isinstance(value, PartialEmoji):
        return value
    emoji = value if isinstance(value, Emoji) else Emoji.from_str(str(value))
    return PartialEmoji(id=emoji.id, name=emoji.name, animated=emoji.animated)


def _emoji_fields(emoji: PartialEmoji | None) -> dict[str, Any]:
    """A tag's or default reaction's emoji as the wire has it: a custom one by id, a
    Unicode one by name."""
    if emoji is None:
        return {"emoji_id": None, "emoji_name": None}
    if emoji.id is not None:
        return {"emoji_id": str(emoji.id), "emoji_name": None}
    return {"emoji_id": None, "emoji_name": emoji.name}


def _emoji_from(data: dict[str, Any] | None) -> PartialEmoji | None:
    if not data or not (data.get("emoji_id") or data.get("emoji_name")):
        return None
    emoji_id = data.get("emoji_id")
    return PartialEmoji(id=Snowflake(emoji_id) if emoji_id else None,
                        name=data.get("emoji_name") or None)


class ForumTag:
    """A tag a forum or media channel offers its posts; make one to add it with
    ``forum.edit(available_tags=[*forum.available_tags, ForumTag(name="bug")])``.

    >>> ForumTag(name="bug", emoji="🐛").to_dict()["emoji_name"]
    '🐛'
    """

    __slots__ = ("emoji", "id", "moderated", "name")

    def __init__(self, *, name: str, emoji: Any = None, moderated: bool = False) -> None:
        self.name = name
        self.emoji = _partial_emoji(emoji)
        self.moderated = moderated
        self.id = 0  # a new tag: Discord gives it its id

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ForumTag:
        """A tag as ``available_tags`` holds it."""
        tag = cls(name=data.get("name") or "", moderated=bool(data.get("moderated")))
        tag.emoji = _emoji_from(data)
        tag.id = int(data.get("id") or 0)
        return tag

    def to_dict(self) -> dict[str, Any]:
        """The tag as ``available_tags`` sends it (with its id unless new)."""
        payload: dict[str, Any] = {"name": self.name, "moderated": self.moderated,
                                   **_emoji_fields(self.emoji)}
        if self.id:
            payload["id"] = str(self.id)
        return payload

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ForumTag) and other.id == self.id

    def __hash__(self) -> int:
        return self.id >> 22

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return (f"<ForumTag id={self.id} name={self.name!r} emoji={self.emoji!r} "
                f"moderated={self.moderated}>")


class ThreadWithMessage(NamedTuple):
    """What making a forum post gives: the post (a thread) and its first message."""

    thread: Channel
    message: Any


def forum_options(options: dict[str, Any], current: Channel | None) -> dict[str, Any]:
    """discord.py's forum and post keywords of ``edit`` as the wire's: ``available_tags``
    and ``applied_tags`` (tags), ``default_reaction_emoji`` (any emoji input),
    ``default_layout``, ``default_sort_order``, and ``require_tag`` or ``pinned``,
    which set one flag of the channel's own."""
    out = dict(options)
    if "available_tags" in out:
        out["available_tags"] = [t.to_dict() if isinstance(t, ForumTag) else t
                                 for t in out["available_tags"]]
    if "applied_tags" in out:
        out["applied_tags"] = [str(getattr(t, "id", t)) for t in out["applied_tags"]]
    if "default_reaction_emoji" in out:
        emoji = _partial_emoji(out["default_reaction_emoji"])
        out["default_reaction_emoji"] = None if emoji is None else _emoji_fields(emoji)
    if "default_layout" in out:
        out["default_forum_layout"] = int(out.pop("default_layout"))
    if out.get("default_sort_order") is not None:
        out["default_sort_order"] = int(out["default_sort_order"])
    for name in ("require_tag", "pinned"):
        if name in out:
            flags = current.flags if current is not None else ChannelFlags()
            setattr(flags, name, bool(out.pop(name)))
            out["flags"] = flags.value
    return out


class ChannelForum:
    """The forum, media and post reads of discord.py's ``ForumChannel`` and ``Thread``
    (mixed into :class:`~tidecord.models.Channel`)."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: int
        guild_id: int | UnsetType
        type: int
        flags_value: int | UnsetType
        tags_data: list[dict[str, Any]] | UnsetType
        applied_tag_ids: list[Any] | UnsetType
        default_reaction_data: dict[str, Any] | UnsetType | None
        default_sort_order_value: int | UnsetType | None
        default_forum_layout: int | UnsetType
        default_auto_archive_duration: int | UnsetType

        @property
        def parent(self) -> Channel | None: ...
        @property
        def is_thread(self) -> bool: ...

    @property
    def flags(self) -> ChannelFlags:
        """The channel's flags (``forum.flags.require_tag``, ``post.flags.pinned``), a new
        object at each read; ``edit(require_tag=...)`` or ``edit(pinned=...)`` change them."""
        value = self.flags_value
        return ChannelFlags._from_value(value if isinstance(value, int) else 0)

    @property
    def available_tags(self) -> list[ForumTag]:
        """The tags a forum or media channel offers its posts."""
        data = self.tags_data
        return [] if isinstance(data, UnsetType) else [ForumTag.from_data(t) for t in data]

    def get_tag(self, tag_id: int, /) -> ForumTag | None:
        """One of :attr:`available_tags`, by id."""
        return next((t for t in self.available_tags if t.id == tag_id), None)

    @property
    def applied_tags(self) -> list[ForumTag]:
        """The tags of a post, those its forum still offers (from the cache)."""
        ids = self.applied_tag_ids
        parent = self.parent if self._state is not UNSET and self.is_thread else None
        if isinstance(ids, UnsetType) or parent is None or parent.type not in POST_CHANNELS:
            return []
        found = (parent.get_tag(int(tag_id)) for tag_id in ids)
        return [tag for tag in found if tag is not None]

    @property
    def default_reaction_emoji(self) -> PartialEmoji | None:
        """The reaction a forum's posts show, if it has one."""
        data = self.default_reaction_data
        return _emoji_from(data) if isinstance(data, dict) else None

    @property
    def default_layout(self) -> ForumLayoutType:
        """How a forum shows its posts (``not_set`` unless chosen)."""
        value = self.default_forum_layout
        return ForumLayoutType(value if isinstance(value, int) else 0)

    @property
    def default_sort_order(self) -> ForumOrderType | None:
        """How a forum or media channel sorts its posts; None: not chosen."""
        value = self.default_sort_order_value
        return ForumOrderType(value) if isinstance(value, int) else None

    def is_media(self) -> bool:
        """Whether this is a media channel."""
        return self.type == 16

    async def add_tags(self, *tags: Any, reason: str | None = None) -> None:
        """Add tags to a post (at most 5 in all)."""
        ids = [int(t) for t in self.applied_tag_ids or []]
        ids += [int(t.id) for t in tags if int(t.id) not in ids]
        await self._state.http.edit_channel(self.id, {"applied_tags": [str(i) for i in ids]},
                                            reason=reason)

    async def remove_tags(self, *tags: Any, reason: str | None = None) -> None:
        """Take tags off a post."""
        gone = {int(t.id) for t in tags}
        ids = [str(t) for t in self.applied_tag_ids or [] if int(t) not in gone]
        await self._state.http.edit_channel(self.id, {"applied_tags": ids}, reason=reason)

    async def create_tag(self, *, name: str, emoji: Any = None, moderated: bool = False,
                         reason: str | None = None) -> ForumTag:
        """Add a tag to this forum or media channel (needs Manage Channels)."""
        tags = [*(t.to_dict() for t in self.available_tags),
                ForumTag(name=name, emoji=emoji, moderated=moderated).to_dict()]
        data = await self._state.http.edit_channel(self.id, {"available_tags": tags},
                                                   reason=reason)
        made: list[ForumTag] = self._state.channel_from(data).available_tags
        return made[-1]

    async def _create_post(self, name: str, auto_archive_duration: int | None,
                           slowmode_delay: int | None, applied_tags: Iterable[Any],
                           reason: str | None, content: Any,
                           **message: Any) -> ThreadWithMessage:
        """A new post: its thread and first message (``message``: ``send``'s keywords)."""
        from ..rest.payloads import message_payload

        state = self._state
        body, files = message_payload(content, default_mentions=state.allowed_mentions,
                                      **message)
        default = self.default_auto_archive_duration
        fields: dict[str, Any] = {
            "name": name, "message": body,
            "auto_archive_duration": auto_archive_duration or (
                default if isinstance(default, int) else 1440)}
        if slowmode_delay is not None:
            fields["rate_limit_per_user"] = slowmode_delay
        tags = [str(getattr(t, "id", t)) for t in applied_tags]
        if tags:
            fields["applied_tags"] = tags
        data = await state.http.start_thread(self.id, fields, None, reason=reason,
                                             files=files or None)
        thread = state.channel_from(data)
        # the post is not cached yet (THREAD_CREATE follows): its message learns its
        # guild from the forum
        sent = state.message_from(msgspec.json.encode(msgspec.json.decode(data)["message"]),
                                  self.guild_id)
        state.listen(message.get("view"), sent.id)
        return ThreadWithMessage(thread, sent)
