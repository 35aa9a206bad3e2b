"""Real, timestamped snowflakes, deterministic for a given start and sequence of calls."""

from __future__ import annotations

import datetime

from tidecord.models import Snowflake
from tidecord.models.base import DISCORD_EPOCH_MS

__all__ = ["SnowflakeFactory", "iso_ms", "iso_timestamp"]


class SnowflakeFactory:
    """Makes ids as Discord does: milliseconds since 2015, worker, process, increment.

    Ids never go backwards: a request for an earlier time gets the next id after the
    last one, so ids made in order sort in order.
    """

    __slots__ = ("_inc", "_last_ms", "_prefix")

    def __init__(self, *, worker: int = 1, process: int = 0) -> None:
        self._prefix = ((worker & 0x1F) << 17) | ((process & 0x1F) << 12)
        self._last_ms = 0
        self._inc = 0

    def at(self, unix_ms: int) -> Snowflake:
        """A new id stamped ``unix_ms`` (or just after the previous id)."""
        ms = unix_ms - DISCORD_EPOCH_MS
        if ms <= self._last_ms:
            ms = self._last_ms
            self._inc += 1
            if self._inc > 0xFFF:
                ms += 1
                self._inc = 0
        else:
            self._inc = 0
        self._last_ms = ms
        return Snowflake((ms << 22) | self._prefix | self._inc)


def iso_timestamp(unix_ms: int) -> str:
    """Discord's ISO 8601 form: ``2024-01-01T00:00:00.000000+00:00``."""
    when = datetime.datetime.fromtimestamp(unix_ms / 1000, tz=datetime.UTC)
    return when.isoformat(timespec="microseconds")


def iso_ms(text: str) -> int:
    """The Unix ms of a timestamp :func:`iso_timestamp` wrote."""
    return round(datetime.datetime.fromisoformat(text).timestamp() * 1000)
