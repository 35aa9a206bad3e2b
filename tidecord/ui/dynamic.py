"""``DynamicItem``: a button or select whose custom_id carries its state, found by a template.

>>> class Counter(ui.DynamicItem[ui.Button], template=r"counter:(?P<n>[0-9]+)"):
...     def __init__(self, n: int) -> None:
...         super().__init__(ui.Button(label=str(n), custom_id=f"counter:{n}"))
...         self.n = n
...     @classmethod
...     async def from_custom_id(cls, interaction, item, match):
...         return cls(int(match["n"]))
...     async def callback(self, interaction):
...         await interaction.response.edit_message(view=...)

Registered with ``client.add_dynamic_items(Counter)``, any message's
``counter:<n>`` component reaches ``Counter`` (after a restart too).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from ..models import Component, ComponentType
from .item import Item

if TYPE_CHECKING:
    from typing import Self

    from ..interactions import Interaction

__all__ = ["DynamicItem"]

BaseT = TypeVar("BaseT", bound=Item[Any], covariant=True)


class DynamicItem(Generic[BaseT], Item[Any]):
    """Wraps a dispatchable item whose custom_id matches the class's ``template``."""

    __item_repr_attributes__ = ("item", "template")
    __tidecord_template__: ClassVar[re.Pattern[str]]

    def __init_subclass__(cls, *, template: str | re.Pattern[str] | None = None,
                          **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if template is None:
            if not hasattr(cls, "__tidecord_template__"):
                raise TypeError("DynamicItem subclasses need template=")
            return
        compiled = re.compile(template) if isinstance(template, str) else template
        if not isinstance(compiled, re.Pattern):
            raise TypeError("template must be a str or a re.Pattern")
        cls.__tidecord_template__ = compiled

    def __init__(self, item: BaseT, *, row: int | None = None) -> None:
        super().__init__()
        self.item: BaseT = item
        if row is not None:
            item.row = row
        if not item.is_dispatchable():
            raise TypeError("item must be dispatchable, e.g. not a URL button")
        if not self.template.match(self.custom_id):
            raise ValueError(f"item custom_id {self.custom_id!r} must match the template "
                             f"{self.template.pattern!r}")

    @property
    def template(self) -> re.Pattern[str]:
        """The compiled pattern custom ids are matched with."""
        return type(self).__tidecord_template__

    @property
    def type(self) -> ComponentType:
        return self.item.type

    @property
    def width(self) -> int:
        return self.item.width

    @property
    def row(self) -> int | None:
        return self.item.row

    @row.setter
    def row(self, value: int | None) -> None:
        if hasattr(self, "item"):
            self.item.row = value

    @property
    def custom_id(self) -> str:
        """The wrapped item's custom_id (it must match the template)."""
        return str(getattr(self.item, "custom_id"))  # noqa: B009 - every dispatchable has one

    @custom_id.setter
    def custom_id(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError("custom_id must be a str")
        if not self.template.match(value):
            raise ValueError(f"custom_id must match the template {self.template.pattern!r}")
        self.item.custom_id = value  # type: ignore[attr-defined]

    def is_dispatchable(self) -> bool:
        return self.item.is_dispatchable()

    def is_persistent(self) -> bool:
        return True

    def _update_view(self, view: Any) -> None:
        super()._update_view(view)
        self.item._update_view(view)

    def to_component_dict(self) -> dict[str, Any]:
        return self.item.to_component_dict()

    def _refresh_component(self, component: Component) -> None:
        self.item._refresh_component(component)

    def _refresh_state(self, interaction: Any, data: Any, resolved: dict[Any, Any]) -> None:
        self.item._refresh_state(interaction, data, resolved)

    @classmethod
    async def from_custom_id(cls, interaction: Interaction[Any], item: Item[Any],
                             match: re.Match[str], /) -> Self:
        """Override: build the item from a matching custom_id (runs before the callback)."""
        raise NotImplementedError(f"{cls.__name__} must define from_custom_id")

    async def callback(self, interaction: Interaction[Any]) -> Any:
        return await self.item.callback(interaction)

    async def interaction_check(self, interaction: Interaction[Any], /) -> bool:
        return await self.item.interaction_check(interaction)
