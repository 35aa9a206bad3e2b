"""A guild's onboarding: the channels new members get by default and the prompts that
hand out roles and channels (``guild.onboarding()``, ``guild.edit_onboarding(...)``).

The wire shape is declared once (``OnboardingData``, ``PromptData``,
``PromptOptionData``) and shared with the sandbox; :class:`Onboarding`,
:class:`OnboardingPrompt` and :class:`OnboardingPromptOption` are discord.py's
by-name views of it, the last two also made by hand for ``edit_onboarding``.

>>> # option = OnboardingPromptOption(title="Art", emoji="🎨", roles=[artists])
>>> # prompt = OnboardingPrompt(type=OnboardingPromptType.multiple_choice,
>>> #                           title="What brings you here?", options=[option])
>>> # await guild.edit_onboarding(prompts=[prompt], default_channels=channels)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .base import UNSET, Model, NamedEnum, Snowflake, UnsetType, decode, enum_of
from .emoji import Emoji, PartialEmoji

__all__ = ["GuildOnboarding", "Onboarding", "OnboardingData", "OnboardingMode",
           "OnboardingPrompt", "OnboardingPromptOption", "OnboardingPromptType",
           "PromptData", "PromptOptionData"]


class OnboardingMode(NamedEnum):
    """What counts toward onboarding's constraints: the default channels alone, or
    the prompts' channels too."""

    default = 0
    advanced = 1


class OnboardingPromptType(NamedEnum):
    """How a prompt shows its options."""

    multiple_choice = 0
    dropdown = 1


class PromptOptionData(Model, gc=False, kw_only=True):
    """One option of a prompt, as Discord sends it."""

    id: Snowflake
    title: str
    description: str | None = None
    emoji: Emoji | UnsetType | None = UNSET
    role_ids: list[Snowflake] = []
    channel_ids: list[Snowflake] = []


class PromptData(Model, gc=False, kw_only=True):
    """One prompt, as Discord sends it."""

    id: Snowflake
    title: str
    options: list[PromptOptionData] = []
    single_select: bool = False
    required: bool = False
    in_onboarding: bool = True
    type: int = 0


class OnboardingData(Model, gc=False, kw_only=True):
    """A guild's onboarding, as GET and PUT /guilds/{id}/onboarding answer."""

    guild_id: Snowflake
    prompts: list[PromptData] = []
    default_channel_ids: list[Snowflake] = []
    enabled: bool = False
    mode: int = 0


def _ids(items: Any) -> set[int]:
    return {int(getattr(i, "id", i)) for i in items or ()}


def _unique(found: Iterable[Any]) -> list[Any]:
    seen: list[Any] = []
    for item in found:
        if item is not None and item not in seen:
            seen.append(item)
    return seen


class OnboardingPromptOption:
    """An option of a prompt: the roles and channels a member picking it gets. Made by
    hand for :meth:`Guild.edit_onboarding` (its ``id`` is then 0)."""

    __slots__ = ("_guild", "channel_ids", "description", "emoji", "id", "role_ids", "title")

    def __init__(self, *, title: str, emoji: Any = None, description: str | None = None,
                 channels: Iterable[Any] = (), roles: Iterable[Any] = ()) -> None:
        self.id = 0
        self.title = title
        self.description = description
        self.emoji: Any = PartialEmoji.from_str(emoji) if isinstance(emoji, str) else emoji
        self.channel_ids: set[int] = _ids(channels)
        self.role_ids: set[int] = _ids(roles)
        self._guild: Any = None

    def __repr__(self) -> str:
        return f"<OnboardingPromptOption id={self.id!r} title={self.title!r} emoji={self.emoji!r}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OnboardingPromptOption) and other.id == self.id

    def __hash__(self) -> int:
        return self.id >> 22

    @classmethod
    def _from_data(cls, data: PromptOptionData, guild: Any) -> OnboardingPromptOption:
        emoji = data.emoji if isinstance(data.emoji, Emoji) else None
        if emoji is not None and emoji.id is not None:  # the guild's own, when cached
            emoji = guild.get_emoji(emoji.id) or PartialEmoji(
                id=emoji.id, name=emoji.name, animated=emoji.animated)
        elif emoji is not None:
            emoji = PartialEmoji(name=emoji.name)
        option = cls(title=data.title, emoji=emoji, description=data.description,
                     channels=data.channel_ids, roles=data.role_ids)
        option.id = int(data.id)
        option._guild = guild
        return option

    def _to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"title": self.title, "description": self.description,
                                "channel_ids": [str(c) for c in sorted(self.channel_ids)],
                                "role_ids": [str(r) for r in sorted(self.role_ids)]}
        if self.id:
            body["id"] = str(self.id)
        emoji = self.emoji
        if emoji is not None and getattr(emoji, "id", None) is not None:
            body.update(emoji_id=str(emoji.id), emoji_name=emoji.name,
                        emoji_animated=emoji.animated is True)
        elif emoji is not None:
            body["emoji_name"] = getattr(emoji, "name", str(emoji))
        return body

    @property
    def guild(self) -> Any:
        """The guild of the option (``ValueError`` for one made by hand)."""
        if self._guild is None:
            raise ValueError("This option was made by hand: it belongs to no guild.")
        return self._guild

    @property
    def channels(self) -> list[Any]:
        """The cached channels a member picking it sees."""
        return _unique(self.guild.get_channel_or_thread(c) for c in self.channel_ids)

    @property
    def roles(self) -> list[Any]:
        """The cached roles a member picking it gets."""
        return _unique(self.guild.get_role(r) for r in self.role_ids)


