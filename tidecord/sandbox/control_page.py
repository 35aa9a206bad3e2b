"""The control API's routes for what a person meets on the chat page beyond a guild's
channels: the polls they vote in, their direct messages with the bot, and the choices
the bot offers as they type a command's option (documented in ``control.py``).
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from aiohttp import web

from .control_bodies import Route, named_channel, read_json
from .rest.errors import json_response

if TYPE_CHECKING:
    from .server import Sandbox

__all__ = ["page_routes"]

#: How long a bot has to answer an interaction, autocomplete's included (seconds).
AUTOCOMPLETE_WINDOW = 3.0


def page_routes(sb: Sandbox) -> list[Route]:
    """Reading and casting poll votes; listing and opening DMs with the bot; asking the
    bot for an option's choices."""
    state = sb.state

    async def poll_voters(request: web.Request) -> web.Response:
        m = request.match_info
        message = sb.find_message(m["channel"], int(m["message"]))
        votes = state.poll_votes.get(message.id, {})
        return json_response({str(answer): [str(uid) for uid in voters]
                              for answer, voters in votes.items() if voters})

    async def vote(request: web.Request) -> web.Response:
        d = await read_json(request)
        answers = d.get("answers") or []
        if not isinstance(answers, list):
            raise ValueError('"answers" must be a list of answer ids')
        message = int(d["message"])
        if answers:
            await sb.vote_poll(d["as"], message, [int(a) for a in answers],
                               channel=named_channel(d))
        else:
            await sb.remove_poll_vote(d["as"], message, channel=named_channel(d))
        return json_response({"ok": True})

    async def dms(request: web.Request) -> web.Response:
        return json_response([state.channels[cid] for cid in state.dm_channels.values()])

    async def open_dm(request: web.Request) -> web.Response:
        d = await read_json(request)
        return json_response(state.dm_channel(state.user(d["as"]).id))

    async def autocomplete(request: web.Request) -> web.Response:
        d = await read_json(request)
        options = d.get("options") or {}
        if not isinstance(options, dict):
            raise ValueError('"options" must be an object {"name": value}')
        record = await sb.autocomplete(d["as"], named_channel(d), str(d["name"]), options,
                                       str(d["focused"]))
        # Discord's client waits as long as the bot may take to answer (3 s), then
        # says the options failed to load.
        with contextlib.suppress(TimeoutError):
            await record.wait_response(AUTOCOMPLETE_WINDOW)
        return json_response({"id": str(record.id), "choices": record.choices})

    return [
        ("GET", "/channels/{channel}/messages/{message}/poll", poll_voters),
        ("POST", "/polls/vote", vote),
        ("GET", "/dms", dms), ("POST", "/dms", open_dm),
        ("POST", "/interactions/autocomplete", autocomplete),
    ]
