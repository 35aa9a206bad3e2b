"""Poll dispatches: votes added and taken back, and the message that closes a poll."""

from __future__ import annotations

from typing import Any, Final

import msgspec

from ..models import UNSET, Message, PollVoteEvent, decoder
from .raw import RawPollVoteActionEvent

__all__ = ["PollEvents"]

_VOTE: Final[msgspec.json.Decoder[PollVoteEvent]] = decoder(PollVoteEvent)


class PollEvents:
    """Parsers for poll dispatches (mixed into :class:`Parsers`)."""

    state: Any
    cache: Any
    dispatch: Any

    def parse_message_poll_vote_add(self, shard: Any, d: Any) -> None:
        self._poll_vote(d, added=True)

    def parse_message_poll_vote_remove(self, shard: Any, d: Any) -> None:
        self._poll_vote(d, added=False)

    def _poll_vote(self, d: Any, *, added: bool) -> None:
        event = _VOTE.decode(d)
        self.dispatch("raw_poll_vote_add" if added else "raw_poll_vote_remove",
                      RawPollVoteActionEvent(event))
        # As discord.py: the friendly event needs the message and the voter cached.
        message = self.cache.get_message(event.message_id)
        if event.guild_id is not UNSET:
            voter = self.cache.get_member(event.guild_id, event.user_id)
        else:
            voter = self.cache.get_user(event.user_id)
        if voter is None and message is not None and event.guild_id is UNSET:
            # discord.py keeps a user while something it caches refers to them: in a
            # DM the voter is the message's author or the channel's other person.
            author = message.author
            recipient = getattr(self.cache.channels.get(message.channel_id), "recipient", None)
            voter = next((who for who in (author, recipient)
                          if who is not None and who.id == event.user_id), None)
        poll = message.poll if message is not None else None
        if poll is None or voter is None:
            return
        me = self.state.user
        answer = poll._vote(event.answer_id, added, me is not None and event.user_id == me.id)
        if answer is not None:
            self.dispatch("poll_vote_add" if added else "poll_vote_remove", voter, answer)

    def poll_closed(self, result: Message) -> None:
        """A poll's result message (type 46) arrived: its poll, cached, learns the total
        and the victor."""
        reference = result.message_reference
        target = reference.message_id if reference is not UNSET else None
        if target is None:
            return
        for message in (self.cache.get_message(target), result.referenced_message):
            if isinstance(message, Message) and message.poll is not None:
                message.poll._read_result(result)
