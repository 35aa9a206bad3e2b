"""How a message's components read: each read of ``message.components`` copies them
as their kinds (:mod:`.component_kinds`), and each kind reads its fields as
discord.py's attributes do, while the message keeps (and the sandbox re-encodes) the
components as they were decoded."""

from __future__ import annotations

import copy
from typing import Any

from .base import UNSET, UnsetType, convert, enum_of, viewed_field
from .channel_type import ChannelType
from .colour import Colour
from .component import Component, ComponentType, MediaItem, SelectDefault, SelectOptionData
from .component import UnfurledMedia as _UnfurledMedia
from .component_kinds import (
    ActionRow,
    Button,
    CheckboxComponent,
    CheckboxGroupComponent,
    Container,
    FileComponent,
    FileUploadComponent,
    LabelComponent,
    MediaGalleryComponent,
    RadioGroupComponent,
    SectionComponent,
    SelectMenu,
    SeparatorComponent,
    TextDisplay,
    TextInput,
    ThumbnailComponent,
)
from .component_parts import (
    BaseOption,
    ButtonStyle,
    CheckboxGroupOption,
    MediaGalleryItem,
    RadioGroupOption,
    SelectDefaultValue,
    SelectOption,
    SeparatorSpacing,
    TextStyle,
    UnfurledMediaItem,
    partial_emoji,
)

__all__ = ["read_components", "write_components"]

_TYPE: Any = Component.__dict__["type"]  # the raw slots, read while copying
_COMPONENTS: Any = Component.__dict__["components"]
_ACCESSORY: Any = Component.__dict__["accessory"]
_INNER: Any = Component.__dict__["component"]

_KINDS: dict[int, type[Component]] = {
    1: ActionRow, 2: Button, 3: SelectMenu, 4: TextInput, 5: SelectMenu, 6: SelectMenu,
    7: SelectMenu, 8: SelectMenu, 9: SectionComponent, 10: TextDisplay,
    11: ThumbnailComponent, 12: MediaGalleryComponent, 13: FileComponent,
    14: SeparatorComponent, 17: Container, 18: LabelComponent, 19: FileUploadComponent,
    21: RadioGroupComponent, 22: CheckboxGroupComponent, 23: CheckboxComponent,
}


def read_components(value: list[Component] | UnsetType | None) -> list[Component]:
    """A message's components read as discord.py's kinds (``[]`` when it has none).

    Made on each read, from the components the message keeps (which stay as
    decoded): what code does to them does not reach the message."""
    if not isinstance(value, list):
        return []
    return [_read(component) for component in value]


def write_components(value: Any) -> Any:
    """What setting ``message.components`` stores: components as they are (``None``
    for none)."""
    return UNSET if value is None else value


def _read(component: Component) -> Component:
    """A copy of ``component`` (nested ones too) as its kind."""
    made = copy.copy(component)
    kind = _KINDS.get(_TYPE.__get__(component))
    if kind is not None:
        made.__class__ = kind  # the same fields: only how they read changes
    inner = _COMPONENTS.__get__(component)
    if isinstance(inner, list):
        _COMPONENTS.__set__(made, [_read(child) for child in inner])
    for slot in (_ACCESSORY, _INNER):
        child = slot.__get__(component)
        if isinstance(child, Component):
            slot.__set__(made, _read(child))
    return made


# -- how each kind reads its fields (the wire keeps what was decoded) --------------

def _unset_if_none(value: Any) -> Any:
    return UNSET if value is None else value


def _or(default: Any) -> Any:
    """Read a field left out (or null) as ``default``."""
    return lambda value: default if value is None or value is UNSET else value


def _enum(kind: Any, default: Any = None) -> Any:
    return lambda value: default if value is None or value is UNSET else enum_of(kind, value)


def _emoji(value: Any) -> Any:
    return None if value is UNSET else partial_emoji(value)


def _snowflake(value: Any) -> int | None:
    return None if value is None or value is UNSET else int(value)


