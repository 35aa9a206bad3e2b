"""The errors a command can end with, in discord.py's hierarchy and with its messages.

Every one is a :class:`CommandError` (except extension and registration errors),
handed to the command's ``@cmd.error``, then the cog's ``cog_command_error``,
then the bot's ``on_command_error``. ``str(error)`` is the message discord.py
gives, so ``await ctx.send(str(error))`` answers people the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...rest import ClientException, DiscordException

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
    "PrivateMessageOnly", "RangeError", "RoleNotFound", "ScheduledEventNotFound", "ThreadNotFound",
    "TooManyArguments", "TooManyFlags", "UnexpectedQuoteError", "UserInputError", "UserNotFound",
]


def human_join(items: Sequence[str], *, final: str = "or") -> str:
    """``a``, ``a or b``, ``a, b or c``: a list as a sentence says it."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {final} {items[-1]}"


def _defused(text: str) -> str:
    # An error message is often echoed to the channel: never let it ping everyone.
    return text.replace("@everyone", "@\u200beveryone").replace("@here", "@\u200bhere")


class CommandError(DiscordException):
    """Base of every command error."""

    def __init__(self, message: str | None = None, *args: Any) -> None:
        if message is not None:
            super().__init__(_defused(message), *args)
        else:
            super().__init__(*args)


class ConversionError(CommandError):
    """A ``Converter`` raised something other than a ``CommandError`` (``original``)."""

    def __init__(self, converter: Any, original: Exception) -> None:
        # No message of its own: ``args`` stay (converter, original), as in discord.py.
        self.converter = converter
        self.original = original


class UserInputError(CommandError):
    """The person typed something the command cannot use."""


class CommandNotFound(CommandError):
    """No command has the name that was typed."""


def _param_name(param: Any) -> str:
    return getattr(param, "displayed_name", None) or param.name  # type: ignore[no-any-return]


class MissingRequiredArgument(UserInputError):
    """A required argument was left out (``param`` is the parameter)."""

    def __init__(self, param: Any) -> None:
        self.param = param
        super().__init__(f"{_param_name(param)} is a required argument that is missing.")


class MissingRequiredAttachment(UserInputError):
    """A required file was not attached."""

    def __init__(self, param: Any) -> None:
        self.param = param
        super().__init__(f"{_param_name(param)} is a required argument that is missing an "
                         "attachment.")


class TooManyArguments(UserInputError):
    """More arguments than the command takes (with ``ignore_extra=False``)."""


class BadArgument(UserInputError):
    """An argument could not be converted."""


class CheckFailure(CommandError):
    """A check said no."""


class CheckAnyFailure(CheckFailure):
    """Every check of a ``check_any`` said no (``errors``, one per check)."""

    def __init__(self, checks: list[Any], errors: list[CheckFailure]) -> None:
        self.checks = checks
        self.errors = errors
        super().__init__("You do not have permission to run this command.")


class PrivateMessageOnly(CheckFailure):
    """Only usable in direct messages."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "This command can only be used in private messages.")


class NoPrivateMessage(CheckFailure):
    """Not usable in direct messages."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "This command cannot be used in private messages.")


class NotOwner(CheckFailure):
    """Only the bot's owner may use it."""


class _NotFound(BadArgument):
    template = ""

    def __init__(self, argument: Any) -> None:
        self.argument = argument
        super().__init__(self.template.format(argument))


class ObjectNotFound(_NotFound):
    """Neither an id nor a mention."""

    def __init__(self, argument: str) -> None:
        self.argument = argument
        BadArgument.__init__(self, f"{argument!r} does not follow a valid ID or mention format.")


class MemberNotFound(_NotFound):
    """No such member here."""

    template = 'Member "{}" not found.'


class GuildNotFound(_NotFound):
    """No such guild."""

    template = 'Guild "{}" not found.'


class UserNotFound(_NotFound):
    """No such user."""

    template = 'User "{}" not found.'


class MessageNotFound(_NotFound):
    """No such message."""

    template = 'Message "{}" not found.'


class ChannelNotFound(_NotFound):
    """No such channel (``argument`` is the text or the channel id)."""

    template = 'Channel "{}" not found.'


class ChannelNotReadable(BadArgument):
    """The bot may not read the channel (``argument`` is the channel)."""

    def __init__(self, argument: Any) -> None:
        self.argument = argument
        super().__init__(f"Can't read messages in {argument.mention}.")


class ThreadNotFound(_NotFound):
    """No such thread."""

    template = 'Thread "{}" not found.'


class BadColourArgument(_NotFound):
    """Not a colour."""

    template = 'Colour "{}" is invalid.'


BadColorArgument = BadColourArgument


class RoleNotFound(_NotFound):
    """No such role."""

    template = 'Role "{}" not found.'


class BadInviteArgument(_NotFound):
    """Not a valid invite."""

    template = 'Invite "{}" is invalid or expired.'


