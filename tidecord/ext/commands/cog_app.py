"""A cog's slash commands: the ones its class body defines, bound to each instance, and
the group a :class:`GroupCog` makes of them.

::

    class Garden(commands.GroupCog, group_name="garden"):
        @app_commands.command()
        async def plant(self, interaction, seed: str): ...     # /garden plant

Each cog instance gets its own copies (``self`` is the cog); ``bot.add_cog`` adds them
to ``bot.tree`` (globally, or to ``guild=`` / ``guilds=``) and ``remove_cog`` takes
them back. A cog's ``interaction_check`` guards them and its
``cog_app_command_error`` hears their errors (the app-commands side asks the
command's binding for both).
"""

from __future__ import annotations

from typing import Any

from ... import app_commands
from ...app_commands.decorate import peek
from ...app_commands.group import kebab_case
from ...app_commands.parameters import MISSING

__all__ = ["AppCommandLike", "add_to_tree", "bind_app_commands", "group_options",
           "is_app_command", "remove_from_tree"]

AppCommandLike = app_commands.Command | app_commands.Group


def is_app_command(value: Any) -> bool:
    """Whether a class attribute is a top-level slash command or group to collect."""
    return isinstance(value, AppCommandLike) and value.parent is None


def group_options(class_name: str, options: dict[str, Any], description: str) -> dict[str, Any]:
    """The class keywords a :class:`GroupCog`'s group takes, with discord.py's defaults:
    the group is named after ``name=`` if given, else the class name in kebab case."""
    name = options.pop("name", None)
    group_name = options.pop("group_name", name if name is not None else kebab_case(class_name))
    return {
        "__cog_group_name__": group_name,
        "__cog_group_description__": options.pop("group_description", description or "…"),
        "__cog_group_nsfw__": options.pop("group_nsfw", False),
        "__cog_group_auto_locale_strings__": options.pop("group_auto_locale_strings", True),
        "__cog_group_extras__": options.pop("group_extras", {}),
    }


def _group_of(cog_class: Any) -> app_commands.Group:
    """The group a GroupCog's commands live in; decorators on the class
    (``@app_commands.guild_only()``, ``guilds``, ``default_permissions``...) apply to it."""
    said = peek(cog_class)
    group = app_commands.Group(
        name=cog_class.__cog_group_name__, description=cog_class.__cog_group_description__,
        nsfw=cog_class.__cog_group_nsfw__,
        auto_locale_strings=cog_class.__cog_group_auto_locale_strings__,
        guild_ids=said.guild_ids, guild_only=bool(said.guild_only),
        allowed_contexts=said.allowed_contexts, allowed_installs=said.allowed_installs,
        default_permissions=said.default_permissions, extras=cog_class.__cog_group_extras__)
    group.module = cog_class.__module__
    return group


def bind_app_commands(cog: Any, hybrids: list[Any]) -> None:
    """Give ``cog`` its own copies of its class's slash commands (and of its hybrid
    commands' slash halves), inside its group when it is a GroupCog."""
    cls = type(cog)
    group = _group_of(cls) if cls.__cog_is_app_commands_group__ else None
    cog.__cog_app_commands_group__ = group
    children: list[Any] = []
    for command in hybrids:
        slash = command.app_command._copy_with(parent=group, binding=cog)
        _point_back(command, slash)
        if group is not None:
            children.append(slash)
    for attribute, command in zip(cls.__cog_app_command_attrs__, cls.__cog_app_commands__,
                                  strict=True):
        copy = command._copy_with(parent=group, binding=cog)
        setattr(cog, attribute, copy)
        children.append(copy)
    if group is not None:
        if len(children) > 25:
            raise TypeError("maximum number of application command children exceeded")
        for child in children:
            group.add_command(child)
    cog.__cog_app_commands__ = children


def _point_back(command: Any, slash: Any) -> None:
    """Make a hybrid command and the copy of its slash side (a group's subcommands and
    subgroups too, found by name) refer to each other."""
    command.app_command = slash
    if not isinstance(slash, app_commands.Group):
        slash.wrapped = command
        return
    for sub in getattr(command, "commands", ()):
        own = getattr(sub, "app_command", None)
        copied = None if own is None else slash.get_command(own.name)
        if copied is not None:
            _point_back(sub, copied)


def _top_level(cog: Any) -> list[AppCommandLike]:
    group = cog.__cog_app_commands_group__
    if group is not None:
        return [group]
    return [c for c in cog.__cog_app_commands__ if c.parent is None]


def add_to_tree(cog: Any, tree: Any, *, override: bool, guild: Any, guilds: Any) -> None:
    """Register the cog's slash commands (all or none)."""
    added: list[AppCommandLike] = []
    try:
        for command in _top_level(cog):
            tree.add_command(command, override=override, guild=guild, guilds=guilds)
            added.append(command)
    except Exception:
        tree._remove_where(lambda c: any(c is a for a in added))
        raise


def remove_from_tree(cog: Any, tree: Any, *, guild: Any = MISSING, guilds: Any = MISSING
                     ) -> None:
    """Take the cog's slash commands back (from ``guild`` / ``guilds`` only, if given)."""
    mine = _top_level(cog)
    scopes: list[int | None] | None = None
    if guild is not MISSING:
        scopes = [None if guild is None else int(guild.id)]
    elif guilds is not MISSING:
        scopes = [int(g.id) for g in guilds] or [None]
    tree._remove_where(lambda c: any(c is m for m in mine), guild_ids=scopes)
