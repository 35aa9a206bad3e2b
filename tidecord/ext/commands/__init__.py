"""Prefix commands, as discord.py's ``discord.ext.commands``.

>>> from tidecord.ext import commands
>>> bot = commands.Bot(command_prefix="!")
>>> @bot.command()
... async def ping(ctx):
...     await ctx.send("pong")

Folders and files, one concept each: ``bot`` (prefixes, invoking, cogs, help),
``extensions``, ``context``, ``command`` and ``group``, ``arguments`` (filling
parameters), ``view`` (the argument reader), ``parameters``, ``converter`` and
``conversion``, ``checks``, ``cooldowns``, ``cog``, ``flags``, ``help/``, ``errors``.
What they share with slash commands lives in :mod:`tidecord.commands`.
"""

from .bot import AutoShardedBot, Bot, BotBase, when_mentioned, when_mentioned_or
from .checks import (
    bot_has_any_role,
    bot_has_guild_permissions,
    bot_has_permissions,
    bot_has_role,
    check,
    check_any,
    dm_only,
    guild_only,
    has_any_role,
    has_guild_permissions,
    has_permissions,
    has_role,
    is_nsfw,
    is_owner,
)
from .cog import Cog, CogMeta, GroupCog
from .command import Command
from .context import Context
from .conversion import Greedy, Range, run_converters
from .converter import (
    CategoryChannelConverter,
    ColorConverter,
    ColourConverter,
    Converter,
    EmojiConverter,
    ForumChannelConverter,
    GameConverter,
    GuildChannelConverter,
    GuildConverter,
    GuildStickerConverter,
    IDConverter,
    InviteConverter,
    MemberConverter,
    MessageConverter,
    ObjectConverter,
    PartialEmojiConverter,
    PartialMessageConverter,
    RoleConverter,
    ScheduledEventConverter,
    SoundboardSoundConverter,
    StageChannelConverter,
    TextChannelConverter,
    ThreadConverter,
    Timestamp,
    UserConverter,
    VoiceChannelConverter,
    clean_content,
)
from .cooldowns import (
    BucketType,
    Cooldown,
    CooldownMapping,
    DynamicCooldownMapping,
    MaxConcurrency,
    cooldown,
    dynamic_cooldown,
    max_concurrency,
)
from .errors import *  # noqa: F403 - the whole hierarchy, as discord.py exports it
from .errors import __all__ as _errors
from .flags import Flag, FlagConverter, flag
from .group import Group, GroupMixin, after_invoke, before_invoke, command, group
from .help import DefaultHelpCommand, HelpCommand, MinimalHelpCommand, Paginator
from .hybrid import HybridCommand, HybridGroup, hybrid_command, hybrid_group
from .parameters import Author, CurrentChannel, CurrentGuild, Parameter, param, parameter
from .view import StringView

__all__ = [
    "AutoShardedBot", "Author", "Bot", "BotBase", "BucketType", "CategoryChannelConverter", "Cog",
    "CogMeta", "ColorConverter", "ColourConverter", "Command", "Context", "Converter", "Cooldown",
    "CooldownMapping", "CurrentChannel", "CurrentGuild", "DefaultHelpCommand",
    "DynamicCooldownMapping", "EmojiConverter", "GuildStickerConverter", "Flag", "FlagConverter",
    "ForumChannelConverter", "GameConverter", "Greedy", "Group", "GroupCog", "GroupMixin",
    "GuildChannelConverter", "GuildConverter", "HelpCommand", "HybridCommand", "HybridGroup",
    "IDConverter", "InviteConverter", "MaxConcurrency", "MemberConverter", "MessageConverter",
    "MinimalHelpCommand", "ObjectConverter", "Paginator", "Parameter", "PartialEmojiConverter",
    "PartialMessageConverter", "Range", "RoleConverter", "ScheduledEventConverter",
    "SoundboardSoundConverter",
    "StageChannelConverter", "StringView", "TextChannelConverter", "ThreadConverter", "Timestamp",
    "UserConverter", "VoiceChannelConverter", "after_invoke", "before_invoke", "bot_has_any_role",
    "bot_has_guild_permissions", "bot_has_permissions", "bot_has_role", "check", "check_any",
    "clean_content", "command", "cooldown", "dm_only", "dynamic_cooldown", "flag", "group",
    "guild_only", "has_any_role", "has_guild_permissions", "has_permissions", "has_role",
    "hybrid_command", "hybrid_group", "is_nsfw", "is_owner", "max_concurrency", "param",
    "parameter", "run_converters", "when_mentioned", "when_mentioned_or", *_errors,
]

# discord.py's modules of this package, by name, over the names above
import sys as _sys

from ... import namespaces as _namespaces

_namespaces.install(_sys.modules[__name__])