class ScheduledEventNotFound(_NotFound):
    """No such scheduled event."""

    template = 'ScheduledEvent "{}" not found.'


class BadTimestampArgument(_NotFound):
    """Not a ``<t:...>`` timestamp."""

    template = "{} is not a recognised datetime or timestamp option"


class EmojiNotFound(_NotFound):
    """No such emoji."""

    template = 'Emoji "{}" not found.'


class GuildStickerNotFound(_NotFound):
    """No such sticker."""

    template = 'Sticker "{}" not found.'


class PartialEmojiConversionFailure(_NotFound):
    """Not an emoji."""

    template = 'Couldn\'t convert "{}" to PartialEmoji.'


class BadBoolArgument(_NotFound):
    """Not a yes or no word."""

    template = "{} is not a recognised boolean option"


class RangeError(BadArgument):
    """A value outside ``commands.Range`` bounds (a string: its length)."""

    def __init__(self, value: Any, minimum: int | float | None,
                 maximum: int | float | None) -> None:
        self.value = value
        self.minimum = minimum
        self.maximum = maximum
        label = ""
        if minimum is None and maximum is not None:
            label = f"no more than {maximum}"
        elif minimum is not None and maximum is None:
            label = f"no less than {minimum}"
        elif minimum is not None and maximum is not None:
            label = f"between {minimum} and {maximum}"
        shown = value
        if label and isinstance(value, str):
            label += " characters"
            shown = "1 character" if len(value) == 1 else f"{len(value)} characters"
        super().__init__(f"value must be {label} but received {shown}")


class DisabledCommand(CommandError):
    """The command is disabled."""


class CommandInvokeError(CommandError):
    """The command itself raised ``original``."""

    def __init__(self, e: Exception) -> None:
        self.original = e
        super().__init__(f"Command raised an exception: {type(e).__name__}: {e}")


class HybridCommandError(CommandError):
    """A hybrid command used as a slash command failed with an app-commands error
    (``original``: a check from ``app_commands.checks``, or the callback's exception
    as ``app_commands.CommandInvokeError``)."""

    def __init__(self, original: Exception) -> None:
        self.original = original
        super().__init__(f"Hybrid command raised an error: {original}")


class CommandOnCooldown(CommandError):
    """Used too often: try again in ``retry_after`` seconds."""

    def __init__(self, cooldown: Any, retry_after: float, type: Any) -> None:
        self.cooldown = cooldown
        self.retry_after = retry_after
        self.type = type
        super().__init__(f"You are on cooldown. Try again in {retry_after:.2f}s")


class MaxConcurrencyReached(CommandError):
    """Too many runs at once (``number`` per ``per``)."""

    def __init__(self, number: int, per: Any) -> None:
        self.number = number
        self.per = per
        suffix = f"per {per.name}" if per.name != "default" else "globally"
        times = "times" if number > 1 else "time"
        super().__init__("Too many people are using this command. It can only be used "
                         f"{number} {times} {suffix} concurrently.")


class MissingRole(CheckFailure):
    """The author lacks ``missing_role`` (an id or a name)."""

    def __init__(self, missing_role: Any) -> None:
        self.missing_role = missing_role
        super().__init__(f"Role {missing_role!r} is required to run this command.")


class BotMissingRole(CheckFailure):
    """The bot lacks ``missing_role``."""

    def __init__(self, missing_role: Any) -> None:
        self.missing_role = missing_role
        super().__init__(f"Bot requires the role {missing_role!r} to run this command")


def _quoted(roles: Sequence[Any]) -> str:
    return human_join([f"'{role}'" for role in roles])


class MissingAnyRole(CheckFailure):
    """The author has none of ``missing_roles``."""

    def __init__(self, missing_roles: list[Any]) -> None:
        self.missing_roles = missing_roles
        super().__init__("You are missing at least one of the required roles: "
                         f"{_quoted(missing_roles)}")


class BotMissingAnyRole(CheckFailure):
    """The bot has none of ``missing_roles``."""

    def __init__(self, missing_roles: list[Any]) -> None:
        self.missing_roles = missing_roles
        super().__init__("Bot is missing at least one of the required roles: "
                         f"{_quoted(missing_roles)}")


class NSFWChannelRequired(CheckFailure):
    """Only in an age-restricted channel."""

    def __init__(self, channel: Any) -> None:
        self.channel = channel
        super().__init__(f"Channel '{channel}' needs to be NSFW for this command to work.")


def _permission_names(missing: Sequence[str]) -> str:
    words = [p.replace("_", " ").replace("guild", "server").title() for p in missing]
    return human_join(words, final="and")


class MissingPermissions(CheckFailure):
    """The author lacks ``missing_permissions`` (permission names)."""

    def __init__(self, missing_permissions: list[str], *args: Any) -> None:
        self.missing_permissions = missing_permissions
        super().__init__(f"You are missing {_permission_names(missing_permissions)} "
                         "permission(s) to run this command.", *args)


