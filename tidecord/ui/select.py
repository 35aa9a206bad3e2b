"""Select menus: ``Select`` (your options), ``UserSelect``, ``RoleSelect``,
``MentionableSelect``, ``ChannelSelect``, and the ``@ui.select`` decorator.

``select.values`` is what the person picked, for the interaction being handled:
strings for a :class:`Select`; members (or users), roles and
:class:`~tidecord.AppCommandChannel` objects for the others, made from the
interaction's ``resolved`` data.
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from ..models import UNSET, Component, ComponentType
from .item import Item, ItemCallback, item_decorator
from .options import SelectDefaultValue, SelectOption

__all__ = [
    "BaseSelect",
    "ChannelSelect",
    "MentionableSelect",
    "RoleSelect",
    "Select",
    "UserSelect",
    "select",
]

V = TypeVar("V", covariant=True)
# custom_id -> values, set in the task handling one interaction (so two people
# picking at once each see their own).
_PICKED: contextvars.ContextVar[dict[str, list[Any]]] = contextvars.ContextVar("tidecord_picked")


class BaseSelect(Item[V]):
    """What every select shares: placeholder, how many values, disabled, required."""

    __item_repr_attributes__: ClassVar[tuple[str, ...]] = (
        "placeholder", "min_values", "max_values", "disabled", "id")
    _kind: ClassVar[ComponentType] = ComponentType.string_select
    # Resolved option types a picked id may be (6 user, 7 channel, 8 role).
    _resolves: ClassVar[tuple[int, ...]] = ()

    def __init__(self, *, custom_id: str | None = None, placeholder: str | None = None,
                 min_values: int = 1, max_values: int = 1, disabled: bool = False,
                 required: bool = True, row: int | None = None, id: int | None = None) -> None:
        super().__init__()
        if custom_id is not None and not isinstance(custom_id, str):
            raise TypeError(f"expected custom_id to be str not {type(custom_id).__name__}")
        self._provided_custom_id = custom_id is not None
        self.custom_id: str = custom_id if custom_id is not None else os.urandom(16).hex()
        self.placeholder = placeholder
        self.min_values = min_values
        self.max_values = max_values
        self.disabled = disabled
        self.required = required
        self.row = row
        self.id = id
        self._values: list[Any] = []

    @property
    def type(self) -> ComponentType:
        return self._kind

    @property
    def width(self) -> int:
        return 5

    @property
    def values(self) -> list[Any]:
        """What was picked, in the interaction being handled."""
        return _PICKED.get({}).get(self.custom_id, self._values)

    def is_dispatchable(self) -> bool:
        return True

    def _base_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": int(self._kind), "custom_id": self.custom_id,
                                "min_values": self.min_values, "max_values": self.max_values,
                                "disabled": self.disabled, "required": self.required}
        if self.placeholder is not None:
            data["placeholder"] = self.placeholder
        return self._with_id(data)

    def to_component_dict(self) -> dict[str, Any]:
        return self._base_dict()

    def _refresh_state(self, interaction: Any, data: Any, resolved: dict[Any, Any]) -> None:
        raw = data.values if data.values is not UNSET else []
        picked = self._pick(raw, resolved)
        self._values = picked
        current = dict(_PICKED.get({}))
        current[self.custom_id] = picked
        _PICKED.set(current)

    def _pick(self, raw: list[str], resolved: dict[Any, Any]) -> list[Any]:
        if not self._resolves:
            return list(raw)
        # In the order Discord resolved them (users, then roles, then channels), as
        # discord.py hands them over: a mentionable select's people come before roles.
        picked = {str(value) for value in raw}
        return [found for key, found in resolved.items()
                if key.id in picked and key.type in self._resolves]

    @classmethod
    def from_component(cls, component: Component) -> BaseSelect[Any]:
        """A select like a message's select component."""
        made = cls(custom_id=component.get("custom_id", None),
                   placeholder=component.get("placeholder", None),
                   min_values=component.get("min_values", 1),
                   max_values=component.get("max_values", 1),
                   disabled=bool(component.get("disabled", False)),
                   id=component.get("id", None))
        return made


class Select(BaseSelect[V]):
    """A select of your own options (``values`` are the picked options' values)."""

    def __init__(self, *, custom_id: str | None = None, placeholder: str | None = None,
                 min_values: int = 1, max_values: int = 1,
                 options: list[SelectOption] | None = None, disabled: bool = False,
                 required: bool = True, row: int | None = None, id: int | None = None) -> None:
        super().__init__(custom_id=custom_id, placeholder=placeholder, min_values=min_values,
                         max_values=max_values, disabled=disabled, required=required, row=row,
                         id=id)
        self.options: list[SelectOption] = list(options or [])

    def add_option(self, *, label: str, value: str | None = None,
                   description: str | None = None, emoji: Any = None,
                   default: bool = False) -> None:
        """Add an option (25 at most)."""
        self.append_option(SelectOption(label=label, value=value, description=description,
                                        emoji=emoji, default=default))

    def append_option(self, option: SelectOption) -> None:
        """Add a :class:`SelectOption` (25 at most)."""
        if len(self.options) >= 25:
            raise ValueError("maximum number of options already provided (25)")
        self.options.append(option)

    def to_component_dict(self) -> dict[str, Any]:
        data = self._base_dict()
        if self.options:  # none: left out, as discord.py sends it (Discord then refuses it)
            try:
                data["options"] = [o.to_dict() for o in self.options]
            except AttributeError:  # named here, before anything is sent
                wrong = {type(o).__name__ for o in self.options if not hasattr(o, "to_dict")}
                raise TypeError("options must be a list of SelectOption, not "
                                f"{', '.join(sorted(wrong))}") from None
        return data

    def copy(self) -> Select[V]:
        clone = super().copy()
        clone.options = [o.copy() for o in self.options]
        return clone

    @classmethod
    def from_component(cls, component: Component) -> Select[Any]:
        made = super().from_component(component)
        assert isinstance(made, Select)
        made.options = [SelectOption.from_data(o) for o in component.get("options", [])]
        return made


