"""``View`` (rows of buttons and selects) and ``LayoutView`` (components v2).

A view listens for its items' interactions once it is sent (or added with
``client.add_view``): each use runs as an owned task named after the view
(``view 'Confirm'`` in loop-health warnings), through ``interaction_check``,
the item's ``callback``, and ``on_error`` when it raises. It stops after
``timeout`` seconds without use (``on_timeout``), or when ``stop()`` is called.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import TYPE_CHECKING, Any

from ..models import walk_components
from .convert import item_from_component
from .item import Item, ItemHolder
from .layout import text_length

if TYPE_CHECKING:
    from typing import Self

    from ..interactions import Interaction

__all__ = ["BaseView", "LayoutView", "View"]

log = logging.getLogger("tidecord.ui")


class BaseView(ItemHolder):
    """What views and modals share: children, timeout, checks, stop and wait."""

    _is_modal = False
    _max_children = 25
    # discord.py's words: a View's names no number, a LayoutView's and a Modal's do.
    _too_many = "maximum number of children exceeded"

    def __init__(self, *, timeout: float | None = 180.0) -> None:
        if timeout is not None and not isinstance(timeout, int | float):
            _not_seconds(timeout)
        self._timeout = timeout
        self._children: list[Item[Any]] = []
        self.id = os.urandom(16).hex()
        self._store: Any = None
        self._finished = False
        self._timed_out = False
        self._done: asyncio.Event | None = None
        self._expiry: float | None = None
        # Whether a view store listens for it (discord.py's "added for dispatching").
        self._listening = False
        for item in self._make_items():
            self._add(item)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} timeout={self._timeout} children={len(self._children)}>"

    # -- children ------------------------------------------------------------------
    @property
    def children(self) -> list[Item[Any]]:
        """The top-level items, in order."""
        return list(self._children)

    def walk_children(self) -> list[Item[Any]]:
        """Every item, nested ones included, depth first."""
        out: list[Item[Any]] = []
        for child in self._children:
            out.append(child)
            out.extend(child.walk_children())
        return out

    @property
    def total_children_count(self) -> int:
        """How many items in all, nested ones included."""
        return len(self.walk_children())

    def _add(self, item: Item[Any]) -> None:
        item._update_view(self)
        self._children.append(item)

    def add_item(self, item: Item[Any]) -> Self:
        """Add an item; returns the view, for chaining. ValueError when it cannot fit."""
        if not isinstance(item, Item):
            raise TypeError(f"expected Item not {type(item).__name__}")
        if len(self._children) >= self._max_children:
            raise ValueError(self._too_many)
        self._check_child(item)
        self._add(item)
        return self

    def _check_child(self, item: Item[Any]) -> None:
        """Refuse what this view cannot hold."""

    def remove_item(self, item: Item[Any]) -> Self:
        """Take an item out (nothing happens if it is not there); it belongs to no view."""
        if item in self._children:
            self._children.remove(item)
            self._release(item)
        return self

    def _release(self, item: Item[Any]) -> None:
        item._rendered_row = None
        item._update_view(None)

    def clear_items(self) -> Self:
        """Take every item out."""
        for item in self._children:
            self._release(item)
        self._children.clear()
        return self

    def find_item(self, id: int) -> Item[Any] | None:
        """The item with numeric component ``id``, nested ones included."""
        return next((i for i in self.walk_children() if i.id == id), None)

    # -- what it is ----------------------------------------------------------------
    @property
    def timeout(self) -> float | None:
        """Seconds without use before it stops listening (``None``: never)."""
        return self._timeout

    @timeout.setter
    def timeout(self, value: float | None) -> None:
        if value is not None and not isinstance(value, int | float):
            _not_seconds(value)
        self._timeout = value
        self._refresh_timeout()

    def _refresh_timeout(self) -> None:
        self._expiry = None if self._timeout is None else time.monotonic() + self._timeout

    def is_finished(self) -> bool:
        """Whether it stopped (``stop()`` or timeout)."""
        return self._finished

    def is_dispatching(self) -> bool:
        """Whether it listens for interactions: sent (or added with ``client.add_view``)
        and neither stopped nor timed out."""
        return self._listening

    def is_dispatchable(self) -> bool:
        """Whether it has anything people can use (buttons, selects)."""
        return any(i.is_dispatchable() for i in self.walk_children())

    def is_persistent(self) -> bool:
        """Whether it survives a restart: no timeout, and every top-level item's custom_id
        chosen (as discord.py asks: rows, containers and sections always answer yes)."""
        return self._timeout is None and all(i.is_persistent() for i in self._children)

    def has_components_v2(self) -> bool:
        """Whether sending it needs the components-v2 flag."""
        return any(c._is_v2() for c in self._children)

    def to_components(self) -> list[dict[str, Any]]:
        """The message components it renders as."""
        return [c.to_component_dict() for c in self._children]

    def _refresh(self, components: list[Any]) -> None:
        """Each usable item takes what Discord stored of it (found by custom_id)."""
        items = {getattr(i, "custom_id", None): i for i in self.walk_children()
                 if i.is_dispatchable()}
        for component in walk_components(components):
            item = items.get(component.custom_id)
            if item is not None:
                item._refresh_component(component)

    # -- overridable behaviour -------------------------------------------------------
    async def interaction_check(self, interaction: Interaction[Any], /) -> bool:
        """Return False to ignore someone's use of the view (runs before callbacks)."""
        return True

    async def on_timeout(self) -> None:
        """Runs when it stops listening after ``timeout`` seconds without use."""

    async def on_error(self, interaction: Interaction[Any], error: Exception,
                       item: Item[Any], /) -> None:
        """Runs when a callback (or check) raises; logs it by default."""
        log.error("Ignoring exception in view %r for item %r", self, item,
                  exc_info=(type(error), error, error.__traceback__))

    # -- ending --------------------------------------------------------------------------
    def stop(self) -> None:
        """Stop listening; ``wait()`` returns False."""
        self._finish(timed_out=False)

    def _finish(self, *, timed_out: bool) -> None:
        if self._finished:
            return
        self._finished = True
        self._timed_out = timed_out
        if self._done is not None:
            self._done.set()
        if self._store is not None:
            self._store.remove_view(self)

    async def wait(self) -> bool:
        """Wait until it stops: True if it timed out, False if ``stop()`` was called."""
        if not self._finished:
            if self._done is None:
                self._done = asyncio.Event()
            await self._done.wait()
        return self._timed_out

    # -- dispatch (run by the view store, in an owned task) -------------------------------
    async def _run_item(self, item: Item[Any], interaction: Interaction[Any],
                        refresh: Any = None) -> None:
        """Checks (the item's, those of the rows and containers around it, the view's),
        then the item's callback; errors to ``on_error``. As in discord.py, only a use
        the checks let through restarts the timeout."""
        try:
            if refresh is not None:
                refresh()
            if not (await item._run_checks(interaction)
                    and await self.interaction_check(interaction)):
                return
            self._refresh_timeout()
            await item.callback(interaction)
        except Exception as exc:
            try:
                await self.on_error(interaction, exc, item)
            except Exception:
                log.exception("on_error of view %r raised", self)

    @classmethod
    def from_message(cls, message: Any, /, *, timeout: float | None = 180.0) -> BaseView:
        """A plain :class:`View` of a message's components (a :class:`LayoutView` when
        called on ``LayoutView``); as in discord.py, a ``View`` cannot hold
        components-v2 pieces (``ValueError``: use ``LayoutView.from_message``)."""
        layout = issubclass(cls, LayoutView)
        view: BaseView = LayoutView(timeout=timeout) if layout else View(timeout=timeout)
        for index, component in enumerate(message.components or []):
            if layout or component.type != 1:
                made = item_from_component(component)
                if made._is_v2() and not layout:
                    raise ValueError(f"{type(made).__name__} cannot be added to View")
                view.add_item(made)
                continue
            for inner in component.get("components", []):
                item = item_from_component(inner)
                item.row = index
                view.add_item(item)
        return view


