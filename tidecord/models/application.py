"""The bot's application, as GET /oauth2/applications/@me describes it."""

from __future__ import annotations

from typing import Any, Final

import msgspec

from .asset import Asset, app_cover_asset, icon_asset
from .base import UNSET, Model, Snowflake, UnsetType, decode
from .flags import Flags, Permissions, _bit
from .team import Team, bind_team
from .user import User

__all__ = ["AppInstallParams", "Application", "ApplicationFlags", "IntegrationTypeConfig",
           "PartialApplication"]

# Application flags that let a bot receive privileged intents (full and limited).
GATEWAY_PRESENCE = (1 << 12) | (1 << 13)
GATEWAY_GUILD_MEMBERS = (1 << 14) | (1 << 15)
GATEWAY_MESSAGE_CONTENT = (1 << 18) | (1 << 19)


class ApplicationFlags(Flags):
    """An application's flags (``client.application_flags``), by discord.py's names."""

    __slots__ = ()
    auto_mod_badge = _bit(6)
    gateway_presence = _bit(12)
    gateway_presence_limited = _bit(13)
    gateway_guild_members = _bit(14)
    gateway_guild_members_limited = _bit(15)
    verification_pending_guild_limit = _bit(16)
    embedded = _bit(17)
    gateway_message_content = _bit(18)
    gateway_message_content_limited = _bit(19)
    app_commands_badge = _bit(23)
    active = _bit(24)


class PartialApplication(Model, gc=False, kw_only=True):
    """The application as READY names it."""

    id: Snowflake
    flags: int = 0


class AppInstallParams:
    """The scopes and permissions the application's install link asks for."""

    __slots__ = ("permissions", "scopes")

    def __init__(self, data: dict[str, Any]) -> None:
        self.scopes: list[str] = list(data.get("scopes", ()))
        self.permissions = Permissions(int(data.get("permissions", 0)))

    def __repr__(self) -> str:
        return f"<AppInstallParams scopes={self.scopes!r} permissions={self.permissions!r}>"


class IntegrationTypeConfig:
    """How the application installs to a guild or to a user."""

    __slots__ = ("oauth2_install_params",)

    def __init__(self, data: dict[str, Any]) -> None:
        params = data.get("oauth2_install_params")
        self.oauth2_install_params = AppInstallParams(params) if params else None

    def __repr__(self) -> str:
        return f"<IntegrationTypeConfig oauth2_install_params={self.oauth2_install_params!r}>"