class BotMissingPermissions(CheckFailure):
    """The bot lacks ``missing_permissions``."""

    def __init__(self, missing_permissions: list[str], *args: Any) -> None:
        self.missing_permissions = missing_permissions
        super().__init__(f"Bot requires {_permission_names(missing_permissions)} "
                         "permission(s) to run this command.", *args)


def _converter_name(converter: Any) -> str:
    name = getattr(converter, "__name__", None)
    if name is not None:
        return name  # type: ignore[no-any-return]
    return repr(converter) if hasattr(converter, "__origin__") else type(converter).__name__


class BadUnionArgument(UserInputError):
    """No converter of a ``Union`` accepted the argument (``errors``, one per converter)."""

    def __init__(self, param: Any, converters: tuple[Any, ...], errors: list[CommandError]) -> None:
        self.param = param
        self.converters = converters
        self.errors = errors
        names = human_join([_converter_name(c) for c in converters])
        super().__init__(f'Could not convert "{_param_name(param)}" into {names}.')


class BadLiteralArgument(UserInputError):
    """The argument is none of a ``Literal``'s values."""

    def __init__(self, param: Any, literals: tuple[Any, ...], errors: list[CommandError],
                 argument: str = "") -> None:
        self.param = param
        self.literals = literals
        self.errors = errors
        self.argument = argument
        values = human_join([repr(v) for v in literals])
        super().__init__(f'Could not convert "{_param_name(param)}" into the literal {values}.')


class ArgumentParsingError(UserInputError):
    """The arguments could not be split (quotes)."""


class UnexpectedQuoteError(ArgumentParsingError):
    """A quote in the middle of an unquoted word."""

    def __init__(self, quote: str) -> None:
        self.quote = quote
        super().__init__(f"Unexpected quote mark, {quote!r}, in non-quoted string")


class InvalidEndOfQuotedStringError(ArgumentParsingError):
    """Something other than a space right after a closing quote."""

    def __init__(self, char: str) -> None:
        self.char = char
        super().__init__(f"Expected space after closing quotation but received {char!r}")


class ExpectedClosingQuoteError(ArgumentParsingError):
    """A quote was opened and never closed."""

    def __init__(self, close_quote: str) -> None:
        self.close_quote = close_quote
        super().__init__(f"Expected closing {close_quote}.")


class ExtensionError(DiscordException):
    """Base of the extension errors (``name``: the extension)."""

    def __init__(self, message: str | None = None, *args: Any, name: str) -> None:
        self.name = name
        super().__init__(_defused(message or f"Extension {name!r} had an error."), *args)


class ExtensionAlreadyLoaded(ExtensionError):
    """Loaded already."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Extension {name!r} is already loaded.", name=name)


class ExtensionNotLoaded(ExtensionError):
    """Not loaded."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Extension {name!r} has not been loaded.", name=name)


class NoEntryPointError(ExtensionError):
    """The module has no ``setup``."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Extension {name!r} has no 'setup' function.", name=name)


class ExtensionFailed(ExtensionError):
    """Importing the module, or its ``setup``, raised ``original``."""

    def __init__(self, name: str, original: Exception) -> None:
        self.original = original
        super().__init__(f"Extension {name!r} raised an error: {type(original).__name__}: "
                         f"{original}", name=name)


class ExtensionNotFound(ExtensionError):
    """No such module."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Extension {name!r} could not be loaded or found.", name=name)


class CommandRegistrationError(ClientException):
    """A command name or alias is taken."""

    def __init__(self, name: str, *, alias_conflict: bool = False) -> None:
        self.name = name
        self.alias_conflict = alias_conflict
        kind = "alias" if alias_conflict else "command"
        super().__init__(f"The {kind} {name} is already an existing command or alias.")


class FlagError(BadArgument):
    """Base of the flag errors."""


class TooManyFlags(FlagError):
    """A flag given more often than it takes."""

    def __init__(self, flag: Any, values: list[str]) -> None:
        self.flag = flag
        self.values = values
        super().__init__(f"Too many flag values, expected {flag.max_args} but received "
                         f"{len(values)}.")


class BadFlagArgument(FlagError):
    """A flag's value could not be converted."""

    def __init__(self, flag: Any, argument: str, original: Exception) -> None:
        self.flag = flag
        self.argument = argument
        self.original = original
        name = getattr(flag.annotation, "__name__", type(flag.annotation).__name__)
        super().__init__(f"Could not convert to {name!r} for flag {flag.name!r}")


class MissingRequiredFlag(FlagError):
    """A required flag was left out."""

    def __init__(self, flag: Any) -> None:
        self.flag = flag
        super().__init__(f"Flag {flag.name!r} is required and missing")


class MissingFlagArgument(FlagError):
    """A flag with no value after it."""

    def __init__(self, flag: Any) -> None:
        self.flag = flag
        super().__init__(f"Flag {flag.name!r} does not have an argument")
