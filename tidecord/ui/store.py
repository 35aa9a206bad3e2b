"""The view store: which view (or modal, or dynamic item) a component interaction is for.

One per client. Views are keyed by (component type, message id, custom_id), a
``None`` message id meaning "any message" (persistent views added with
``client.add_view(view)``, and answers whose message id is not known). Every
dispatch, and every view's timeout, runs as a task owned by the client's
dispatcher: named ``tidecord:view:<View class>`` (``modal:``, ``view-timeout:``)
so a blocking callback is named in loop-health warnings, and cancelled on close.

An interaction nothing answers within 3 seconds (no view listened, the view had
timed out, the modal was gone) is logged once as a warning saying why: the
person sees "This interaction failed".
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..interactions.resolved import resolve_items
from ..models import UNSET, Component
from .convert import item_from_component
from .dynamic import DynamicItem
from .item import Item
from .modal import Modal
from .view import BaseView, LayoutView, View

if TYPE_CHECKING:
    from ..events.dispatcher import Dispatcher
    from ..interactions import Interaction

__all__ = ["ViewStore"]

log = logging.getLogger("tidecord.ui")

ANSWER_WINDOW = 3.0
# Modals without a timeout are kept until submitted; past this many the oldest go.
MAX_MODALS = 10_000

Key = tuple[int, int | None, str]


class ViewStore:
    """Views, modals and dynamic items listening for interactions, for one client."""

    def __init__(self, dispatcher: Dispatcher, state: Any) -> None:
        self._dispatcher = dispatcher
        self._state = state
        self._items: dict[Key, tuple[BaseView, Item[Any]]] = {}
        self._keys: dict[BaseView, set[Key]] = {}
        self._modals: dict[tuple[int, str], Modal] = {}
        self._dynamic: dict[re.Pattern[str], type[DynamicItem[Any]]] = {}
        # The dynamic item classes of listening views, found by template while they listen
        # (``_held``: template -> the views holding it, with their class).
        self._view_dynamic: dict[BaseView, list[type[DynamicItem[Any]]]] = {}
        self._held: dict[re.Pattern[str], dict[BaseView, type[DynamicItem[Any]]]] = {}
        self._timers: dict[BaseView, asyncio.Task[Any]] = {}
        self._watches: set[asyncio.TimerHandle] = set()
        # The listening view each message was sent with: an edit of the message hands
        # its items what Discord stored (their numeric ids), as discord.py's do.
        self._on_message: dict[int, BaseView] = {}

    # -- views -------------------------------------------------------------------------
    def add_view(self, view: BaseView, message_id: int | None = None) -> None:
        """Listen for ``view``'s items (on ``message_id``, or on any message).

        As in discord.py, the messages it was sent with before keep answering (one view
        on two messages, or moved by an edit), a stopped view stays stopped, and a
        ``timeout`` of 0 is no timeout at all."""
        if view.is_finished():
            return
        view._store = self
        view._listening = True
        keys = self._keys.setdefault(view, set())
        # What it held for this message before and holds no longer stops answering here.
        for key in [k for k in keys if k[1] == message_id]:
            keys.discard(key)
            if self._items.get(key, (None,))[0] is view:
                del self._items[key]
        self._forget_dynamic(view)
        dynamic: list[type[DynamicItem[Any]]] = []
        for item in view.walk_children():
            if isinstance(item, DynamicItem):
                # As in discord.py, a use of it goes through its class's from_custom_id,
                # the same way before and after a restart.
                dynamic.append(type(item))
            elif item.is_dispatchable():
                custom_id = getattr(item, "custom_id", None)
                if isinstance(custom_id, str):
                    key = (int(item.type), message_id, custom_id)
                    self._items[key] = (view, item)
                    keys.add(key)
        if not keys:  # nothing listens by custom_id: nothing to keep (its timer holds it)
            del self._keys[view]
        elif message_id is not None:
            self._on_message[message_id] = view
        if dynamic:
            self._view_dynamic[view] = dynamic
            for cls in dynamic:
                self._held.setdefault(cls.__tidecord_template__, {})[view] = cls
        view._refresh_timeout()
        timer = self._timers.get(view)
        if view.timeout and (timer is None or timer.done()):
            self._timers[view] = self._dispatcher.spawn(
                self._expire(view), f"tidecord:view-timeout:{type(view).__name__}")

    def _forget_dynamic(self, view: BaseView) -> None:
        for cls in self._view_dynamic.pop(view, ()):
            holders = self._held.get(cls.__tidecord_template__)
            if holders is not None:
                holders.pop(view, None)
                if not holders:
                    del self._held[cls.__tidecord_template__]

    def remove_view(self, view: BaseView) -> None:
        """Stop listening for ``view`` (on every message it was sent with)."""
        view._listening = False
        self._forget_dynamic(view)
        for message_id in [m for m, v in self._on_message.items() if v is view]:
            del self._on_message[message_id]
        for key in self._keys.pop(view, ()):
            if self._items.get(key, (None,))[0] is view:
                del self._items[key]
        if isinstance(view, Modal):
            for modal_key, modal in list(self._modals.items()):
                if modal is view:
                    del self._modals[modal_key]
        timer = self._timers.pop(view, None)
        if timer is not None and timer is not asyncio.current_task():
            timer.cancel()

    def message_edited(self, message_id: int, components: list[Any]) -> None:
        """A message a listening view was sent with was edited: its items take over what
        Discord stored of them."""
        view = self._on_message.get(message_id)
        if view is not None:
            view._refresh(components)

    @property
    def persistent_views(self) -> list[BaseView]:
        """The views that survive restarts (added with ``client.add_view``): as in
        discord.py, those listening by custom_id (not a view of dynamic items only, nor a
        modal)."""
        return [v for v, keys in self._keys.items() if keys and v.is_persistent()]

    async def _expire(self, view: BaseView) -> None:
        while not view.is_finished():
            expiry = view._expiry
            if expiry is None:
                # timeout set to None: this timer is done; a later send starts another
                if self._timers.get(view) is asyncio.current_task():
                    del self._timers[view]
                return
            left = expiry - time.monotonic()
            if left <= 0:
                break
            await asyncio.sleep(left)
        if view.is_finished():
            return
        self._timers.pop(view, None)
        view._finish(timed_out=True)
        # As in discord.py, whoever awaits ``view.wait()`` goes on before ``on_timeout``
        # starts (a command that edits the message after ``wait()`` edits it first).
        await asyncio.sleep(0)
        try:
            await view.on_timeout()
        except Exception:
            log.exception("on_timeout of %r raised", view)

    # -- modals ------------------------------------------------------------------------
    def add_modal(self, modal: Modal, user_id: int) -> None:
        """Wait for ``user_id`` to submit ``modal``."""
        modal._store = self
        modal._finished = False
        modal._listening = True
        self._modals.pop((int(user_id), modal.custom_id), None)
        self._modals[(int(user_id), modal.custom_id)] = modal
        if len(self._modals) > MAX_MODALS:
            oldest = next(iter(self._modals))
            del self._modals[oldest]
        self._keys.setdefault(modal, set())
        modal._refresh_timeout()
        timer = self._timers.get(modal)
        if modal.timeout and (timer is None or timer.done()):
            self._timers[modal] = self._dispatcher.spawn(
                self._expire(modal), f"tidecord:view-timeout:{type(modal).__name__}")

    # -- dynamic items -------------------------------------------------------------------
    def add_dynamic_items(self, items: Iterable[type[DynamicItem[Any]]]) -> None:
        """Route custom ids matching each class's template to it."""
        for cls in _dynamic_classes(items):
            self._dynamic[cls.__tidecord_template__] = cls

    def remove_dynamic_items(self, items: Iterable[type[DynamicItem[Any]]]) -> None:
        """Stop routing to these classes' templates: as in discord.py, those of the
        listening views that hold such items too (until a view is sent again)."""
        for cls in _dynamic_classes(items):
            self._dynamic.pop(cls.__tidecord_template__, None)
            self._held.pop(cls.__tidecord_template__, None)

    # -- dispatch ------------------------------------------------------------------------
    def dispatch_component(self, interaction: Interaction[Any]) -> None:
        """Run the view item (or dynamic item) a button press or select pick is for."""
        data = interaction.data
        if data is None or data.custom_id is UNSET or data.component_type is UNSET:
            return
        custom_id, kind = data.custom_id, data.component_type
        message_id = interaction.message.id if interaction.message is not None else None
        # As in discord.py, every dynamic item whose template matches runs, before the view
        # item of that custom_id (whichever answers first is the answer).
        matched = False
        if self._dynamic or self._held:
            for pattern, cls in self._dynamic_routes():
                match = pattern.fullmatch(custom_id)
                if match is not None:
                    matched = True
                    self._dispatcher.spawn(self._run_dynamic(cls, match, interaction),
                                           f"tidecord:view:{cls.__name__}")
        entry = self._items.get((kind, message_id, custom_id)) or self._items.get(
            (kind, None, custom_id))
        if entry is not None and not entry[0].is_finished():
            view, item = entry
            self._dispatcher.spawn(self._run_item(view, item, interaction),
                                   f"tidecord:view:{type(view).__name__}")
            return
        if matched:
            return
        self.watch_unanswered(interaction, f"no view listens for custom_id {custom_id!r} "
                              "(the view timed out or stopped, or was never added)")

    def _dynamic_routes(self) -> Iterator[tuple[re.Pattern[str], type[DynamicItem[Any]]]]:
        """Templates to try, once each: those the client added, then those of listening
        views."""
        yield from self._dynamic.items()
        for pattern, holders in self._held.items():
            if pattern not in self._dynamic:
                yield pattern, next(reversed(holders.values()))

    async def _run_item(self, view: BaseView, item: Item[Any],
                        interaction: Interaction[Any]) -> None:
        data = interaction.data
        resolved = resolve_items(self._state, _resolved(data), interaction.guild_id)
        await view._run_item(item, interaction,
                             lambda: item._refresh_state(interaction, data, resolved))

    async def _run_dynamic(self, cls: type[DynamicItem[Any]], match: re.Match[str],
                           interaction: Interaction[Any]) -> None:
        """``from_custom_id``, the item's own check, its callback; as in discord.py, no
        view's ``interaction_check`` or ``on_error`` is involved: failures are logged."""
        message = interaction.message
        data = interaction.data
        assert data is not None  # dispatch_component checked it
        view = _message_view(message)
        base = next((i for i in view.walk_children()
                     if getattr(i, "custom_id", None) == data.custom_id), None)
        if base is None:
            base = _base_item(data)
        try:
            item = await cls.from_custom_id(interaction, base, match)
        except Exception:
            log.exception("Ignoring exception in dynamic item creation for %r", cls)
            return
        _swap(view, base, item)
        item._refresh_state(interaction, data,
                            resolve_items(self._state, _resolved(data), interaction.guild_id))
        try:
            allowed = await item.interaction_check(interaction)
        except Exception:
            # discord.py takes a check that raises as a refusal
            log.debug("the check of dynamic item %r raised", item, exc_info=True)
            allowed = False
        if not allowed:
            return
        try:
            await item.callback(interaction)
        except Exception:
            log.exception("Ignoring exception in dynamic item callback for %r", item)

    def dispatch_modal(self, interaction: Interaction[Any]) -> None:
        """Run the modal a submission is for."""
        data = interaction.data
        if data is None or data.custom_id is UNSET:
            return
        user_id = int(interaction.user.id) if interaction.user is not None else 0
        modal = self._modals.get((user_id, data.custom_id))
        if modal is None or modal.is_finished():
            self.watch_unanswered(interaction, f"no modal {data.custom_id!r} waits for this "
                                  "person (submitted already, timed out, or never opened)")
            return
        components = data.components if isinstance(data.components, list) else []
        resolved = resolve_items(self._state, _resolved(data), interaction.guild_id)
        self._dispatcher.spawn(modal._run_submit(interaction, components, resolved),
                               f"tidecord:modal:{type(modal).__name__}")

    # -- unanswered interactions ---------------------------------------------------------
    def watch_unanswered(self, interaction: Interaction[Any], why: str) -> None:
        """Warn if nobody answers ``interaction`` within 3 s, saying ``why``."""
        loop = asyncio.get_running_loop()
        handle: asyncio.TimerHandle | None = None

        def check() -> None:
            if handle is not None:
                self._watches.discard(handle)
            if not interaction.response.is_done():
                log.warning("interaction %s was not answered within 3 s: %s; the person "
                            "sees \"This interaction failed\"", interaction.id, why)

        handle = loop.call_later(ANSWER_WINDOW, check)
        self._watches.add(handle)

    def close(self) -> None:
        """Forget every timer and warning (the dispatcher cancels the tasks)."""
        for handle in self._watches:
            handle.cancel()
        self._watches.clear()
        self._timers.clear()


