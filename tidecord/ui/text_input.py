"""``TextInput``: a text field of a modal (on its own row, or inside a ``Label``)."""

from __future__ import annotations

import os
from typing import Any, TypeVar

from ..models import UNSET, Component, ComponentType
from .enums import TextStyle
from .item import Item

__all__ = ["TextInput"]

V = TypeVar("V", covariant=True)


class TextInput(Item[V]):
    """A text field; after submission ``value`` (and ``str(text_input)``) is what was typed.

    ``label`` is shown above it on its own row; inside a :class:`~tidecord.ui.Label`
    the label's text is used instead.
    """

    __item_repr_attributes__ = ("label", "placeholder", "required", "id")

    def __init__(self, *, label: str | None = None, style: TextStyle = TextStyle.short,
                 custom_id: str | None = None, placeholder: str | None = None,
                 default: str | None = None, required: bool = True,
                 min_length: int | None = None, max_length: int | None = None,
                 row: int | None = None, id: int | None = None) -> None:
        super().__init__()
        if custom_id is not None and not isinstance(custom_id, str):
            raise TypeError(f"expected custom_id to be str not {type(custom_id).__name__}")
        self._provided_custom_id = custom_id is not None
        self.custom_id: str = custom_id if custom_id is not None else os.urandom(16).hex()
        self.label = label
        self.style = TextStyle(style)
        self.placeholder = placeholder
        self.default = default
        self.required = required
        self.min_length = min_length
        self.max_length = max_length
        self.row = row
        self.id = id
        self._value: str | None = default

    @property
    def type(self) -> ComponentType:
        return ComponentType.text_input

    @property
    def width(self) -> int:
        return 5

    @property
    def value(self) -> str:
        """What was typed (the default before submission)."""
        return self._value or ""

    def __str__(self) -> str:
        return self.value

    def to_component_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": 4, "custom_id": self.custom_id,
                                "style": int(self.style), "required": self.required}
        if self.label is not None and not isinstance(self._parent, _LabelLike):
            data["label"] = self.label
        # empty ones are left out, as discord.py leaves them (a min_length of 0 is
        # Discord's default anyway)
        for key in ("placeholder", "min_length", "max_length"):
            value = getattr(self, key)
            if value:
                data[key] = value
        if self.default:
            data["value"] = self.default
        return self._with_id(data)

    def _refresh_state(self, interaction: Any, data: Any, resolved: dict[Any, Any]) -> None:
        value = getattr(data, "value", UNSET)
        self._value = value if isinstance(value, str) else ""

    @classmethod
    def from_component(cls, component: Component) -> TextInput[Any]:
        """A text input like a modal's component."""
        return cls(label=component.get("label", None), style=TextStyle(component.get("style", 1)),
                   custom_id=component.get("custom_id", None),
                   placeholder=component.get("placeholder", None),
                   default=component.get("value", None),
                   required=component.get("required", True),
                   min_length=component.get("min_length", None),
                   max_length=component.get("max_length", None), id=component.get("id", None))


class _LabelLike:
    """Marks the items whose text labels their child (set by :mod:`.label`)."""
