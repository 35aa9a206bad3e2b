"""Who sees a channel: the check every channel, thread and message route starts with."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from aiohttp import web

from tidecord.models import Channel, Permissions

from ..state.core import PRIVATE_THREAD
from ..state.obfuscation import views
from .context import sandbox_of, snowflake
from .errors import APIError

if TYPE_CHECKING:
    from ..state.core import StateCore

__all__ = ["PRIVATE_THREAD", "bot_needs", "sees", "visible_channel"]

VIEW_CHANNEL: Final[int] = Permissions.view_channel


def sees(state: StateCore, channel: Channel, user_id: int) -> bool:
    """Whether the user may see the channel (see :meth:`StateCore.sees`; a category
    also when the user sees a channel in it, see ``state/obfuscation.py``)."""
    return views(state, channel, user_id)


def visible_channel(request: web.Request, need: int = VIEW_CHANNEL) -> Channel:
    """The route's channel, which the bot must see and hold ``need`` in (see
    :func:`bot_needs`)."""
    return bot_needs(request, snowflake(request, "channel_id"), need)


def bot_needs(request: web.Request, channel_id: int, need: int = VIEW_CHANNEL) -> Channel:
    """The channel, once the bot is found to see it (403 Missing Access, 50001, if not)
    and to hold ``need`` there (403 Missing Permissions, 50013, if not).

    Inferred for a private thread the bot is not in: Discord documents no answer, and
    the sandbox gives the one for a channel it cannot see, 403 Missing Access (50001),
    rather than 404, as the thread is there for its members and moderators."""
    state = sandbox_of(request).state
    channel = state.channel(channel_id)
    bot = state.bot_user.id
    if not sees(state, channel, bot):
        raise APIError(403, 50001, "Missing Access")
    rest = need & ~VIEW_CHANNEL  # View Channel is what ``sees`` answered
    if rest and not state.can(channel.id, bot, rest):
        raise APIError(403, 50013, "Missing Permissions")
    return channel