class Application(Model, kw_only=True):
    """A Discord application (discord.py's ``AppInfo``): the bot's owner or team, its
    public key, flags, images and install settings."""

    id: Snowflake
    name: str
    # The images' hashes as sent; ``icon`` and ``cover_image`` give Assets. A field
    # Discord leaves out reads as discord.py has it (None, 0 or an empty list).
    icon_hash: str | None = msgspec.field(default=None, name="icon")
    cover_image_hash: str | None = msgspec.field(default=None, name="cover_image")
    description: str = ""
    rpc_origins: list[str] | None = None
    bot_public: bool = True
    bot_require_code_grant: bool = False
    bot: User | UnsetType = UNSET
    terms_of_service_url: str | None = None
    privacy_policy_url: str | None = None
    owner: User | UnsetType = UNSET
    verify_key: str = ""
    # As sent; ``team`` gives a Team.
    team_data: dict[str, Any] | None = msgspec.field(default=None, name="team")
    guild_id: Snowflake | None = None
    primary_sku_id: Snowflake | None = None
    slug: str | None = None
    # As sent; ``flags`` gives ApplicationFlags.
    flags_value: int = msgspec.field(default=0, name="flags")
    approximate_guild_count: int = 0
    approximate_user_install_count: int | None = None
    integration_types_config: dict[str, Any] | UnsetType = UNSET
    tags: list[str] = []
    install_params_data: dict[str, Any] | UnsetType = msgspec.field(default=UNSET,
                                                                     name="install_params")
    custom_install_url: str | None = None
    role_connections_verification_url: str | None = None
    interactions_endpoint_url: str | None = None
    redirect_uris: list[str] = []
    _state: Any = UNSET

    def __repr__(self) -> str:
        return (f"<AppInfo id={self.id} name={self.name!r} "
                f"description={self.description!r} public={self.bot_public} owner={self.owner!r}>")

    @property
    def flags(self) -> ApplicationFlags:
        """The application's flags (intents it was approved for...)."""
        return ApplicationFlags._from_value(self.flags_value)

    @property
    def icon(self) -> Asset | None:
        """The application's icon, if it has one."""
        key = self.icon_hash
        return icon_asset("app", self.id, key) if key else None

    @property
    def cover_image(self) -> Asset | None:
        """The cover image of the application's store page, if it has one."""
        key = self.cover_image_hash
        return app_cover_asset(self.id, key) if key else None

    @property
    def team(self) -> Team | None:
        """The team that owns the application, or ``None`` (then see ``owner``)."""
        return bind_team(self.team_data, self._state)

    @property
    def guild(self) -> Any:
        """The cached guild the application is linked to, if any."""
        state = self._state
        if self.guild_id is None or state is UNSET or state is None:
            return None
        return state.cache.guilds.get(int(self.guild_id))

    @property
    def install_params(self) -> AppInstallParams | None:
        """What the default install link asks for, if set."""
        data = self.install_params_data
        return AppInstallParams(data) if isinstance(data, dict) else None

    @property
    def guild_integration_config(self) -> IntegrationTypeConfig | None:
        """How the application installs to guilds, if it can."""
        return self._integration_config("0")

    @property
    def user_integration_config(self) -> IntegrationTypeConfig | None:
        """How the application installs to users, if it can."""
        return self._integration_config("1")

    def _integration_config(self, kind: str) -> IntegrationTypeConfig | None:
        config = self.integration_types_config
        if not isinstance(config, dict) or kind not in config:
            return None
        return IntegrationTypeConfig(config[kind] or {})

    async def edit(self, *, reason: str | None = None, **options: Any) -> Application:
        """Change the application (PATCH /applications/@me), with discord.py's
        keywords: ``description``, ``custom_install_url``,
        ``role_connections_verification_url``, ``interactions_endpoint_url``,
        ``tags``, ``flags`` (:class:`ApplicationFlags`), ``icon`` and ``cover_image``
        (bytes, ``None`` removes), ``install_params_scopes`` and
        ``install_params_permissions``, and the ``guild_install_*`` and
        ``user_install_*`` scopes and permissions. Returns the application as
        Discord answers."""
        from ..rest.payloads import image_data  # rest imports the models

        state = self._state
        if state is UNSET or state is None:
            raise TypeError("this application is not bound to a client")
        payload: dict[str, Any] = {}
        for key in _EDIT_PLAIN:
            if key in options:
                payload[key] = options.pop(key)
        if "flags" in options:
            flags = options.pop("flags")
            payload["flags"] = None if flags is None else int(getattr(flags, "value", flags))
        for key in ("icon", "cover_image"):
            if key in options:
                image = options.pop(key)
                payload[key] = None if image is None else image_data(image)
        params = _install_params(options, "install_params")
        if params is not UNSET:
            payload["install_params"] = params
        config = {}
        for kind, prefix in (("0", "guild_install"), ("1", "user_install")):
            params = _install_params(options, prefix)
            if params is not UNSET:
                config[kind] = {"oauth2_install_params": params}
        if config:
            payload["integration_types_config"] = config
        if options:
            raise TypeError(f"{next(iter(options))}: AppInfo.edit has no such setting")
        data = await state.http.edit_application(payload, reason=reason)
        app = decode(data, Application)
        app._state = state
        return app


#: ``AppInfo.edit`` keywords sent as they are.
_EDIT_PLAIN: Final = ("description", "custom_install_url", "role_connections_verification_url",
                      "interactions_endpoint_url", "tags")


def _install_params(options: dict[str, Any], prefix: str) -> Any:
    """``{prefix}_scopes`` and ``{prefix}_permissions`` taken out of ``options`` as the
    install params Discord takes (UNSET: neither given; None: cleared). Permissions
    need scopes, and the ``bot`` scope among them, as discord.py requires."""
    scopes = options.pop(f"{prefix}_scopes", UNSET)
    permissions = options.pop(f"{prefix}_permissions", UNSET)
    if scopes is UNSET and permissions is UNSET:
        return UNSET
    if scopes is UNSET:
        raise ValueError(f"{prefix}_scopes must be set if {prefix}_permissions is set")
    if scopes is None:
        if permissions not in (UNSET, None):
            raise ValueError(f"{prefix}_scopes must be set if {prefix}_permissions is set")
        return None
    scopes = list(scopes)
    if permissions not in (UNSET, None) and "bot" not in scopes:
        raise ValueError(f"'bot' must be in {prefix}_scopes if {prefix}_permissions is set")
    value = 0 if permissions in (UNSET, None) else int(getattr(permissions, "value", permissions))
    return {"scopes": scopes, "permissions": str(value)}
