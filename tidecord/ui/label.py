"""Modal pieces: ``Label`` (a title and description around one input) and ``FileUpload``."""

from __future__ import annotations

import os
from typing import Any, TypeVar

from ..models import UNSET, ComponentType
from .item import Item
from .text_input import _LabelLike

__all__ = ["FileUpload", "Label"]

V = TypeVar("V", covariant=True)


class Label(_LabelLike, Item[V]):
    """``text`` (and ``description``) above one input of a modal: a
    :class:`~tidecord.ui.TextInput`, a select, a :class:`FileUpload`, or a
    :class:`~tidecord.ui.RadioGroup`, :class:`~tidecord.ui.CheckboxGroup` or
    :class:`~tidecord.ui.Checkbox`."""

    __item_repr_attributes__ = ("text", "description", "component", "id")

    def __init__(self, *, text: str, component: Item[Any], description: str | None = None,
                 id: int | None = None) -> None:
        super().__init__()
        self.text = text
        self.description = description
        self.component = component
        self.id = id

    @property
    def component(self) -> Item[Any]:
        """The input it labels."""
        return self._component

    @component.setter
    def component(self, value: Item[Any]) -> None:
        if not isinstance(value, Item):
            raise TypeError(f"expected an Item, not {type(value).__name__}")
        value._parent = self
        value._update_view(self._view)
        self._component = value

    @property
    def type(self) -> ComponentType:
        return ComponentType.label

    @property
    def width(self) -> int:
        return 5

    def _children_items(self) -> list[Item[Any]]:
        return [self._component]

    def _is_v2(self) -> bool:
        return True

    def copy(self) -> Label[V]:
        clone = super().copy()
        clone.component = self._component.copy()
        return clone

    def to_component_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": 18, "label": self.text,
                                "component": self._component.to_component_dict()}
        if self.description is not None:
            data["description"] = self.description
        return self._with_id(data)


class FileUpload(Item[V]):
    """Lets the person attach files to a modal; ``values`` are the uploaded
    :class:`~tidecord.Attachment` objects after submission."""

    __item_repr_attributes__ = ("required", "min_values", "max_values", "id")

    def __init__(self, *, custom_id: str | None = None, required: bool = True,
                 min_values: int | None = None, max_values: int | None = None,
                 id: int | None = None) -> None:
        super().__init__()
        if custom_id is not None and not isinstance(custom_id, str):
            raise TypeError(f"expected custom_id to be str not {type(custom_id).__name__}")
        self._provided_custom_id = custom_id is not None
        self.custom_id: str = custom_id if custom_id is not None else os.urandom(16).hex()
        self.required = required
        self.min_values = min_values
        self.max_values = max_values
        self.id = id
        self._values: list[Any] = []

    @property
    def type(self) -> ComponentType:
        return ComponentType.file_upload

    @property
    def width(self) -> int:
        return 5

    @property
    def values(self) -> list[Any]:
        """The uploaded files (after submission)."""
        return list(self._values)

    def _is_v2(self) -> bool:
        return True

    def to_component_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": 19, "custom_id": self.custom_id,
                                "required": self.required}
        if self.min_values is not None:
            data["min_values"] = self.min_values
        if self.max_values is not None:
            data["max_values"] = self.max_values
        return self._with_id(data)

    def _refresh_state(self, interaction: Any, data: Any, resolved: dict[Any, Any]) -> None:
        from ..interactions.resolved import ResolveKey

        ids = data.values if data.values is not UNSET else []
        self._values = [resolved[ResolveKey(str(i), 11)] for i in ids
                        if ResolveKey(str(i), 11) in resolved]
