"""Embeds: the rich boxes under a message, with discord.py's builder methods."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Mapping
from typing import Any

from .base import UNSET, Model, UnsetType, none_if_unset, update_in_place, viewed_field
from .colour import Colour
from .record_flags import AttachmentFlags, EmbedFlags

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
    flags: int | UnsetType = UNSET  # Discord's to set, read as ``AttachmentFlags``


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
    """Lets ``Embed(...)`` take discord.py's keywords, and a subclass define ``__init__``
    and attributes of its own, as discord.py programs do to brand their embeds
    (``super().__init__(title=...)`` inside); decoding does not come through here."""

    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any],
                **config: Any) -> Any:
        # msgspec refuses a struct's own __init__: keep it aside, for __call__ to run.
        init = namespace.pop("__init__", None)
        if init is not None:
            namespace["_own_init"] = init
        namespace.pop("__slots__", None)  # a struct lays out its own slots
        if any(isinstance(base, _EmbedMeta) for base in bases):
            config.setdefault("dict", True)  # ``self.page = 1`` in a subclass
        return super().__new__(mcls, name, bases, namespace, **config)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        own = next((k.__dict__["_own_init"] for k in cls.__mro__ if "_own_init" in k.__dict__),
                   None)
        if own is None:
            try:
                return cls._made(*args, **kwargs)
            except TypeError as error:  # said as discord.py's Embed(...) says it
                text = str(error)
                if not text.startswith("_EmbedMeta._made()"):
                    raise
                raise TypeError("Embed.__init__()" + text[len("_EmbedMeta._made()"):]) from None
        embed = cls._made()
        own(embed, *args, **kwargs)
        return embed

    def _made(cls, *, colour: Any = None, color: Any = None, title: Any = None,
              type: Any = "rich", url: Any = None, description: Any = None,
              timestamp: Any = None) -> Any:
        # discord.py's keywords, and only those: a footer, image or fields are set with
        # their builders, so ``Embed(footer="text")`` is refused here (TypeError naming
        # it) rather than kept as text where an EmbedFooter goes. discord.py spells it
        # ``colour=`` as often as ``color=``, and passes ``timestamp=`` a datetime; the
        # wire wants ``color`` and ISO 8601 text.
        fields: dict[str, Any] = {}
        if type is not None:
            fields["type"] = type
        # discord.py's "not set" is None; other values are made text, as it makes them.
        for key, value in (("title", title), ("description", description), ("url", url)):
            if value is not None:
                fields[key] = value if isinstance(value, str) else str(value)
        if colour is None:
            colour = color
        if colour is not None:
            fields["color"] = _from_colour(colour)
        if timestamp is not None:
            fields["timestamp"] = _from_datetime(timestamp)
        return super().__call__(**fields)


def iso_timestamp(when: datetime.datetime) -> str:
    """``when`` as Discord's ISO 8601 text; a naive datetime is taken as local time."""
    if when.tzinfo is None:
        when = when.astimezone()
    return when.astimezone(datetime.UTC).isoformat()