class OnboardingPrompt:
    """A question of onboarding and its options. Made by hand for
    :meth:`Guild.edit_onboarding` (its ``id`` is then 0)."""

    __slots__ = ("_guild", "id", "in_onboarding", "options", "required", "single_select",
                 "title", "type")

    def __init__(self, *, type: OnboardingPromptType, title: str,
                 options: list[OnboardingPromptOption], single_select: bool = True,
                 required: bool = True, in_onboarding: bool = True) -> None:
        self.id = 0
        self.type = type
        self.title = title
        self.options = options
        self.single_select = single_select
        self.required = required
        self.in_onboarding = in_onboarding
        self._guild: Any = None

    def __repr__(self) -> str:
        return f"<OnboardingPrompt id={self.id!r} title={self.title!r}, type={self.type!r}>"

    @classmethod
    def _from_data(cls, data: PromptData, guild: Any) -> OnboardingPrompt:
        prompt = cls(type=enum_of(OnboardingPromptType, data.type), title=data.title,
                     options=[OnboardingPromptOption._from_data(o, guild) for o in data.options],
                     single_select=data.single_select, required=data.required,
                     in_onboarding=data.in_onboarding)
        prompt.id = int(data.id)
        prompt._guild = guild
        return prompt

    def _to_dict(self, index: int) -> dict[str, Any]:
        # A prompt made by hand has no id yet: its place stands for one, as discord.py
        # sends it; one read from Discord keeps its own.
        return {"id": str(self.id or index), "type": int(self.type), "title": self.title,
                "options": [o._to_dict() for o in self.options],
                "single_select": self.single_select, "required": self.required,
                "in_onboarding": self.in_onboarding}

    @property
    def guild(self) -> Any:
        """The guild of the prompt (``ValueError`` for one made by hand)."""
        if self._guild is None:
            raise ValueError("This prompt was made by hand: it belongs to no guild.")
        return self._guild

    def get_option(self, option_id: int, /) -> OnboardingPromptOption | None:
        """The option with that id, if the prompt has it."""
        return next((o for o in self.options if o.id == option_id), None)


class Onboarding:
    """A guild's onboarding: ``prompts``, ``default_channel_ids``, ``enabled``, ``mode``."""

    __slots__ = ("default_channel_ids", "enabled", "guild", "mode", "prompts")

    def __init__(self, *, data: OnboardingData, guild: Any) -> None:
        self.guild = guild
        self.default_channel_ids: set[int] = {int(c) for c in data.default_channel_ids}
        self.prompts = [OnboardingPrompt._from_data(p, guild) for p in data.prompts]
        self.enabled = data.enabled
        self.mode: OnboardingMode | int = enum_of(OnboardingMode, data.mode)

    def __repr__(self) -> str:
        return f"<Onboarding guild={self.guild!r} enabled={self.enabled!r} mode={self.mode!r}>"

    @property
    def default_channels(self) -> list[Any]:
        """The cached channels new members see by default."""
        return _unique(self.guild.get_channel_or_thread(c) for c in self.default_channel_ids)

    def get_prompt(self, prompt_id: int, /) -> OnboardingPrompt | None:
        """The prompt with that id, if onboarding has it."""
        return next((p for p in self.prompts if p.id == prompt_id), None)


class GuildOnboarding:
    """discord.py's ``Guild.onboarding`` and ``edit_onboarding`` (mixed into
    :class:`~tidecord.Guild`)."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: Snowflake

    async def onboarding(self) -> Onboarding:
        """GET the guild's onboarding."""
        data = await self._state.http.get_guild_onboarding(self.id)
        return Onboarding(data=decode(data or b"{}", OnboardingData), guild=self)

    async def edit_onboarding(self, *, prompts: list[OnboardingPrompt] | UnsetType = UNSET,
                              default_channels: Iterable[Any] | UnsetType = UNSET,
                              enabled: bool | UnsetType = UNSET,
                              mode: OnboardingMode | UnsetType = UNSET,
                              reason: str | None = None) -> Onboarding:
        """Replace what is given of the onboarding (Manage Guild and Manage Roles); an
        enabled onboarding needs 7 default channels, 5 of them open to everyone."""
        fields: dict[str, Any] = {}
        if not isinstance(prompts, UnsetType):
            fields["prompts"] = [p._to_dict(n) for n, p in enumerate(prompts)]
        if not isinstance(default_channels, UnsetType):
            fields["default_channel_ids"] = [str(getattr(c, "id", c)) for c in default_channels]
        if not isinstance(enabled, UnsetType):
            fields["enabled"] = enabled
        if not isinstance(mode, UnsetType):
            fields["mode"] = int(mode)
        data = await self._state.http.edit_guild_onboarding(self.id, fields, reason=reason)
        return Onboarding(data=decode(data or b"{}", OnboardingData), guild=self)
