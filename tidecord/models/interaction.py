"""Interactions (slash commands, buttons, modals) and application commands."""

from __future__ import annotations

from typing import Any

from .base import UNSET, Model, NamedEnum, Snowflake, UnsetType, to_builtins
from .channel import Channel
from .entitlement import Entitlement
from .flags import Permissions
from .member import Member
from .message import Component, Message
from .user import User

__all__ = [
    "ApplicationCommand",
    "ApplicationCommandOption",
    "CommandChoice",
    "Interaction",
    "InteractionCallback",
    "InteractionCallbackData",
    "InteractionCallbackType",
    "InteractionData",
    "InteractionOption",
    "InteractionType",
]


class InteractionType(NamedEnum):
    """What an interaction is (Discord's names, and discord.py's lowercase ones)."""

    # discord.py's names first: they are what ``.name`` reads
    ping = 1
    application_command = 2
    component = 3
    autocomplete = 4
    modal_submit = 5

    PING = 1
    APPLICATION_COMMAND = 2
    MESSAGE_COMPONENT = 3
    APPLICATION_COMMAND_AUTOCOMPLETE = 4
    MODAL_SUBMIT = 5


class InteractionCallbackType(NamedEnum):
    """How an interaction is answered (discord.py's ``InteractionResponseType``)."""

    # discord.py's names first: they are what ``.name`` reads
    pong = 1
    channel_message = 4
    deferred_channel_message = 5
    deferred_message_update = 6
    message_update = 7
    autocomplete_result = 8
    modal = 9
    launch_activity = 12

    PONG = 1
    CHANNEL_MESSAGE_WITH_SOURCE = 4
    DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE = 5
    DEFERRED_UPDATE_MESSAGE = 6
    UPDATE_MESSAGE = 7
    APPLICATION_COMMAND_AUTOCOMPLETE_RESULT = 8
    MODAL = 9
    LAUNCH_ACTIVITY = 12

    def __str__(self) -> str:  # the name discord.py prints it under
        return f"InteractionResponseType.{self.name}"

    def __repr__(self) -> str:
        return f"<InteractionResponseType.{self.name}: {self.value}>"


class InteractionOption(Model, gc=False, kw_only=True):
    """An option the user filled in (or a subcommand holding more options)."""

    name: str
    type: int
    value: str | int | float | bool | UnsetType = UNSET
    options: list[InteractionOption] | UnsetType = UNSET
    focused: bool | UnsetType = UNSET


class InteractionData(Model, kw_only=True):
    """What was invoked: a command (``name``), a component (``custom_id``), a modal.

    Read it by attribute (``data.custom_id``) or, as discord.py programs do, as a
    dict of the wire fields (``data["custom_id"]``, ``data.get("values", [])``).
    """

    id: Snowflake | UnsetType = UNSET
    name: str | UnsetType = UNSET
    type: int | UnsetType = UNSET
    resolved: dict[str, Any] | UnsetType = UNSET
    options: list[InteractionOption] | UnsetType = UNSET
    guild_id: Snowflake | UnsetType = UNSET
    target_id: Snowflake | UnsetType = UNSET
    custom_id: str | UnsetType = UNSET
    component_type: int | UnsetType = UNSET
    values: list[str] | UnsetType = UNSET
    components: list[Component] | UnsetType = UNSET

    def get(self, key: str, default: Any = None) -> Any:
        """A wire field as plain JSON values (ids as strings), or ``default``."""
        value = getattr(self, key, UNSET) if key in self.__struct_fields__ else UNSET
        return default if value is UNSET else to_builtins(value)

    def __getitem__(self, key: str) -> Any:
        value = self.get(key, UNSET)
        if value is UNSET:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key, UNSET) is not UNSET

    def keys(self) -> list[str]:
        """The wire fields Discord sent (``dict(interaction.data)`` works)."""
        return [k for k in self.__struct_fields__ if getattr(self, k) is not UNSET]

    def items(self) -> list[tuple[str, Any]]:
        """The wire fields sent, with their plain JSON values."""
        return [(k, self[k]) for k in self.keys()]

    def __iter__(self) -> Any:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self.keys())


