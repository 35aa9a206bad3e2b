"""APPLICATION_COMMAND_PERMISSIONS_UPDATE: an admin changed who may use a command in a
guild. Nothing is cached; ``on_raw_app_command_permissions_update`` gets the overwrites
with their targets read from the cache, as discord.py's does."""

from __future__ import annotations

from typing import Any, Final

import msgspec

from ..app_commands.permissions import RawAppCommandPermissionsUpdateEvent
from ..models import decoder
from ..models.command_permissions import GuildApplicationCommandPermissions

__all__ = ["CommandPermissionEvents"]

_PERMISSIONS: Final[msgspec.json.Decoder[GuildApplicationCommandPermissions]] = decoder(
    GuildApplicationCommandPermissions)


class CommandPermissionEvents:
    """The parser of APPLICATION_COMMAND_PERMISSIONS_UPDATE (mixed into :class:`Parsers`)."""

    state: Any
    dispatch: Any

    def parse_application_command_permissions_update(self, shard: Any, d: Any) -> None:
        self.dispatch("raw_app_command_permissions_update",
                      RawAppCommandPermissionsUpdateEvent(data=_PERMISSIONS.decode(d),
                                                          state=self.state))
