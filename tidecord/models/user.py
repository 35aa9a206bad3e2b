"""Users: people and bots, and the bot's own account."""

from __future__ import annotations

from typing import Any

from .base import UNSET, Model, Snowflake, UnsetType

__all__ = ["AvatarDecoration", "User"]


class AvatarDecoration(Model, gc=False, kw_only=True):
    """The frame drawn around an avatar."""

    asset: str
    sku_id: Snowflake | None = None


class User(Model, gc=False, kw_only=True):
    """A Discord user. Equal to any other user or member with the same id."""

    id: Snowflake
    username: str
    discriminator: str = "0"
    global_name: str | None = None
    avatar: str | None = None
    bot: bool | UnsetType = UNSET
    system: bool | UnsetType = UNSET
    mfa_enabled: bool | UnsetType = UNSET
    banner: str | None | UnsetType = UNSET
    accent_color: int | None | UnsetType = UNSET
    locale: str | UnsetType = UNSET
    verified: bool | UnsetType = UNSET
    email: str | None | UnsetType = UNSET
    flags: int | UnsetType = UNSET
    premium_type: int | UnsetType = UNSET
    public_flags: int | UnsetType = UNSET
    avatar_decoration_data: AvatarDecoration | None | UnsetType = UNSET
    # The client that decoded this object; never on the wire.
    _state: Any = UNSET

    def __eq__(self, other: object) -> bool:
        other_id = getattr(other, "id", None)
        return other_id == self.id and isinstance(other, (User, _HasUser))

    def __hash__(self) -> int:
        return hash(self.id)

    def __str__(self) -> str:
        if self.discriminator in ("0", "0000", ""):
            return self.username
        return f"{self.username}#{self.discriminator}"

    @property
    def name(self) -> str:
        """The username (discord.py spelling)."""
        return self.username

    @property
    def display_name(self) -> str:
        """The global display name when set, else the username."""
        return self.global_name or self.username

    @property
    def mention(self) -> str:
        """``<@id>``: mentions the user in a message."""
        return f"<@{self.id}>"

    @property
    def created_at(self) -> Any:
        """When the account was made (from its id)."""
        return self.id.created_at

    @property
    def is_bot(self) -> bool:
        """Whether this is a bot account."""
        return self.bot is True


class _HasUser:
    """Marker for models that stand for a user (members), for ``User.__eq__``."""

    __slots__ = ()
