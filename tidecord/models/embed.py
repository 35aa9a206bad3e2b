"""Embeds: the rich boxes under a message, with discord.py's builder methods."""

from __future__ import annotations

import datetime
from typing import Any

from .base import UNSET, Model, UnsetType

__all__ = [
    "Embed",
    "EmbedAuthor",
    "EmbedField",
    "EmbedFooter",
    "EmbedMedia",
    "EmbedProvider",
    "iso_timestamp",
]


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