class _EntitySelect(BaseSelect[V]):
    """A select of Discord entities, with optional ``default_values``."""

    _default_type: ClassVar[str] = "user"

    def __init__(self, *, custom_id: str | None = None, placeholder: str | None = None,
                 min_values: int = 1, max_values: int = 1, disabled: bool = False,
                 required: bool = False, row: int | None = None,
                 default_values: list[Any] | None = None, id: int | None = None) -> None:
        super().__init__(custom_id=custom_id, placeholder=placeholder, min_values=min_values,
                         max_values=max_values, disabled=disabled, required=required, row=row,
                         id=id)
        self.default_values = default_values or []

    @property
    def default_values(self) -> list[SelectDefaultValue]:
        """The entities it starts with picked."""
        return self._defaults

    @default_values.setter
    def default_values(self, values: list[Any]) -> None:
        self._defaults = [SelectDefaultValue.from_object(v, self._default_type) for v in values]

    def to_component_dict(self) -> dict[str, Any]:
        data = self._base_dict()
        if self._defaults:
            data["default_values"] = [d.to_dict() for d in self._defaults]
        return data

    @classmethod
    def from_component(cls, component: Component) -> BaseSelect[Any]:
        made = super().from_component(component)
        assert isinstance(made, _EntitySelect)
        made._defaults = [SelectDefaultValue.from_data(d)
                          for d in component.get("default_values", [])]
        return made


class UserSelect(_EntitySelect[V]):
    """Pick members (users in DMs)."""

    _kind = ComponentType.user_select
    _resolves = (6,)


class RoleSelect(_EntitySelect[V]):
    """Pick roles."""

    _kind = ComponentType.role_select
    _resolves = (8,)
    _default_type = "role"


class MentionableSelect(_EntitySelect[V]):
    """Pick members and roles."""

    _kind = ComponentType.mentionable_select
    _resolves = (6, 8)


class ChannelSelect(_EntitySelect[V]):
    """Pick channels (of ``channel_types`` only, if given)."""
    _kind = ComponentType.channel_select
    _resolves = (7,)
    _default_type = "channel"

    def __init__(self, *, custom_id: str | None = None, channel_types: list[Any] | None = None,
                 placeholder: str | None = None, min_values: int = 1, max_values: int = 1,
                 disabled: bool = False, required: bool = False, row: int | None = None,
                 default_values: list[Any] | None = None, id: int | None = None) -> None:
        super().__init__(custom_id=custom_id, placeholder=placeholder, min_values=min_values,
                         max_values=max_values, disabled=disabled, required=required, row=row,
                         default_values=default_values, id=id)
        self.channel_types: list[Any] = list(channel_types or [])

    def to_component_dict(self) -> dict[str, Any]:
        data = super().to_component_dict()
        if self.channel_types:
            data["channel_types"] = [int(getattr(t, "value", t)) for t in self.channel_types]
        return data

    @classmethod
    def from_component(cls, component: Component) -> BaseSelect[Any]:
        made = super().from_component(component)
        assert isinstance(made, ChannelSelect)
        made.channel_types = list(component.get("channel_types", []))
        return made


def select(*, cls: type[BaseSelect[Any]] = Select, options: list[SelectOption] | None = None,
           channel_types: list[Any] | None = None, placeholder: str | None = None,
           custom_id: str | None = None, min_values: int = 1, max_values: int = 1,
           disabled: bool = False, default_values: list[Any] | None = None,
           row: int | None = None, id: int | None = None
           ) -> Callable[[ItemCallback], ItemCallback]:
    """Make a method a select menu: ``async def picked(self, interaction, select)``.

    ``cls`` chooses the kind (:class:`Select`, :class:`UserSelect`, ...);
    ``options`` are for :class:`Select`, ``channel_types`` for
    :class:`ChannelSelect`, ``default_values`` for the entity selects.
    """
    kwargs: dict[str, Any] = {"placeholder": placeholder, "custom_id": custom_id,
                              "min_values": min_values, "max_values": max_values,
                              "disabled": disabled, "row": row, "id": id}
    if issubclass(cls, Select):
        kwargs["options"] = options
    elif options is not None:
        raise TypeError("options= is for ui.Select only")
    if issubclass(cls, ChannelSelect):
        kwargs["channel_types"] = channel_types
    elif channel_types is not None:
        raise TypeError("channel_types= is for ui.ChannelSelect only")
    if issubclass(cls, _EntitySelect):
        kwargs["default_values"] = default_values
    elif default_values is not None:
        raise TypeError("default_values= is for user, role, mentionable and channel selects")
    return item_decorator(cls, **kwargs)
