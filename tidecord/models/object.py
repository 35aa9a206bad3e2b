"""``Object``: anything with just an id (discord.py's ``discord.Object``)."""

from __future__ import annotations

from typing import Any

from .base import Snowflake

__all__ = ["Object"]


class Object:
    """A stand-in for a Discord object you only know the id of.

    >>> Object(id=80351110224678912).id
    80351110224678912
    """

    __slots__ = ("id", "type")

    def __init__(self, id: int, *, type: Any = None) -> None:
        try:
            self.id = Snowflake(int(id))
        except ValueError:
            # discord.py's TypeError (what a program catches), naming the argument.
            raise TypeError(f"id parameter must be convertible to int not "
                            f"{id.__class__.__name__}") from None  # ``type`` is shadowed
        #: What the id stands for (``Object`` itself unless told, as in discord.py).
        self.type = type if type is not None else self.__class__

    def __repr__(self) -> str:
        # As discord.py prints it: the type's own repr (a class shows its module), so
        # ``Object(5, type=discord.User)`` prints "type=<class '...User'>".
        return f"<Object id={self.id!r} type={self.type!r}>"

    def __eq__(self, other: object) -> bool:
        # As discord.py: equal to an Object, or to an object of its ``type``, with its id.
        if isinstance(other, (Object, self.type)):
            return getattr(other, "id", None) == self.id
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def created_at(self) -> Any:
        """When the id was made."""
        return self.id.created_at
