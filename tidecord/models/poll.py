"""Polls: the question, the answers and their counts, as discord.py offers them.

One declaration serves the client and the sandbox. :class:`Poll` is the poll a
message carries (``expiry``, ``results``) and, made with discord.py's constructor,
the poll a bot sends (its ``to_dict()`` is Discord's poll create request, which the
sandbox reads as :class:`PollCreate`)::

    poll = Poll("Lunch?", timedelta(hours=4), multiple=True)
    poll.add_answer(text="Soup", emoji="🍲").add_answer(text="Salad")
    await channel.send(poll=poll)
"""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Final

import msgspec

from .base import (
    UNSET,
    Model,
    NamedEnum,
    UnsetType,
    decoder,
    enum_of,
    snowflake_of,
    to_builtins,
)
from .emoji import Emoji, PartialEmoji
from .user import User

__all__ = [
    "Poll",
    "PollAnswer",
    "PollAnswerCount",
    "PollAnswerVoters",
    "PollCreate",
    "PollLayoutType",
    "PollMedia",
    "PollResults",
]

#: The message type Discord posts when a poll has closed, with a ``poll_result`` embed.
POLL_RESULT = 46


class PollLayoutType(NamedEnum):
    """How a poll is laid out (Discord has one layout so far)."""

    default = 1


class PollMedia(Model, kw_only=False, omit_defaults=True):
    """The text (and, for an answer, the emoji) of a question or an answer:
    ``PollMedia("Soup", "🍲")``. An emoji given as text or as a guild's emoji is kept
    as a :class:`PartialEmoji`."""

    text: str = ""
    emoji: PartialEmoji | None = None

    def __post_init__(self) -> None:
        emoji: Any = self.emoji
        if isinstance(emoji, str):
            self.emoji = PartialEmoji.from_str(emoji)  # type: ignore[assignment]
        elif isinstance(emoji, Emoji) and not isinstance(emoji, PartialEmoji):
            self.emoji = PartialEmoji(id=emoji.id, name=emoji.name, animated=emoji.animated)

    def __repr__(self) -> str:
        return f"<PollMedia text={self.text!r} emoji={self.emoji!r}>"


class PollAnswerCount(Model, gc=False, kw_only=True):
    """How many voted for one answer, and whether the bot did."""

    id: int
    count: int = 0
    me_voted: bool = False


class PollResults(Model, gc=False, kw_only=True):
    """The counts of a poll; ``is_finalized`` once the poll has ended and been tallied.
    An answer with no entry has no votes."""

    is_finalized: bool = False
    answer_counts: list[PollAnswerCount] = []


class PollAnswer(Model, kw_only=True, dict=True):
    """One answer of a poll: ``id``, ``text``, ``emoji``, ``vote_count``, ``self_voted``,
    ``victor``, and who voted for it (``async for user in answer.voters()``)."""

    answer_id: int | UnsetType = UNSET  # Discord numbers the answers from 1
    media: PollMedia = msgspec.field(name="poll_media")
    # Never on the wire: what votes said since it was read. The poll it belongs to is
    # an attribute of the instance's own ``__dict__`` (``_poll``), which msgspec never
    # encodes: as a field the link made a cycle (poll -> answer -> poll) that no later
    # encoding of a read message (the sandbox's MESSAGE_UPDATE of its own) got out of.
    _vote_count: Any = UNSET
    _self_voted: Any = UNSET
    _victor: Any = UNSET

    def __str__(self) -> str:
        return self.media.text

    def __repr__(self) -> str:
        return f"<PollAnswer id={self.id} media={self.media!r}>"

    @property
    def id(self) -> int:
        """The answer's id (1 for the first answer)."""
        return 0 if isinstance(self.answer_id, UnsetType) else self.answer_id

    @property
    def text(self) -> str:
        """The answer as people read it."""
        return self.media.text

    @property
    def emoji(self) -> PartialEmoji | None:
        """The emoji shown beside the answer, if any."""
        return self.media.emoji

    @property
    def poll(self) -> Poll | None:
        """The poll this answer belongs to."""
        return self.__dict__.get("_poll")

    def _count(self) -> PollAnswerCount | None:
        poll = self.poll
        if poll is None or isinstance(poll.results, UnsetType):
            return None
        return next((c for c in poll.results.answer_counts if c.id == self.id), None)

    @property
    def vote_count(self) -> int:
        """How many voted for it (Discord's count is exact once the poll is finalised)."""
        if self._vote_count is not UNSET:
            return int(self._vote_count)
        count = self._count()
        return 0 if count is None else count.count

    @property
    def self_voted(self) -> bool:
        """Whether the bot voted for it (bots cannot vote, so this is False)."""
        if self._self_voted is not UNSET:
            return self._self_voted is True
        count = self._count()
        return count is not None and count.me_voted

    @self_voted.setter
    def self_voted(self, value: bool) -> None:
        self._self_voted = bool(value)

    @property
    def victor(self) -> bool:
        """Whether it won: known once the poll's result message arrived, else False."""
        return self._victor is True

    def voters(self, *, limit: int | None = None, after: Any = None) -> AsyncIterator[Any]:
        """``async for voter in answer.voters()``: who voted for this answer (``limit``:
        all of them, as counted), 100 a page by user id after ``after``; a guild's
        cached members as members, the others as users. As discord.py: each page comes
        highest id first. Only for a poll sent with a message (else ClientException)."""
        return _voters(self, limit, snowflake_of(after))


