"""``Modal``: a form opened with ``interaction.response.send_modal(MyModal())``.

Inputs (text inputs on their own row, or labels around text inputs, selects,
file uploads, radio groups, checkbox groups and checkboxes, and text displays) go
in the class body or through ``add_item``. When the person submits it, each input
learns its value and ``on_submit`` runs in an owned task (``modal 'Feedback'`` in
loop-health warnings); a modal is used once.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any, ClassVar

from ..models import UNSET, Component
from .view import BaseView

if TYPE_CHECKING:
    from ..interactions import Interaction

__all__ = ["Modal"]

log = logging.getLogger("tidecord.ui")


class Modal(BaseView):
    """A form of up to 5 components; ``class Feedback(ui.Modal, title="Feedback")``."""

    _is_modal = True
    _max_children = 5
    _too_many = "maximum number of children exceeded (5)"
    __modal_title__: ClassVar[str | None] = None

    def __init_subclass__(cls, *, title: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if title is not None:
            cls.__modal_title__ = title

    def __init__(self, *, title: str | None = None, timeout: float | None = None,
                 custom_id: str | None = None) -> None:
        chosen = title if title is not None else self.__modal_title__
        if chosen is None:
            raise ValueError("Modal must have a title")
        self.title: str = chosen
        self.custom_id: str = custom_id if custom_id is not None else os.urandom(16).hex()
        super().__init__(timeout=timeout)

    def to_components(self) -> list[dict[str, Any]]:
        out = []
        for item in self._children:
            data = item.to_component_dict()
            # A bare input sits in its own action row, as Discord's older form wants.
            out.append({"type": 1, "components": [data]} if data["type"] == 4 else data)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The modal as the callback sends it."""
        return {"custom_id": self.custom_id, "title": self.title,
                "components": self.to_components()}

    async def on_submit(self, interaction: Interaction[Any], /) -> None:
        """Override: runs when the person submits the modal."""

    async def on_error(self, interaction: Interaction[Any], error: Exception,  # type: ignore[override]
                       /) -> None:
        """Runs when ``on_submit`` (or the check) raises; logs it by default."""
        log.error("Ignoring exception in modal %r:", self,
                  exc_info=(type(error), error, error.__traceback__))

    def _fill(self, interaction: Interaction[Any], components: list[Component],
              resolved: dict[Any, Any]) -> None:
        by_id = {getattr(i, "custom_id", None): i for i in self.walk_children()}
        for component in components:
            if component.type == 1:
                self._fill(interaction, component.get("components", []), resolved)
            elif component.type == 18 and isinstance(component.component, Component):
                self._fill(interaction, [component.component], resolved)
            elif component.custom_id is not UNSET:
                item = by_id.get(component.custom_id)
                if item is None:
                    log.debug("modal %r got an input it does not have: %r", self,
                              component.custom_id)
                    continue
                item._refresh_state(interaction, component, resolved)

    async def _run_submit(self, interaction: Interaction[Any], components: list[Component],
                          resolved: dict[Any, Any]) -> None:
        """Fill the inputs, check, ``on_submit``; stop when it went well."""
        try:
            self._refresh_timeout()
            self._fill(interaction, components, resolved)
            if not await self.interaction_check(interaction):
                return
            await self.on_submit(interaction)
        except Exception as exc:
            try:
                await self.on_error(interaction, exc)
            except Exception:
                log.exception("on_error of modal %r raised", self)
        else:
            self.stop()
