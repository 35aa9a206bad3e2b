"""``MinimalHelpCommand``: plain-text help, command names on one line per category."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from ..command import Command
from ..group import Group
from .base import PagedHelpCommand
from .paginator import Paginator

__all__ = ["MinimalHelpCommand"]


class MinimalHelpCommand(PagedHelpCommand):
    """Options: ``sort_commands``, ``commands_heading``, ``dm_help``,
    ``dm_help_threshold``, ``aliases_heading``, ``no_category``, ``paginator``."""

    def __init__(self, **options: Any) -> None:
        self.sort_commands: bool = options.pop("sort_commands", True)
        self.commands_heading: str = options.pop("commands_heading", "Commands")
        self.dm_help: bool | None = options.pop("dm_help", False)
        self.dm_help_threshold: int = options.pop("dm_help_threshold", 1000)
        self.aliases_heading: str = options.pop("aliases_heading", "Aliases:")
        self.no_category: str = options.pop("no_category", "No Category")
        given = options.pop("paginator", None)  # (an empty paginator is falsy: ask "is None")
        self.paginator: Paginator = (Paginator(prefix=None, suffix=None) if given is None
                                     else given)
        super().__init__(**options)

    def get_opening_note(self) -> str:
        """The note before the commands."""
        name, prefix = self.invoked_with, self.context.clean_prefix
        return (f"Use `{prefix}{name} [command]` for more info on a command.\n"
                f"You can also use `{prefix}{name} [category]` for more info on a category.")

    def get_command_signature(self, command: Command, /) -> str:
        """``!idea add <text>``."""
        return f"{self.context.clean_prefix}{command.qualified_name} {command.signature}"

    def get_ending_note(self) -> str:
        """Nothing by default."""
        return ""

    def add_bot_commands_formatting(self, commands: Sequence[Command], heading: str, /) -> None:
        """``__**heading**__`` then the names on one line."""
        if commands:
            self.paginator.add_line(f"__**{heading}**__")
            self.paginator.add_line("\u2002".join(c.name for c in commands))

    def add_subcommand_formatting(self, command: Command, /) -> None:
        """``!name`` then an en dash and the short description."""
        prefix = self.context.clean_prefix
        if command.short_doc:
            self.paginator.add_line(f"{prefix}{command.qualified_name} \u2013 "
                                    f"{command.short_doc}")
        else:
            self.paginator.add_line(f"{prefix}{command.qualified_name}")

    def add_aliases_formatting(self, aliases: Sequence[str], /) -> None:
        """``**Aliases:** a, b``."""
        self.paginator.add_line(f"**{self.aliases_heading}** {', '.join(aliases)}", empty=True)

    def add_command_formatting(self, command: Command, /) -> None:
        """Description, usage (with aliases) and help text."""
        if command.description:
            self.paginator.add_line(command.description, empty=True)
        signature = self.get_command_signature(command)
        if command.aliases:
            self.paginator.add_line(signature)
            self.add_aliases_formatting(command.aliases)
        else:
            self.paginator.add_line(signature, empty=True)
        if command.help:
            try:
                self.paginator.add_line(command.help, empty=True)
            except RuntimeError:
                for line in command.help.splitlines():
                    self.paginator.add_line(line)
                self.paginator.add_line()

    def _add_ending(self) -> None:
        note = self.get_ending_note()
        if note:
            self.paginator.add_line()
            self.paginator.add_line(note)

    def _add_opening(self) -> None:
        note = self.get_opening_note()
        if note:
            self.paginator.add_line(note, empty=True)

    async def send_bot_help(self, mapping: Mapping[Any, list[Command]], /) -> None:
        """Every command's name, by cog."""
        bot = self.context.bot
        if bot.description:
            self.paginator.add_line(bot.description, empty=True)
        self._add_opening()
        no_category = f"\u200b{self.no_category}"

        def category(command: Command) -> str:
            return command.cog.qualified_name if command.cog is not None else no_category

        shown = await self.filter_commands(bot.commands, sort=True, key=category)
        for heading, group in itertools.groupby(shown, key=category):
            listed = list(group)
            if self.sort_commands:
                listed.sort(key=lambda c: c.name)
            self.add_bot_commands_formatting(listed, heading)
        self._add_ending()
        await self.send_pages()

    async def send_cog_help(self, cog: Any, /) -> None:
        """A cog's commands."""
        bot = self.context.bot
        if bot.description:
            self.paginator.add_line(bot.description, empty=True)
        self._add_opening()
        if cog.description:
            self.paginator.add_line(cog.description, empty=True)
        shown = await self.filter_commands(cog.get_commands(), sort=self.sort_commands)
        if shown:
            self.paginator.add_line(f"**{cog.qualified_name} {self.commands_heading}**")
            for command in shown:
                self.add_subcommand_formatting(command)
            self._add_ending()
        await self.send_pages()

    async def send_group_help(self, group: Group, /) -> None:
        """A group and its subcommands."""
        self.add_command_formatting(group)
        shown = await self.filter_commands(group.commands, sort=self.sort_commands)
        if shown:
            self._add_opening()
            self.paginator.add_line(f"**{self.commands_heading}**")
            for command in shown:
                self.add_subcommand_formatting(command)
            self._add_ending()
        await self.send_pages()

    async def send_command_help(self, command: Command, /) -> None:
        """One command."""
        self.add_command_formatting(command)
        self.paginator.close_page()
        await self.send_pages()
