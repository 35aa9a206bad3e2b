"""A commands bot's slash side: ``bot.tree``, and hybrid commands joining it.

``commands.Bot(..., tree_cls=MyTree, allowed_contexts=..., allowed_installs=...)`` makes
the tree (as discord.py does); a top-level hybrid command registered with the bot puts
its slash side in the tree too, and takes it out when removed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ... import app_commands
from ...app_commands.parameters import MISSING
from .command import Command
from .group import GroupMixin
from .hybrid import HybridCommand, HybridGroup, hybrid_command, hybrid_group

__all__ = ["SlashCommands"]


class SlashCommands(GroupMixin):
    """What a commands bot adds for slash commands (a part of ``BotBase``)."""

    def _make_tree(self, options: dict[str, Any]) -> None:
        """Make :attr:`tree` from the bot's ``tree_cls``, ``allowed_contexts`` and
        ``allowed_installs`` keywords."""
        tree_cls: type[app_commands.CommandTree[Any]] = options.get(
            "tree_cls", app_commands.CommandTree)
        allowed_contexts = options.get("allowed_contexts")
        allowed_installs = options.get("allowed_installs")
        self.__tree: app_commands.CommandTree[Any] = tree_cls(self)
        if allowed_contexts is not None:
            self.__tree.allowed_contexts = allowed_contexts
        if allowed_installs is not None:
            self.__tree.allowed_installs = allowed_installs

    @property
    def tree(self) -> app_commands.CommandTree[Any]:
        """The bot's application commands (slash commands and context menus)."""
        return self.__tree

    def add_command(self, command: Command, /) -> None:
        """Register ``command``; a hybrid command's slash side joins :attr:`tree` too
        (in a GroupCog, the cog's group holds it instead)."""
        super().add_command(command)
        slash = _slash_side(command)
        if slash is not None:
            try:
                self.__tree.add_command(slash)
            except Exception:
                super().remove_command(command.name)
                raise

    def remove_command(self, name: str, /) -> Command | None:
        """Remove a command by name (a hybrid's slash side too) or just an alias."""
        removed = super().remove_command(name)
        if removed is not None and name not in removed.aliases:
            slash = _slash_side(removed)
            if slash is not None:
                self.__tree._remove_where(lambda c: c is slash)
        return removed

    # with_app_command comes second, positional as in discord.py: ``hybrid_command("x",
    # False)`` makes a prefix-only command
    def hybrid_command(self, name: Any = MISSING, with_app_command: bool = True, *args: Any,
                       **kwargs: Any) -> Callable[[Any], HybridCommand]:
        """Decorator: make a hybrid command (prefix and slash) and register it."""
        return self._registering(hybrid_command(
            name, with_app_command=with_app_command, **{"parent": self, **kwargs}))

    def hybrid_group(self, name: Any = MISSING, with_app_command: bool = True, *args: Any,
                     **kwargs: Any) -> Callable[[Any], HybridGroup]:
        """Decorator: make a hybrid group (prefix and slash) and register it."""
        return self._registering(hybrid_group(
            name, with_app_command=with_app_command, **{"parent": self, **kwargs}))


def _slash_side(command: Any) -> Any:
    """The slash command a top-level hybrid command puts in the tree, if any."""
    if not isinstance(command, HybridCommand | HybridGroup) or command.app_command is None:
        return None
    cog = command.cog
    if cog is not None and cog.__cog_is_app_commands_group__:
        return None  # the GroupCog's group holds it
    return command.app_command