def _dynamic_classes(items: Iterable[Any]) -> list[type[DynamicItem[Any]]]:
    """``items``, each checked to be a DynamicItem class (as discord.py checks them)."""
    classes = list(items)
    for cls in classes:
        if not issubclass(cls, DynamicItem):  # a non-class: issubclass says so itself
            raise TypeError(f"expected subclass of DynamicItem not {cls.__name__}")
    return classes


def _resolved(data: Any) -> dict[str, Any] | None:
    resolved = getattr(data, "resolved", UNSET)
    return None if resolved is UNSET else resolved


def _swap(view: BaseView, old: Item[Any], new: Item[Any]) -> None:
    """Put ``new`` where ``old`` is in the view (so the view renders the dynamic item)."""
    new._rendered_row = old._rendered_row
    new._update_view(view)
    holders: list[Any] = [view, *view.walk_children()]
    for holder in holders:
        children = getattr(holder, "_children", None)
        if isinstance(children, list) and old in children:
            children[children.index(old)] = new
            new._parent = old._parent
            return
        if getattr(holder, "_accessory", None) is old:
            holder.accessory = new
            return


def _message_view(message: Any) -> BaseView:
    """The view a dynamic item is used in: its message's components (a LayoutView for a
    components-v2 message), or an empty view when the message is not at hand."""
    if message is None:
        return View(timeout=None)
    if message.flags.components_v2:
        return LayoutView.from_message(message, timeout=None)
    return View.from_message(message, timeout=None)


def _base_item(data: Any) -> Item[Any]:
    """The item a dynamic item wraps, when its message is not at hand (a bare one)."""
    return item_from_component(Component(type=data.component_type, custom_id=data.custom_id))
