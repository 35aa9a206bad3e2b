"""``PublicUserFlags``: the badges on a user's profile; ``UserFlags``, each badge as an
enum member; ``DefaultAvatar``, the avatars Discord hands out."""

from __future__ import annotations

from .base import NamedEnum
from .flags import Flags, _alias, _bit

__all__ = ["DefaultAvatar", "PublicUserFlags", "UserFlags"]


class PublicUserFlags(Flags):
    """The public flags of a user, as ``user.public_flags`` reads them.

    >>> PublicUserFlags(verified_bot=True).value
    65536
    """

    __slots__ = ()
    staff = _bit(0)
    partner = _bit(1)
    hypesquad = _bit(2)
    bug_hunter = _bit(3)
    hypesquad_bravery = _bit(6)
    hypesquad_brilliance = _bit(7)
    hypesquad_balance = _bit(8)
    early_supporter = _bit(9)
    team_user = _bit(10)
    system = _bit(12)
    bug_hunter_level_2 = _bit(14)
    verified_bot = _bit(16)
    verified_bot_developer = _bit(17)
    discord_certified_moderator = _bit(18)
    bot_http_interactions = _bit(19)
    spammer = _bit(20)
    active_developer = _bit(22)

    early_verified_bot_developer = _alias(verified_bot_developer)

    def all(self) -> list[UserFlags]:  # type: ignore[override]
        """The badges this user has, as :class:`UserFlags` members (discord.py's
        ``public_flags.all()``)."""
        return [flag for flag in UserFlags if self.value & flag.value == flag.value]


class UserFlags(NamedEnum):
    """Each of a user's flags by its bit."""

    staff = 1 << 0
    partner = 1 << 1
    hypesquad = 1 << 2
    bug_hunter = 1 << 3
    mfa_sms = 1 << 4
    premium_promo_dismissed = 1 << 5
    hypesquad_bravery = 1 << 6
    hypesquad_brilliance = 1 << 7
    hypesquad_balance = 1 << 8
    early_supporter = 1 << 9
    team_user = 1 << 10
    system = 1 << 12
    has_unread_urgent_messages = 1 << 13
    bug_hunter_level_2 = 1 << 14
    verified_bot = 1 << 16
    verified_bot_developer = 1 << 17
    discord_certified_moderator = 1 << 18
    bot_http_interactions = 1 << 19
    spammer = 1 << 20
    active_developer = 1 << 22


class DefaultAvatar(NamedEnum):
    """The avatar a user without one of their own shows; prints as its colour."""

    blurple = 0
    grey = 1
    green = 2
    orange = 3
    red = 4
    pink = 5

    gray = 1

    def __str__(self) -> str:
        return self.name
