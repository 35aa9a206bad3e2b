"""``DefaultHelpCommand``: the code-block help discord.py bots show out of the box.

Commands grouped by cog (``No Category`` for the rest) and sorted, one line each
with its short description, paginated into messages of at most 2000 characters;
``help <command>`` shows the usage line, the help text and each argument.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from ..command import Command
from ..group import Group
from .base import PagedHelpCommand
from .paginator import Paginator, string_width

__all__ = ["DefaultHelpCommand"]


class DefaultHelpCommand(PagedHelpCommand):
    """Options: ``width`` (80), ``indent`` (2), ``sort_commands``, ``dm_help`` (``None``:
    DM when longer than ``dm_help_threshold``), ``arguments_heading``,
    ``commands_heading``, ``default_argument_description``, ``no_category``,
    ``show_parameter_descriptions``, ``paginator``."""

    def __init__(self, **options: Any) -> None:
        self.width: int = options.pop("width", 80)
        self.indent: int = options.pop("indent", 2)
        self.sort_commands: bool = options.pop("sort_commands", True)
        self.dm_help: bool | None = options.pop("dm_help", False)
        self.dm_help_threshold: int = options.pop("dm_help_threshold", 1000)
        self.arguments_heading: str = options.pop("arguments_heading", "Arguments:")
        self.commands_heading: str = options.pop("commands_heading", "Commands:")
        self.default_argument_description: str = options.pop(
            "default_argument_description", "No description given")
        self.no_category: str = options.pop("no_category", "No Category")
        self.show_parameter_descriptions: bool = options.pop("show_parameter_descriptions",
                                                             True)
        given = options.pop("paginator", None)  # (an empty paginator is falsy: ask "is None")
        self.paginator: Paginator = Paginator() if given is None else given
        super().__init__(**options)

    def shorten_text(self, text: str, /) -> str:
        """``text`` cut to ``width`` with an ellipsis."""
        if len(text) > self.width:
            return text[:self.width - 3].rstrip() + "..."
        return text

    def get_ending_note(self) -> str:
        """The note after the command list."""
        name, prefix = self.invoked_with, self.context.clean_prefix
        return (f"Type {prefix}{name} command for more info on a command.\n"
                f"You can also type {prefix}{name} category for more info on a category.")

    def get_command_signature(self, command: Command, /) -> str:
        """With argument descriptions on, only the name (the arguments follow)."""
        if not self.show_parameter_descriptions:
            return super().get_command_signature(command)
        name = command.name
        if command.aliases:
            name = f"[{command.name}|{'|'.join(command.aliases)}]"
        return f"{self.context.clean_prefix}{name}"

    def _aligned(self, name: str, width: int, text: str) -> str:
        # Pad by display width, so names with wide characters line up too.
        pad = width - (string_width(name) - len(name))
        return f"{' ' * self.indent}{name:<{pad}} {text}"

    def add_indented_commands(self, commands: Sequence[Command], /, *, heading: str,
                              max_size: int | None = None) -> None:
        """``heading`` then one aligned line per command."""
        if not commands:
            return
        self.paginator.add_line(heading)
        width = max_size or self.get_max_size(commands)
        for command in commands:
            self.paginator.add_line(self.shorten_text(
                self._aligned(command.name, width, command.short_doc)))

    def add_command_arguments(self, command: Command, /) -> None:
        """``Arguments:`` then one line per parameter."""
        params = list(command.clean_params.values())
        if not params:
            return
        self.paginator.add_line(self.arguments_heading)
        width = self.get_max_size(params)
        for param in params:
            name = param.displayed_name or param.name
            entry = self.shorten_text(self._aligned(
                name, width, param.description or self.default_argument_description))
            if param.displayed_default is not None:
                entry += f" (default: {param.displayed_default})"
            self.paginator.add_line(entry)

    def add_command_formatting(self, command: Command, /) -> None:
        """Description, usage, help text and arguments of ``command``."""
        if command.description:
            self.paginator.add_line(command.description, empty=True)
        self.paginator.add_line(self.get_command_signature(command), empty=True)
        if command.help:
            try:
                self.paginator.add_line(command.help, empty=True)
            except RuntimeError:  # longer than a page: line by line
                for line in command.help.splitlines():
                    self.paginator.add_line(line)
                self.paginator.add_line()
        if self.show_parameter_descriptions:
            self.add_command_arguments(command)

    def _add_note(self) -> None:
        note = self.get_ending_note()
        if note:
            self.paginator.add_line()
            self.paginator.add_line(note)

    async def send_bot_help(self, mapping: Mapping[Any, list[Command]], /) -> None:
        """Every command, by cog."""
        bot = self.context.bot
        if bot.description:
            self.paginator.add_line(bot.description, empty=True)
        no_category = f"\u200b{self.no_category}:"

        def category(command: Command) -> str:
            return command.cog.qualified_name + ":" if command.cog is not None else no_category

        shown = await self.filter_commands(bot.commands, sort=True, key=category)
        width = self.get_max_size(shown)
        for heading, group in itertools.groupby(shown, key=category):
            listed = list(group)
            if self.sort_commands:
                listed.sort(key=lambda c: c.name)
            self.add_indented_commands(listed, heading=heading, max_size=width)
        self._add_note()
        await self.send_pages()

    async def send_command_help(self, command: Command, /) -> None:
        """One command."""
        self.add_command_formatting(command)
        self.paginator.close_page()
        await self.send_pages()

    async def send_group_help(self, group: Group, /) -> None:
        """A group and its subcommands."""
        self.add_command_formatting(group)
        shown = await self.filter_commands(group.commands, sort=self.sort_commands)
        self.add_indented_commands(shown, heading=self.commands_heading)
        if shown:
            self._add_note()
        await self.send_pages()

    async def send_cog_help(self, cog: Any, /) -> None:
        """A cog's commands."""
        if cog.description:
            self.paginator.add_line(cog.description, empty=True)
        shown = await self.filter_commands(cog.get_commands(), sort=self.sort_commands)
        self.add_indented_commands(shown, heading=self.commands_heading)
        self._add_note()
        await self.send_pages()
