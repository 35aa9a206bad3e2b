"""What a member shows of its user's profile and its guild profile: guild avatar and
banner, accent colour, badges, primary guild, avatar decoration, role icon.

A mixin of :class:`~tidecord.models.member.Member`: every read goes through ``user``
or the member's own fields, so it works the same on a decoded member and on a packed
view of the compact cache (which makes the ``User`` only when one is read here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .asset import Asset, avatar_asset, banner_asset
from .base import UNSET, UnsetType
from .colour import Colour
from .flags import Permissions
from .primary_guild import PrimaryGuild
from .user_flags import PublicUserFlags

if TYPE_CHECKING:
    from .collectible import Collectible
    from .role import Role
    from .user import User

__all__ = ["MemberProfile"]


class MemberProfile:
    """discord.py's ``Member`` profile reads (see the module docstring)."""

    __slots__ = ()

    if TYPE_CHECKING:
        user: User | UnsetType
        guild_avatar_hash: str | UnsetType | None
        guild_banner_hash: str | UnsetType | None
        permissions: Permissions | UnsetType
        _guild_id: Any

        @property
        def id(self) -> int: ...

        @property
        def role_objects(self) -> list[Role]: ...

    def _user_or_none(self) -> User | None:
        user = self.user
        return None if isinstance(user, UnsetType) else user

    @property
    def avatar(self) -> Asset | None:
        """The user's own avatar, else ``None`` (the guild one is :attr:`guild_avatar`)."""
        user = self._user_or_none()
        return None if user is None else user.avatar

    @property
    def banner(self) -> Asset | None:
        """The user's own banner, when known, else ``None``."""
        user = self._user_or_none()
        return None if user is None else user.banner

    @property
    def guild_avatar(self) -> Asset | None:
        """The avatar the member set for this guild, or ``None``."""
        key = self.guild_avatar_hash
        if not isinstance(key, str) or not key or self._guild_id is UNSET:
            return None
        return avatar_asset(self.id, key, self._guild_id)

    @property
    def guild_banner(self) -> Asset | None:
        """The banner the member set for this guild, or ``None``."""
        key = self.guild_banner_hash
        if not isinstance(key, str) or not key or self._guild_id is UNSET:
            return None
        return banner_asset(self.id, key, self._guild_id)

    @property
    def display_banner(self) -> Asset | None:
        """The guild banner when set, else the user's (only known from
        :meth:`Client.fetch_user`... as in discord.py), else ``None``."""
        guild = self.guild_banner
        return guild if guild is not None else self.banner

    @property
    def accent_colour(self) -> Colour | None:
        """The user's accent colour, if Discord sent it."""
        user = self._user_or_none()
        return None if user is None else user.accent_colour

    @property
    def accent_color(self) -> Colour | None:
        """An alias of :attr:`accent_colour`."""
        return self.accent_colour

    @property
    def public_flags(self) -> PublicUserFlags:
        """The badges on the user's profile."""
        user = self._user_or_none()
        return PublicUserFlags() if user is None else user.public_flags

    @property
    def system(self) -> bool:
        """Whether the user is Discord's own system account."""
        user = self._user_or_none()
        return user is not None and user.system is True

    @property
    def primary_guild(self) -> PrimaryGuild:
        """The guild whose tag the user shows."""
        user = self._user_or_none()
        return PrimaryGuild.from_data(None) if user is None else user.primary_guild

    @property
    def collectibles(self) -> list[Collectible]:
        """What the user shows on their profile (a nameplate...)."""
        user = self._user_or_none()
        return [] if user is None else user.collectibles

    @property
    def avatar_decoration(self) -> Asset | None:
        """The frame drawn around the user's avatar, or ``None``."""
        user = self._user_or_none()
        return None if user is None else user.avatar_decoration

    @property
    def avatar_decoration_sku_id(self) -> int | None:
        """The SKU of the avatar's frame, or ``None``."""
        user = self._user_or_none()
        return None if user is None else user.avatar_decoration_sku_id

    @property
    def display_icon(self) -> Asset | str | None:
        """The role icon shown next to the member's name: that of the highest role
        with one (an :class:`Asset`, or a unicode emoji), else ``None``."""
        for role in reversed(self.role_objects):
            icon = role.display_icon
            if icon:
                return icon
        return None

    @property
    def resolved_permissions(self) -> Permissions | None:
        """The member's permissions in the channel of the interaction that carried
        this member, as Discord computed them; ``None`` outside interactions."""
        permissions = self.permissions
        return None if isinstance(permissions, UnsetType) else Permissions(permissions.value)
