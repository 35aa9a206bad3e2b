"""Emoji: Unicode ones by name, custom ones by id (discord.py's PartialEmoji too)."""

from __future__ import annotations

from .asset import CDN_URL
from .base import UNSET, Model, Snowflake, UnsetType
from .user import User

__all__ = ["Emoji", "PartialEmoji"]


class Emoji(Model, gc=False, kw_only=True):
    """A custom emoji (with an id) or a Unicode one (name only)."""

    id: Snowflake | None = None
    name: str | None = None
    roles: list[Snowflake] | UnsetType = UNSET
    user: User | UnsetType = UNSET
    require_colons: bool | UnsetType = UNSET
    managed: bool | UnsetType = UNSET
    animated: bool | UnsetType = UNSET
    available: bool | UnsetType = UNSET

    def __str__(self) -> str:
        if self.id is None:
            return self.name or ""
        return f"<{'a' if self.animated is True else ''}:{self.name}:{self.id}>"

    def __eq__(self, other: object) -> bool:
        # As discord.py's PartialEmoji: a Unicode emoji is its name, a custom one its id,
        # so ``{PartialEmoji(name="🔵"): role_id}[payload.emoji]`` finds the entry; and as
        # discord.py's ``Reaction.emoji`` (a str for Unicode), ``reaction.emoji == "👍"``.
        if isinstance(other, str):
            return self.id is None and self.name == other
        if not isinstance(other, Emoji):
            return NotImplemented
        if self.id is None:
            return other.id is None and self.name == other.name
        return self.id == other.id

    def __hash__(self) -> int:
        return hash(self.name) if self.id is None else hash(self.id)

    @classmethod
    def from_str(cls, value: str) -> Emoji:
        """An emoji from ``"🔵"``, ``"name:id"``, ``"<:name:id>"`` or ``"<a:name:id>"``."""
        text = value.strip()
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1]
        animated = text.startswith("a:")
        parts = text.removeprefix("a:").lstrip(":").split(":")
        if len(parts) == 2 and parts[1].isdigit():
            return cls(name=parts[0], id=Snowflake(parts[1]), animated=animated)
        return cls(name=value)

    def is_unicode_emoji(self) -> bool:
        """Whether this is a Unicode emoji (no id)."""
        return self.id is None

    def is_custom_emoji(self) -> bool:
        """Whether this is a guild's custom emoji."""
        return self.id is not None

    @property
    def url(self) -> str:
        """The CDN image of a custom emoji (empty for a Unicode one)."""
        if self.id is None:
            return ""
        return f"{CDN_URL}/emojis/{self.id}.{'gif' if self.animated is True else 'png'}"


class PartialEmoji(Emoji, gc=False, kw_only=True):
    """An emoji known only by what a message shows (name, id, animated): discord.py's
    ``PartialEmoji``. Equal to the :class:`Emoji` it stands for; a command parameter
    annotated with it accepts any ``<:name:id>`` without the emoji being cached."""