# The order discord.py's Embed.to_dict lists the parts in (its private slots first,
# then colour and timestamp, then its plain attributes).
_DICT_ORDER = ("footer", "image", "thumbnail", "video", "provider", "author", "fields", "flags",
               "color", "timestamp", "type", "description", "url", "title")

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
    # Discord sets these (explicit media...); ``embed.flags`` reads them as EmbedFlags.
    flags: int | UnsetType = UNSET

    # -- discord.py-style builders (each returns the embed, for chaining) ---
    def add_field(self, *, name: Any, value: Any, inline: bool = True) -> Embed:
        """Append a field."""
        _fields(self).append(EmbedField(name=str(name), value=str(value), inline=inline))
        return self

    def insert_field_at(self, index: int, *, name: Any, value: Any, inline: bool = True) -> Embed:
        """Insert a field at ``index``."""
        _fields(self).insert(index, EmbedField(name=str(name), value=str(value), inline=inline))
        return self

    def clear_fields(self) -> Embed:
        """Remove every field."""
        self.fields = []
        return self

    def remove_field(self, index: int) -> Embed:
        """Remove the field at ``index`` (nothing if there is none)."""
        fields = _FIELDS.__get__(self)
        if not isinstance(fields, UnsetType) and -len(fields) <= index < len(fields):
            del fields[index]
        return self

    def set_field_at(self, index: int, *, name: Any, value: Any, inline: bool = True) -> Embed:
        """Replace the field at ``index`` (``IndexError`` if there is none)."""
        fields = _FIELDS.__get__(self)
        if isinstance(fields, UnsetType) or not -len(fields) <= index < len(fields):
            raise IndexError("field index out of range")
        fields[index] = EmbedField(name=str(name), value=str(value), inline=inline)
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
        """An independent copy (fields and all), of the same class."""
        return type(self).from_dict(self.to_dict())

    def set_footer(self, *, text: Any = None, icon_url: Any = None) -> Embed:
        """Set (or with no text, remove: Discord requires it) the footer."""
        if text is None:
            self.footer = UNSET
        else:
            footer = EmbedFooter(text=str(text))
            if icon_url is not None:
                footer.icon_url = str(icon_url)
            self.footer = footer
        return self

    def set_author(self, *, name: Any, url: Any = None, icon_url: Any = None) -> Embed:
        """Set the author line."""
        author = EmbedAuthor(name=str(name))
        if url is not None:
            author.url = str(url)
        if icon_url is not None:
            author.icon_url = str(icon_url)
        self.author = author
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
    def colour(self) -> Colour | None:
        """discord.py's spelling of ``color``."""
        return self.color  # type: ignore[return-value]

    @colour.setter
    def colour(self, value: Any) -> None:
        self.color = value

    def to_dict(self) -> dict[str, Any]:
        """The embed as Discord's JSON object (``flags`` always there, as discord.py's)."""
        from .base import to_builtins

        out: dict[str, Any] = to_builtins(self)
        out.setdefault("flags", 0)
        sent = out.get("timestamp")
        if isinstance(sent, str):  # in UTC, as discord.py writes it
            with contextlib.suppress(ValueError):
                out["timestamp"] = iso_timestamp(datetime.datetime.fromisoformat(sent))
        for key in ("type", *_TEXT):  # empty text is left out, as discord.py leaves it
            if out.get(key) == "":
                del out[key]
        # In discord.py's order, so that a bot dumping it as JSON writes the same text.
        ordered = {key: out.pop(key) for key in _DICT_ORDER if key in out}
        return ordered | out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Embed:
        """An embed from Discord's JSON object (a title, description or url that is not
        text is made text; ``None`` there, or as the type or timestamp, is left out, as
        discord.py does). A footer without
        text, as discord.py's ``set_footer()`` writes one, is left out, as
        :meth:`set_footer` leaves it."""
        from .base import convert

        data = {key: value if key not in _TEXT or isinstance(value, str) else str(value)
                for key, value in data.items() if key not in _UNSET_BY_NONE or value is not None}
        footer = data.get("footer")
        if isinstance(footer, Mapping) and footer.get("text") is None:
            del data["footer"]
        return convert(data, cls)

    def __len__(self) -> int:
        return self.text_length()

    def __eq__(self, other: object) -> bool:
        # As discord.py compares: what each attribute reads (a timestamp as a moment,
        # flags left out as 0), so an embed sent equals the one read back.
        return isinstance(other, Embed) and self._compared() == other._compared()

    __hash__ = None  # type: ignore[assignment]  # changeable, as discord.py's

    def _compared(self) -> tuple[Any, ...]:
        return (self.type, self.title, self.url, self.description, self.colour, self.fields,
                self.timestamp, self.author, self.thumbnail, self.footer, self.image,
                self.provider, self.video, _FLAGS.__get__(self) or 0)

    def __bool__(self) -> bool:
        # Anything Discord would show counts, as in discord.py (a colour of 0 too).
        return any((self.title, self.url, self.description, self.colour is not None,
                    self.fields, self.timestamp, self.author, self.thumbnail, self.footer,
                    self.image, self.provider, self.video))

    def text_length(self) -> int:
        """Characters that count toward Discord's 6000 per-message embed limit."""
        total = 0
        for text in (self.title, self.description):
            if isinstance(text, str):
                total += len(text)
        footer, author = _FOOTER.__get__(self), _AUTHOR.__get__(self)
        if not isinstance(footer, UnsetType):
            total += len(footer.text)
        if not isinstance(author, UnsetType):
            total += len(author.name)
        fields = _FIELDS.__get__(self)
        if not isinstance(fields, UnsetType):
            total += sum(len(f.name) + len(f.value) for f in fields)
        return total


def _init(self: Embed, **keywords: Any) -> None:
    """A subclass's ``super().__init__(...)``: the keywords of ``Embed(...)``, applied to
    this embed (msgspec builds an Embed without calling ``__init__``)."""
    update_in_place(self, Embed(**keywords))


# Set after the class is made: msgspec refuses a struct defining its own __init__.
Embed.__init__ = _init  # type: ignore[method-assign]


class _Absent:
    """What an embed's author, footer, image... read as when the embed has none, as
    discord.py's empty proxy: every attribute ``None``, falsy, of length 0."""

    __slots__ = ()

    def __getattr__(self, name: str) -> None:
        if name.startswith("__"):
            raise AttributeError(name)
        return None

    def __bool__(self) -> bool:
        return False

    def __len__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "EmbedProxy()"