def _listed(read: Any, wire: type) -> tuple[Any, Any]:
    """Read a list field as ``read(item)`` each; a list of read values (or of the
    wire's own) written back as the wire's."""

    def to_read(value: Any) -> list[Any]:
        return [] if not isinstance(value, list) else [read(item) for item in value]

    def to_wire(value: Any) -> Any:
        if value is None:
            return UNSET
        return [convert(v.to_dict(), wire) if hasattr(v, "to_dict") else v for v in value]

    return to_read, to_wire


def _media(value: Any) -> UnfurledMediaItem | None:
    return None if value is UNSET or value is None else UnfurledMediaItem.from_data(value)


def _media_to_wire(value: Any) -> Any:
    return convert(value.to_dict(), _UnfurledMedia) if hasattr(value, "to_dict") else value


def _option_reader(kind: type[BaseOption]) -> tuple[Any, Any]:
    return _listed(kind.from_data, SelectOptionData)


def _default_value(value: SelectDefault) -> SelectDefaultValue:
    return SelectDefaultValue.from_data(value)


def _colour(value: Any) -> Colour | None:
    return Colour(value) if isinstance(value, int) else None


def _view(kind: type[Component], reads: dict[str, Any]) -> None:
    for name, read in reads.items():
        read, write = read if isinstance(read, tuple) else (read, _unset_if_none)
        viewed_field(kind, name, read, write)


_NONE = _or(None)
_FALSE = _or(False)
_TRUE = _or(True)
_ONE = _or(1)

# A kind this version does not know stays a plain Component, its type unknown_<n>.
_ALL_KINDS: set[type[Component]] = {*_KINDS.values(), Component}
for _kind in _ALL_KINDS:
    _view(_kind, {"type": (_enum(ComponentType), int), "id": _NONE})
_view(Button, {"style": (_enum(ButtonStyle), int), "custom_id": _NONE, "url": _NONE,
               "disabled": _FALSE, "label": _NONE, "emoji": _emoji,
               "sku_id": _snowflake})
_view(SelectMenu, {"custom_id": _NONE, "placeholder": _NONE, "min_values": _ONE,
                   "max_values": _ONE, "required": _FALSE, "disabled": _FALSE,
                   "options": _option_reader(SelectOption),
                   "channel_types": _listed(lambda t: enum_of(ChannelType, t), int),
                   "default_values": _listed(_default_value, SelectDefault)})
_view(TextInput, {"style": (_enum(TextStyle), int), "label": _NONE, "custom_id": _NONE,
                  "placeholder": _NONE, "value": _NONE, "required": _TRUE,
                  "min_length": _NONE, "max_length": _NONE})
TextInput.default = property(lambda self: self.value,  # type: ignore[assignment]
                             doc="The text it starts with (its ``value``).")
_view(SectionComponent, {"accessory": _NONE})
_view(TextDisplay, {"content": _or("")})
_view(ThumbnailComponent, {"media": (_media, _media_to_wire), "description": _NONE,
                           "spoiler": _FALSE})
_view(MediaGalleryComponent, {"items": _listed(MediaGalleryItem.from_data, MediaItem)})
_view(FileComponent, {"spoiler": _FALSE, "name": _NONE, "size": _NONE})
FileComponent.media = property(  # type: ignore[assignment]
    lambda self: _media(self.file), doc="The file shown (Discord's ``file``).")
_view(SeparatorComponent, {"spacing": (_enum(SeparatorSpacing, SeparatorSpacing.small), int)})
_view(Container, {"spoiler": _FALSE, "accent_color": (_colour, _unset_if_none)})
_view(LabelComponent, {"label": _or(""), "description": _NONE, "component": _NONE})
_view(FileUploadComponent, {"custom_id": _NONE, "min_values": _ONE, "max_values": _ONE,
                            "required": _TRUE})
_view(RadioGroupComponent, {"custom_id": _NONE, "required": _TRUE,
                            "options": _option_reader(RadioGroupOption)})
_view(CheckboxGroupComponent, {"custom_id": _NONE, "required": _TRUE, "min_values": _or(0),
                               "max_values": _ONE,
                               "options": _option_reader(CheckboxGroupOption)})
_view(CheckboxComponent, {"custom_id": _NONE, "default": _FALSE})
