"""Polls: what a poll in a message body may hold, its answers' voters, ending it."""

from __future__ import annotations

from typing import Final

from aiohttp import web

from tidecord.models import Permissions, PollAnswerVoters, PollCreate

from .access import bot_needs
from .context import query_id, query_limit, sandbox_of, snowflake
from .errors import APIError, FormError, bad_length, form_error, json_response

__all__ = ["ROUTES", "poll_errors"]

VIEW_CHANNEL: Final[int] = Permissions.view_channel
READ_HISTORY: Final[int] = Permissions.read_message_history
MAX_QUESTION, MAX_ANSWER, MAX_ANSWERS = 300, 55, 10
MAX_HOURS = 32 * 24  # 32 days


def _length(text: str, most: int) -> FormError | None:
    if 1 <= len(text) <= most:
        return None
    return bad_length(1, most)


def poll_errors(poll: PollCreate) -> dict[str, FormError]:
    """What Discord refuses in a message's ``poll``, by field path (50035)."""
    errors: dict[str, FormError] = {}
    problem = _length(poll.question.text, MAX_QUESTION)
    if problem is not None:
        errors["poll.question.text"] = problem
    if not 1 <= len(poll.answers) <= MAX_ANSWERS:
        errors["poll.answers"] = bad_length(1, MAX_ANSWERS)
    for n, answer in enumerate(poll.answers):
        problem = _length(answer.media.text, MAX_ANSWER)
        if problem is not None:
            errors[f"poll.answers.{n}.poll_media.text"] = problem
    if poll.duration is not None and not 1 <= poll.duration <= MAX_HOURS:
        errors["poll.duration"] = (
            "NUMBER_TYPE_MAX" if poll.duration > MAX_HOURS else "NUMBER_TYPE_MIN",
            f"int value should be <= {MAX_HOURS} and >= 1.")
    if poll.layout_type not in (None, 1):
        errors["poll.layout_type"] = (
            "ENUM_TYPE_COERCE", f'Value "{poll.layout_type}" is not a valid enum value.')
    return errors


def _answer_id(request: web.Request) -> int:
    raw = request.match_info["answer_id"]
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_ANSWERS:
        raise form_error({"answer_id": (
            "NUMBER_TYPE_COERCE", f'Value "{raw[:20]}" is not a valid answer id.')})
    return int(raw)


async def answer_voters(request: web.Request) -> web.Response:
    """GET /channels/{channel_id}/polls/{message_id}/answers/{answer_id}: who voted for
    an answer, by user id after ``after``, ``limit`` (1-100, 25 by default) at most."""
    sb = sandbox_of(request)
    cid = sb.state.channel(snowflake(request, "channel_id")).id
    bot_needs(request, cid, VIEW_CHANNEL | READ_HISTORY)
    answer_id = _answer_id(request)
    limit = query_limit(request, 25, 100)
    after = query_id(request, "after") or 0
    sb.state.close_due_polls()
    message, _ = sb.state.poll_message(cid, snowflake(request, "message_id"))
    voters = [u for u in sb.state.poll_voters(message.id, answer_id) if u.id > after]
    return json_response(PollAnswerVoters(users=voters[:limit]))


async def expire(request: web.Request) -> web.Response:
    """POST /channels/{channel_id}/polls/{message_id}/expire: end the bot's own poll now
    (50013 for another's poll, 520001 for one that has ended)."""
    sb = sandbox_of(request)
    cid = sb.state.channel(snowflake(request, "channel_id")).id
    bot_needs(request, cid, VIEW_CHANNEL)
    message, _ = sb.state.poll_message(cid, snowflake(request, "message_id"))
    if message.author.id != sb.state.bot_user.id:
        raise APIError(403, 50013, "Missing Permissions")
    return json_response(sb.state.end_poll(cid, message.id))


_P = "/channels/{channel_id}/polls/{message_id}"
ROUTES = [
    ("GET", _P + "/answers/{answer_id}", answer_voters),
    ("POST", _P + "/expire", expire),
]
