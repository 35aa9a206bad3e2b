"""``Item``: one piece of a view or modal (a button, a select, a text display...).

Items render themselves as the component dicts Discord takes
(:meth:`Item.to_component_dict`), learn what a person picked from an interaction
(:meth:`Item._refresh_state`), and run :meth:`Item.callback` when used.

Classes that hold items (views, modals, action rows, containers) collect them
from their class body: items assigned as class attributes, and methods
decorated with :func:`~tidecord.ui.button` or :func:`~tidecord.ui.select`. Each
instance gets its own copies, in the order they were written.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from ..models import Component, ComponentType
from ..models.component_parts import emoji_dict

if TYPE_CHECKING:
    from typing import Self

    from ..interactions import Interaction

__all__ = ["Item", "ItemHolder", "emoji_dict", "item_decorator", "rebind_copies"]

V = TypeVar("V", covariant=True)
ItemCallback = Callable[..., Coroutine[Any, Any, Any]]
# The attribute a decorated method carries: (item class, keyword arguments).
DECORATED = "__tidecord_ui_item__"
# Set on a method decorated by a row's own ``@row.button`` / ``@row.select``: the row
# (a class attribute of the same view) its item goes in.
PLACED_IN = "__tidecord_ui_parent__"


class Item(Generic[V]):
    """The base of every UI piece. ``view`` is the view (or modal) it belongs to."""

    __item_repr_attributes__: ClassVar[tuple[str, ...]] = ("row",)

    def __init__(self) -> None:
        self._view: Any = None
        self._parent: Any = None
        self._row: int | None = None
        self._rendered_row: int | None = None
        self._provided_custom_id = False
        self.id: int | None = None

    # -- what it is ---------------------------------------------------------------
    @property
    def type(self) -> ComponentType:
        """The component type it renders as."""
        raise NotImplementedError

    @property
    def width(self) -> int:
        """How much of an action row it takes (a row holds 5)."""
        return 1

    @property
    def row(self) -> int | None:
        """The action row (0-4) a classic view puts it on; ``None``: the first with room."""
        return self._row

    @row.setter
    def row(self, value: int | None) -> None:
        if self._is_v2():
            return  # a layout places its pieces in order: as discord.py, a row is ignored
        if value is not None and not 0 <= value < 5:
            raise ValueError("row cannot be negative or greater than or equal to 5")
        self._row = value

    @property
    def view(self) -> Any:
        """The view (or modal) it is in."""
        return self._view

    @property
    def parent(self) -> Any:
        """The item it sits in (an action row, a container, a section), if any."""
        return self._parent

    def _update_view(self, view: Any) -> None:
        self._view = view
        for child in self._children_items():
            child._update_view(view)

    def _children_items(self) -> list[Item[Any]]:
        """Items nested inside this one (none for simple items)."""
        return []

    def walk_children(self) -> list[Item[Any]]:
        """Nested items, depth first (empty for simple items)."""
        out: list[Item[Any]] = []
        for child in self._children_items():
            out.append(child)
            out.extend(child.walk_children())
        return out

    def is_dispatchable(self) -> bool:
        """Whether using it sends the bot an interaction (buttons, selects)."""
        return False

    def is_persistent(self) -> bool:
        """Whether it still works after a restart: nothing to use, or a custom_id chosen
        (not random)."""
        return not self.is_dispatchable() or self._provided_custom_id

    def _is_v2(self) -> bool:
        """Whether only a components-v2 layout can hold it."""
        return False

    # -- rendering and state ------------------------------------------------------
    def to_component_dict(self) -> dict[str, Any]:
        """The component as Discord takes it."""
        raise NotImplementedError

    def _with_id(self, data: dict[str, Any]) -> dict[str, Any]:
        if self.id is not None:
            data["id"] = self.id
        return data

    def _refresh_component(self, component: Component) -> None:
        """Take over what Discord stored (the numeric id) after a send."""
        if isinstance(component.id, int):
            self.id = component.id

    def _refresh_state(self, interaction: Interaction[Any], data: Any,
                       resolved: dict[Any, Any]) -> None:
        """Learn what a person picked (select values, modal inputs)."""

    def copy(self) -> Self:
        """A fresh copy, for a new view instance (class attributes are templates)."""
        clone = copy.copy(self)
        clone._view = None
        clone._parent = None
        return clone

    # -- behaviour ----------------------------------------------------------------
    async def callback(self, interaction: Interaction[Any]) -> Any:
        """Override (or use a decorator): runs when the item is used."""

    async def interaction_check(self, interaction: Interaction[Any]) -> bool:
        """Override to refuse some people; runs before the checks of the rows and
        containers around it, and before the view's own check."""
        return True

    async def _run_checks(self, interaction: Interaction[Any]) -> bool:
        """This item's check, then (if it passed) those of the items around it."""
        if not await self.interaction_check(interaction):
            return False
        parent = self._parent
        return parent is None or bool(await parent._run_checks(interaction))

    def __repr__(self) -> str:
        attrs = " ".join(f"{name}={getattr(self, name)!r}"
                         for name in self.__item_repr_attributes__)
        return f"<{type(self).__name__} {attrs}>"


