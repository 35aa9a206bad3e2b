"""The bot's application, as GET /oauth2/applications/@me describes it."""

from __future__ import annotations

from typing import Any

from .base import UNSET, Model, Snowflake, UnsetType
from .flags import Flags, _bit
from .user import User

__all__ = ["Application", "ApplicationFlags", "PartialApplication"]

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


class Application(Model, kw_only=True):
    """A Discord application: the bot's owner, public key and flags."""

    id: Snowflake
    name: str
    icon: str | None = None
    description: str = ""
    rpc_origins: list[str] | UnsetType = UNSET
    bot_public: bool = True
    bot_require_code_grant: bool = False
    bot: User | UnsetType = UNSET
    terms_of_service_url: str | UnsetType = UNSET
    privacy_policy_url: str | UnsetType = UNSET
    owner: User | UnsetType = UNSET
    verify_key: str = ""
    team: dict[str, Any] | None = None
    guild_id: Snowflake | UnsetType = UNSET
    flags: int = 0
    approximate_guild_count: int | UnsetType = UNSET
    approximate_user_install_count: int | UnsetType = UNSET
    integration_types_config: dict[str, Any] | UnsetType = UNSET
    tags: list[str] | UnsetType = UNSET
    install_params: dict[str, Any] | UnsetType = UNSET
    custom_install_url: str | UnsetType = UNSET
    interactions_endpoint_url: str | UnsetType | None = UNSET
    redirect_uris: list[str] | UnsetType = UNSET
