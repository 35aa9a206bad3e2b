"""Polls: made from a create request, voted on by people, ended by their author or
by the clock, closed with a result message as Discord closes them."""

from __future__ import annotations

import datetime

import msgspec

from tidecord.models import (
    UNSET,
    Embed,
    EmbedField,
    Message,
    MessageReference,
    Poll,
    PollAnswer,
    PollAnswerCount,
    PollCreate,
    PollResults,
    PollVoteEvent,
    Snowflake,
    User,
)
from tidecord.models.poll import POLL_RESULT

from ..snowflakes import iso_timestamp
from .core import StateError
from .messages import MessageOps

__all__ = ["PollOps"]

HOUR_MS = 3600 * 1000


class PollOps(MessageOps):
    """Open polls, their votes, and closing them."""

    def new_poll(self, request: PollCreate) -> Poll:
        """The poll a message stores for a create request (validated already): answers
        numbered from 1, ending ``duration`` hours from now."""
        hours = 24 if request.duration is None else request.duration
        return Poll(
            question_media=request.question,
            answers_data=[PollAnswer(answer_id=n, media=a.media)
                          for n, a in enumerate(request.answers, start=1)],
            expiry=iso_timestamp(self.clock.time_ms() + hours * HOUR_MS),
            allow_multiselect=bool(request.allow_multiselect),
            layout_type_raw=request.layout_type or 1,
            results=PollResults(is_finalized=False, answer_counts=[]),
        )

    def poll_message(self, channel_id: int, message_id: int) -> tuple[Message, Poll]:
        """A message and its poll; 520006 when the message has none."""
        message = self.message(channel_id, message_id)
        poll = message.poll_data
        if isinstance(poll, msgspec.UnsetType):
            raise StateError(520006, "Cannot expire a non-poll message")
        return message, poll

    def _open_or_refuse(self, channel_id: int, message_id: int) -> tuple[Message, Poll]:
        self.close_due_polls()
        message, poll = self.poll_message(channel_id, message_id)
        if message.id not in self.open_polls:
            raise StateError(520001, "Poll expired")
        return message, poll

    # -- votes ---------------------------------------------------------------------

    def vote(self, channel_id: int, message_id: int, user_id: int, answer_ids: list[int]
             ) -> None:
        """``user_id``'s votes become ``answer_ids``: MESSAGE_POLL_VOTE_REMOVE for each
        answer they leave, MESSAGE_POLL_VOTE_ADD for each they pick (one per answer, as
        Discord). 520001 once the poll has ended."""
        message, poll = self._open_or_refuse(channel_id, message_id)
        known = {a.id for a in poll.answers_data}
        wanted = list(dict.fromkeys(int(a) for a in answer_ids))
        if not wanted or any(a not in known for a in wanted):
            raise StateError(50035, "Invalid Form Body: answer_ids must name answers of the poll")
        if len(wanted) > 1 and not poll.allow_multiselect:
            raise StateError(50035, "Invalid Form Body: this poll takes one answer")
        votes = self.poll_votes[message.id]
        for answer_id, voters in votes.items():
            if answer_id not in wanted and user_id in voters:
                self._cast(message, answer_id, user_id, added=False)
        for answer_id in wanted:
            if user_id not in votes.get(answer_id, []):
                self._cast(message, answer_id, user_id, added=True)

    def remove_vote(self, channel_id: int, message_id: int, user_id: int,
                    answer_ids: list[int] | None = None) -> None:
        """Take back ``user_id``'s votes (all of them, or those for ``answer_ids``)."""
        message, _ = self._open_or_refuse(channel_id, message_id)
        for answer_id, voters in list(self.poll_votes[message.id].items()):
            if user_id in voters and (answer_ids is None or answer_id in answer_ids):
                self._cast(message, answer_id, user_id, added=False)

    def _cast(self, message: Message, answer_id: int, user_id: int, *, added: bool) -> None:
        voters = self.poll_votes[message.id].setdefault(answer_id, [])
        if added:
            voters.append(user_id)
        else:
            voters.remove(user_id)
        self._store_results(message, finalized=False)
        gid = self._gid(message.channel_id)
        self.emit("MESSAGE_POLL_VOTE_ADD" if added else "MESSAGE_POLL_VOTE_REMOVE",
                  PollVoteEvent(user_id=Snowflake(user_id),
                                channel_id=Snowflake(message.channel_id),
                                message_id=Snowflake(message.id),
                                guild_id=Snowflake(gid) if gid is not None else UNSET,
                                answer_id=answer_id),
                  guild_id=gid, channel_id=message.channel_id)

    def _store_results(self, message: Message, *, finalized: bool,
                       expiry: str | None = None) -> Message:
        poll = message.poll_data
        assert isinstance(poll, Poll)
        bot = self.bot_user.id
        counts = [PollAnswerCount(id=answer_id, count=len(voters), me_voted=bot in voters)
                  for answer_id, voters in sorted(self.poll_votes[message.id].items())
                  if voters]
        poll = msgspec.structs.replace(
            poll, results=PollResults(is_finalized=finalized, answer_counts=counts),
            expiry=poll.expiry if expiry is None else expiry)
        message = msgspec.structs.replace(message, poll_data=poll)
        self.messages[message.channel_id][message.id] = message
        return message

    def poll_voters(self, message_id: int, answer_id: int) -> list[User]:
        """Who voted for an answer, by user id."""
        voters = self.poll_votes.get(int(message_id), {}).get(int(answer_id), [])
        return [self.users[u] for u in sorted(voters) if u in self.users]

    # -- ending --------------------------------------------------------------------

    def end_poll(self, channel_id: int, message_id: int) -> Message:
        """End a poll now: MESSAGE_UPDATE with its final results, then the poll's result
        message. 520006 for a message without a poll, 520001 for one already ended."""
        message, _ = self._open_or_refuse(channel_id, message_id)
        return self._close(message, expiry=self.now_iso())

    def close_due_polls(self) -> None:
        """Close every open poll whose time is up (the clock moved, or time passed)."""
        if not self.open_polls:
            return
        now = self.clock.time_ms()
        for message_id, channel_id in list(self.open_polls.items()):
            message = self.messages.get(channel_id, {}).get(message_id)
            poll = message.poll_data if message is not None else None
            if not isinstance(poll, Poll) or poll.expiry is None:
                self.open_polls.pop(message_id, None)  # deleted, or forgotten
                continue
            if datetime.datetime.fromisoformat(poll.expiry).timestamp() * 1000 <= now:
                self._close(message)  # type: ignore[arg-type]

    def _close(self, message: Message, expiry: str | None = None) -> Message:
        self.open_polls.pop(message.id, None)
        message = self._store_results(message, finalized=True, expiry=expiry)
        gid = self._gid(message.channel_id)
        self.emit("MESSAGE_UPDATE", self.gateway_message(message, gid), guild_id=gid,
                  channel_id=message.channel_id, content_gated=self.content_gated(message, gid))
        self.create_message(
            message.channel_id, message.author.id, author=message.author,
            embeds=[self._result_embed(message)], type=POLL_RESULT,
            reference=MessageReference(message_id=Snowflake(message.id),
                                       channel_id=Snowflake(message.channel_id)))
        return message

    def _result_embed(self, message: Message) -> Embed:
        """The ``poll_result`` embed: question, total, and the answer with the most votes
        (none on a tie: Discord names one victor at most, and the docs say no more)."""
        poll = message.poll_data
        assert isinstance(poll, Poll)
        votes = self.poll_votes.get(message.id, {})
        counts = {a.id: len(votes.get(a.id, [])) for a in poll.answers_data}
        most = max(counts.values(), default=0)
        fields = {"poll_question_text": poll.question_media.text,
                  "victor_answer_votes": str(most),
                  "total_votes": str(sum(counts.values()))}
        leaders = [a for a in poll.answers_data if counts[a.id] == most]
        if most and len(leaders) == 1:
            victor = leaders[0]
            fields["victor_answer_id"] = str(victor.id)
            fields["victor_answer_text"] = victor.media.text
            emoji = victor.media.emoji
            if emoji is not None:
                if emoji.id is not None:
                    fields["victor_answer_emoji_id"] = str(emoji.id)
                fields["victor_answer_emoji_name"] = emoji.name or ""
                if emoji.animated is True:
                    fields["victor_answer_emoji_animated"] = "true"
        embed = Embed(type="poll_result")
        embed.fields = [EmbedField(name=name, value=value, inline=False)
                        for name, value in fields.items()]
        return embed
