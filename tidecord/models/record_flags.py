"""The flag sets records carry: a member's, a role's, an attachment's, an embed's, an
invite's, and a guild's system channel settings.

>>> MemberFlags(did_rejoin=True).value
1
>>> SystemChannelFlags._from_value(1).join_notifications  # the bit suppresses them
False
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .flags import Flags, _bit, _checked, _Flag

__all__ = ["AttachmentFlags", "EmbedFlags", "InviteFlags", "MemberFlags", "RoleFlags",
           "SystemChannelFlags"]


class MemberFlags(Flags):
    """A member's flags in a guild, as ``member.flags`` reads them."""

    __slots__ = ()
    did_rejoin = _bit(0)
    completed_onboarding = _bit(1)
    bypasses_verification = _bit(2)
    started_onboarding = _bit(3)
    guest = _bit(4)
    started_home_actions = _bit(5)
    completed_home_actions = _bit(6)
    automod_quarantined_username = _bit(7)
    # In discord.py's order, not the bits': ``list(member.flags)`` lists them so.
    automod_quarantined_guild_tag = _bit(10)
    dm_settings_upsell_acknowledged = _bit(9)


class RoleFlags(Flags):
    """A role's flags, as ``role.flags`` reads them."""

    __slots__ = ()
    in_prompt = _bit(0)


class AttachmentFlags(Flags):
    """An attachment's flags, as ``attachment.flags`` reads them."""

    __slots__ = ()
    clip = _bit(0)
    thumbnail = _bit(1)
    remix = _bit(2)
    spoiler = _bit(3)
    contains_explicit_media = _bit(4)
    animated = _bit(5)


class EmbedFlags(Flags):
    """An embed's flags, as ``embed.flags`` reads them."""

    __slots__ = ()
    contains_explicit_media = _bit(4)
    content_inventory_entry = _bit(5)


class InviteFlags(Flags):
    """An invite's flags, as ``invite.flags`` reads them."""

    __slots__ = ()
    guest = _bit(0)


class _Suppressing(_Flag):
    """A bit that turns a notice off: the flag reads ``True`` while the bit is clear."""

    __slots__ = ()

    def __get__(self, instance: Flags | None, owner: type) -> Any:
        if instance is None:
            return self.bit
        return instance.value & self.bit != self.bit

    def __set__(self, instance: Flags, on: bool) -> None:
        instance.value = instance.value & ~self.bit if _checked(instance, on) \
            else instance.value | self.bit


def _suppressed_by(n: int) -> _Suppressing:
    return _Suppressing(1 << n)


class SystemChannelFlags(Flags):
    """Which notices a guild's system channel gets, as ``guild.system_channel_flags``
    reads them. Discord's bits suppress notices, so each flag is ``True`` while its bit
    is clear; a new set has every notice off, as discord.py's does."""

    __slots__ = ()
    join_notifications = _suppressed_by(0)
    premium_subscriptions = _suppressed_by(1)
    guild_reminder_notifications = _suppressed_by(2)
    join_notification_replies = _suppressed_by(3)
    role_subscription_purchase_notifications = _suppressed_by(4)
    role_subscription_purchase_notification_replies = _suppressed_by(5)
    emoji_added = _suppressed_by(8)

    DEFAULT_VALUE = 511

    def __init__(self, value: int | None = None, **named: bool) -> None:
        super().__init__(self.DEFAULT_VALUE if value is None else value, **named)

    def __iter__(self) -> Iterator[tuple[str, bool]]:
        for name, bit in self._LISTED:
            yield name, self.value & bit != bit

    @classmethod
    def all(cls) -> SystemChannelFlags:
        """Every notice on (no bit set)."""
        return cls(0)

    @classmethod
    def none(cls) -> SystemChannelFlags:
        """Every notice off."""
        flags = cls(0)
        for bit in cls.FLAGS.values():
            flags.value |= bit
        return flags
