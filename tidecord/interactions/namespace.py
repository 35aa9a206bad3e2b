"""``Namespace``: the options a user filled in, by name, with ids made objects."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from ..models.object import Object
from .resolved import ResolveKey, find_resolved

__all__ = ["Namespace"]

_NUMBER: Final = 10  # a NUMBER option's type
# Option types -> the resolved kinds their value may name (9: user or role).
_RESOLVED_KINDS: Final[dict[int, tuple[int, ...]]] = {
    6: (6,), 7: (7,), 8: (8,), 9: (6, 8), 11: (11,)}


def _as_float(value: Any) -> Any:
    """A NUMBER option's value as the callback gets it, a float, as discord.py hands it
    (JSON has one kind of number: Discord may send 3 for 3.0); empty reads as NaN.
    Anything else is left for the transformer to refuse."""
    if value is None or value == "":
        return float("nan")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value


class Namespace:
    """Options by name: ``ns.member``, ``ns["member"]``, ``"member" in ns``, ``dict(iter(ns))``.

    A name that was not filled in reads as ``None``. Users come as Members (in
    guilds), channels as :class:`AppCommandChannel`, roles, attachments as
    themselves (in autocomplete, as bare :class:`Object` ids: Discord sends no resolved
    data while the user types); names are the ones Discord sent (a renamed parameter's
    new name).
    """

    def __init__(self, values: dict[str, Any] | None = None) -> None:
        self.__dict__.update(values or {})

    @classmethod
    def empty(cls) -> Namespace:
        """A namespace with nothing in it."""
        return cls()

    @classmethod
    def from_options(cls, options: list[Any], items: dict[ResolveKey, Any]) -> Namespace:
        """The namespace of a (sub)command's options (leaves only)."""
        values: dict[str, Any] = {}
        for option in options:
            kinds = _RESOLVED_KINDS.get(option.type)
            value = option.value
            # What a person is still typing stays text, as discord.py keeps it, unless
            # it is empty (NaN, as a number option left empty reads).
            if option.type == _NUMBER and (option.focused is not True or value == ""):
                value = _as_float(value)
            if kinds is not None and value is not None:
                found = find_resolved(items, str(value), kinds)
                if found is None and str(value).isdigit():
                    # Autocomplete comes without resolved data: the id alone, as
                    # discord.py gives it.
                    found = Object(id=int(value))
                value = found if found is not None else value
            values[option.name] = value
        return cls(values)

    def __getattr__(self, name: str) -> Any:
        # Only reached for names not filled in: discord.py answers None.
        if name.startswith("__"):
            raise AttributeError(name)
        return None

    def __getitem__(self, key: str) -> Any:
        return self.__dict__[key]

    def __contains__(self, key: object) -> bool:
        return key in self.__dict__

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        yield from self.__dict__.items()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Namespace) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        items = " ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"<Namespace {items}>"
