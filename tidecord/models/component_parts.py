"""The small values components carry, by discord.py's names: the styles and kinds
(``ButtonStyle``, ``TextStyle``, ``SeparatorSpacing``, ``SelectDefaultValueType``),
select options, select defaults and media items.

They sit with the models because a message's components read as them (see
:mod:`.component_kinds`) and ``tidecord.ui`` builds its items from them.
"""

from __future__ import annotations

import copy
import enum
from typing import Any, Self

from .base import UNSET, NamedEnum, OpenEnum, TryValue
from .emoji import Emoji, PartialEmoji

__all__ = [
    "BaseOption",
    "ButtonStyle",
    "CheckboxGroupOption",
    "MediaGalleryItem",
    "MediaItemLoadingState",
    "RadioGroupOption",
    "SelectDefaultValue",
    "SelectDefaultValueType",
    "SelectOption",
    "SeparatorSpacing",
    "TextStyle",
    "UnfurledMediaItem",
    "emoji_dict",
    "media_dict",
    "partial_emoji",
    "partial_emoji_dict",
]


class ButtonStyle(NamedEnum):
    """How a button looks (``link`` buttons open a URL, ``premium`` ones a SKU)."""

    primary = 1
    secondary = 2
    success = 3
    danger = 4
    link = 5
    premium = 6

    # discord.py's aliases
    blurple = 1
    grey = 2
    gray = 2
    green = 3
    red = 4
    url = 5


class TextStyle(NamedEnum):
    """A text input on one line (``short``) or several (``paragraph``, ``long``)."""

    short = 1
    paragraph = 2
    long = 2


class SeparatorSpacing(NamedEnum):
    """The space a separator leaves."""

    small = 1
    large = 2


class SelectDefaultValueType(TryValue, enum.Enum):
    """What a select's default value names."""

    user = "user"
    role = "role"
    channel = "channel"


def emoji_dict(emoji: Any) -> dict[str, Any] | None:
    """An emoji (``"👍"``, ``"<:name:id>"``, an Emoji) as components carry it."""
    if emoji is None:
        return None
    if isinstance(emoji, str):
        emoji = Emoji.from_str(emoji)
    out: dict[str, Any] = {"name": getattr(emoji, "name", None)}
    if getattr(emoji, "id", None) is not None:
        out["id"] = str(emoji.id)
        if getattr(emoji, "animated", False) is True:
            out["animated"] = True
    return out


def partial_emoji(emoji: Any) -> Any:
    """An emoji a component carries as discord.py reads it: a :class:`PartialEmoji`
    (from text, an :class:`Emoji`, or Discord's emoji object)."""
    if isinstance(emoji, str):
        emoji = Emoji.from_str(emoji)
    elif isinstance(emoji, dict):
        return PartialEmoji.from_dict(emoji)
    if not isinstance(emoji, Emoji) or isinstance(emoji, PartialEmoji):
        if emoji is None or hasattr(emoji, "name"):
            return emoji
        # A number or the like: refused where it was given (discord.py's words), not
        # sent for Discord to answer 400.
        raise TypeError("expected str, Emoji, or PartialEmoji, received "
                        f"{type(emoji).__name__} instead")
    return PartialEmoji(id=emoji.id, name=emoji.name, animated=emoji.animated is True)


def partial_emoji_dict(emoji: Any) -> dict[str, Any]:
    """A :class:`PartialEmoji` as discord.py's ``to_dict()`` gives it (``id`` an int or
    ``None``, first)."""
    data: dict[str, Any] = {"id": emoji.id, "name": emoji.name}
    if emoji.animated:
        data["animated"] = True
    return data


def _getter(data: Any) -> Any:
    """``get(key)`` over a dict or a model alike."""
    return data.get if isinstance(data, dict) else lambda k, d=None: getattr(data, k, d)


class BaseOption:
    """One choice of a component: ``label`` shown, ``value`` sent back (defaults to ``label``).

    :class:`SelectOption` adds an emoji; :class:`RadioGroupOption` and
    :class:`CheckboxGroupOption` are the choices of a modal's radio and checkbox groups.
    """

    __slots__ = ("default", "description", "label", "value")

    def __init__(self, *, label: str, value: str | None = None, description: str | None = None,
                 default: bool = False) -> None:
        self.label = label
        self.value = label if value is None else value
        self.description = description
        self.default = default

    def to_dict(self) -> dict[str, Any]:
        """The option as Discord takes it."""
        data: dict[str, Any] = {"label": self.label, "value": self.value,
                                "default": self.default}
        if self.description:
            data["description"] = self.description
        return data

    @classmethod
    def from_data(cls, data: Any) -> Self:
        """An option from a component's option (model or dict)."""
        get = _getter(data)
        return cls(label=str(get("label")), value=get("value"),
                   description=get("description") or None, default=bool(get("default") or False))

    def copy(self) -> Self:
        """A copy (each view instance gets its own)."""
        return copy.copy(self)

    def __str__(self) -> str:
        return f"{self.label}\n{self.description}" if self.description else self.label

    def __repr__(self) -> str:
        return (f"<{type(self).__name__} label={self.label!r} value={self.value!r} "
                f"description={self.description!r} default={self.default}>")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash((self.label, self.value))