class PollAnswerVoters(Model, kw_only=True):
    """The answer of GET /channels/{c}/polls/{m}/answers/{a}."""

    users: list[User]


_VOTERS: Final[msgspec.json.Decoder[PollAnswerVoters]] = decoder(PollAnswerVoters)


async def _voters(answer: PollAnswer, limit: int | None, after: int | None
                  ) -> AsyncIterator[Any]:
    poll = answer.poll
    message = poll.message if poll is not None else None
    if message is None:  # as discord.py: when iterated, not when asked
        from ..rest.errors import ClientException  # rest imports the models

        raise ClientException("You cannot fetch users to a poll not sent with a message")
    if limit is None:
        limit = answer.vote_count or 100
    state = message._state
    guild = message.guild
    while limit > 0:
        raw = await state.http.poll_answer_voters(
            message.channel_id, message.id, answer.id, limit=min(limit, 100), after=after)
        users = _VOTERS.decode(raw or b'{"users": []}').users
        if not users:
            return
        limit -= len(users)
        after = users[-1].id
        for user in reversed(users):
            user._state = state
            member = guild.get_member(user.id) if guild is not None else None
            yield member if member is not None else user


class _PollMeta(type(Model)):  # type: ignore[misc]
    """Lets ``Poll(question, duration, *, multiple, layout_type)`` be discord.py's
    constructor; decoding does not come through here."""

    def __call__(cls, question: Any = UNSET, duration: datetime.timedelta | None = None, *,
                 multiple: bool = False, layout_type: int = PollLayoutType.default,
                 **fields: Any) -> Any:
        if fields:  # the fields themselves (msgspec's own constructor)
            if question is not UNSET:
                fields["question_media"] = question
            return super().__call__(**fields)
        if duration is None:
            raise TypeError("Poll() needs a duration (a datetime.timedelta of whole hours)")
        media = PollMedia(question) if isinstance(question, str) else question
        return super().__call__(question_media=media, allow_multiselect=multiple,
                                layout_type_raw=int(layout_type), _duration=duration)


