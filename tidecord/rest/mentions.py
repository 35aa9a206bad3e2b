"""``AllowedMentions`` as discord.py spells it: which mentions in a message ping."""

from __future__ import annotations

from typing import Any

__all__ = ["AllowedMentions"]


class AllowedMentions:
    """Who a message may ping.

    >>> AllowedMentions(everyone=False).to_dict()["parse"]
    ['users', 'roles']

    ``users`` / ``roles`` are ``True`` (all mentioned), ``False`` (none) or a list
    of objects (or ids) that may be pinged.
    """

    __slots__ = ("everyone", "replied_user", "roles", "users")

    def __init__(
        self,
        *,
        everyone: bool = True,
        users: bool | list[Any] = True,
        roles: bool | list[Any] = True,
        replied_user: bool = True,
    ) -> None:
        self.everyone = everyone
        self.users = users
        self.roles = roles
        self.replied_user = replied_user

    @classmethod
    def all(cls) -> AllowedMentions:
        """Ping everyone mentioned."""
        return cls()

    @classmethod
    def none(cls) -> AllowedMentions:
        """Ping nobody."""
        return cls(everyone=False, users=False, roles=False, replied_user=False)

    def to_dict(self) -> dict[str, Any]:
        """The ``allowed_mentions`` object Discord expects."""
        parse: list[str] = []
        out: dict[str, Any] = {}
        if self.everyone:
            parse.append("everyone")
        for key in ("users", "roles"):
            value = getattr(self, key)
            if value is True:
                parse.append(key)
            elif value:
                out[key] = [str(getattr(v, "id", v)) for v in value]
        out["parse"] = sorted(parse, key=["users", "roles", "everyone"].index)
        out["replied_user"] = self.replied_user
        return out

    def __repr__(self) -> str:
        return (f"AllowedMentions(everyone={self.everyone}, users={self.users}, "
                f"roles={self.roles}, replied_user={self.replied_user})")
