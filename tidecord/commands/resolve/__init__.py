"""Text -> Discord objects, for prefix-command converters and app-command transformers.

Each lookup takes the subject (context, interaction or message: where to look, and
which client) and the text, and returns the object or ``None``; message lookups,
which can fail in several ways, raise :class:`Unresolved`. Front-ends turn a miss
into their own ``BadArgument`` subclass (``MemberNotFound``, ``ChannelNotFound``...).

>>> member = await resolve.member(ctx, "<@80351110224678912>")   # doctest: +SKIP
"""

from .ids import (
    MessageIds,
    channel_id,
    emoji_id,
    event_link,
    message_ids,
    object_id,
    role_id,
    snowflake,
    user_id,
)
from .people import cached_member, member, member_named, name_matcher, user
from .places import guild, guild_channel, role, scheduled_event, thread
from .things import (
    Unresolved,
    colour,
    emoji,
    message,
    partial_emoji,
    partial_message,
    timestamp,
)

__all__ = [
    "MessageIds",
    "Unresolved",
    "cached_member",
    "channel_id",
    "colour",
    "emoji",
    "emoji_id",
    "event_link",
    "guild",
    "guild_channel",
    "member",
    "member_named",
    "message",
    "message_ids",
    "name_matcher",
    "object_id",
    "partial_emoji",
    "partial_message",
    "role",
    "role_id",
    "scheduled_event",
    "snowflake",
    "thread",
    "timestamp",
    "user",
    "user_id",
]
