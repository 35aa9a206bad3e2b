"""Stickers: a guild's own (``GuildSticker``), Discord's (``StandardSticker``), and the
``StickerItem`` a message shows of either."""

from __future__ import annotations

import datetime
import unicodedata
from typing import Any, TypeVar

import msgspec

from .asset import CDN_URL, AssetMixin
from .base import UNSET, Model, NamedEnum, UnsetType, convert, decode, enum_of, snowflake_time
from .user import User, client_user_or

__all__ = ["GuildSticker", "StandardSticker", "Sticker", "StickerFormatType", "StickerItem",
           "StickerType", "bind_sticker", "sticker_edit_fields"]

T = TypeVar("T")

# GIF stickers are served by the media proxy, the others by the CDN (as Discord's client).
_MEDIA_URL = "https://media.discordapp.net"


class StickerType(NamedEnum):
    """Whose sticker it is: Discord's (``standard``) or a guild's."""

    standard = 1
    guild = 2


class StickerFormatType(NamedEnum):
    """What a sticker's image is."""

    png = 1
    apng = 2
    lottie = 3
    gif = 4

    @property
    def file_extension(self) -> str:
        """The extension of its file on the CDN (an APNG is a ``.png``)."""
        return {3: "json", 4: "gif"}.get(self.value, "png")


class _Tag(Model, AssetMixin, gc=False, kw_only=True):
    """What a sticker and a message's sticker item share: id, name, format, url (and
    ``read``, ``save``, ``to_file`` of its image)."""

    id: int
    name: str
    format_type: int | None = 1  # a guild sticker's is nullable in the schema
    _state: Any = UNSET

    def __str__(self) -> str:
        return self.name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Tag) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def format(self) -> StickerFormatType | int:
        """The image's format (an int for a format Discord added later)."""
        return enum_of(StickerFormatType, self.format_type)  # type: ignore[no-any-return]

    @property
    def url(self) -> str:
        """Where its image is."""
        if self.format_type == StickerFormatType.gif:
            return f"{_MEDIA_URL}/stickers/{self.id}.gif"
        extension = self.format.file_extension if isinstance(self.format, StickerFormatType) \
            else "png"
        return f"{CDN_URL}/stickers/{self.id}.{extension}"


class StickerItem(_Tag, gc=False, kw_only=True):
    """A sticker as a message carries it (``message.stickers``): ``await item.fetch()``
    gets the whole sticker."""

    async def fetch(self) -> StandardSticker | GuildSticker:
        """GET the sticker this item shows (a plain :class:`Sticker` for a kind Discord
        added later, as discord.py's)."""
        fields: dict[str, Any] = decode(await self._state.http.get_sticker(self.id), dict)
        kind: Any = _KINDS.get(fields.get("type", 0), Sticker)  # the wire's type picks
        sticker: StandardSticker | GuildSticker = bind_sticker(convert(fields, kind),
                                                               self._state)
        return sticker


class Sticker(_Tag, gc=False, kw_only=True):
    """A sticker: what every kind has (discord.py's ``Sticker``)."""

    description: str | None = None
    # The wire's ``type``, a field and not a msgspec tag: a kind Discord adds later (in
    # a guild's list, say) must not make the whole guild undecodable.
    type_value: int = msgspec.field(default=0, name="type")

    @property
    def created_at(self) -> datetime.datetime:
        """When Discord made it."""
        return snowflake_time(self.id)

    @property
    def type(self) -> StickerType:
        """Whose sticker it is (``unknown_<n>`` for a kind Discord added later)."""
        return enum_of(StickerType, self.type_value)  # type: ignore[no-any-return]


class StandardSticker(Sticker, gc=False, kw_only=True):
    """One of Discord's own stickers, from a pack."""

    type_value: int = msgspec.field(default=1, name="type")

    pack_id: int | UnsetType = UNSET
    sort_value: int | UnsetType = UNSET
    tags_text: str = msgspec.field(default="", name="tags")

    @property
    def tags(self) -> list[str]:
        """Its autocomplete words."""
        return [t.strip() for t in self.tags_text.split(",") if t.strip()]

    async def pack(self) -> Any:
        """GET the premium sticker pack it belongs to (a :class:`StickerPack`;
        ``NotFound`` 10061 if the pack is gone)."""
        from .sticker_pack import StickerPack, bind_pack  # it imports this module

        data = await self._state.http.get_sticker_pack(self.pack_id)
        return bind_pack(decode(data or b"{}", StickerPack), self._state)


class GuildSticker(Sticker, gc=False, kw_only=True):
    """A guild's own sticker: ``edit`` and ``delete`` it with Manage Expressions (or
    Create Expressions, for one the bot made)."""

    type_value: int = msgspec.field(default=2, name="type")

    # ``tags`` on the wire: discord.py calls it ``emoji``, the expression it stands for.
    emoji: str = msgspec.field(default="", name="tags")
    available: bool = True
    guild_id: int = 0
    # ``user`` on the wire, there only for those who may manage the guild's stickers.
    user_data: User | UnsetType = msgspec.field(default=UNSET, name="user")

    @property
    def user(self) -> User | None:
        """Who made it (None unless the bot may manage the guild's stickers); the bot's
        own user when it did."""
        if isinstance(self.user_data, UnsetType):
            return None
        return client_user_or(self._state, self.user_data)

    @property
    def guild(self) -> Any:
        """The cached guild it belongs to, or None."""
        return None if self._state is UNSET else self._state.cache.guilds.get(self.guild_id)

    async def edit(self, *, name: str | UnsetType = UNSET,
                   description: str | UnsetType | None = UNSET,
                   emoji: str | UnsetType = UNSET, reason: str | None = None) -> GuildSticker:
        """Change its name, description or emoji tag; returns the edited sticker.

        >>> # await sticker.edit(name="wave", emoji="👋")
        """
        fields = sticker_edit_fields(name=name, description=description, emoji=emoji)
        data = await self._state.http.edit_sticker(self.guild_id, self.id, fields,
                                                   reason=reason)
        return bind_sticker(decode(data, GuildSticker), self._state)

    async def delete(self, *, reason: str | None = None) -> None:
        """Delete it from its guild."""
        await self._state.http.delete_sticker(self.guild_id, self.id, reason=reason)


_KINDS: dict[int, type[Sticker]] = {1: StandardSticker, 2: GuildSticker}


def sticker_edit_fields(*, name: Any = UNSET, description: Any = UNSET,
                        emoji: Any = UNSET) -> dict[str, Any]:
    """A PATCH body for the fields given. A single Unicode emoji is sent by its name
    (``"😀"`` as ``GRINNING_FACE``), as discord.py sends it."""
    fields: dict[str, Any] = {}
    if name is not UNSET:
        fields["name"] = name
    if description is not UNSET:
        fields["description"] = description
    if emoji is not UNSET:
        try:
            emoji = unicodedata.name(emoji).replace(" ", "_")
        except TypeError:  # more than one character: sent as it is
            pass
        fields["tags"] = emoji
    return fields


def bind_sticker(sticker: T, state: Any) -> T:
    """``sticker`` (or a sticker item), bound so that ``guild``, ``fetch``, ``edit`` and
    ``delete`` work."""
    sticker._state = state  # type: ignore[attr-defined]
    return sticker