class RadioGroupOption(BaseOption):
    """One choice of a :class:`~tidecord.ui.RadioGroup`."""

    __slots__ = ()


class CheckboxGroupOption(BaseOption):
    """One choice of a :class:`~tidecord.ui.CheckboxGroup`."""

    __slots__ = ()


class SelectOption(BaseOption):
    """One choice of a :class:`~tidecord.ui.Select` (``value`` defaults to ``label``);
    also what a message's select menu lists in ``options``."""

    __slots__ = ("emoji",)

    def __init__(self, *, label: str, value: str | None = None, description: str | None = None,
                 emoji: Any = None, default: bool = False) -> None:
        super().__init__(label=label, value=value, description=description, default=default)
        self.emoji: Emoji | None = partial_emoji(emoji)

    def to_dict(self) -> dict[str, Any]:
        """The option as Discord takes it."""
        data: dict[str, Any] = {"label": self.label, "value": self.value,
                                "default": self.default}
        if self.description is not None:
            data["description"] = self.description
        if self.emoji is not None:
            data["emoji"] = partial_emoji_dict(partial_emoji(self.emoji))
        return data

    @classmethod
    def from_data(cls, data: Any) -> Self:
        """An option from a component's option (model or dict)."""
        option = super().from_data(data)
        option.emoji = partial_emoji(_getter(data)("emoji") or None)
        return option

    from_dict = from_data  # discord.py's name, for the option dict a component sends

    def __str__(self) -> str:
        text = f"{self.emoji} {self.label}" if self.emoji else self.label
        return f"{text}\n{self.description}" if self.description else text

    def __repr__(self) -> str:
        return (f"<SelectOption label={self.label!r} value={self.value!r} "
                f"description={self.description!r} default={self.default} "
                f"emoji={self.emoji!r}>")


class SelectDefaultValue:
    """An entity an entity select starts with picked: ``id`` and ``type``."""

    __slots__ = ("id", "type")

    def __init__(self, *, id: int, type: SelectDefaultValueType | str) -> None:
        self.id = int(id)
        self.type = SelectDefaultValueType(getattr(type, "value", type))

    def to_dict(self) -> dict[str, Any]:
        """The default as Discord takes it."""
        return {"id": str(self.id), "type": self.type.value}

    @classmethod
    def from_data(cls, data: Any) -> SelectDefaultValue:
        """A default from a component's (model or dict)."""
        if isinstance(data, dict):
            return cls(id=int(data["id"]), type=data["type"])
        return cls(id=int(data.id), type=data.type)

    @classmethod
    def from_object(cls, obj: Any, fallback: str) -> SelectDefaultValue:
        """A default from a member, user, role, channel, Object or SelectDefaultValue."""
        if isinstance(obj, SelectDefaultValue):
            return obj
        # Loaded here: these models sit higher than the values components carry.
        from .channel import Channel
        from .member import Member
        from .object import Object
        from .role import Role
        from .user import User

        if isinstance(obj, Member | User):
            return cls(id=obj.id, type="user")
        if isinstance(obj, Role):
            return cls(id=obj.id, type="role")
        if isinstance(obj, Channel) or hasattr(obj, "resolve"):
            return cls(id=obj.id, type="channel")
        if isinstance(obj, Object):
            kind = getattr(obj, "type", None)
            name = getattr(kind, "__name__", "").lower()
            for known in ("user", "role", "channel"):
                if known in name:
                    return cls(id=obj.id, type=known)
            if name == "member":
                return cls(id=obj.id, type="user")
            return cls(id=obj.id, type=fallback)
        raise TypeError(f"expected a member, user, role, channel or Object, not "
                        f"{type(obj).__name__}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SelectDefaultValue) and (other.id, other.type) == (
            self.id, self.type)

    def __hash__(self) -> int:
        return hash((self.id, self.type))

    def __repr__(self) -> str:
        return f"<SelectDefaultValue id={self.id} type={self.type!r}>"


class MediaItemLoadingState(OpenEnum):
    """How far Discord got fetching a layout's media (``UnfurledMediaItem.loading_state``)."""

    unknown = 0
    loading = 1
    loaded = 2
    not_found = 3


