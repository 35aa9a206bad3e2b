"""Message and modal components: every kind in one declaration, told apart by ``type``.

As with channels, one struct serves every kind (Discord's docs list which fields
each ``type`` uses); a field a kind does not use stays ``UNSET`` and is left out on
the wire, so whatever a bot sends comes back as it was sent.

Kinds (``ComponentType``): 1 action row, 2 button, 3 string select, 4 text input,
5 user / 6 role / 7 mentionable / 8 channel select, 9 section, 10 text display,
11 thumbnail, 12 media gallery, 13 file, 14 separator, 17 container, 18 label,
19 file upload (and 21 radio group, 22 checkbox group, 23 checkbox in modals).
"""

from __future__ import annotations

from typing import Any

import msgspec

from .base import UNSET, Model, NamedEnum, Snowflake, UnsetType
from .emoji import Emoji

__all__ = [
    "Component",
    "ComponentType",
    "MediaItem",
    "SelectDefault",
    "SelectOptionData",
    "UnfurledMedia",
    "find_component",
    "walk_components",
]


class ComponentType(NamedEnum):
    """The ``type`` of a component."""

    action_row = 1
    button = 2
    select = 3  # discord.py's name for the string select: what .name reads
    string_select = 3
    text_input = 4
    user_select = 5
    role_select = 6
    mentionable_select = 7
    channel_select = 8
    section = 9
    text_display = 10
    thumbnail = 11
    media_gallery = 12
    file = 13
    separator = 14
    container = 17
    label = 18
    file_upload = 19
    radio_group = 21
    checkbox_group = 22
    checkbox = 23


class UnfurledMedia(Model, gc=False, kw_only=True):
    """A media reference (``url``, or ``attachment://name``), as Discord resolves it."""

    url: str
    proxy_url: str | UnsetType = UNSET
    height: int | UnsetType | None = UNSET
    width: int | UnsetType | None = UNSET
    content_type: str | UnsetType = UNSET
    placeholder: str | UnsetType | None = UNSET
    placeholder_version: int | UnsetType = UNSET
    loading_state: int | UnsetType = UNSET
    attachment_id: Snowflake | UnsetType = UNSET
    flags: int | UnsetType = UNSET


class MediaItem(Model, gc=False, kw_only=True):
    """One picture of a media gallery."""

    media: UnfurledMedia
    description: str | UnsetType | None = UNSET
    spoiler: bool | UnsetType | None = UNSET


class SelectDefault(Model, gc=False, kw_only=True):
    """A value an entity select starts with: ``{"id", "type": "user"|"role"|"channel"}``."""

    id: Snowflake
    type: str


class SelectOptionData(Model, gc=False, kw_only=True):
    """A choice of a string select (or of a radio / checkbox group)."""

    label: str
    value: str
    description: str | UnsetType | None = UNSET
    emoji: Emoji | UnsetType | None = UNSET
    default: bool | UnsetType | None = UNSET


class Component(Model, gc=False, kw_only=True):
    """A component of any kind; ``type`` says which fields it uses.

    Optional fields may come as null (as libraries send them); Discord reads
    null as "not given", and so does :meth:`get`.
    """

    type: int
    id: int | UnsetType = UNSET
    custom_id: str | UnsetType = UNSET
    # buttons
    style: int | UnsetType | None = UNSET
    label: str | UnsetType | None = UNSET
    emoji: Emoji | UnsetType | None = UNSET
    url: str | UnsetType = UNSET
    sku_id: Snowflake | UnsetType = UNSET
    disabled: bool | UnsetType | None = UNSET
    # selects (and radio / checkbox groups)
    options: list[SelectOptionData] | UnsetType = UNSET
    placeholder: str | UnsetType | None = UNSET
    min_values: int | UnsetType | None = UNSET
    max_values: int | UnsetType | None = UNSET
    channel_types: list[int] | UnsetType | None = UNSET
    default_values: list[SelectDefault] | UnsetType | None = UNSET
    # text inputs, and what a modal submission carries back
    min_length: int | UnsetType | None = UNSET
    max_length: int | UnsetType | None = UNSET
    required: bool | UnsetType | None = UNSET
    # a checkbox answers a bool, a radio group null when nothing was picked
    value: str | bool | UnsetType | None = UNSET
    values: list[str] | UnsetType = UNSET
    default: bool | UnsetType | None = UNSET
    # layout (components v2)
    components: list[Component] | UnsetType = UNSET
    accessory: Component | UnsetType = UNSET
    component: Component | UnsetType = UNSET
    content: str | UnsetType = UNSET
    description: str | UnsetType | None = UNSET
    media: UnfurledMedia | UnsetType = UNSET
    items: list[MediaItem] | UnsetType = UNSET
    file: UnfurledMedia | UnsetType = UNSET
    name: str | UnsetType = UNSET
    size: int | UnsetType = UNSET
    spoiler: bool | UnsetType | None = UNSET
    divider: bool | UnsetType | None = UNSET
    spacing: int | UnsetType | None = UNSET
    accent_color: int | UnsetType | None = UNSET

    def get(self, field: str, default: Any) -> Any:
        """A field's value, or ``default`` when it was left out or null."""
        value = getattr(self, field)
        return default if value is None or value is UNSET else value

    def to_dict(self) -> dict[str, Any]:
        """The component as Discord's JSON object."""
        from .base import to_builtins

        return to_builtins(self)  # type: ignore[no-any-return]

    def nested(self) -> list[Component]:
        """The components directly inside this one (rows, sections, containers, labels)."""
        out = list(self.components) if isinstance(self.components, list) else []
        if isinstance(self.accessory, Component):
            out.append(self.accessory)
        if isinstance(self.component, Component):
            out.append(self.component)
        return out

    def walk(self) -> list[Component]:
        """This component and every one nested in it, depth first."""
        out = [self]
        for child in self.nested():
            out.extend(child.walk())
        return out

    def __eq__(self, other: object) -> bool:
        # A message's components read as discord.py's kinds (subclasses, see
        # component_kinds.py); one equals the plain component it was read from.
        if not isinstance(other, Component):
            return NotImplemented
        return msgspec.structs.astuple(self) == msgspec.structs.astuple(other)

    __hash__ = None  # type: ignore[assignment]  # mutable, as msgspec's own structs


def walk_components(components: list[Component] | Any) -> list[Component]:
    """Every component of a list, nested ones included, depth first."""
    if not isinstance(components, list):
        return []
    return [c for top in components for c in top.walk()]


def find_component(components: list[Component] | Any, custom_id: str) -> Component | None:
    """The component with ``custom_id`` anywhere in the tree, else None."""
    for component in walk_components(components):
        if component.custom_id == custom_id:
            return component
    return None
