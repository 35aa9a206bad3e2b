"""A message's components as discord.py reads them: one class per kind.

``message.components`` is a list of :class:`ActionRow` (and, in a components-v2
message, :class:`Container`, :class:`SectionComponent`, :class:`TextDisplay`...):
``row.children`` holds its :class:`Button` and :class:`SelectMenu`, a button's
``style`` is a :class:`ButtonStyle`, its ``emoji`` a :class:`PartialEmoji`, and
``to_dict()`` gives what discord.py's gives.

Each kind is a subclass of :class:`Component` with no fields of its own: the
message keeps the components it decoded (so decoding costs what it did, and the
sandbox reads and re-encodes them as they came), and reading ``message.components``
makes a copy of each as its kind, nested ones included. A kind only reads its
fields its own way (``viewed_field``), as discord.py's attributes do (``None`` for
what Discord left out, ``False`` for a flag not set; see ``component_reads.py``,
which also makes the copies); its wire form is the same.

    for row in message.components:
        for child in row.children:
            if isinstance(child, discord.Button) and child.custom_id == "vote":
                ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from .channel_type import ChannelType
from .colour import Colour
from .component import Component, ComponentType
from .component_parts import (
    ButtonStyle,
    CheckboxGroupOption,
    MediaGalleryItem,
    RadioGroupOption,
    SelectDefaultValue,
    SelectOption,
    SeparatorSpacing,
    TextStyle,
    UnfurledMediaItem,
    partial_emoji_dict,
)
from .emoji import PartialEmoji

__all__ = [
    "ActionRow",
    "Button",
    "CheckboxComponent",
    "CheckboxGroupComponent",
    "Container",
    "FileComponent",
    "FileUploadComponent",
    "LabelComponent",
    "MediaGalleryComponent",
    "RadioGroupComponent",
    "SectionComponent",
    "SelectMenu",
    "SeparatorComponent",
    "TextDisplay",
    "TextInput",
    "ThumbnailComponent",
]

_COMPONENTS: Any = Component.__dict__["components"]  # the raw slot


class _Kind(Component, gc=False, kw_only=True):
    """What every kind shares: discord.py's repr, and ``to_dict()``."""

    if TYPE_CHECKING:  # what the fields read as (the wire keeps its own types)
        type: ComponentType
        id: int | None  # type: ignore[assignment]

    __repr_info__: ClassVar[tuple[str, ...]] = ("id",)

    def __repr__(self) -> str:
        shown = " ".join(f"{name}={getattr(self, name)!r}" for name in self.__repr_info__)
        return f"<{type(self).__name__} {shown}>"

    def _payload(self, data: dict[str, Any]) -> dict[str, Any]:
        """``data`` with the component's ``id`` when it has one."""
        if self.id is not None:
            data["id"] = self.id
        return data


class ActionRow(_Kind, gc=False, kw_only=True):
    """A row of up to five buttons, or one select menu (``children``)."""

    __repr_info__ = ("children", "id")

    @property
    def children(self) -> list[Component]:
        """The buttons and select menus in the row."""
        return _nested(self)

    def to_dict(self) -> dict[str, Any]:
        return self._payload({"type": 1, "components": [c.to_dict() for c in self.children]})


