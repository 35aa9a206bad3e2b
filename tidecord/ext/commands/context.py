"""``Context``: everything about one command invocation, and the way to answer it.

``ctx.send(...)`` answers in the channel, ``ctx.reply(...)`` as a reply; ``ctx.author``,
``ctx.guild``, ``ctx.channel``, ``ctx.me``, ``ctx.prefix``, ``ctx.command``,
``ctx.invoked_with``, ``ctx.args`` / ``ctx.kwargs`` say who, where and what. Subclass
it and pass ``cls=`` to ``bot.get_context`` for a context of your own.

A context made from a slash command (a hybrid command, or ``await
bot.get_context(interaction)``) has ``ctx.interaction``; ``ctx.send`` then answers
the interaction first and follows up after, ``ctx.defer`` and ``ctx.typing`` defer
it, ``ephemeral=True`` is honoured, and ``ctx.message`` is a stand-in for the command
the person used (see :func:`~.invocation.invocation_message`).
"""

from __future__ import annotations

import re
from types import GenericAlias
from typing import Any, Self

from ...commands import subject
from ...models import Permissions
from .help.base import send_help
from .invocation import DeferTyping, answer, invocation_message
from .view import StringView

__all__ = ["Context"]


class Context:
    """One invocation of a command (or a message that was not one: ``valid`` is false)."""

    # Typed bots write ``commands.Context[commands.Bot]`` in annotations,
    # evaluated when their module loads (as discord.py's generic classes allow).
    def __class_getitem__(cls, params: Any) -> GenericAlias:
        return GenericAlias(cls, params)

    def __init__(self, *, message: Any, bot: Any, view: StringView, args: Any = None,
                 kwargs: Any = None, prefix: str | None = None, command: Any = None,
                 invoked_with: str | None = None, invoked_parents: list[str] | None = None,
                 invoked_subcommand: Any = None, subcommand_passed: str | None = None,
                 command_failed: bool = False, current_parameter: Any = None,
                 current_argument: str | None = None, interaction: Any = None) -> None:
        self.message = message
        self.bot = bot
        self.args: list[Any] = args or []
        self.kwargs: dict[str, Any] = kwargs or {}
        self.prefix = prefix
        self.command = command
        self.view = view
        self.invoked_with = invoked_with
        self.invoked_parents: list[str] = invoked_parents or []
        self.invoked_subcommand = invoked_subcommand
        self.subcommand_passed = subcommand_passed
        self.command_failed = command_failed
        self.current_parameter = current_parameter
        self.current_argument = current_argument
        self.interaction = interaction
        self._state = message._state

    @classmethod
    async def from_interaction(cls, interaction: Any, /) -> Self:
        """The context of a slash command (or context menu) ``interaction``: its author is
        the person who used it, its ``prefix`` ``"/"`` (``"\u200b"`` for a context menu),
        its ``message`` a stand-in for the command's invocation."""
        bot = interaction.client
        if not hasattr(bot, "all_commands"):
            raise TypeError("Interaction client is not derived from commands.Bot or "
                            "commands.AutoShardedBot")
        command = interaction.command
        if command is None:
            raise ValueError("interaction does not have command data")
        data = interaction.data
        slash = data is None or not isinstance(data.type, int) or data.type == 1
        message = interaction.message if interaction.message is not None else \
            invocation_message(interaction, slash=slash)
        ctx = cls(message=message, bot=bot, view=StringView(""), prefix="/" if slash
                  else "\u200b", interaction=interaction, invoked_with=command.name,
                  command=command)
        interaction._baton = ctx
        ctx.command_failed = interaction.command_failed
        return ctx

    def __repr__(self) -> str:
        return (f"<Context prefix={self.prefix!r} command={self.command!r} "
                f"invoked_with={self.invoked_with!r}>")

    # -- who and where ------------------------------------------------------------------
    @property
    def author(self) -> Any:
        """Who used the command (a ``Member`` in guilds)."""
        return self.message.author

    @property
    def guild(self) -> Any:
        """The guild it was used in (``None`` in DMs)."""
        return self.message.guild

    @property
    def channel(self) -> Any:
        """The channel it was used in."""
        return self.message.channel

    @property
    def voice_client(self) -> None:
        """Always ``None``, as ``guild.voice_client``: tidecord does not connect to voice
        (a music bot's ``if ctx.voice_client is None`` reads as on discord.py with
        nothing connected)."""
        return None

    @property
    def me(self) -> Any:
        """The bot: its ``Member`` in guilds, else its user."""
        guild = self.guild
        me = guild.me if guild is not None else None
        return me if me is not None else self.bot.user

    @property
    def cog(self) -> Any:
        """The command's cog, if any."""
        return None if self.command is None else self.command.cog

    @property
    def valid(self) -> bool:
        """Whether the message named a command after a prefix."""
        return self.prefix is not None and self.command is not None

    @property
    def clean_prefix(self) -> str:
        """The prefix, a mention of the bot written as ``@Name``."""
        if self.prefix is None:
            return ""
        me = self.me
        # A function's result is taken as it is (no backslash escapes to undo).
        return re.sub(rf"<@!?{me.id}>", lambda _: "@" + me.display_name, self.prefix)

    @property
    def permissions(self) -> Permissions:
        """What the author may do in this channel."""
        return subject.permissions_of(self)

    @property
    def bot_permissions(self) -> Permissions:
        """What the bot may do in this channel."""
        return subject.bot_permissions_of(self)

    @property
    def filesize_limit(self) -> int:
        """The largest upload allowed here, in bytes."""
        return 10 * 1024 * 1024

    # -- answering ----------------------------------------------------------------------
    async def send(self, content: Any = None, **options: Any) -> Any:
        """Send a message in the command's channel (options as ``channel.send``).

        For a slash command: the interaction's answer, or a follow-up once it was
        answered (``ephemeral=True``: only the person sees it); in the channel once
        the interaction expired."""
        interaction = self.interaction
        if interaction is None or interaction.is_expired():
            options.pop("ephemeral", None)
            return await self.channel.send(content, **options)
        return await answer(interaction, content, options)

    async def reply(self, content: Any = None, **options: Any) -> Any:
        """Answer as a reply to the command's message (for a slash command: as
        :meth:`send`)."""
        if self.interaction is None:
            options.pop("ephemeral", None)  # as ``send``: a message's reply cannot be
            return await self.message.reply(content, **options)
        return await self.send(content, **options)

    def typing(self, *, ephemeral: bool = False) -> Any:
        """``async with ctx.typing():`` shows "Bot is typing..." meanwhile (for a slash
        command: defers it, "thinking..."; ``await ctx.typing()`` works too)."""
        if self.interaction is None:
            return self.channel.typing()
        return DeferTyping(self.interaction, ephemeral=ephemeral)

    async def defer(self, *, ephemeral: bool = False) -> None:
        """Answer a slash command later ("thinking..."); nothing to do for a message."""
        if self.interaction is not None:
            await self.interaction.response.defer(ephemeral=ephemeral)

    async def fetch_message(self, message_id: int, /) -> Any:
        """A message of this channel."""
        return await self.channel.fetch_message(message_id)

    def history(self, **options: Any) -> Any:
        """``async for message in ctx.history(limit=...)``: this channel's messages."""
        return self.channel.history(**options)

    def pins(self, **options: Any) -> Any:
        """``async for message in ctx.pins()``: this channel's pinned messages."""
        return self.channel.pins(**options)

    # -- invoking -----------------------------------------------------------------------
    async def invoke(self, command: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call ``command``'s callback directly (no checks, converters or hooks)."""
        return await command(self, *args, **kwargs)

    async def reinvoke(self, *, call_hooks: bool = False, restart: bool = True) -> None:
        """Run the command again (from its outermost group with ``restart``)."""
        cmd = self.command
        view = self.view
        if cmd is None:
            raise ValueError("This context is not valid.")
        saved = (view.index, view.previous, self.invoked_with, self.invoked_subcommand,
                 self.invoked_parents, self.subcommand_passed)
        if restart:
            target = cmd.root_parent or cmd
            view.index = len(self.prefix or "")
            view.previous = 0
            self.invoked_parents = []
            self.invoked_with = view.get_word()
        else:
            target = cmd
        try:
            await target.reinvoke(self, call_hooks=call_hooks)
        finally:
            self.command = cmd
            (view.index, view.previous, self.invoked_with, self.invoked_subcommand,
             self.invoked_parents, self.subcommand_passed) = saved

    async def send_help(self, *args: Any) -> Any:
        """Show help: for the bot (no argument), a cog, a group or a command (object or name)."""
        return await send_help(self, *args)
