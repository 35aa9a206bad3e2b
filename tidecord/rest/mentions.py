"""``AllowedMentions`` as discord.py spells it: which mentions in a message ping."""

from __future__ import annotations

from typing import Any

__all__ = ["AllowedMentions"]


class AllowedMentions:
    """Who a message may ping.

    >>> AllowedMentions(everyone=False).to_dict()["parse"]
    ['users', 'roles']

    ``users`` / ``roles`` are ``True`` (all mentioned), ``False`` (none) or a list
    of objects (or ids) that may be pinged. What is not given reads as ``True`` and
    gives way in :meth:`merge` (a client's ``allowed_mentions`` under a message's).
    """

    __slots__ = ("_given", "everyone", "replied_user", "roles", "users")
    _given: frozenset[str]
    everyone: bool
    users: bool | list[Any]
    roles: bool | list[Any]
    replied_user: bool

    def __init__(
        self,
        *,
        everyone: bool | None = None,
        users: bool | list[Any] | None = None,
        roles: bool | list[Any] | None = None,
        replied_user: bool | None = None,
    ) -> None:
        object.__setattr__(self, "_given", frozenset())
        for name, value in (("everyone", everyone), ("users", users), ("roles", roles),
                            ("replied_user", replied_user)):
            if value is None:
                object.__setattr__(self, name, True)
            else:
                setattr(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        # Set here or later (``mentions.everyone = False``), a setting is the object's own.
        object.__setattr__(self, name, value)
        object.__setattr__(self, "_given", self._given | {name})

    def merge(self, other: AllowedMentions) -> AllowedMentions:
        """These settings, with what ``other`` sets itself in their place."""
        taken = {name: getattr(other if name in other._given else self, name)
                 for name in ("everyone", "users", "roles", "replied_user")
                 if name in other._given or name in self._given}
        return AllowedMentions(**taken)

    @classmethod
    def all(cls) -> AllowedMentions:
        """Ping everyone mentioned."""
        return cls()

    @classmethod
    def none(cls) -> AllowedMentions:
        """Ping nobody."""
        return cls(everyone=False, users=False, roles=False, replied_user=False)

    def to_dict(self) -> dict[str, Any]:
        """The ``allowed_mentions`` object Discord expects, as discord.py writes it:
        ``parse`` in its order, ids as numbers, ``replied_user`` only when it pings."""
        parse: list[str] = []
        out: dict[str, Any] = {}
        if self.everyone:
            parse.append("everyone")
        for key in ("users", "roles"):
            value = getattr(self, key)
            if value is True:
                parse.append(key)
            elif value:
                out[key] = [getattr(v, "id", v) for v in value]
        if self.replied_user:
            out["replied_user"] = True
        out["parse"] = parse
        return out

    def __repr__(self) -> str:
        return (f"AllowedMentions(everyone={self.everyone}, users={self.users}, "
                f"roles={self.roles}, replied_user={self.replied_user})")
