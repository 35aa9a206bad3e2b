"""``discord.AppCommandContext`` and ``discord.AppInstallationType``: the flag sets
(``.value``, iteration, ``|``, ``all()``) a registered command's ``allowed_contexts``
and ``allowed_installs`` read as, and that the top-level package exports.

They share their names with :mod:`tidecord.app_commands`' own, which are not flags:
those remember what a decorator said (or left to the tree), these what Discord sent.
On the wire each is a list of numbers from 0 (``contexts: [0, 2]``); bit ``1 << n``
holds number ``n``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self

from ..models.flags import Flags, _bit

__all__ = ["AppCommandContext", "AppInstallationType"]


class _ArrayFlags(Flags):
    """Flags sent by Discord as a list of the numbers that are set."""

    __slots__ = ()

    @classmethod
    def _from_array(cls, numbers: Iterable[int]) -> Self:
        value = 0
        for n in numbers:
            value |= 1 << int(n)
        return cls._from_value(value)

    def to_array(self, *, offset: int = 0) -> list[int]:
        """The numbers set, as Discord lists them (each plus ``offset``)."""
        return [i + offset for i in range(self.value.bit_length()) if self.value >> i & 1]


class AppCommandContext(_ArrayFlags):
    """Where a registered command can be used: guilds, the bot's DM, other private
    channels (Discord's interaction contexts 0, 1 and 2)."""

    __slots__ = ()
    guild = _bit(0)
    dm_channel = _bit(1)
    private_channel = _bit(2)


class AppInstallationType(_ArrayFlags):
    """Where a registered command is offered from: the app installed to a guild, or
    to a user's account (Discord's integration types 0 and 1)."""

    __slots__ = ()
    guild = _bit(0)
    user = _bit(1)
