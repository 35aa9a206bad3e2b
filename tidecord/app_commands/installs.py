"""Where a command can be used (``AppCommandContext``) and installed
(``AppInstallationType``), and the decorators that say so, with ``default_permissions``.

These are ``app_commands``' classes, as discord.py's: choices a decorator made (or left
to the tree), also what ``interaction.context`` reads as. The top-level
``tidecord.AppCommandContext`` is the flag set a registered command's contexts read as
(:mod:`.install_flags`).

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


class _Choices:
    """Yes/no choices that remember which were said: each reads as a bool, as in
    discord.py, while one never said (``None``) leaves it to the tree's default."""

    __slots__ = ("_said",)
    _NAMES: ClassVar[tuple[str, ...]] = ()
    _VALUES: ClassVar[tuple[int, ...]] = ()

    def __init__(self, **said: bool | None) -> None:
        self._said: dict[str, bool | None] = {n: said.get(n) for n in self._NAMES}

    def _get(self, name: str) -> bool:
        return bool(self._said[name])

    def _set(self, name: str, value: bool) -> None:
        self._said[name] = bool(value)

    @classmethod
    def _from_value(cls, values: Any) -> Any:
        """The choices Discord's numbers name (set), the rest left unsaid."""
        return cls(**{n: True for n, v in zip(cls._NAMES, cls._VALUES, strict=True)
                      if v in values})

    def merge(self, other: Any) -> Any:
        """``other``'s choices over this one's."""
        return type(self)(**{n: self._said[n] if other._said[n] is None else other._said[n]
                             for n in self._NAMES})

    def to_array(self) -> list[int]:
        """Discord's array of the chosen values."""
        return [v for n, v in zip(self._NAMES, self._VALUES, strict=True) if self._said[n]]

    def merge_to_array(self, other: Any) -> list[int] | None:
        """The array to register, ``None`` when nothing was said."""
        result = self if other is None else self.merge(other)
        unset = all(v is None for v in result._said.values())
        return None if unset else result.to_array()

    def __repr__(self) -> str:
        shown = " ".join(f"{n}={self._get(n)!r}" for n in self._NAMES)
        return f"<{type(self).__name__} {shown}>"


def _choice(name: str) -> property:
    return property(lambda self: self._get(name), lambda self, v: self._set(name, v),
                    doc=f"Whether it is chosen for ``{name}``.")


class AppInstallationType(_Choices):
    """Installed in guilds, for users, or both (left out: the tree's default)."""

    __slots__ = ()
    GUILD: ClassVar[int] = 0
    USER: ClassVar[int] = 1
    _NAMES = ("guild", "user")
    _VALUES = (0, 1)

    def __init__(self, *, guild: bool | None = None, user: bool | None = None) -> None:
        super().__init__(guild=guild, user=user)

    guild = _choice("guild")
    user = _choice("user")


class AppCommandContext(_Choices):
    """Usable in guilds, in the bot's DMs, in other private channels (left out: the
    tree's default)."""

    __slots__ = ()
    GUILD: ClassVar[int] = 0
    DM_CHANNEL: ClassVar[int] = 1
    PRIVATE_CHANNEL: ClassVar[int] = 2
    _NAMES = ("guild", "dm_channel", "private_channel")
    _VALUES = (0, 1, 2)

    def __init__(self, *, guild: bool | None = None, dm_channel: bool | None = None,
                 private_channel: bool | None = None) -> None:
        super().__init__(guild=guild, dm_channel=dm_channel, private_channel=private_channel)

    guild = _choice("guild")
    dm_channel = _choice("dm_channel")
    private_channel = _choice("private_channel")


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
        unknown = [name for name in perms if name not in Permissions.FLAGS]
        if unknown:
            raise TypeError(f"{unknown[0]!r} is not a valid permission name.")
        perms_obj = Permissions(**perms)

    def inner(f: T) -> T:
        update(f, default_permissions=perms_obj)
        return f
    return inner