class UnfurledMediaItem:
    """A picture or file a layout shows: a URL, or ``attachment://name`` for an upload.
    Read back from a message, it carries what Discord resolved (size, type, the upload's
    ``attachment_id``, ``loading_state``, ``placeholder``, ``flags``), as discord.py's."""

    __slots__ = ("_flags", "attachment_id", "content_type", "height", "loading_state",
                 "placeholder", "proxy_url", "url", "width")

    def __init__(self, url: str) -> None:
        self.url = url
        self.proxy_url: str | None = None
        self.width: int | None = None
        self.height: int | None = None
        self.content_type: str | None = None
        self.placeholder: str | None = None
        self.loading_state: MediaItemLoadingState | None = None
        self.attachment_id: int | None = None
        self._flags = 0

    @property
    def flags(self) -> Any:
        """The media's :class:`~tidecord.AttachmentFlags`."""
        from .record_flags import AttachmentFlags

        return AttachmentFlags._from_value(self._flags)

    def to_dict(self) -> dict[str, Any]:
        """The media as Discord takes it."""
        return {"url": self.url}

    @classmethod
    def from_data(cls, data: Any) -> UnfurledMediaItem:
        """From a component's media (model or dict)."""
        get = _getter(data)
        item = cls(str(get("url")))
        for key in ("proxy_url", "width", "height", "content_type", "placeholder"):
            value = get(key)
            if isinstance(value, int | str):
                setattr(item, key, value)
        state, attachment, flags = get("loading_state"), get("attachment_id"), get("flags")
        if isinstance(state, int):
            item.loading_state = MediaItemLoadingState(state)
        if isinstance(attachment, int | str):
            item.attachment_id = int(attachment)
        if isinstance(flags, int):
            item._flags = flags
        return item

    def __repr__(self) -> str:
        return f"<UnfurledMediaItem url={self.url}>"


def media_dict(media: Any) -> dict[str, Any]:
    """A URL, a File (``attachment://``) or an :class:`UnfurledMediaItem` as media."""
    if isinstance(media, UnfurledMediaItem):
        return media.to_dict()
    if isinstance(media, str):
        return {"url": media}
    filename = getattr(media, "filename", None)
    if filename:
        return {"url": f"attachment://{filename}"}
    raise TypeError(f"expected a URL, a File or an UnfurledMediaItem, not {type(media).__name__}")


def unfurled(media: Any, refusal: str | None = None) -> Any:
    """A URL, a File (``attachment://``) or media as the :class:`UnfurledMediaItem` that
    discord.py's items hold (``media.url`` reads as there). Anything else: TypeError
    ``refusal`` (with the type's name), or, given none, kept as it is (as discord.py's
    constructors keep it: Discord refuses it when sent)."""
    if isinstance(media, UnfurledMediaItem):
        return media
    if isinstance(media, str) or getattr(media, "filename", None):
        return UnfurledMediaItem(media_dict(media)["url"])
    if refusal is None:
        return media
    raise TypeError(refusal.format(type(media).__name__))


def media_property(doc: str, refusal: str) -> Any:
    """A component's ``media``: read as the :class:`UnfurledMediaItem` kept in
    ``_media``; set from a URL, a File or media, else TypeError with ``refusal``."""

    def read(self: Any) -> UnfurledMediaItem:
        media: UnfurledMediaItem = self._media
        return media

    def write(self: Any, value: Any) -> None:
        self._media = unfurled(value, refusal)

    return property(read, write, doc=doc)


def file_defaults(media: Any, description: Any, spoiler: Any) -> tuple[str | None, bool]:
    """A picture's description and spoiler: those given, else a sent File's own."""
    if not hasattr(media, "filename"):
        return (None if description is UNSET else description,
                False if spoiler is UNSET else bool(spoiler))
    return (media.description if description is UNSET else description,
            media.spoiler if spoiler is UNSET else bool(spoiler))


class MediaGalleryItem:
    """One picture of a :class:`~tidecord.ui.MediaGallery`."""

    __slots__ = ("_media", "description", "spoiler")

    def __init__(self, media: Any, *, description: Any = UNSET, spoiler: Any = UNSET) -> None:
        self._media = unfurled(media)
        self.description, self.spoiler = file_defaults(media, description, spoiler)

    media = media_property("The picture (given as a URL, a File or media).",
                           "Expected a str or UnfurledMediaItem, not {}")

    def to_dict(self) -> dict[str, Any]:
        """The item as Discord takes it."""
        data: dict[str, Any] = {"media": media_dict(self.media), "spoiler": self.spoiler}
        if self.description is not None:
            data["description"] = self.description
        return data

    @classmethod
    def from_data(cls, data: Any) -> MediaGalleryItem:
        """From a gallery item (model or dict)."""
        get = _getter(data)
        description = get("description")
        return cls(UnfurledMediaItem.from_data(get("media")),
                   description=description if isinstance(description, str) else None,
                   spoiler=get("spoiler") is True)

    def __repr__(self) -> str:
        return f"<MediaGalleryItem media={self.media!r}>"
