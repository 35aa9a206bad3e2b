"""The predicates behind every built-in check, written once for all kinds of subject.

Each returns ``None`` when the check passes, else a :class:`Denial` saying why;
the front-ends turn a denial into their own exception (``commands.MissingRole``,
``app_commands.MissingPermissions``...) with :attr:`Denial.reason` and
:attr:`Denial.missing`.

>>> has_permissions(ctx, {"manage_messages": True})     # doctest: +SKIP
Denial(reason=<Reason.MISSING_PERMISSIONS: ...>, missing=('manage_messages',))
"""

from __future__ import annotations

import enum
import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, NamedTuple

from ..models import UNSET, Permissions
from ..models.team import TeamMemberRole
from .subject import (
    author_of,
    bot_permissions_of,
    channel_of,
    client_of,
    guild_of,
    me_of,
    permissions_of,
)

__all__ = [
    "Denial",
    "Reason",
    "all_pass",
    "dm_only",
    "guild_only",
    "has_any_role",
    "has_guild_permissions",
    "has_permissions",
    "has_role",
    "human_join",
    "is_nsfw",
    "is_owner",
    "owner_ids",
    "permission_words",
    "validate_permissions",
]


class Reason(enum.Enum):
    """Why a check failed."""

    GUILD_ONLY = "guild only"
    DM_ONLY = "direct messages only"
    NSFW_REQUIRED = "nsfw channel required"
    MISSING_ROLE = "missing role"
    MISSING_ANY_ROLE = "missing any role"
    BOT_MISSING_ROLE = "bot missing role"
    BOT_MISSING_ANY_ROLE = "bot missing any role"
    MISSING_PERMISSIONS = "missing permissions"
    BOT_MISSING_PERMISSIONS = "bot missing permissions"
    NOT_OWNER = "not owner"


class Denial(NamedTuple):
    """A failed check: why, and what was missing (role ids or names, permission names)."""

    reason: Reason
    missing: tuple[Any, ...] = ()
    # The channel, for NSFW_REQUIRED.
    channel: Any = None


