"""Guild integrations: the bot's own application in every guild it is in, and any a
test adds (a Twitch link...).

Adding, changing or removing one sends INTEGRATION_CREATE, _UPDATE or _DELETE, then
GUILD_INTEGRATIONS_UPDATE (GUILD_INTEGRATIONS intent).
Removing the bot's own integration removes the bot from the guild, as on Discord.
"""

from __future__ import annotations

from typing import Any

import msgspec

from tidecord.models import Snowflake
from tidecord.models.integration import (
    BotIntegration,
    Integration,
    IntegrationAccount,
    IntegrationApplication,
)

from .core import StateError
from .guilds import GuildOps

__all__ = ["IntegrationOps"]


class IntegrationOps(GuildOps):
    """Each guild's integrations, by id (``self.integrations``), made on first use."""

    def guild_integrations(self, guild_id: int) -> dict[int, Integration]:
        """A guild's integrations, oldest first; the bot's own is there from the start."""
        gid = int(self.guild(guild_id).id)
        found = self.integrations.setdefault(gid, {})
        mine = self.application.id
        if self.bot_user.id in self.members.get(gid, {}) and not any(
                isinstance(i, BotIntegration) and i.application.id == mine
                for i in found.values()):
            own = self._bot_integration(gid)
            found[int(own.id)] = own
        return found

    def integration(self, guild_id: int, integration_id: int) -> Integration:
        """One integration of a guild; 10005 when there is none such."""
        found = self.guild_integrations(guild_id).get(int(integration_id))
        if found is None:
            raise StateError(10005, "Unknown Integration", 404)
        return found

    def add_integration(self, guild_id: int, integration: Integration) -> Integration:
        """Someone adds an integration: INTEGRATION_CREATE, GUILD_INTEGRATIONS_UPDATE."""
        gid = int(guild_id)
        self.guild_integrations(gid)[int(integration.id)] = integration
        self.emit("INTEGRATION_CREATE", msgspec.structs.replace(
            integration, guild_id=Snowflake(gid)), guild_id=gid)
        self.emit("GUILD_INTEGRATIONS_UPDATE", {"guild_id": Snowflake(gid)}, guild_id=gid)
        return integration

    def update_integration(self, guild_id: int, integration_id: int,
                           **changes: Any) -> Integration:
        """Someone changes an integration's settings (a sync, a new grace period):
        INTEGRATION_UPDATE, GUILD_INTEGRATIONS_UPDATE."""
        gid = int(guild_id)
        changed = msgspec.structs.replace(self.integration(gid, integration_id), **changes)
        self.integrations[gid][int(changed.id)] = changed
        self.emit("INTEGRATION_UPDATE", msgspec.structs.replace(
            changed, guild_id=Snowflake(gid)), guild_id=gid)
        self.emit("GUILD_INTEGRATIONS_UPDATE", {"guild_id": Snowflake(gid)}, guild_id=gid)
        return changed

    def remove_integration(self, guild_id: int, integration_id: int) -> Integration:
        """An integration goes: INTEGRATION_DELETE, GUILD_INTEGRATIONS_UPDATE; the bot's
        own takes the bot out of the guild (GUILD_DELETE) after them."""
        gid = int(guild_id)
        gone = self.integration(gid, integration_id)
        del self.integrations[gid][int(gone.id)]
        data: dict[str, Any] = {"id": gone.id, "guild_id": Snowflake(gid)}
        if isinstance(gone, BotIntegration):
            data["application_id"] = gone.application.id
        self.emit("INTEGRATION_DELETE", data, guild_id=gid)
        self.emit("GUILD_INTEGRATIONS_UPDATE", {"guild_id": Snowflake(gid)}, guild_id=gid)
        if isinstance(gone, BotIntegration) and gone.application.id == self.application.id:
            self.integrations.pop(gid, None)
            self.leave_guild(gid)
        return gone

    def _bot_integration(self, gid: int) -> BotIntegration:
        app, bot = self.application, self.bot_user
        owner = self.users.get(int(self.guild(gid).owner_id))
        return BotIntegration(
            id=self.new_id(), name=app.name, type="discord", enabled=True,
            account=IntegrationAccount(id=str(bot.id), name=bot.username),
            added_by=owner if owner is not None else msgspec.UNSET,
            scopes=["bot", "applications.commands"],
            application=IntegrationApplication(id=Snowflake(app.id), name=app.name,
                                               icon_hash=app.icon_hash,
                                               description=app.description,
                                               bot=bot))
