"""Context menus: ``ContextMenu``, a command in the Apps menu of a member or a message,
and the ``context_menu`` decorator that makes one."""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..models import Member, Message, User
from .base import Callback, _CommandBase, run_checks
from .enums import AppCommandType
from .errors import AppCommandError, CheckFailure, CommandInvokeError
from .parameters import MISSING, is_inside_class
from .translator import locale_str

if TYPE_CHECKING:
    from ..interactions import Interaction

__all__ = ["ContextMenu", "context_menu"]


class ContextMenu(_CommandBase):
    """A command in the Apps menu of a member (``user``) or a message (``message``)."""

    def __init__(self, *, name: str | locale_str, callback: Callback,
                 type: AppCommandType | None = None, nsfw: bool = False,
                 guild_ids: list[int] | None = None, allowed_contexts: Any = None,
                 allowed_installs: Any = None, auto_locale_strings: bool = True,
                 extras: dict[Any, Any] | None = None) -> None:
        self._setup(name, callback, slash=False, guild_ids=guild_ids,
                    allowed_contexts=allowed_contexts, allowed_installs=allowed_installs,
                    nsfw=nsfw, auto_locale_strings=auto_locale_strings, extras=extras)
        self.type = type if type is not None else _menu_type(callback)
        self.parent = None

    @property
    def qualified_name(self) -> str:
        """The menu's name."""
        return self.name

    def __repr__(self) -> str:
        return f"<ContextMenu name={self.name!r} type={self.type!r}>"

    def to_dict(self, tree: Any) -> dict[str, Any]:
        """The menu as ``sync`` registers it."""
        data: dict[str, Any] = {"name": self.name, "type": int(self.type)}
        data.update(self._top_dict(tree))
        return data

    def _has_any_error_handlers(self) -> bool:
        return self.on_error is not None

    async def _invoke(self, interaction: Interaction[Any], target: Any) -> None:
        try:
            if not await run_checks(self.checks, interaction):
                raise CheckFailure(f"The check functions for context menu {self.name!r} "
                                   "failed.")
            await self._callback(interaction, target)
        except AppCommandError:
            raise
        except Exception as exc:
            raise CommandInvokeError(self, exc) from exc


def _menu_type(callback: Callback) -> AppCommandType:
    """A user menu when the target is a member or user, a message menu for a message."""
    if is_inside_class(callback) and not hasattr(callback, "__self__"):
        # A cog cannot hold one: there is no instance to bind when the class is made.
        raise TypeError("context menus cannot be defined inside a class")
    params = list(inspect.signature(callback).parameters.values())
    kinds = ("discord.Message, discord.User, discord.Member, or a typing.Union of "
             "discord.Member and discord.User")
    if len(params) != 2:
        raise TypeError(f"context menu callback {callback.__qualname__!r} requires 2 "
                        "parameters, the first one being the interaction and the other one "
                        f"explicitly annotated with either {kinds}")
    if params[1].annotation is params[1].empty:
        raise TypeError(f"second parameter of context menu callback {callback.__qualname__!r} "
                        f"must be explicitly annotated with either {kinds}")
    try:
        hints = typing.get_type_hints(callback)
    except Exception:
        hints = {}
    annotation = hints.get(params[1].name, params[1].annotation)
    if annotation is Message:
        return AppCommandType.message
    if annotation in (Member, User):
        return AppCommandType.user
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        raise TypeError(f"unsupported type annotation {annotation!r}, must be either "
                        "discord.Member, discord.User, discord.Message, or a typing.Union of "
                        "discord.Member and discord.User")
    if not set(typing.get_args(annotation)) <= {Member, User}:
        raise TypeError(f"unsupported types given inside {annotation!r}")
    return AppCommandType.user


def context_menu(*, name: str | locale_str = MISSING, nsfw: bool = False,
                 auto_locale_strings: bool = True, extras: dict[Any, Any] | None = None
                 ) -> Callable[[Callback], ContextMenu]:
    """Make a context menu of ``async def f(interaction, member: Member)`` (or a message)."""
    def decorator(func: Callback) -> ContextMenu:
        if not inspect.iscoroutinefunction(func):
            raise TypeError("context menu function must be a coroutine function")
        return ContextMenu(name=func.__name__.title() if name is MISSING else name,
                           callback=func, nsfw=nsfw, auto_locale_strings=auto_locale_strings,
                           extras=extras)
    return decorator
