"""A guild's integrations: bots, Twitch and YouTube links, as Discord sends them and
discord.py programs read them.

The wire object is one shape whose fields depend on ``type``: :class:`BotIntegration`
(``"discord"``) carries its application, :class:`StreamIntegration` (``"twitch"``,
``"youtube"``) its subscriber settings, anything else is a plain :class:`Integration`.
The sandbox keeps and encodes the same structs.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import msgspec

from .asset import Asset, icon_asset
from .base import UNSET, Model, NamedEnum, Snowflake, UnsetType, convert, decode, enum_of
from .user import User

__all__ = ["BotIntegration", "ExpireBehavior", "ExpireBehaviour", "GuildIntegrations",
           "Integration", "IntegrationAccount", "IntegrationApplication", "StreamIntegration",
           "integration_of"]


class ExpireBehaviour(NamedEnum):
    """What happens to a subscriber whose subscription lapses."""

    remove_role = 0
    kick = 1


#: discord.py's other spelling.
ExpireBehavior = ExpireBehaviour


class IntegrationAccount(Model, kw_only=True):
    """The account an integration links (a Twitch channel, a bot's user)."""

    id: str
    name: str

    def __repr__(self) -> str:
        return f"<IntegrationAccount id={self.id} name={self.name!r}>"


class IntegrationApplication(Model, kw_only=True):
    """The application behind a bot integration."""

    id: Snowflake
    name: str
    # The icon's hash as sent; ``icon`` gives discord.py's Asset.
    icon_hash: str | None = msgspec.field(default=None, name="icon")
    description: str = ""
    # Discord still sends it empty; discord.py 2.7.1 reads it.
    summary: str = ""
    # Deprecated and null, but required in Discord's schema of it.
    type: int | None = None
    bot: User | UnsetType = UNSET

    @property
    def icon(self) -> Asset | None:
        """The application's icon, if it has one."""
        return icon_asset("app", self.id, self.icon_hash) if self.icon_hash else None

    @property
    def user(self) -> User | None:
        """The application's bot user."""
        return None if isinstance(self.bot, UnsetType) else self.bot


class Integration(Model, kw_only=True):
    """A guild integration (discord.py's ``discord.Integration``); ``guild.integrations()``
    gives each kind as its own class::

        for integration in await guild.integrations():
            print(integration.name, integration.type, integration.enabled)
    """

    id: Snowflake
    name: str
    type: str
    enabled: bool = True
    account: IntegrationAccount
    # ``user`` on the wire; :attr:`user` reads it (``None`` when absent).
    added_by: User | UnsetType = msgspec.field(default=UNSET, name="user")
    scopes: list[str] = []
    # INTEGRATION_CREATE / _UPDATE only.
    guild_id: Snowflake | UnsetType = UNSET
    _state: Any = UNSET
    _guild: Any = UNSET

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Integration) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} id={self.id} name={self.name!r}>"

    @property
    def guild(self) -> Any:
        """The guild the integration belongs to."""
        return None if self._guild is UNSET else self._guild

    @property
    def user(self) -> User | None:
        """Who added the integration."""
        return None if isinstance(self.added_by, UnsetType) else self.added_by

    async def delete(self, *, reason: str | None = None) -> None:
        """Remove the integration (Manage Guild). Removing a bot's integration removes
        the bot from the guild."""
        await self._state.http.delete_integration(self.guild.id, self.id, reason=reason)


class StreamIntegration(Integration, kw_only=True):
    """A Twitch or YouTube integration: who subscribes, and what a lapse costs."""

    syncing: bool = False
    role_id: Snowflake | None = None
    enable_emoticons: bool = False
    expire_behavior: int = ExpireBehaviour.remove_role
    expire_grace_period: int = 0
    synced_at_iso: str | UnsetType = msgspec.field(default=UNSET, name="synced_at")
    subscriber_count: int = 0
    revoked: bool = False

    def __post_init__(self) -> None:
        self.expire_behavior = enum_of(ExpireBehaviour, self.expire_behavior)

    @property
    def expire_behaviour(self) -> Any:
        """What happens when a subscription lapses (discord.py's other spelling)."""
        return self.expire_behavior

    @property
    def synced_at(self) -> datetime.datetime | None:
        """When the integration last synced."""
        text = self.synced_at_iso
        return None if isinstance(text, UnsetType) else datetime.datetime.fromisoformat(text)

    @property
    def role(self) -> Any:
        """The cached role given to subscribers."""
        guild = self.guild
        return None if guild is None or self.role_id is None else guild.get_role(self.role_id)


class BotIntegration(Integration, kw_only=True):
    """A bot's integration: the application that was added."""

    application: IntegrationApplication


def integration_of(data: dict[str, Any], state: Any, guild: Any) -> Integration:
    """The model for one integration's JSON, by its ``type`` (as discord.py picks)."""
    kind = data.get("type")
    cls: type[Integration] = BotIntegration if kind == "discord" else \
        StreamIntegration if kind in ("twitch", "youtube") else Integration
    integration = convert(data, cls)
    integration._state = state
    integration._guild = guild
    for user in (integration.added_by, getattr(getattr(integration, "application", None),
                                               "bot", UNSET)):
        if isinstance(user, User):
            user._state = state
    return integration


class GuildIntegrations:
    """A guild's integrations call (mixed into :class:`~tidecord.Guild`)."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: Snowflake

    async def integrations(self) -> list[Integration]:
        """GET the guild's integrations (Manage Guild)."""
        data = await self._state.http.get_integrations(self.id)
        raw = decode(data, list[dict[str, Any]]) if data else []
        return [integration_of(item, self._state, self) for item in raw]