def item_decorator(cls: type[Item[Any]], **kwargs: Any) -> Callable[[ItemCallback],
                                                                   ItemCallback]:
    """Mark ``func(self, interaction, item)`` as the callback of a ``cls(**kwargs)`` item."""

    def decorator(func: ItemCallback) -> ItemCallback:
        if not inspect.iscoroutinefunction(func):
            raise TypeError("button and select callbacks must be coroutine functions")
        setattr(func, DECORATED, (cls, kwargs))
        return func

    return decorator


class ItemHolder:
    """Collects the items written in a class body (views, modals, rows, containers)."""

    __ui_templates__: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        templates: dict[str, Any] = {}
        for base in reversed(cls.__mro__):
            for name, value in vars(base).items():
                if isinstance(value, Item) or hasattr(value, DECORATED):
                    templates.pop(name, None)
                    templates[name] = value
                elif name in templates:
                    templates.pop(name)  # overridden by something that is not an item
        cls.__ui_templates__ = templates

    def _make_items(self) -> list[Item[Any]]:
        """This instance's items: copies of the class's, callbacks bound to ``self``."""
        items: list[Item[Any]] = []
        copies: dict[int, Item[Any]] = {}  # id of a class-body item -> this instance's
        for name, template in self.__ui_templates__.items():
            if isinstance(template, Item):
                item = copies[id(template)] = template.copy()
            else:
                model, kwargs = getattr(template, DECORATED)
                if isinstance(kwargs.get("options"), list):
                    # each instance gets its own options, as in discord.py: a callback
                    # that marks one as the default changes its own view's only
                    kwargs = {**kwargs, "options": [o.copy() for o in kwargs["options"]]}
                item = model(**kwargs)
                item.callback = _Bound(template, self, item)  # type: ignore[method-assign,unused-ignore]
            setattr(self, name, item)
            row = getattr(template, PLACED_IN, None)
            if row is not None:
                # into this instance's copy of the row (the row itself if it is not one
                # of this class's), as discord.py places ``@row.button`` items
                copies.get(id(row), row).add_item(item)
                continue
            items.append(item)
        return items


def rebind_copies(holder: ItemHolder, clone: ItemHolder, copies: dict[int, Item[Any]]) -> None:
    """Point a copied holder's class-body names, and the callbacks of its decorated
    items, at its own copies (``copies``: id of each child -> its copy), so a row or
    container written as a class attribute works in every view made from it."""
    for name in holder.__ui_templates__:
        new = copies.get(id(getattr(holder, name, None)))
        if new is None:
            continue
        setattr(clone, name, new)
        bound = vars(new).get("callback")
        if isinstance(bound, _Bound) and bound.owner is holder:
            new.callback = _Bound(bound.func, clone, new)  # type: ignore[method-assign]


class _Bound:
    """A decorated method bound to its owner and item: ``await cb(interaction)``."""

    __slots__ = ("func", "item", "owner")

    def __init__(self, func: ItemCallback, owner: Any, item: Item[Any]) -> None:
        self.func, self.owner, self.item = func, owner, item

    def __call__(self, interaction: Any) -> Coroutine[Any, Any, Any]:
        return self.func(self.owner, interaction, self.item)

    def __repr__(self) -> str:
        return f"<callback {self.func.__qualname__}>"
