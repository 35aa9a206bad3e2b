"""The root of the command errors, and the errors of finding and invoking a command.

``CommandError`` is the base every command error derives from (its message is defused
of mass mentions); the rest say why a command did not run or stopped: not found,
disabled, raised, on cooldown, too busy."""

from __future__ import annotations

from typing import Any

from ...commands.checks import human_join as human_join
from ...rest import DiscordException

__all__ = [
    "CommandError", "CommandInvokeError", "CommandNotFound", "CommandOnCooldown",
    "DisabledCommand", "HybridCommandError", "MaxConcurrencyReached",
]


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


class CommandNotFound(CommandError):
    """No command has the name that was typed."""


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