def human_join(items: Sequence[str], *, final: str = "or") -> str:
    """``a``, ``a or b``, ``a, b or c``: a list as discord.py's error messages say it
    (no comma before the last), for prefix and slash commands alike."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {final} {items[-1]}"


def permission_words(missing: Sequence[str]) -> str:
    """``Manage Messages and Kick Members``: missing permissions as an error names them."""
    words = [p.replace("_", " ").replace("guild", "server").title() for p in missing]
    return human_join(words, final="and")


def validate_permissions(perms: Mapping[str, bool]) -> None:
    """Refuse unknown permission names when the check is declared, as discord.py does."""
    invalid = set(perms) - set(Permissions.FLAGS)
    if invalid:
        raise TypeError(f"Invalid permission(s): {', '.join(sorted(invalid))}")


def guild_only(subject: Any) -> Denial | None:
    """Only in a guild."""
    return None if guild_of(subject) is not None else Denial(Reason.GUILD_ONLY)


def dm_only(subject: Any) -> Denial | None:
    """Only in a direct message."""
    return None if guild_of(subject) is None else Denial(Reason.DM_ONLY)


_NSFW_KINDS = frozenset({0, 2, 5, 10, 11, 12})  # text, voice, announcement, threads


def is_nsfw(subject: Any) -> Denial | None:
    """Only in an age-restricted channel (a thread follows its parent); DMs pass."""
    channel = channel_of(subject)
    if guild_of(subject) is None:
        return None
    if channel is not None and channel.type in _NSFW_KINDS:
        source = channel.parent if channel.is_thread and channel.parent is not None else channel
        if source.nsfw is True:
            return None
    return Denial(Reason.NSFW_REQUIRED, channel=channel)


def _holds(member: Any, item: int | str) -> bool:
    if isinstance(item, int):
        return item in getattr(member, "role_ids", ())
    return any(role.name == item for role in getattr(member, "role_objects", ()))


def has_role(subject: Any, item: int | str, *, bot: bool = False) -> Denial | None:
    """The author (or the bot) has the role ``item``: an id or a name."""
    if guild_of(subject) is None:
        return Denial(Reason.GUILD_ONLY)
    who = me_of(subject) if bot else author_of(subject)
    if _holds(who, item):
        return None
    return Denial(Reason.BOT_MISSING_ROLE if bot else Reason.MISSING_ROLE, (item,))


def has_any_role(subject: Any, items: Iterable[int | str], *, bot: bool = False) -> Denial | None:
    """The author (or the bot) has at least one of ``items``."""
    if guild_of(subject) is None:
        return Denial(Reason.GUILD_ONLY)
    who = me_of(subject) if bot else author_of(subject)
    wanted = tuple(items)
    if any(_holds(who, item) for item in wanted):
        return None
    return Denial(Reason.BOT_MISSING_ANY_ROLE if bot else Reason.MISSING_ANY_ROLE, wanted)


def _missing(perms: Mapping[str, bool], have: Permissions) -> tuple[str, ...]:
    return tuple(name for name, value in perms.items() if getattr(have, name) != value)


def has_permissions(subject: Any, perms: Mapping[str, bool], *,
                    bot: bool = False) -> Denial | None:
    """The author (or the bot) has ``perms`` in this channel (everything text-like in a DM)."""
    have = bot_permissions_of(subject) if bot else permissions_of(subject)
    missing = _missing(perms, have)
    if not missing:
        return None
    return Denial(Reason.BOT_MISSING_PERMISSIONS if bot else Reason.MISSING_PERMISSIONS, missing)


def has_guild_permissions(subject: Any, perms: Mapping[str, bool], *,
                          bot: bool = False) -> Denial | None:
    """The author (or the bot) has ``perms`` guild-wide, from roles alone."""
    if guild_of(subject) is None:
        return Denial(Reason.GUILD_ONLY)
    who = me_of(subject) if bot else author_of(subject)
    missing = _missing(perms, who.guild_permissions)
    if not missing:
        return None
    return Denial(Reason.BOT_MISSING_PERMISSIONS if bot else Reason.MISSING_PERMISSIONS, missing)


#: The team roles that own the bot, as discord.py counts them.
_OWNING_ROLES: Final = (TeamMemberRole.admin, TeamMemberRole.developer)


async def owner_ids(client: Any) -> frozenset[int]:
    """Who owns the bot: ``owner_id`` / ``owner_ids`` when set, else the application's
    owner, or its team's admins and developers (and the team's owner)."""
    owner_id = getattr(client, "owner_id", None)
    if owner_id:
        return frozenset({int(owner_id)})
    owners = getattr(client, "owner_ids", None)
    if owners:
        return frozenset(int(o) for o in owners)
    app = client.application
    if app is None:  # login could not read it: ask again
        app = await client.application_info()
    team = app.team
    if team:
        ids = {m.id for m in team.members if m.role in _OWNING_ROLES}
        if team.owner_id:
            ids.add(team.owner_id)
        return frozenset(ids)
    return frozenset() if app.owner is UNSET else frozenset({int(app.owner.id)})


async def is_owner(subject: Any) -> Denial | None:
    """The author owns the bot (the client's own ``is_owner`` decides when it has one)."""
    client = client_of(subject)
    author = author_of(subject)
    decide = getattr(client, "is_owner", None)
    if decide is not None:
        owned = await decide(author)
    else:
        owned = author.id in await owner_ids(client)
    return None if owned else Denial(Reason.NOT_OWNER)


async def all_pass(checks: Iterable[Callable[[Any], Any]], subject: Any) -> bool:
    """Whether every check passes for ``subject`` (a Context or an Interaction); each
    returns a bool or an awaitable of one, or raises. The first that fails stops."""
    for predicate in checks:
        value = predicate(subject)
        if value is True:
            continue  # a plain check: nothing to await
        if inspect.isawaitable(value):
            value = await value
        if not value:
            return False
    return True
