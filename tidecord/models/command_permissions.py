"""Application command permissions: who may use a command in a guild, as an admin set it.

One declaration serves the client (``cmd.fetch_permissions(guild)``, the
APPLICATION_COMMAND_PERMISSIONS_UPDATE event) and the sandbox, which keeps and
encodes the same structs. The models users see are in ``app_commands/permissions.py``.
"""

from __future__ import annotations

import msgspec

from .base import Model, Snowflake

__all__ = ["ApplicationCommandPermission", "GuildApplicationCommandPermissions"]


class ApplicationCommandPermission(Model, kw_only=True):
    """One overwrite: a role (1), user (2) or channel (3) allowed or denied. A role of
    the guild's own id is everyone; a channel of the guild's id less one is every
    channel."""

    id: Snowflake
    type: int
    permission: bool


class GuildApplicationCommandPermissions(Model, kw_only=True):
    """A command's overwrites in a guild; ``id`` is the application's own id for the
    overwrites every command without its own follows."""

    id: Snowflake
    application_id: Snowflake
    guild_id: Snowflake
    permissions: list[ApplicationCommandPermission] = msgspec.field(default_factory=list)
