"""``Button`` and the ``@ui.button`` decorator."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

from ..models import Component, ComponentType, Emoji
from ..models.component_parts import partial_emoji
from ..models.emoji import PartialEmoji
from .enums import ButtonStyle
from .item import Item, ItemCallback, emoji_dict, item_decorator

__all__ = ["Button", "button"]

V = TypeVar("V", covariant=True)


class Button(Item[V]):
    """A button: ``custom_id`` ones send an interaction, ``url`` ones open a link.

    Without a ``custom_id`` a random one is made: the button works while this
    view listens, but not after a restart (see :meth:`Item.is_persistent`).
    """

    __item_repr_attributes__ = ("style", "url", "disabled", "label", "emoji", "row", "sku_id",
                                "id")

    def __init__(self, *, style: ButtonStyle = ButtonStyle.secondary, label: str | None = None,
                 disabled: bool = False, custom_id: str | None = None, url: str | None = None,
                 emoji: Any = None, row: int | None = None, sku_id: int | None = None,
                 id: int | None = None) -> None:
        super().__init__()
        if custom_id is not None and (url is not None or sku_id is not None):
            raise TypeError("cannot mix both url or sku_id and custom_id with Button")
        if url is not None and sku_id is not None:
            raise TypeError("cannot mix both url and sku_id")
        if custom_id is not None and not isinstance(custom_id, str):
            raise TypeError(f"expected custom_id to be str not {type(custom_id).__name__}")
        self._provided_custom_id = custom_id is not None
        if custom_id is None and url is None and sku_id is None:
            custom_id = os.urandom(16).hex()
        if url is not None:
            style = ButtonStyle.link
        if sku_id is not None:
            style = ButtonStyle.premium
        self.style = ButtonStyle(style)
        self.label = label
        self.disabled = disabled
        self._custom_id = custom_id
        self.url = url
        self.sku_id = sku_id
        self.emoji = emoji
        self.row = row
        self.id = id

    @property
    def type(self) -> ComponentType:
        return ComponentType.button

    @property
    def custom_id(self) -> str | None:
        """What the interaction names when it is pressed (``None`` for link buttons)."""
        return self._custom_id

    @custom_id.setter
    def custom_id(self, value: str | None) -> None:
        if value is not None and not isinstance(value, str):
            raise TypeError("custom_id must be None or str")
        self._custom_id = value
        self._provided_custom_id = value is not None

    @property
    def emoji(self) -> PartialEmoji | None:
        """The emoji shown on it."""
        return self._emoji

    @emoji.setter
    def emoji(self, value: Any) -> None:
        # discord.py's button holds a PartialEmoji, whatever it was given
        if value is None or isinstance(value, str | Emoji):
            self._emoji: PartialEmoji | None = partial_emoji(value)
        elif hasattr(value, "name"):
            self._emoji = PartialEmoji(id=getattr(value, "id", None), name=value.name,
                                animated=bool(getattr(value, "animated", False)))
        else:
            raise TypeError(f"expected emoji to be str, Emoji, or PartialEmoji not "
                            f"{type(value).__name__}")

    def is_dispatchable(self) -> bool:
        return self._custom_id is not None

    def is_persistent(self) -> bool:
        if self.style == ButtonStyle.link:
            return self.url is not None
        return super().is_persistent()

    def to_component_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": 2, "style": int(self.style), "disabled": self.disabled}
        if self.label:
            data["label"] = self.label
        if self._custom_id is not None:
            data["custom_id"] = self._custom_id
        if self.url is not None:
            data["url"] = self.url
        if self.sku_id is not None:
            data["sku_id"] = str(self.sku_id)
        if self._emoji is not None:
            data["emoji"] = emoji_dict(self._emoji)
        return self._with_id(data)

    @classmethod
    def from_component(cls, component: Component) -> Button[Any]:
        """A button like a message's button component."""
        made: Button[Any] = cls(
            style=ButtonStyle(component.get("style", 2)), label=component.get("label", None),
            disabled=bool(component.get("disabled", False)),
            custom_id=component.get("custom_id", None), url=component.get("url", None),
            emoji=component.get("emoji", None), sku_id=component.get("sku_id", None),
            id=component.get("id", None))
        return made


def button(*, label: str | None = None, custom_id: str | None = None, disabled: bool = False,
           style: ButtonStyle = ButtonStyle.secondary, emoji: Any = None,
           row: int | None = None, id: int | None = None
           ) -> Callable[[ItemCallback], ItemCallback]:
    """Make a method a button: ``async def pressed(self, interaction, button)``."""
    return item_decorator(Button, label=label, custom_id=custom_id, disabled=disabled,
                          style=style, emoji=emoji, row=row, id=id)
