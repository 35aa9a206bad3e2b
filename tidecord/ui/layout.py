"""Items that hold items: ``ActionRow``, ``Container`` and ``Section`` (components v2).

``ActionRow`` and ``Container`` may be subclassed with items in their class body
(``@ui.button`` methods, ``ui.TextDisplay(...)`` attributes), like views.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ..models import ComponentType
from .button import button
from .display import TextDisplay
from .enums import ButtonStyle
from .item import PLACED_IN, Item, ItemCallback, ItemHolder, rebind_copies
from .options import SelectOption
from .select import BaseSelect, Select, select

if TYPE_CHECKING:
    from typing import Self

__all__ = ["ActionRow", "Container", "Section"]

V = TypeVar("V", covariant=True)


def text_length(items: list[Item[Any]]) -> int:
    """The characters of the :class:`TextDisplay` items among ``items``."""
    return sum(len(i.content) for i in items if isinstance(i, TextDisplay))


class _Holder(ItemHolder, Item[V]):
    """An item with children: added, removed, walked, rendered in order.

    It is not itself used, its items are: as discord.py's, it is not dispatchable, so
    persistent whatever it holds (a layout's ``is_persistent`` asks its top-level items
    only, and says yes even with random custom_ids inside)."""

    _max_children = 5

    def __init__(self, *children: Item[Any], id: int | None = None) -> None:
        Item.__init__(self)
        self._children: list[Item[Any]] = []
        for item in self._make_items():
            self._adopt(item)
        for child in children:
            self.add_item(child)
        self.id = id

    def _adopt(self, item: Item[Any]) -> None:
        if len(self._children) >= self._max_children:
            raise ValueError(f"maximum number of children exceeded ({self._max_children})")
        item._parent = self
        item._update_view(self._view)
        self._children.append(item)

    @property
    def children(self) -> list[Item[Any]]:
        """The items directly inside, in order."""
        return list(self._children)

    def _children_items(self) -> list[Item[Any]]:
        return list(self._children)

    def add_item(self, item: Item[Any]) -> Self:
        """Add an item at the end; returns self, for chaining."""
        if not isinstance(item, Item):
            raise TypeError(f"expected Item not {type(item).__name__}")
        self._check_child(item)
        self._adopt(item)
        return self

    def _check_child(self, item: Item[Any]) -> None:
        """Refuse what this holder cannot hold (TypeError or ValueError)."""

    def remove_item(self, item: Item[Any]) -> Self:
        """Take an item out (nothing happens if it is not inside)."""
        if item in self._children:
            self._children.remove(item)
            item._parent = None
        return self

    def clear_items(self) -> Self:
        """Take every item out."""
        for item in self._children:
            item._parent = None
        self._children.clear()
        return self

    def find_item(self, id: int) -> Item[Any] | None:
        """The nested item with numeric component ``id``."""
        return next((i for i in self.walk_children() if i.id == id), None)

    def content_length(self) -> int:
        """The characters of the text displays inside (Discord allows 4000 a message)."""
        return text_length(self.walk_children())

    def copy(self) -> Self:
        clone = super().copy()
        clone._children = []
        copies: dict[int, Item[Any]] = {}
        for child in self._children:
            copies[id(child)] = made = child.copy()
            clone._adopt(made)
        rebind_copies(self, clone, copies)
        return clone

    def _render_children(self) -> list[dict[str, Any]]:
        return [c.to_component_dict() for c in self._children]


class ActionRow(_Holder[V]):
    """A row of up to 5 buttons, or one select (in a layout view or container)."""

    __item_repr_attributes__ = ("id",)

    @property
    def type(self) -> ComponentType:
        return ComponentType.action_row

    @property
    def width(self) -> int:
        return 5

    def __init__(self, *children: Item[Any], id: int | None = None) -> None:
        # discord.py's count: the class body's items by width, each added one as 1, so
        # a select fits only an empty row but buttons may follow it (Discord refuses
        # the mix when the row is sent, not here)
        self._weight = 0
        super().__init__(*children, id=id)

    def _adopt(self, item: Item[Any]) -> None:
        super()._adopt(item)
        self._weight += item.width

    def _check_child(self, item: Item[Any]) -> None:
        if self._weight + item.width > 5 or len(self._children) >= 5:
            raise ValueError("maximum number of children exceeded")

    def add_item(self, item: Item[Any]) -> Self:
        super().add_item(item)
        self._weight += 1 - item.width
        return self

    def remove_item(self, item: Item[Any]) -> Self:
        if item in self._children:
            self._weight -= 1
        return super().remove_item(item)

    def clear_items(self) -> Self:
        self._weight = 0
        return super().clear_items()

    def copy(self) -> Self:
        clone = super().copy()
        clone._weight = self._weight
        return clone

    def to_component_dict(self) -> dict[str, Any]:
        return self._with_id({"type": 1, "components": self._render_children()})

    # ``row = ui.ActionRow()`` in a view's class body, then ``@row.button(...)`` on a
    # method: each view made from the class has the item in its copy of the row, and
    # the method gets the view as ``self`` (discord.py 2.6+).
    def button(self, *, label: str | None = None, custom_id: str | None = None,
               disabled: bool = False, style: ButtonStyle = ButtonStyle.secondary,
               emoji: Any = None, id: int | None = None
               ) -> Callable[[ItemCallback], ItemCallback]:
        """A decorator: the method becomes a button in this row."""
        return self._placing(button(label=label, custom_id=custom_id, disabled=disabled,
                                    style=style, emoji=emoji, id=id))

    def select(self, *, cls: builtins.type[BaseSelect[Any]] = Select,
               options: list[SelectOption] | None = None,
               channel_types: list[Any] | None = None, placeholder: str | None = None,
               custom_id: str | None = None, min_values: int = 1, max_values: int = 1,
               disabled: bool = False, default_values: list[Any] | None = None,
               id: int | None = None) -> Callable[[ItemCallback], ItemCallback]:
        """A decorator: the method becomes a select menu (of kind ``cls``) in this row."""
        return self._placing(select(cls=cls, options=options, channel_types=channel_types,
                                    placeholder=placeholder, custom_id=custom_id,
                                    min_values=min_values, max_values=max_values,
                                    disabled=disabled, default_values=default_values, id=id))

    def _placing(self, decorate: Callable[[ItemCallback], ItemCallback]
                 ) -> Callable[[ItemCallback], ItemCallback]:
        def decorator(func: ItemCallback) -> ItemCallback:
            made = decorate(func)
            setattr(made, PLACED_IN, self)
            return made
        return decorator

    def _is_v2(self) -> bool:
        # A row as an item only ever sits in a layout (a View makes its own rows), so
        # a layout of rows alone is sent as components v2 too, as discord.py sends it.
        return True


class Container(_Holder[V]):
    """A box (with an accent colour) around rows, text, sections, media and separators."""

    __item_repr_attributes__ = ("accent_colour", "spoiler", "id")
    _max_children = 40

    def __init__(self, *children: Item[Any], accent_colour: Any = None, accent_color: Any = None,
                 spoiler: bool = False, id: int | None = None) -> None:
        super().__init__(*children, id=id)
        self.accent_colour = accent_colour if accent_colour is not None else accent_color
        self.spoiler = spoiler

    @property
    def type(self) -> ComponentType:
        return ComponentType.container

    @property
    def width(self) -> int:
        return 5

    @property
    def accent_color(self) -> Any:
        """The colour of the left edge (an int or a Colour); ``accent_colour`` too."""
        return self.accent_colour

    @accent_color.setter
    def accent_color(self, value: Any) -> None:
        self.accent_colour = value

    def _is_v2(self) -> bool:
        return True

    def to_component_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": 17, "components": self._render_children(),
                                "spoiler": self.spoiler}
        if self.accent_colour:  # as discord.py: a plain 0 is no colour (a Colour is one)
            data["accent_color"] = int(getattr(self.accent_colour, "value", self.accent_colour))
        return self._with_id(data)


class Section(Item[V]):
    """Up to 3 texts beside an accessory (a :class:`Thumbnail` or a :class:`Button`)."""

    __item_repr_attributes__ = ("accessory", "id")

    def __init__(self, *children: Item[Any] | str, accessory: Item[Any],
                 id: int | None = None) -> None:
        super().__init__()
        self._children: list[Item[Any]] = []
        for child in children:
            self.add_item(child)
        self.accessory = accessory
        self.id = id

    @property
    def type(self) -> ComponentType:
        return ComponentType.section

    @property
    def width(self) -> int:
        return 5

    @property
    def children(self) -> list[Item[Any]]:
        """The texts, in order."""
        return list(self._children)

    @property
    def accessory(self) -> Item[Any]:
        """The thumbnail or button beside the texts."""
        return self._accessory

    @accessory.setter
    def accessory(self, value: Item[Any]) -> None:
        if not isinstance(value, Item):
            raise TypeError(f"Expected an Item, got {type(value).__name__!r} instead")
        value._parent = self
        value._update_view(self._view)
        self._accessory = value

    def _children_items(self) -> list[Item[Any]]:
        return [*self._children, self._accessory]

    def find_item(self, id: int) -> Item[Any] | None:
        """The text or accessory with numeric component ``id``."""
        return next((i for i in self.walk_children() if i.id == id), None)

    def content_length(self) -> int:
        """The characters of the section's texts."""
        return text_length(self._children)

    def add_item(self, item: Item[Any] | str) -> Section[V]:
        """Add a text (a str becomes a :class:`TextDisplay`); 3 at most."""
        if len(self._children) >= 3:
            raise ValueError("maximum number of children exceeded (3)")
        if not isinstance(item, Item | str):
            raise TypeError(f"expected Item or str not {type(item).__name__}")
        child: Item[Any] = item if isinstance(item, Item) else TextDisplay(item)
        child._parent = self
        child._update_view(self._view)
        self._children.append(child)
        return self

    def remove_item(self, item: Item[Any]) -> Section[V]:
        """Take a text out."""
        if item in self._children:
            self._children.remove(item)
        return self

    def clear_items(self) -> Section[V]:
        """Take every text out."""
        self._children.clear()
        return self

    def _is_v2(self) -> bool:
        return True

    def copy(self) -> Section[V]:
        clone = super().copy()
        clone._children = []
        for child in self._children:
            clone.add_item(child.copy())
        clone.accessory = self._accessory.copy()
        return clone

    def to_component_dict(self) -> dict[str, Any]:
        return self._with_id({"type": 9,
                              "components": [c.to_component_dict() for c in self._children],
                              "accessory": self._accessory.to_component_dict()})
