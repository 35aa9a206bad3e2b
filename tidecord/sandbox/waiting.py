"""Waiting for the bot: the next message or dispatch that matches, for tests and
scripts that act as people and then expect an answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tidecord.models import Message

from .dispatch import Dispatch
from .refs import ChannelRef, MessageRef, UserRef

if TYPE_CHECKING:
    from .gateway import GatewayHub
    from .state import State

__all__ = ["WaitingAPI"]

#: How many of the messages posted meanwhile a failed wait shows.
SHOWN = 5


class WaitingAPI:
    """Mixin of :class:`~tidecord.sandbox.people.PeopleAPI`: waiting for what bots send."""

    state: State
    if TYPE_CHECKING:
        # The Sandbox's own (a failed wait says whether a bot is connected).
        @property
        def hub(self) -> GatewayHub: ...

    def __init__(self) -> None:
        # wait_for_message() returns messages newer than this: the last thing a
        # person sent, or the last message a wait returned.
        self._cursor = 0

    async def wait_for_message(
        self,
        channel: ChannelRef | None = None,
        author: UserRef | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
        check: Callable[[Message], bool] | None = None,
        *,
        after: MessageRef | None = None,
    ) -> Message:
        """The next message matching, newer than the last one a person sent (or ``after``).

        Messages already posted count, so a reply that came before the wait is found; so
        does a message edited into a match (a deferred answer's "thinking" message).
        Raises TimeoutError when none arrives within ``timeout`` seconds.
        """
        cid = self.state.channel(channel).id if channel is not None else None
        aid = self.state.user(author).id if author is not None else None
        floor = self._cursor if after is None else int(
            after.id if isinstance(after, Message) else after)

        def matches(message: Message) -> bool:
            return (message.id > floor and (cid is None or message.channel_id == cid)
                    and (aid is None or message.author.id == aid)
                    and (check is None or check(message)))

        boxes = [self.state.messages.get(cid, {})] if cid is not None else \
            list(self.state.messages.values())
        found = sorted((m for box in boxes for m in box.values() if matches(m)),
                       key=lambda m: m.id)
        if found:
            return self._advance(found[0])
        future: asyncio.Future[Message] = asyncio.get_running_loop().create_future()

        def on_dispatch(dispatch: Dispatch) -> None:
            data = dispatch.data
            # An edit counts too: a deferred answer's "thinking" message gets its text then.
            if dispatch.event not in ("MESSAGE_CREATE", "MESSAGE_UPDATE") or future.done():
                return
            message_id, channel_id = getattr(data, "id", None), getattr(data, "channel_id", None)
            stored = self.state.messages.get(channel_id, {}).get(message_id) \
                if isinstance(message_id, int) and isinstance(channel_id, int) else None
            found = stored if stored is not None else data
            if isinstance(found, Message) and matches(found):
                future.set_result(found)

        unsubscribe = self.state.subscribe(on_dispatch)
        try:
            async with asyncio.timeout(timeout):
                return self._advance(await future)
        except TimeoutError:
            wanted = [f"in {self._where(cid)}" if cid is not None else "",
                      f"by {self.state.user(aid).username}" if aid is not None else "",
                      "passing check" if check is not None else ""]
            # A bot that closed (or crashed) is why many replies never come: say so.
            gone = "" if self.hub.live() else "; no bot is connected to the gateway"
            raise TimeoutError(
                f"no message {' '.join(w for w in wanted if w) or 'at all'} within "
                f"{timeout:g} s; {self._posted_since(floor, cid)}{gone}") from None
        finally:
            unsubscribe()

    def _posted_since(self, floor: int, channel_id: int | None) -> str:
        """What was posted after ``floor`` (in the channel, or anywhere), for a failed
        wait to show: the last few messages, who wrote them and what they said."""
        boxes = [self.state.messages.get(channel_id, {})] if channel_id is not None else \
            list(self.state.messages.values())
        since = sorted((m for box in boxes for m in box.values() if m.id > floor),
                       key=lambda m: m.id)
        if not since:
            return "nothing was posted since"
        shown = "; ".join(f"{m.author.username} in {self._where(m.channel_id)}: {_summary(m)}"
                          for m in since[-SHOWN:])
        more = f" ({len(since) - SHOWN} earlier left out)" if len(since) > SHOWN else ""
        return f"posted since{more}: {shown}"

    def _where(self, channel_id: int) -> str:
        name = self.state.channel(channel_id).name
        return f"#{name}" if isinstance(name, str) and name else f"channel {channel_id} (a DM)"

    def _advance(self, message: Message) -> Message:
        self._cursor = max(self._cursor, message.id)
        return message

    async def wait_for_dispatch(self, event: str, check: Callable[[Any], bool] | None = None,
                                timeout: float = 5.0) -> Any:  # noqa: ASYNC109
        """The ``d`` of the next dispatch named ``event`` (model or dict)."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

        def on_dispatch(dispatch: Dispatch) -> None:
            if dispatch.event == event and not future.done() and (
                    check is None or check(dispatch.data)):
                future.set_result(dispatch.data)

        unsubscribe = self.state.subscribe(on_dispatch)
        try:
            async with asyncio.timeout(timeout):
                return await future
        except TimeoutError:
            raise TimeoutError(f"no {event} dispatch{' passing check' if check else ''} "
                               f"within {timeout:g} s") from None
        finally:
            unsubscribe()


def _summary(message: Message) -> str:
    """A message in one line: its text (cut short), and what else it carries."""
    extras = [f"{len(v)} {k}" for k, v in (("embeds", message.embeds),
                                           ("attachments", message.attachments),
                                           ("component rows", message.components))
              if isinstance(v, list) and v]
    if int(message.type) not in (0, 19):  # a system message (a join, a pin...): its type
        extras.insert(0, f"system message of type {int(message.type)}")
    text = repr(message.content[:200]) if isinstance(message.content, str) else "''"
    return text + (f" ({', '.join(extras)})" if extras else "")