class Poll(Model, kw_only=True, metaclass=_PollMeta, dict=True):
    """A poll: ``Poll(question, duration, *, multiple=False, layout_type=...)`` to send
    one, ``message.poll`` for one that was sent.

    >>> poll = Poll("Best fruit?", datetime.timedelta(hours=1))
    >>> [a.text for a in poll.add_answer(text="Fig").add_answer(text="Kiwi").answers]
    ['Fig', 'Kiwi']
    """

    # ``question`` and ``answers`` on the wire; :attr:`question` is the text, as discord.py's.
    question_media: PollMedia = msgspec.field(name="question")
    answers_data: list[PollAnswer] = msgspec.field(default_factory=list, name="answers")
    expiry: str | None = None
    allow_multiselect: bool = False
    layout_type_raw: int = msgspec.field(default=1, name="layout_type")
    results: PollResults | UnsetType = UNSET
    # Never on the wire: the duration it was made with, and what the poll's result
    # message said. The message it was read from is kept in the instance's own
    # ``__dict__`` (``_message``), out of msgspec's reach, as an answer's poll is.
    _duration: Any = UNSET
    _total_votes: Any = UNSET
    _victor_answer_id: Any = UNSET

    if TYPE_CHECKING:  # what _PollMeta takes
        def __init__(self, question: str | PollMedia = ...,
                     duration: datetime.timedelta | None = None, *, multiple: bool = False,
                     layout_type: int = PollLayoutType.default, **fields: Any) -> None: ...

    def _linked(self) -> list[PollAnswer]:
        # The answers learn their poll when first handed out, never at decode time:
        # msgspec would encode the link (the sandbox encodes the very same models).
        answers = self.answers_data
        for answer in answers:
            answer.__dict__["_poll"] = self
        return answers

    def _bind(self, message: Any) -> Poll:
        """The poll of ``message`` (what ``message.poll`` hands out)."""
        self.__dict__["_message"] = message
        return self

    def __repr__(self) -> str:
        return (f"<Poll duration={self.duration} question={self.question!r} "
                f"answers={self.answers_data}>")

    # -- what discord.py's Poll offers ---------------------------------------------
    @property
    def question(self) -> str:
        """The question's text."""
        return self.question_media.text

    @property
    def answers(self) -> list[PollAnswer]:
        """The answers, in order (a new list each time)."""
        return list(self._linked())

    @property
    def multiple(self) -> bool:
        """Whether people may pick more than one answer."""
        return self.allow_multiselect

    @multiple.setter
    def multiple(self, value: bool) -> None:
        self.allow_multiselect = bool(value)

    @property
    def layout_type(self) -> PollLayoutType:
        """The poll's layout (one Discord adds later reads ``unknown_<value>``)."""
        return enum_of(PollLayoutType, self.layout_type_raw)  # type: ignore[no-any-return]

    @layout_type.setter
    def layout_type(self, value: int) -> None:
        self.layout_type_raw = int(value)

    @property
    def duration(self) -> datetime.timedelta:
        """How long the poll is open: as made, or (for a poll read from a message) from
        the message's time to the expiry, in whole hours."""
        if self._duration is not UNSET:
            return self._duration  # type: ignore[no-any-return]
        expires, message = self.expires_at, self.message
        if expires is None or message is None:
            return datetime.timedelta(hours=24)  # Discord's default
        hours = round((expires - message.created_at).total_seconds() / 3600)
        return datetime.timedelta(hours=hours)

    @duration.setter
    def duration(self, value: datetime.timedelta) -> None:
        self._duration = value

    @property
    def expires_at(self) -> datetime.datetime | None:
        """When the poll ends (None for a poll not sent yet)."""
        return None if self.expiry is None else datetime.datetime.fromisoformat(self.expiry)

    @property
    def message(self) -> Any:
        """The message the poll is on (None for a poll not sent yet)."""
        return self.__dict__.get("_message")

    @property
    def created_at(self) -> datetime.datetime | None:
        """When the poll's message was sent."""
        message = self.message
        return None if message is None else message.created_at

    @property
    def total_votes(self) -> int:
        """Every answer's votes summed (exact from the poll's result message)."""
        if self._total_votes is not UNSET:
            return int(self._total_votes)
        return sum(answer.vote_count for answer in self._linked())

    @property
    def victor_answer_id(self) -> int | None:
        """The id of the answer that won; None until the poll's result message arrived
        (or when no answer won)."""
        return None if self._victor_answer_id is UNSET else int(self._victor_answer_id)

    @property
    def victor_answer(self) -> PollAnswer | None:
        """The answer that won (see :attr:`victor_answer_id`)."""
        victor = self.victor_answer_id
        return None if victor is None else self.get_answer(victor)

    def is_finalised(self) -> bool:
        """Whether the poll has ended and its votes were counted exactly."""
        return not isinstance(self.results, UnsetType) and self.results.is_finalized

    is_finalized = is_finalised

    def get_answer(self, /, id: int) -> PollAnswer | None:
        """The answer with this id, or None."""
        return next((a for a in self._linked() if a.id == id), None)

    def add_answer(self, *, text: str, emoji: Emoji | str | None = None) -> Poll:
        """Add an answer (up to 55 characters; Discord takes up to 10 answers); returns
        the poll, for chaining. A poll already sent cannot take more (ClientException)."""
        if self.message is not None:
            from ..rest.errors import ClientException  # rest imports the models

            raise ClientException("Cannot append answers to a poll that is active")
        answer = PollAnswer(answer_id=len(self.answers_data) + 1,
                            media=PollMedia(text, emoji))  # type: ignore[arg-type]
        answer.__dict__["_poll"] = self
        self.answers_data.append(answer)
        return self

    def copy(self) -> Poll:
        """A poll with the same question, duration and answers, not tied to a message
        (to send it again)."""
        new: Poll = Poll(self.question, self.duration, multiple=self.multiple,
                         layout_type=self.layout_type_raw)
        for answer in self.answers_data:
            new.add_answer(text=answer.text, emoji=answer.emoji)
        return new

    async def end(self) -> Poll:
        """End the poll now (only its author may); returns the poll, finalised."""
        message = self.message
        if message is None:
            from ..rest.errors import ClientException  # rest imports the models

            raise ClientException("This poll has no attached message.")
        self._update(await message.end_poll())
        return self

    def to_dict(self) -> dict[str, Any]:
        """Discord's poll create request for this poll."""
        hours = self.duration.total_seconds() / 3600
        create = PollCreate(
            question=PollMedia(self.question),
            answers=[PollAnswer(media=a.media) for a in self.answers_data],
            duration=int(hours), allow_multiselect=self.allow_multiselect,
            layout_type=self.layout_type_raw)
        out: dict[str, Any] = to_builtins(create)
        if not hours.is_integer():
            out["duration"] = hours  # as discord.py sends it; Discord refuses it
        return out

    # -- kept up to date by the client ---------------------------------------------
    def _update(self, message: Any) -> None:
        """Become the poll of ``message`` (the one it was sent with, or ended on)."""
        self.__dict__["_message"] = message
        sent = message.poll
        if sent is None:
            return
        self.expiry, self.results = sent.expiry, sent.results
        self.answers_data = sent.answers_data
        self._linked()

    def _vote(self, answer_id: int, added: bool, self_voted: bool) -> PollAnswer | None:
        """A vote added or taken back (MESSAGE_POLL_VOTE_ADD/REMOVE)."""
        answer = self.get_answer(answer_id)
        if answer is not None:
            answer._vote_count = answer.vote_count + (1 if added else -1)
            answer._self_voted = self_voted
        return answer

    def _read_result(self, result: Any) -> None:
        """What the poll's result message (type 46) says: the exact total and the victor."""
        embeds = result.embeds
        if result.type != POLL_RESULT or not embeds:
            return
        fields = {f.name: f.value for f in (embeds[0].fields or ())}
        total = fields.get("total_votes")
        if total is not None:
            self._total_votes = int(total)
        victor = fields.get("victor_answer_id")
        answer = self.get_answer(int(victor)) if victor is not None else None
        if answer is None:
            return
        self._victor_answer_id = answer.id
        answer._victor = True
        answer._vote_count = int(fields.get("victor_answer_votes", answer.vote_count))


class PollCreate(Model, kw_only=True):
    """Discord's poll create request (the ``poll`` of a message a bot sends)."""

    question: PollMedia
    answers: list[PollAnswer]
    # Whole hours; discord.py writes them as a float (24.0), which Discord takes.
    duration: int | None = 24
    allow_multiselect: bool | None = False
    layout_type: int | None = 1