class Interaction(Model, kw_only=True):
    """An interaction as Discord sends it (the client wraps it in
    :class:`tidecord.Interaction`, which answers it)."""

    id: Snowflake
    application_id: Snowflake
    type: int
    data: InteractionData | UnsetType = UNSET
    guild: dict[str, Any] | UnsetType = UNSET
    guild_id: Snowflake | UnsetType = UNSET
    channel: Channel | UnsetType = UNSET
    channel_id: Snowflake | UnsetType = UNSET
    member: Member | UnsetType = UNSET
    user: User | UnsetType = UNSET
    token: str
    version: int = 1
    message: Message | UnsetType = UNSET
    app_permissions: Permissions | UnsetType = UNSET
    locale: str | UnsetType = UNSET
    guild_locale: str | UnsetType = UNSET
    entitlements: list[Entitlement] = []
    # Once sent beside ``entitlements``; discord.py still reads it.
    entitlement_skus: list[Snowflake] | UnsetType = UNSET
    authorizing_integration_owners: dict[str, Any] = {}
    context: int | UnsetType = UNSET
    attachment_size_limit: int | UnsetType = UNSET

    def __repr__(self) -> str:
        # The token answers for the bot for 15 minutes: keep it out of logs.
        return f"Interaction(id={self.id}, type={self.type}, application_id={self.application_id})"

    @property
    def invoker(self) -> User | None:
        """Who triggered it: the member's user in a guild, else the DM user."""
        if not isinstance(self.member, UnsetType) and not isinstance(self.member.user, UnsetType):
            return self.member.user
        return None if isinstance(self.user, UnsetType) else self.user


class InteractionCallbackData(Model, kw_only=True):
    """The message (or choices, or modal) an interaction is answered with."""

    tts: bool | UnsetType = UNSET
    content: str | UnsetType = UNSET
    embeds: list[Any] | UnsetType = UNSET
    allowed_mentions: dict[str, Any] | UnsetType = UNSET
    flags: int | UnsetType = UNSET
    components: list[Component] | UnsetType = UNSET
    attachments: list[dict[str, Any]] | UnsetType = UNSET
    choices: list[dict[str, Any]] | UnsetType = UNSET
    custom_id: str | UnsetType = UNSET
    title: str | UnsetType = UNSET


class InteractionCallback(Model, kw_only=True):
    """Body of POST /interactions/{id}/{token}/callback."""

    type: int
    data: InteractionCallbackData | UnsetType = UNSET


class CommandChoice(Model, gc=False, kw_only=True):
    name: str
    name_localizations: dict[str, str] | UnsetType | None = UNSET
    value: str | int | float


class ApplicationCommandOption(Model, gc=False, kw_only=True):
    """An option of a command (types 1..11: subcommand, group, string, ...)."""

    type: int
    name: str
    name_localizations: dict[str, str] | UnsetType | None = UNSET
    description: str
    description_localizations: dict[str, str] | UnsetType | None = UNSET
    required: bool | UnsetType = UNSET
    choices: list[CommandChoice] | UnsetType = UNSET
    options: list[ApplicationCommandOption] | UnsetType = UNSET
    channel_types: list[int] | UnsetType = UNSET
    min_value: int | float | UnsetType = UNSET
    max_value: int | float | UnsetType = UNSET
    min_length: int | UnsetType = UNSET
    max_length: int | UnsetType = UNSET
    autocomplete: bool | UnsetType = UNSET


class ApplicationCommand(Model, kw_only=True):
    """A slash command (type 1), user command (2) or message command (3)."""

    id: Snowflake | UnsetType = UNSET
    type: int = 1
    application_id: Snowflake | UnsetType = UNSET
    guild_id: Snowflake | UnsetType = UNSET
    name: str
    name_localizations: dict[str, str] | UnsetType | None = UNSET
    description: str = ""
    description_localizations: dict[str, str] | UnsetType | None = UNSET
    options: list[ApplicationCommandOption] | UnsetType = UNSET
    # Discord takes the bit set as a string or a number, and answers with a string.
    default_member_permissions: str | int | UnsetType | None = UNSET
    dm_permission: bool | UnsetType = UNSET
    nsfw: bool | UnsetType = UNSET
    integration_types: list[int] | UnsetType | None = UNSET
    contexts: list[int] | UnsetType | None = UNSET
    version: Snowflake | UnsetType = UNSET
