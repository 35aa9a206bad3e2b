"""What a client offers for views: ``add_view``, dynamic items, partial messageables.

Mixed into :class:`tidecord.Client`; the store itself is :class:`ViewStore`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .store import ViewStore
from .view import BaseView

if TYPE_CHECKING:
    from ..events import State

__all__ = ["ViewsMixin"]


class ViewsMixin:
    """``client.add_view``, ``add_dynamic_items``, ``persistent_views``..."""

    _connection: State

    @property
    def _view_store(self) -> ViewStore:
        store: ViewStore = self._connection.views
        return store

    def add_view(self, view: BaseView, *, message_id: int | None = None) -> None:
        """Listen for a persistent view's items (after a restart too).

        The view needs ``timeout=None`` and a chosen ``custom_id`` on every item.
        With ``message_id`` it answers on that message only.
        """
        if not isinstance(view, BaseView):
            raise TypeError(f"expected an instance of View not {type(view).__name__}")
        if not view.is_persistent():
            raise ValueError("View is not persistent. Items need to have a custom_id set "
                             "and View must have no timeout")
        if view.is_finished():  # as discord.py: a stopped view is never revived
            raise ValueError("View is already finished.")
        self._view_store.add_view(view, message_id)

    @property
    def persistent_views(self) -> list[BaseView]:
        """The persistent views listening."""
        return self._view_store.persistent_views

    # (The classes are typed Any: Sphinx cannot tell builtins.type from the many ``type``
    # attributes in the docs.)
    def add_dynamic_items(self, *items: Any) -> None:
        """Route components whose custom_id matches each :class:`DynamicItem` subclass's
        template to it."""
        self._view_store.add_dynamic_items(items)

    def remove_dynamic_items(self, *items: Any) -> None:
        """Stop routing to these dynamic item classes."""
        self._view_store.remove_dynamic_items(items)

    def get_partial_messageable(self, id: int, *, guild_id: int | None = None,
                                type: Any = None) -> Any:
        """A channel known by id alone, that can ``send`` and fetch messages: always a
        ``PartialMessageable`` (``guild_id`` and ``type`` as given), as discord.py's,
        even for a channel the cache holds."""
        from ..models.partial_channel import partial_channel

        return partial_channel(self._connection, int(id),
                               None if guild_id is None else int(guild_id), type)
