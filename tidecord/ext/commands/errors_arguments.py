"""The errors of what a person typed: arguments missing, extra or unconvertible.

All are a ``UserInputError``: a required argument left out, a value no converter
accepted (``BadArgument`` and its "not found" family, unions, literals, ranges), quotes
that do not split, and the flag errors."""

from __future__ import annotations

from typing import Any

from .errors_invoking import CommandError, human_join

__all__ = [
    "ArgumentParsingError", "BadArgument", "BadBoolArgument", "BadColorArgument",
    "BadColourArgument", "BadFlagArgument", "BadInviteArgument", "BadLiteralArgument",
    "BadTimestampArgument", "BadUnionArgument", "ChannelNotFound", "ChannelNotReadable",
    "ConversionError", "EmojiNotFound", "ExpectedClosingQuoteError", "FlagError",
    "GuildNotFound", "GuildStickerNotFound", "InvalidEndOfQuotedStringError", "MemberNotFound",
    "MessageNotFound", "MissingFlagArgument", "MissingRequiredArgument",
    "MissingRequiredAttachment", "MissingRequiredFlag", "ObjectNotFound",
    "PartialEmojiConversionFailure", "RangeError", "RoleNotFound", "ScheduledEventNotFound",
    "SoundboardSoundNotFound",
    "ThreadNotFound", "TooManyArguments", "TooManyFlags", "UnexpectedQuoteError",
    "UserInputError", "UserNotFound",
]


class ConversionError(CommandError):
    """A ``Converter`` raised something other than a ``CommandError`` (``original``)."""

    def __init__(self, converter: Any, original: Exception) -> None:
        # No message of its own: ``args`` stay (converter, original), as in discord.py.
        self.converter = converter
        self.original = original


class UserInputError(CommandError):
    """The person typed something the command cannot use."""


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


class SoundboardSoundNotFound(_NotFound):
    """No such soundboard sound."""

    template = 'SoundboardSound "{}" not found.'


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
