"""A modal's choices: ``Checkbox`` (yes or no), ``CheckboxGroup`` (some of a list) and
``RadioGroup`` (one of a list), each inside a :class:`~tidecord.ui.Label`::

    class Signup(ui.Modal, title="Sign up"):
        days = ui.Label(text="Days", component=ui.CheckboxGroup(options=[
            tidecord.CheckboxGroupOption(label="Saturday"),
            tidecord.CheckboxGroupOption(label="Sunday")], max_values=2))
        news = ui.Label(text="Send me news", component=ui.Checkbox())

        async def on_submit(self, interaction):
            await interaction.response.send_message(
                f"{self.days.component.values}, news: {self.news.component.value}")
"""

from __future__ import annotations

import os
from typing import Any, Generic, TypeVar

from ..models import UNSET, Component, ComponentType
from .item import Item
from .options import BaseOption, CheckboxGroupOption, RadioGroupOption

__all__ = ["Checkbox", "CheckboxGroup", "RadioGroup"]

V = TypeVar("V", covariant=True)
O = TypeVar("O", bound=BaseOption)  # noqa: E741

_MAX_OPTIONS = 10


class _ModalChoice(Item[V]):
    """What the three share: a custom id (random unless given), a full-width place."""

    def __init__(self, custom_id: str | None, id: int | None) -> None:
        super().__init__()
        if custom_id is not None and not isinstance(custom_id, str):
            raise TypeError(f"expected custom_id to be str not {type(custom_id).__name__}")
        self._provided_custom_id = custom_id is not None
        self.custom_id: str = custom_id if custom_id is not None else os.urandom(16).hex()
        self.id = id

    @property
    def width(self) -> int:
        return 5

    def _is_v2(self) -> bool:
        return True


class _OptionGroup(_ModalChoice[V], Generic[V, O]):
    """A group of options (radio or checkbox), ``required`` unless told otherwise."""

    _option_type: type[BaseOption]

    def __init__(self, custom_id: str | None, required: bool, options: list[O] | None,
                 id: int | None) -> None:
        super().__init__(custom_id, id)
        self.required = required
        self.options = list(options) if options else []

    @property
    def options(self) -> list[O]:
        """The choices shown, in order (up to 10)."""
        return self._options

    @options.setter
    def options(self, value: list[O]) -> None:
        if not isinstance(value, list) or not all(isinstance(o, self._option_type)
                                                  for o in value):
            raise TypeError(f"options must be a list of {self._option_type.__name__}")
        self._options = value

    def add_option(self, *, label: str, value: str | None = None,
                   description: str | None = None, default: bool = False) -> None:
        """Add a choice (``value`` defaults to ``label``); at most 10."""
        option: Any = self._option_type(label=label, value=value, description=description,
                                        default=default)
        self.append_option(option)

    def append_option(self, option: O) -> None:
        """Add a choice already made; at most 10."""
        if len(self._options) >= _MAX_OPTIONS:
            raise ValueError(f"maximum number of options already provided ({_MAX_OPTIONS})")
        self._options.append(option)

    def copy(self) -> Any:
        clone = super().copy()
        clone._options = [o.copy() for o in self._options]
        return clone

    def _group_dict(self, kind: int, **limits: int | None) -> dict[str, Any]:
        data: dict[str, Any] = {"type": kind, "custom_id": self.custom_id, **{
            k: v for k, v in limits.items() if v is not None}, "required": self.required}
        if self._options:
            data["options"] = [o.to_dict() for o in self._options]
        return self._with_id(data)


class RadioGroup(_OptionGroup[V, RadioGroupOption]):
    """One choice among 2 to 10; after submission ``value`` is the picked option's value
    (``None`` if the person picked none of an optional group)."""

    __item_repr_attributes__ = ("id", "custom_id", "options", "required")
    _option_type = RadioGroupOption

    def __init__(self, *, custom_id: str | None = None, required: bool = True,
                 options: list[RadioGroupOption] | None = None, id: int | None = None) -> None:
        super().__init__(custom_id, required, options, id)
        self._value: str | None = None

    @property
    def type(self) -> ComponentType:
        return ComponentType.radio_group

    @property
    def value(self) -> str | None:
        """The value picked (after submission), or ``None``."""
        return self._value

    def to_component_dict(self) -> dict[str, Any]:
        return self._group_dict(21)

    def _refresh_state(self, interaction: Any, data: Any, resolved: dict[Any, Any]) -> None:
        value = getattr(data, "value", None)
        self._value = value if isinstance(value, str) else None

    @classmethod
    def from_component(cls, component: Component) -> RadioGroup[Any]:
        """A radio group like a modal's component."""
        return cls(custom_id=component.get("custom_id", None),
                   required=component.get("required", True),
                   options=[RadioGroupOption.from_data(o) for o in component.get("options", [])],
                   id=component.get("id", None))


class CheckboxGroup(_OptionGroup[V, CheckboxGroupOption]):
    """Some of 1 to 10 choices, between ``min_values`` and ``max_values`` of them; after
    submission ``values`` are the picked options' values."""

    __item_repr_attributes__ = ("id", "custom_id", "options", "required")
    _option_type = CheckboxGroupOption

    def __init__(self, *, custom_id: str | None = None, required: bool = True,
                 min_values: int | None = None, max_values: int | None = None,
                 options: list[CheckboxGroupOption] | None = None,
                 id: int | None = None) -> None:
        super().__init__(custom_id, required, options, id)
        self.min_values = min_values
        self.max_values = max_values
        self._values: list[str] = []

    @property
    def type(self) -> ComponentType:
        return ComponentType.checkbox_group

    @property
    def values(self) -> list[str]:
        """The values picked (after submission)."""
        return self._values

    def to_component_dict(self) -> dict[str, Any]:
        return self._group_dict(22, min_values=self.min_values, max_values=self.max_values)

    def _refresh_state(self, interaction: Any, data: Any, resolved: dict[Any, Any]) -> None:
        values = getattr(data, "values", UNSET)
        self._values = list(values) if isinstance(values, list) else []

    @classmethod
    def from_component(cls, component: Component) -> CheckboxGroup[Any]:
        """A checkbox group like a modal's component."""
        return cls(custom_id=component.get("custom_id", None),
                   required=component.get("required", True),
                   min_values=component.get("min_values", None),
                   max_values=component.get("max_values", None),
                   options=[CheckboxGroupOption.from_data(o)
                            for o in component.get("options", [])],
                   id=component.get("id", None))


class Checkbox(_ModalChoice[V]):
    """A yes-or-no box; ``value`` is whether it was ticked (``default`` before submission)."""

    __item_repr_attributes__ = ("id", "custom_id", "default")

    def __init__(self, *, custom_id: str | None = None, default: bool = False,
                 id: int | None = None) -> None:
        super().__init__(custom_id, id)
        self.default = default
        self._value = default

    @property
    def type(self) -> ComponentType:
        return ComponentType.checkbox

    @property
    def value(self) -> bool:
        """Whether the box was ticked."""
        return self._value

    def to_component_dict(self) -> dict[str, Any]:
        return self._with_id({"type": 23, "custom_id": self.custom_id,
                              "default": self.default})

    def _refresh_state(self, interaction: Any, data: Any, resolved: dict[Any, Any]) -> None:
        self._value = getattr(data, "value", None) is True

    @classmethod
    def from_component(cls, component: Component) -> Checkbox[Any]:
        """A checkbox like a modal's component."""
        return cls(custom_id=component.get("custom_id", None),
                   default=component.get("default", False), id=component.get("id", None))