class Button(_Kind, gc=False, kw_only=True):
    """A button of a message (``ui.Button`` is the one a bot builds)."""

    if TYPE_CHECKING:  # what the fields read as (the wire keeps its own types)
        style: ButtonStyle
        custom_id: str | None  # type: ignore[assignment]
        url: str | None  # type: ignore[assignment]
        disabled: bool
        label: str | None
        emoji: PartialEmoji | None
        sku_id: int | None  # type: ignore[assignment]

    __repr_info__ = ("style", "custom_id", "url", "disabled", "label", "emoji", "sku_id", "id")

    def to_dict(self) -> dict[str, Any]:
        data = self._payload({"type": 2, "style": int(self.style),
                              "disabled": self.disabled})
        if self.sku_id:
            data["sku_id"] = str(self.sku_id)
        for key in ("label", "custom_id", "url"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        if self.emoji:
            data["emoji"] = partial_emoji_dict(self.emoji)
        return data


class SelectMenu(_Kind, gc=False, kw_only=True):
    """A select menu of any kind: ``type`` says which (string, user, role, ...)."""

    if TYPE_CHECKING:  # what the fields read as (the wire keeps its own types)
        custom_id: str | None  # type: ignore[assignment]
        placeholder: str | None
        min_values: int
        max_values: int
        options: list[SelectOption]  # type: ignore[assignment]
        disabled: bool
        channel_types: list[ChannelType]  # type: ignore[assignment]
        default_values: list[SelectDefaultValue]  # type: ignore[assignment]
        required: bool

    __repr_info__ = ("type", "custom_id", "placeholder", "min_values", "max_values", "options",
                     "disabled", "channel_types", "default_values", "required", "id")

    def to_dict(self) -> dict[str, Any]:
        data = self._payload({"type": int(self.type), "custom_id": self.custom_id,
                              "min_values": self.min_values, "max_values": self.max_values,
                              "disabled": self.disabled, "required": self.required})
        if self.placeholder:
            data["placeholder"] = self.placeholder
        _with_options(data, self.options)
        if self.channel_types:
            data["channel_types"] = [int(t) for t in self.channel_types]
        if self.default_values:
            data["default_values"] = [{"id": d.id, "type": d.type.value}
                                      for d in self.default_values]
        return data


class TextInput(_Kind, gc=False, kw_only=True):
    """A modal's text input; ``default`` is its ``value``."""

    if TYPE_CHECKING:  # what the fields read as (the wire keeps its own types)
        style: TextStyle
        label: str | None
        custom_id: str | None  # type: ignore[assignment]
        placeholder: str | None
        value: str | None
        required: bool
        min_length: int | None
        max_length: int | None

    __repr_info__ = ("style", "label", "custom_id", "placeholder", "value", "required",
                     "min_length", "max_length", "id")

    def to_dict(self) -> dict[str, Any]:
        data = self._payload({"type": 4, "style": int(self.style), "label": self.label,
                              "custom_id": self.custom_id, "required": self.required})
        for key in ("placeholder", "value", "min_length", "max_length"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data


class SectionComponent(_Kind, gc=False, kw_only=True):
    """Text displays (``children``) beside an ``accessory`` (a thumbnail or a button)."""

    if TYPE_CHECKING:  # what the fields read as (the wire keeps its own types)
        accessory: Component

    __repr_info__ = ("children", "accessory", "id")

    @property
    def children(self) -> list[Component]:
        """The section's text displays."""
        return _nested(self)

    def to_dict(self) -> dict[str, Any]:
        return self._payload({"type": 9, "components": [c.to_dict() for c in self.children],
                              "accessory": self.accessory.to_dict()})


class TextDisplay(_Kind, gc=False, kw_only=True):
    """Markdown text of a layout."""

    if TYPE_CHECKING:  # what the fields read as (the wire keeps its own types)
        content: str

    __repr_info__ = ("content", "id")

    def to_dict(self) -> dict[str, Any]:
        return self._payload({"type": 10, "content": self.content})


class ThumbnailComponent(_Kind, gc=False, kw_only=True):
    """A small picture, as a section's accessory."""

    if TYPE_CHECKING:  # what the fields read as (the wire keeps its own types)
        media: UnfurledMediaItem  # type: ignore[assignment]
        description: str | None
        spoiler: bool

    __repr_info__ = ("media", "spoiler", "description", "id")

    def to_dict(self) -> dict[str, Any]:
        return self._payload({"media": self.media.to_dict(), "description": self.description,
                              "spoiler": self.spoiler, "type": 11})


class MediaGalleryComponent(_Kind, gc=False, kw_only=True):
    """Up to ten pictures (``items``)."""

    if TYPE_CHECKING:  # what the fields read as (the wire keeps its own types)
        items: list[MediaGalleryItem]  # type: ignore[assignment]

    __repr_info__ = ("items", "id")

    def to_dict(self) -> dict[str, Any]:
        return self._payload({"type": 12, "items": [i.to_dict() for i in self.items]})


class FileComponent(_Kind, gc=False, kw_only=True):
    """An uploaded file shown in a layout (``media``; ``name`` and ``size`` from Discord)."""

    if TYPE_CHECKING:  # what the fields read as (the wire keeps its own types)
        media: UnfurledMediaItem  # type: ignore[assignment]
        spoiler: bool
        name: str | None  # type: ignore[assignment]
        size: int | None  # type: ignore[assignment]

    __repr_info__ = ("media", "spoiler", "id", "name", "size")

    def to_dict(self) -> dict[str, Any]:
        return self._payload({"type": 13, "file": self.media.to_dict(), "spoiler": self.spoiler})


class SeparatorComponent(_Kind, gc=False, kw_only=True):
    """Space between pieces of a layout, with a line (``visible``) or without."""

    if TYPE_CHECKING:  # what the fields read as (the wire keeps its own types)
        spacing: SeparatorSpacing

    __repr_info__ = ("spacing", "visible", "id")

    @property
    def visible(self) -> bool:
        """Whether it shows a line (Discord's ``divider``)."""
        return self.divider is not False

    def to_dict(self) -> dict[str, Any]:
        return self._payload({"type": 14, "divider": self.visible, "spacing": int(self.spacing)})


class Container(_Kind, gc=False, kw_only=True):
    """A box around pieces of a layout (``children``), with an accent colour."""

    if TYPE_CHECKING:  # what the fields read as (the wire keeps its own types)
        spoiler: bool
        accent_color: Colour | None

    __repr_info__ = ("children", "id", "spoiler", "accent_colour")

    @property
    def children(self) -> list[Component]:
        """What the container holds."""
        return _nested(self)

    @property
    def accent_colour(self) -> Colour | None:
        """The colour of its edge, if it has one."""
        return self.accent_color

    def to_dict(self) -> dict[str, Any]:
        data = self._payload({"type": 17, "spoiler": self.spoiler,
                              "components": [c.to_dict() for c in self.children]})
        if self.accent_colour:
            data["accent_color"] = int(self.accent_colour)
        return data


class LabelComponent(_Kind, gc=False, kw_only=True):
    """A modal's label around one input (``component``)."""

    if TYPE_CHECKING:  # what the fields read as (the wire keeps its own types)
        label: str
        description: str | None
        component: Component

    __repr_info__ = ("label", "description", "component")

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": 18, "label": self.label,
                                "component": self.component.to_dict()}
        if self.description:
            data["description"] = self.description
        return self._payload(data)


class FileUploadComponent(_Kind, gc=False, kw_only=True):
    """A modal's file upload."""

    if TYPE_CHECKING:  # what the fields read as (the wire keeps its own types)
        custom_id: str | None  # type: ignore[assignment]
        min_values: int
        max_values: int
        required: bool

    __repr_info__ = ("custom_id", "min_values", "max_values", "required", "id")

    def to_dict(self) -> dict[str, Any]:
        return self._payload({"type": 19, "custom_id": self.custom_id,
                              "min_values": self.min_values, "max_values": self.max_values,
                              "required": self.required})


class RadioGroupComponent(_Kind, gc=False, kw_only=True):
    """A modal's radio group: one of ``options``."""

    if TYPE_CHECKING:  # what the fields read as (the wire keeps its own types)
        custom_id: str | None  # type: ignore[assignment]
        required: bool
        options: list[RadioGroupOption]  # type: ignore[assignment]

    __repr_info__ = ("custom_id", "required", "id", "options")

    def to_dict(self) -> dict[str, Any]:
        return _with_options(self._payload({"type": 21, "custom_id": self.custom_id,
                                            "required": self.required}), self.options)


class CheckboxGroupComponent(_Kind, gc=False, kw_only=True):
    """A modal's checkbox group: some of ``options``."""

    if TYPE_CHECKING:  # what the fields read as (the wire keeps its own types)
        custom_id: str | None  # type: ignore[assignment]
        required: bool
        min_values: int
        max_values: int
        options: list[CheckboxGroupOption]  # type: ignore[assignment]

    __repr_info__ = ("custom_id", "required", "id", "min_values", "max_values", "options")

    def to_dict(self) -> dict[str, Any]:
        return _with_options(self._payload({
            "type": 22, "custom_id": self.custom_id, "min_values": self.min_values,
            "max_values": self.max_values, "required": self.required}), self.options)


class CheckboxComponent(_Kind, gc=False, kw_only=True):
    """A modal's checkbox."""

    if TYPE_CHECKING:  # what the fields read as (the wire keeps its own types)
        custom_id: str | None  # type: ignore[assignment]
        default: bool

    __repr_info__ = ("custom_id", "default", "id")

    def to_dict(self) -> dict[str, Any]:
        return self._payload({"type": 23, "custom_id": self.custom_id,
                              "default": self.default})


def _with_options(data: dict[str, Any], options: list[Any]) -> dict[str, Any]:
    """``data`` with the ``options`` a select or a group lists, when it lists some."""
    if options:
        data["options"] = [option.to_dict() for option in options]
    return data


def _nested(component: Component) -> list[Component]:
    inner = _COMPONENTS.__get__(component)
    return inner if isinstance(inner, list) else []
