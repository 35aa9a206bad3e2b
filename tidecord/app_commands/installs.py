"""Where a command can be used (``AppCommandContext``) and installed
(``AppInstallationType``), and the decorators that say so, with ``default_permissions``.

These are not checks: Discord enforces them, from what ``tree.sync()`` registers.
A decorator applies to a function (below ``@app_commands.command``) or to a
command or group (above it) alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Final, TypeVar

from ..models import Permissions
from .decorate import setting, update

__all__ = [
    "AppCommandContext",
    "AppInstallationType",
    "allowed_contexts",
    "allowed_installs",
    "default_permissions",
    "dm_only",
    "guild_install",
    "guild_only",
    "private_channel_only",
    "user_install",
]

T = TypeVar("T")


class AppInstallationType:
    """Installed in guilds, for users, or both (``None``: leave it to the tree's default)."""

    GUILD: ClassVar[int] = 0
    USER: ClassVar[int] = 1

    def __init__(self, *, guild: bool | None = None, user: bool | None = None) -> None:
        self.guild = guild
        self.user = user

    def merge(self, other: AppInstallationType) -> AppInstallationType:
        """``other``'s choices over this one's."""
        return AppInstallationType(guild=self.guild if other.guild is None else other.guild,
                                   user=self.user if other.user is None else other.user)

    def to_array(self) -> list[int]:
        """Discord's ``integration_types``."""
        return [v for v, on in ((self.GUILD, self.guild), (self.USER, self.user)) if on]

    def merge_to_array(self, other: AppInstallationType | None) -> list[int] | None:
        """The array to register, ``None`` when nothing was said."""
        result = self if other is None else self.merge(other)
        return None if result.guild is None and result.user is None else result.to_array()

    def __repr__(self) -> str:
        return f"<AppInstallationType guild={self.guild!r} user={self.user!r}>"


class AppCommandContext:
    """Usable in guilds, in the bot's DMs, in other private channels (``None``: default)."""

    GUILD: ClassVar[int] = 0
    DM_CHANNEL: ClassVar[int] = 1
    PRIVATE_CHANNEL: ClassVar[int] = 2

    def __init__(self, *, guild: bool | None = None, dm_channel: bool | None = None,
                 private_channel: bool | None = None) -> None:
        self.guild = guild
        self.dm_channel = dm_channel
        self.private_channel = private_channel

    def merge(self, other: AppCommandContext) -> AppCommandContext:
        """``other``'s choices over this one's."""
        return AppCommandContext(
            guild=self.guild if other.guild is None else other.guild,
            dm_channel=self.dm_channel if other.dm_channel is None else other.dm_channel,
            private_channel=self.private_channel if other.private_channel is None
            else other.private_channel)

    def to_array(self) -> list[int]:
        """Discord's ``contexts``."""
        pairs = ((self.GUILD, self.guild), (self.DM_CHANNEL, self.dm_channel),
                 (self.PRIVATE_CHANNEL, self.private_channel))
        return [v for v, on in pairs if on]

    def merge_to_array(self, other: AppCommandContext | None) -> list[int] | None:
        """The array to register, ``None`` when nothing was said."""
        result = self if other is None else self.merge(other)
        unset = all(x is None for x in (result.guild, result.dm_channel,
                                        result.private_channel))
        return None if unset else result.to_array()

    def __repr__(self) -> str:
        return (f"<AppCommandContext guild={self.guild!r} dm_channel={self.dm_channel!r} "
                f"private_channel={self.private_channel!r}>")


def _contexts(target: Any) -> AppCommandContext:
    current = setting(target, "allowed_contexts")
    if current is None:
        current = AppCommandContext()
        update(target, allowed_contexts=current)
    return current  # type: ignore[no-any-return]


def _installs(target: Any) -> AppInstallationType:
    current = setting(target, "allowed_installs")
    if current is None:
        current = AppInstallationType()
        update(target, allowed_installs=current)
    return current  # type: ignore[no-any-return]


def _maybe_called(func: T | None, inner: Callable[[T], T]) -> T | Callable[[T], T]:
    return inner if func is None else inner(func)


def guild_only(func: Any = None) -> Any:
    """Usable in guilds only (``@app_commands.guild_only`` or ``guild_only()``)."""
    def inner(f: T) -> T:
        update(f, guild_only=True)
        _contexts(f).guild = True
        return f
    return _maybe_called(func, inner)


def dm_only(func: Any = None) -> Any:
    """Usable in the bot's DMs only."""
    def inner(f: T) -> T:
        _contexts(f).dm_channel = True
        return f
    return _maybe_called(func, inner)


def private_channel_only(func: Any = None) -> Any:
    """Usable in private channels (group DMs, other users' DMs) only."""
    def inner(f: T) -> T:
        _contexts(f).private_channel = True
        return f
    return _maybe_called(func, inner)


_KEEP: Final = object()


def allowed_contexts(guilds: Any = _KEEP, dms: Any = _KEEP,
                     private_channels: Any = _KEEP) -> Callable[[T], T]:
    """Where it can be used: ``@app_commands.allowed_contexts(guilds=True, dms=False)``."""
    def inner(f: T) -> T:
        contexts = _contexts(f)
        if guilds is not _KEEP:
            contexts.guild = guilds
        if dms is not _KEEP:
            contexts.dm_channel = dms
        if private_channels is not _KEEP:
            contexts.private_channel = private_channels
        return f
    return inner


def guild_install(func: Any = None) -> Any:
    """Offered when the app is installed to a guild."""
    def inner(f: T) -> T:
        _installs(f).guild = True
        return f
    return _maybe_called(func, inner)


def user_install(func: Any = None) -> Any:
    """Offered when a user installs the app for themselves."""
    def inner(f: T) -> T:
        _installs(f).user = True
        return f
    return _maybe_called(func, inner)


def allowed_installs(guilds: Any = _KEEP, users: Any = _KEEP) -> Callable[[T], T]:
    """Where it is offered: ``@app_commands.allowed_installs(guilds=True, users=True)``."""
    def inner(f: T) -> T:
        installs = _installs(f)
        if guilds is not _KEEP:
            installs.guild = guilds
        if users is not _KEEP:
            installs.user = users
        return f
    return inner


def default_permissions(perms_obj: Permissions | None = None, /,
                        **perms: bool) -> Callable[[T], T]:
    """Who sees the command by default: ``@app_commands.default_permissions(manage_guild=True)``.

    Server admins can change it per guild; it is not a check.
    """
    if perms_obj is not None and perms:
        raise TypeError("pass a Permissions object or keyword arguments, not both")
    if perms_obj is None:
        unknown = set(perms) - set(Permissions.FLAGS)
        if unknown:
            raise TypeError(f"Invalid permission(s): {', '.join(sorted(unknown))}")
        perms_obj = Permissions(**perms)

    def inner(f: T) -> T:
        update(f, default_permissions=perms_obj)
        return f
    return inner
