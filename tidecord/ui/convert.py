"""A message's (or modal's) components back into ``ui`` items, for ``View.from_message``
and for rebuilding the item a dynamic item wraps."""

from __future__ import annotations

from typing import Any

from ..models import Component
from .button import Button
from .checkbox import Checkbox, CheckboxGroup, RadioGroup
from .display import File, MediaGallery, Separator, TextDisplay, Thumbnail
from .item import Item
from .label import FileUpload, Label
from .layout import ActionRow, Container, Section
from .select import ChannelSelect, MentionableSelect, RoleSelect, Select, UserSelect
from .text_input import TextInput

__all__ = ["item_from_component"]

_SIMPLE: dict[int, Any] = {
    2: Button, 3: Select, 4: TextInput, 5: UserSelect, 6: RoleSelect, 7: MentionableSelect,
    8: ChannelSelect, 10: TextDisplay, 11: Thumbnail, 12: MediaGallery, 13: File,
    14: Separator, 21: RadioGroup, 22: CheckboxGroup, 23: Checkbox,
}


def item_from_component(component: Component) -> Item[Any]:
    """The ``ui`` item that renders as ``component`` (nested ones included)."""
    kind = component.type
    simple = _SIMPLE.get(kind)
    if simple is not None:
        item: Item[Any] = simple.from_component(component)
        return item
    children = [item_from_component(c) for c in component.get("components", [])]
    cid = component.get("id", None)
    if kind == 1:
        return ActionRow(*children, id=cid)
    if kind == 17:
        return Container(*children, accent_colour=component.get("accent_color", None),
                         spoiler=bool(component.get("spoiler", False)), id=cid)
    if kind == 9 and isinstance(component.accessory, Component):
        return Section(*children, accessory=item_from_component(component.accessory), id=cid)
    if kind == 18 and isinstance(component.component, Component):
        return Label(text=str(component.get("label", "")),
                     component=item_from_component(component.component),
                     description=component.get("description", None), id=cid)
    if kind == 19:
        return FileUpload(custom_id=component.get("custom_id", None),
                          required=component.get("required", True),
                          min_values=component.get("min_values", None),
                          max_values=component.get("max_values", None), id=cid)
    raise ValueError(f"no ui item renders as component type {kind}")
