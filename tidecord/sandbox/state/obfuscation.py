"""What the bot is shown of guild channels it cannot view.

Discord's channel obfuscation (change log of 12 August 2026, for every bot since
16 November 2026): a guild channel the bot lacks View Channel on still reaches it over
the gateway (GUILD_CREATE, CHANNEL_CREATE / UPDATE / DELETE), but obfuscated: named
``___hidden___``, the ``CHANNEL_OBFUSCATED`` flag set, one overwrite denying
@everyone View Channel, the other telling fields emptied; a category is viewable when
any of its channels is; REST's channel list leaves such channels out; interactions are
not obfuscated. What the bot is sent when it comes to view a channel is
``visibility.py``'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import msgspec

from tidecord.models import UNSET, Channel, Permissions, Snowflake, ThreadMember
from tidecord.models.overwrite import ChannelOverwrite

from ..snowflakes import iso_timestamp

if TYPE_CHECKING:
    from .core import StateCore

__all__ = ["CHANNEL_OBFUSCATED", "HIDDEN_NAME", "bot_thread", "bot_view", "obfuscated",
           "viewed_ids", "views"]

CHANNEL_OBFUSCATED: Final = 1 << 17
HIDDEN_NAME: Final = "___hidden___"
CATEGORY: Final = 4

# Emptied in an obfuscated channel. Discord's list is "name, and other sensitive fields
# nulled or reduced"; kept are what says where the channel sits and what it is (id,
# type, guild, position, parent, nsfw, slowmode).
_EMPTIED: Final[dict[str, Any]] = {
    "topic": None, "last_message_id": None, "last_pin_timestamp": None, "icon": None,
    "rtc_region": None,
}


def views(state: StateCore, channel: Channel, user_id: int) -> bool:
    """Whether the user may view a guild channel: :meth:`StateCore.sees`, and for a
    category, also when it may view any channel in it (Discord's obfuscation rule)."""
    if state.sees(channel.id, user_id):
        return True
    if channel.type != CATEGORY or not isinstance(channel.guild_id, int):
        return False
    return any(c.parent_id == channel.id and state.sees(c.id, user_id)
               for c in state.guild_channels.get(int(channel.guild_id), {}).values())


def bot_view(state: StateCore, channel: Channel) -> Channel:
    """A guild channel as the bot's gateway shows it: itself when the bot views it,
    else obfuscated."""
    if not isinstance(channel.guild_id, int) or views(state, channel, state.bot_user.id):
        return channel
    return obfuscated(channel)


def obfuscated(channel: Channel) -> Channel:
    """The channel with Discord's obfuscation applied (a guild channel's)."""
    assert isinstance(channel.guild_id, int)
    everyone = Snowflake(channel.guild_id)  # @everyone's id is the guild's
    flags = channel.flags_value if isinstance(channel.flags_value, int) else 0
    changes: dict[str, Any] = {k: v for k, v in _EMPTIED.items()
                               if getattr(channel, k) is not UNSET}
    if channel.tags_data is not UNSET:
        changes["tags_data"] = []
    return msgspec.structs.replace(
        channel, name=HIDDEN_NAME, flags_value=flags | CHANNEL_OBFUSCATED, **changes,
        permission_overwrites=[ChannelOverwrite(
            id=everyone, type=0, allow=Permissions(0),
            deny=Permissions(Permissions.view_channel))])


def viewed_ids(state: StateCore, guild_id: int) -> set[int]:
    """The guild channels (not threads) the bot views."""
    bot = state.bot_user.id
    return {cid for cid, c in state.guild_channels.get(guild_id, {}).items()
            if views(state, c, bot)}


def bot_thread(state: StateCore, thread: Channel) -> Channel:
    """A thread as GUILD_CREATE lists it: with the bot's own thread member when it is
    in it, else none (the gateway docs)."""
    joined = state.thread_members.get(int(thread.id), {}).get(state.bot_user.id)
    mine = UNSET if joined is None else ThreadMember(
        thread_id=Snowflake(thread.id), id=Snowflake(state.bot_user.id),
        join_timestamp=iso_timestamp(joined))
    return msgspec.structs.replace(thread, member=mine)
