"""``Choice``, and the commands Discord has registered (``AppCommand``) as ``sync`` returns them."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from .enums import AppCommandOptionType, AppCommandType
from .translator import locale_str

__all__ = ["AllChannels", "AppCommand", "AppCommandGroup", "Argument", "Choice"]

ChoiceT = TypeVar("ChoiceT", str, int, float)


class Choice(Generic[ChoiceT]):
    """A fixed choice of an option (``name`` is shown, ``value`` is sent).

    ``Choice[str]`` is also an annotation: with ``@app_commands.choices`` the
    callback receives the chosen :class:`Choice` itself.
    """

    __slots__ = ("_locale_name", "name", "value")

    def __init__(self, *, name: str | locale_str, value: ChoiceT) -> None:
        self._locale_name = name if isinstance(name, locale_str) else None
        self.name: str = str(name)
        self.value: ChoiceT = value

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
        return {"name": self.name, "value": self.value}


class AllChannels:
    """Every channel of ``guild``, as a command permission's target: its ``id`` is the
    guild's id less one, the sentinel Discord uses for "all channels"."""

    __slots__ = ("guild",)

    def __init__(self, guild: Any) -> None:
        self.guild = guild

    @property
    def id(self) -> int:
        """The guild's id less one."""
        return int(self.guild.id) - 1

    def __repr__(self) -> str:
        return f"<AllChannels guild={self.guild}>"


class Argument:
    """An option of a registered command."""

    def __init__(self, data: dict[str, Any], parent: Any) -> None:
        self.parent = parent
        self.type = AppCommandOptionType(int(data["type"]))
        self.name: str = data["name"]
        self.description: str = data.get("description") or ""
        self.required: bool = bool(data.get("required", False))
        self.choices = [Choice(name=c["name"], value=c["value"])
                        for c in data.get("choices") or []]
        self.channel_types: list[int] = list(data.get("channel_types") or [])
        self.min_value = data.get("min_value")
        self.max_value = data.get("max_value")
        self.min_length = data.get("min_length")
        self.max_length = data.get("max_length")
        self.autocomplete: bool = bool(data.get("autocomplete", False))
        self.name_localizations: dict[str, str] = dict(data.get("name_localizations") or {})

    def __repr__(self) -> str:
        return f"<Argument name={self.name!r} type={self.type!r} required={self.required}>"


class AppCommandGroup:
    """A subcommand or subcommand group of a registered command."""

    def __init__(self, data: dict[str, Any], parent: Any) -> None:
        self.parent = parent
        self.type = AppCommandOptionType(int(data["type"]))
        self.name: str = data["name"]
        self.description: str = data.get("description") or ""
        self.options: list[Argument | AppCommandGroup] = [
            _option(o, self) for o in data.get("options") or []]

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
        self.type = AppCommandType(int(data.get("type", 1)))
        self.name: str = data["name"]
        self.description: str = data.get("description") or ""
        raw_guild = data.get("guild_id")
        self.guild_id: int | None = int(raw_guild) if raw_guild else None
        self.options: list[Argument | AppCommandGroup] = [
            _option(o, self) for o in data.get("options") or []]
        raw_perms = data.get("default_member_permissions")
        self.default_member_permissions: int | None = int(raw_perms) if raw_perms else None
        self.nsfw: bool = bool(data.get("nsfw", False))
        self.allowed_contexts: list[int] | None = data.get("contexts")
        self.allowed_installs: list[int] | None = data.get("integration_types")
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

    def __str__(self) -> str:
        return self.name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AppCommand) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return f"<AppCommand id={self.id} name={self.name!r} type={self.type!r}>"
