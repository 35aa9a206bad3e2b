"""``Choice``, and the commands Discord has registered (``AppCommand``) as ``sync`` returns them."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import msgspec

from ..interactions.locale import Locale
from ..models.base import decoder, enum_of
from ..models.channel_type import ChannelType
from ..models.command_permissions import GuildApplicationCommandPermissions
from ..models.flags import Permissions
from .enums import AppCommandOptionType, AppCommandType
from .errors import MissingApplicationID
from .install_flags import AppCommandContext, AppInstallationType
from .permissions import AllChannels, GuildAppCommandPermissions
from .translator import (
    TranslationContext,
    TranslationContextLocation,
    Translator,
    locale_str,
    localizations,
)

__all__ = ["AllChannels", "AppCommand", "AppCommandGroup", "Argument", "Choice"]

ChoiceT = TypeVar("ChoiceT", str, int, float)


class Choice(Generic[ChoiceT]):
    """A fixed choice of an option (``name`` is shown, ``value`` is sent).

    ``Choice[str]`` is also an annotation: with ``@app_commands.choices`` the
    callback receives the chosen :class:`Choice` itself.
    """

    __slots__ = ("_locale_name", "name", "name_localizations", "value")

    def __init__(self, *, name: str | locale_str, value: ChoiceT) -> None:
        self._locale_name = name if isinstance(name, locale_str) else None
        self.name: str = str(name)
        self.value: ChoiceT = value
        # Read from a registered command (``from_dict``); keyed by locale code, as the
        # registered command's own ``name_localizations``.
        self.name_localizations: dict[str, str] = {}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Choice[Any]:
        """A choice as Discord sends it in a registered command."""
        choice: Choice[Any] = cls(name=data["name"], value=data["value"])
        choice.name_localizations = dict(data.get("name_localizations") or {})
        return choice

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Choice) and (other.name, other.value) == (self.name, self.value)

    def __hash__(self) -> int:
        return hash((self.name, self.value))

    def __repr__(self) -> str:
        return f"Choice(name={self.name!r}, value={self.value!r})"

    @property
    def _option_type(self) -> AppCommandOptionType:
        if isinstance(self.value, bool) or not isinstance(self.value, int | float | str):
            raise TypeError(f"invalid Choice value type given, expected int, str, or float "
                            f"but received {type(self.value).__name__}")
        if isinstance(self.value, int):
            return AppCommandOptionType.integer
        if isinstance(self.value, float):
            return AppCommandOptionType.number
        return AppCommandOptionType.string

    def to_dict(self) -> dict[str, Any]:
        """The choice as Discord takes it."""
        data: dict[str, Any] = {"name": self.name, "value": self.value}
        if self.name_localizations:
            data["name_localizations"] = {str(k): v for k, v in
                                          self.name_localizations.items()}
        return data

    async def get_translated_payload(self, translator: Translator) -> dict[str, Any]:
        """:meth:`to_dict` with the translator's names for a ``locale_str`` name, by
        locale code (a plain name is not offered to the translator)."""
        data = self.to_dict()
        found = await localizations(translator, self._locale_name, TranslationContext(
            TranslationContextLocation.choice_name, self))
        if found:
            data["name_localizations"] = found
        return data

    async def get_translated_payload_for_locale(self, translator: Translator,
                                                locale: Locale) -> dict[str, Any]:
        """:meth:`to_dict` named in ``locale``, as an autocomplete answer shows a choice
        to one person."""
        data = self.to_dict()
        if self._locale_name is not None:
            context = TranslationContext(TranslationContextLocation.choice_name, self)
            text = await translator._checked_translate(self._locale_name, locale, context)
            if text is not None:
                data["name"] = text
        return data


class Argument:
    """An option of a registered command."""

    def __init__(self, data: dict[str, Any], parent: Any) -> None:
        self.parent = parent
        self.type = AppCommandOptionType(int(data["type"]))
        self.name: str = data["name"]
        self.description: str = data.get("description") or ""
        self.required: bool = bool(data.get("required", False))
        self.choices = [Choice.from_dict(c) for c in data.get("choices") or []]
        self.channel_types: list[Any] = [enum_of(ChannelType, t)
                                         for t in data.get("channel_types") or []]
        self.min_value = data.get("min_value")
        self.max_value = data.get("max_value")
        self.min_length = data.get("min_length")
        self.max_length = data.get("max_length")
        self.autocomplete: bool = bool(data.get("autocomplete", False))
        self.name_localizations: dict[str, str] = dict(data.get("name_localizations") or {})
        self.description_localizations: dict[str, str] = dict(
            data.get("description_localizations") or {})

    def __repr__(self) -> str:
        return f"<Argument name={self.name!r} type={self.type!r} required={self.required}>"

    def to_dict(self) -> dict[str, Any]:
        """The option with every field, as discord.py writes it (unset ones empty)."""
        return {"name": self.name, "type": int(self.type), "description": self.description,
                "required": self.required, "choices": [c.to_dict() for c in self.choices],
                "channel_types": [int(t) for t in self.channel_types],
                "min_value": self.min_value, "max_value": self.max_value,
                "min_length": self.min_length, "max_length": self.max_length,
                "autocomplete": self.autocomplete, "options": [],
                "name_localizations": dict(self.name_localizations),
                "description_localizations": dict(self.description_localizations)}


class AppCommandGroup:
    """A subcommand or subcommand group of a registered command."""

    def __init__(self, data: dict[str, Any], parent: Any) -> None:
        self.parent = parent
        self.type = AppCommandOptionType(int(data["type"]))
        self.name: str = data["name"]
        self.description: str = data.get("description") or ""
        self.options: list[Argument | AppCommandGroup] = [
            _option(o, self) for o in data.get("options") or []]
        self.name_localizations: dict[str, str] = dict(data.get("name_localizations") or {})
        self.description_localizations: dict[str, str] = dict(
            data.get("description_localizations") or {})

    def to_dict(self) -> dict[str, Any]:
        """The subcommand (or group) and its options, as discord.py writes them."""
        return {"name": self.name, "type": int(self.type), "description": self.description,
                "options": [o.to_dict() for o in self.options],
                "name_localizations": dict(self.name_localizations),
                "description_localizations": dict(self.description_localizations)}

    @property
    def qualified_name(self) -> str:
        """``"parent child"``."""
        return f"{self.parent.qualified_name} {self.name}"

    @property
    def mention(self) -> str:
        """``</parent child:id>``: a clickable mention of the subcommand."""
        root = self.parent
        while isinstance(root, AppCommandGroup):
            root = root.parent
        return f"</{self.qualified_name}:{root.id}>"

    def __repr__(self) -> str:
        return f"<AppCommandGroup name={self.name!r} type={self.type!r}>"


def _option(data: dict[str, Any], parent: Any) -> Argument | AppCommandGroup:
    if int(data["type"]) in (1, 2):
        return AppCommandGroup(data, parent)
    return Argument(data, parent)


class AppCommand:
    """A command as Discord has it registered (what ``tree.sync()`` returns)."""

    def __init__(self, *, data: dict[str, Any], state: Any = None) -> None:
        self._state = state
        self.id = int(data["id"])
        self.application_id = int(data["application_id"])
        self.type: AppCommandType = enum_of(AppCommandType, int(data.get("type", 1)))
        self.name: str = data["name"]
        self.description: str = data.get("description") or ""
        raw_guild = data.get("guild_id")
        self.guild_id: int | None = int(raw_guild) if raw_guild else None
        self.options: list[Argument | AppCommandGroup] = [
            _option(o, self) for o in data.get("options") or []]
        self._data = data
        raw_perms = data.get("default_member_permissions")
        self.default_member_permissions: Permissions | None = (
            None if raw_perms is None else Permissions(int(raw_perms)))
        # An explicit null means allowed, as a missing one does.
        self.dm_permission: bool = data.get("dm_permission") is not False
        self.nsfw: bool = bool(data.get("nsfw", False))
        contexts, installs = data.get("contexts"), data.get("integration_types")
        # Flag sets, as discord.py's (``discord.AppCommandContext``), not the
        # decorators' choices.
        self.allowed_contexts: AppCommandContext | None = None if contexts is None else (
            AppCommandContext._from_array(contexts))
        self.allowed_installs: AppInstallationType | None = None if installs is None else (
            AppInstallationType._from_array(installs))
        self.name_localizations: dict[str, str] = dict(data.get("name_localizations") or {})
        self.description_localizations: dict[str, str] = dict(
            data.get("description_localizations") or {})
        self.version = int(data["version"]) if data.get("version") else None

    @property
    def qualified_name(self) -> str:
        """The command's name."""
        return self.name

    @property
    def mention(self) -> str:
        """``</name:id>``: a clickable mention of the command."""
        return f"</{self.name}:{self.id}>"

    @property
    def guild(self) -> Any:
        """The guild it is registered in (``None`` for a global command, or a guild the
        client does not know)."""
        if self.guild_id is None or self._state is None:
            return None
        return self._state.cache.guilds.get(self.guild_id)

    def to_dict(self) -> dict[str, Any]:
        """The command as a registration payload (discord.py's keys; options as sent)."""
        data = self._data
        return {"id": self.id, "type": int(self.type), "application_id": self.application_id,
                "name": self.name, "description": self.description,
                "name_localizations": dict(self.name_localizations),
                "description_localizations": dict(self.description_localizations),
                "contexts": data.get("contexts"),
                "integration_types": data.get("integration_types"),
                "options": [option.to_dict() for option in self.options]}

    async def edit(self, *, name: str | None = None, description: str | None = None,
                   default_member_permissions: Any = ..., dm_permission: bool | None = None,
                   options: list[Any] | None = None) -> AppCommand:
        """Change the registered command in place on Discord (the tree's next ``sync``
        puts back what the code says); returns it as Discord now has it. As in
        discord.py, ``dm_permission`` is for global commands only, and with nothing to
        change no request is made and the command itself comes back."""
        if not getattr(self._state, "application_id", None):
            raise MissingApplicationID()
        fields: dict[str, Any] = {}
        if name is not None:
            fields["name"] = name
        if description is not None:
            fields["description"] = description
        if default_member_permissions is not ...:
            fields["default_member_permissions"] = None if default_member_permissions is None \
                else str(int(getattr(default_member_permissions, "value",
                                     default_member_permissions)))
        if dm_permission is not None and self.guild_id is None:
            fields["dm_permission"] = dm_permission
        if options is not None:
            fields["options"] = [o.to_dict() if hasattr(o, "to_dict") else o for o in options]
        if not fields:
            return self
        raw = await self._state.http.edit_command(self.application_id, self.id, fields,
                                                  self.guild_id)
        return AppCommand(data=msgspec.json.decode(raw or b"{}"), state=self._state)

    async def delete(self) -> None:
        """Unregister the command on Discord (until the tree's next ``sync``)."""
        await self._state.http.delete_command(self.application_id, self.id, self.guild_id)

    async def fetch_permissions(self, guild: Any) -> GuildAppCommandPermissions:
        """Who may use the command in ``guild``, as its admins set it. ``NotFound``
        (10066) while nobody changed them from the defaults::

            perms = await cmd.fetch_permissions(interaction.guild)
            allowed = [p.target for p in perms.permissions if p.permission]
        """
        state = self._state
        if not getattr(state, "application_id", None):
            raise MissingApplicationID()
        raw = await state.http.get_command_permissions(state.application_id, int(guild.id),
                                                       self.id)
        data: GuildApplicationCommandPermissions = decoder(
            GuildApplicationCommandPermissions).decode(raw or b"{}")
        return GuildAppCommandPermissions(data=data, state=state, command=self)

    def __str__(self) -> str:
        return self.name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AppCommand) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return f"<AppCommand id={self.id} name={self.name!r} type={self.type!r}>"
