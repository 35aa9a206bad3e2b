"""``PublicUserFlags``: the badges on a user's profile."""

from __future__ import annotations

from .flags import Flags, _alias, _bit

__all__ = ["PublicUserFlags"]


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