class _AbsentMedia(_Absent):
    """An image, thumbnail or video the embed lacks: as discord.py's, its ``flags`` are
    none set, not ``None``."""

    __slots__ = ()

    @property
    def flags(self) -> AttachmentFlags:
        return AttachmentFlags._from_value(0)

    def __repr__(self) -> str:
        return f"EmbedProxy(flags={self.flags!r})"


_ABSENT = _Absent()
_ABSENT_MEDIA = _AbsentMedia()
_TEXT = frozenset(("title", "description", "url"))
# What discord.py's ``from_dict`` reads a ``None`` of as "not set" (JSON saved from an
# embed builder often carries nulls).
_UNSET_BY_NONE = _TEXT | {"type", "timestamp"}


def _or_absent(value: Any) -> Any:
    return _ABSENT if value is UNSET else value


def _or_absent_media(value: Any) -> Any:
    return _ABSENT_MEDIA if value is UNSET else value


def _proxy_repr(part: Any) -> str:
    """An embed's author, footer, field... printed as discord.py's ``EmbedProxy``
    prints one: what it holds, by name (a picture's flags always)."""
    held = ((name, getattr(part, name)) for name in part.__struct_fields__)
    return "EmbedProxy(" + ", ".join(f"{name}={value!r}" for name, value in sorted(held)
                                     if value is not None) + ")"


def _to_datetime(value: Any) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if isinstance(value, str) else None


def _from_datetime(value: Any) -> Any:
    if value is None or value is UNSET:
        return UNSET
    if not isinstance(value, datetime.datetime):
        raise TypeError(f"Expected datetime.datetime or None received "
                        f"{type(value).__name__} instead")
    # Kept in its own offset, so ``embed.timestamp`` reads back what was given, as in
    # discord.py; to_dict() and the wire's Discord give it in UTC.
    return (value if value.tzinfo is not None else value.astimezone()).isoformat()


def _to_colour(value: Any) -> Colour | None:
    return Colour(value) if isinstance(value, int) else None


def _from_colour(value: Any) -> Any:
    if value is None or value is UNSET:
        return UNSET
    if not isinstance(value, int):  # a Colour is an int too
        raise TypeError(f"Expected discord.Colour, int, or None but received "
                        f"{type(value).__name__} instead.")
    return int(value)


def _none_to_unset(value: Any) -> Any:
    return UNSET if value is None else value


def _fields(embed: Embed) -> list[EmbedField]:
    """The embed's own field list (made when it has none), to change in place."""
    fields = _FIELDS.__get__(embed)
    if isinstance(fields, UnsetType):
        fields = []
        _FIELDS.__set__(embed, fields)
    return fields  # type: ignore[no-any-return]


# Read as discord.py's Embed reads (None, a datetime, a Colour, an empty proxy, a
# list), while msgspec encodes and decodes what the wire holds.
for _name in _TEXT:
    viewed_field(Embed, _name, none_if_unset, _none_to_unset)
viewed_field(Embed, "type", none_if_unset, _none_to_unset)
viewed_field(Embed, "timestamp", _to_datetime, _from_datetime)
viewed_field(Embed, "color", _to_colour, _from_colour)
_FLAGS = viewed_field(Embed, "flags", lambda value: EmbedFlags._from_value(value or 0))
viewed_field(EmbedMedia, "flags", lambda value: AttachmentFlags._from_value(value or 0))
_FIELDS = viewed_field(Embed, "fields", lambda value: [] if value is UNSET else value,
                       _none_to_unset)
_FOOTER = viewed_field(Embed, "footer", _or_absent, _none_to_unset)
_AUTHOR = viewed_field(Embed, "author", _or_absent, _none_to_unset)
viewed_field(Embed, "provider", _or_absent, _none_to_unset)
for _name in ("image", "thumbnail", "video"):
    viewed_field(Embed, _name, _or_absent_media, _none_to_unset)
for _part in (EmbedFooter, EmbedMedia, EmbedProvider, EmbedAuthor, EmbedField):
    _part.__repr__ = _proxy_repr  # type: ignore[method-assign]
for _cls, _names in ((EmbedFooter, ("icon_url", "proxy_icon_url")),
                     (EmbedMedia, ("proxy_url", "height", "width")),
                     (EmbedProvider, ("name", "url")),
                     (EmbedAuthor, ("url", "icon_url", "proxy_icon_url")),
                     (EmbedField, ("inline",))):
    for _name in _names:
        viewed_field(_cls, _name, none_if_unset, _none_to_unset)