class View(BaseView):
    """Up to 5 rows of buttons and selects (25 items); ``row=`` places an item."""

    def __init__(self, *, timeout: float | None = 180.0) -> None:
        self._weights = [0, 0, 0, 0, 0]
        super().__init__(timeout=timeout)

    def _add(self, item: Item[Any]) -> None:
        self._place(item)
        super()._add(item)

    def _check_child(self, item: Item[Any]) -> None:
        if item._is_v2():
            raise ValueError("v2 items cannot be added to this view")
        if item.row is not None and self._weights[item.row] + item.width > 5:
            raise ValueError(f"item would not fit at row {item.row} "
                             f"({self._weights[item.row] + item.width} > 5 width)")

    def _place(self, item: Item[Any]) -> None:
        if item.row is not None:
            row = item.row
            if self._weights[row] + item.width > 5:
                raise ValueError(f"item would not fit at row {row} "
                                 f"({self._weights[row] + item.width} > 5 width)")
        else:
            row = next((i for i, used in enumerate(self._weights) if used + item.width <= 5),
                       -1)
            if row < 0:
                raise ValueError("could not find open space for item")
        self._weights[row] += item.width
        item._rendered_row = row

    def _release(self, item: Item[Any]) -> None:
        if item._rendered_row is not None:
            self._weights[item._rendered_row] -= item.width
        super()._release(item)

    def clear_items(self) -> Self:
        super().clear_items()
        self._weights = [0, 0, 0, 0, 0]
        return self

    def to_components(self) -> list[dict[str, Any]]:
        rows: dict[int, list[dict[str, Any]]] = {}
        for item in self._children:
            rows.setdefault(item._rendered_row or 0, []).append(item.to_component_dict())
        return [{"type": 1, "components": rows[r]} for r in sorted(rows)]


class LayoutView(BaseView):
    """Components v2: containers, sections, text, media, separators and action rows.

    Items go in the class body or through ``add_item``; buttons and selects sit
    in a :class:`ActionRow` (or as a :class:`Section`'s accessory). At most 40
    components in all.
    """

    _max_children = 40

    _too_many = "maximum number of children exceeded (40)"

    def content_length(self) -> int:
        """The characters of every text display in the view (Discord allows 4000)."""
        return text_length(self.walk_children())

    def _check_child(self, item: Item[Any]) -> None:
        # A button or select left outside an action row is taken, as discord.py takes
        # it: Discord refuses the message (50035) when it is sent.
        if self.total_children_count + 1 + len(item.walk_children()) > 40:
            raise ValueError(self._too_many)


def _not_seconds(timeout: Any) -> None:
    # Said where the view is made: discord.py sends the message first and then fails
    # on ``time + "5"``, leaving a view nothing listens to.
    raise TypeError(f"timeout must be a number of seconds or None, not {type(timeout).__name__}")
