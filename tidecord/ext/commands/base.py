"""What every command is, for modules below ``Command`` (decorators, cogs) to recognise one."""

from __future__ import annotations

__all__ = ["BaseCommand"]


class BaseCommand:
    """Marker base of :class:`~tidecord.ext.commands.Command`."""

    __slots__ = ()
