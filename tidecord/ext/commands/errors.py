"""The errors a command can end with, in discord.py's hierarchy and with its messages.

Every one is a :class:`CommandError` (except extension and registration errors),
handed to the command's ``@cmd.error``, then the cog's ``cog_command_error``,
then the bot's ``on_command_error``. ``str(error)`` is the message discord.py
gives, so ``await ctx.send(str(error))`` answers people the same way.
"""

from __future__ import annotations

# The hierarchy lives in one module per concept; this one gathers it, so that
# ``commands.errors.X`` (as discord.py users write) and ``from .errors import X`` reach
# every name. ``__all__`` below lists the whole hierarchy, as it is exported.
# ruff: noqa: F403, F405
from .errors_arguments import *
from .errors_checks import *
from .errors_extensions import *
from .errors_invoking import *
from .errors_invoking import human_join as human_join

__all__ = [
    "ArgumentParsingError", "BadArgument", "BadBoolArgument", "BadColorArgument",
    "BadColourArgument", "BadFlagArgument", "BadInviteArgument", "BadLiteralArgument",
    "BadTimestampArgument", "BadUnionArgument", "BotMissingAnyRole", "BotMissingPermissions",
    "BotMissingRole", "ChannelNotFound", "ChannelNotReadable", "CheckAnyFailure", "CheckFailure",
    "CommandError", "CommandInvokeError", "CommandNotFound", "CommandOnCooldown",
    "CommandRegistrationError", "ConversionError", "DisabledCommand", "EmojiNotFound",
    "ExpectedClosingQuoteError", "ExtensionAlreadyLoaded", "ExtensionError", "ExtensionFailed",
    "ExtensionNotFound", "ExtensionNotLoaded", "FlagError", "GuildNotFound", "GuildStickerNotFound",
    "HybridCommandError", "InvalidEndOfQuotedStringError", "MaxConcurrencyReached",
    "MemberNotFound", "MessageNotFound", "MissingAnyRole", "MissingFlagArgument",
    "MissingPermissions", "MissingRequiredArgument", "MissingRequiredAttachment",
    "MissingRequiredFlag", "MissingRole", "NSFWChannelRequired", "NoEntryPointError",
    "NoPrivateMessage", "NotOwner", "ObjectNotFound", "PartialEmojiConversionFailure",
    "PrivateMessageOnly", "RangeError", "RoleNotFound", "ScheduledEventNotFound",
    "SoundboardSoundNotFound", "ThreadNotFound",
    "TooManyArguments", "TooManyFlags", "UnexpectedQuoteError", "UserInputError", "UserNotFound",
]

# Named where people import them from, as discord.py's are (tracebacks, reprs):
# ``tidecord.ext.commands.errors.BadArgument``, not the module that defines it.
for _name in __all__:
    globals()[_name].__module__ = __name__
del _name
