"""The control API's routes for what a person meets on the chat page beyond a guild's
channels: the polls they vote in, their direct messages with the bot, the choices the
bot offers as they type a command's option, a thread's starter message and members, a
channel's pins and the private threads a person sees (documented in ``control.py``).
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from aiohttp import web

from tidecord.models import Permissions, to_builtins

from .control_bodies import Route, named_channel, read_json
from .rest.errors import json_response
from .rest.messages import pin_logged
from .snowflakes import iso_timestamp
from .state import StateError

if TYPE_CHECKING:
    from .server import Sandbox

__all__ = ["page_routes"]

#: How long a bot has to answer an interaction, autocomplete's included (seconds).
AUTOCOMPLETE_WINDOW = 3.0
#: Channel types whose threads may start from one of their messages (text, announcement).
_STARTS_THREADS = frozenset({0, 5})
#: A private thread's channel type.
_PRIVATE_THREAD = 12
#: Who may pin and unpin in a guild's channel, as for the bot's REST (Manage Messages
#: no longer does since 23 February 2026, Discord's change log of 24 November 2025).
_PINNERS = Permissions.pin_messages


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
        if d.get("with") is not None:  # a DM between two people, the bot not in it
            return json_response(sb.dm_between(d["as"], d["with"]))
        return json_response(state.dm_channel(state.user(d["as"]).id))

    async def install(request: web.Request) -> web.Response:
        d = await read_json(request)
        sb.install_app_for(d["as"], installed=d.get("installed", True) is not False)
        return json_response({"ok": True})

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

    async def starter(request: web.Request) -> web.Response:
        # A thread started from a message bears its id and shows it first, as Discord's
        # client does; none (null, not 404: the page asks of every thread it opens) when
        # the thread began on its own, the message was deleted, or it was a forum post's.
        thread = state.channel(request.match_info["thread"])
        parent = state.channels.get(int(thread.parent_id)) if thread.parent_id else None
        if parent is None or parent.type not in _STARTS_THREADS:
            return json_response(None)
        return json_response(state.messages.get(int(parent.id), {}).get(int(thread.id)))

    async def thread_members(request: web.Request) -> web.Response:
        # A thread's member list shows its members, as Discord's client does in a thread.
        thread = state.channel(request.match_info["thread"])
        return json_response([str(m.id) for m in state.thread_member_list(thread.id)])

    async def pins(request: web.Request) -> web.Response:
        # As Discord's GET /channels/{id}/messages/pins: newest pin first, with when.
        channel = state.channel(request.match_info["channel"])
        items = [{"pinned_at": iso_timestamp(at), "message": to_builtins(message)}
                 for at, message in state.pinned(channel.id)]
        return json_response({"items": items, "has_more": False})

    async def pin(request: web.Request) -> web.Response:
        # A person pins (PUT) or unpins (DELETE) from the page: CHANNEL_PINS_UPDATE and,
        # for a new pin, "pinned a message" by them, in the audit log as the bot's pins
        # are. Anyone may in a DM.
        m = request.match_info
        channel = state.channel(m["channel"])
        person = state.user(request.query["as"]).id
        if state.guild_id_of(channel) is not None and not (
                state.permissions(channel.id, person) & _PINNERS):
            raise StateError(50013, "Missing Permissions", 403)
        pin_logged(state, channel.id, int(m["message"]), request.method == "PUT", person)
        return json_response({"ok": True})

    async def private_threads(request: web.Request) -> web.Response:
        # Whom a private thread shows to is Discord's rule (its members and those who
        # may Manage Threads), which the sandbox keeps in State.sees: the page asks.
        person = state.user(request.match_info["person"]).id
        seen = [str(tid) for guild in state.threads.values() for tid, thread in guild.items()
                if thread.type == _PRIVATE_THREAD and state.sees(tid, person)]
        return json_response(seen)

    return [
        ("GET", "/threads/{thread}/starter", starter),
        ("GET", "/threads/{thread}/members", thread_members),
        ("GET", "/channels/{channel}/pins", pins),
        ("PUT", "/channels/{channel}/pins/{message}", pin),
        ("DELETE", "/channels/{channel}/pins/{message}", pin),
        ("GET", "/people/{person}/private-threads", private_threads),
        ("GET", "/channels/{channel}/messages/{message}/poll", poll_voters),
        ("POST", "/polls/vote", vote),
        ("GET", "/dms", dms), ("POST", "/dms", open_dm), ("POST", "/installs", install),
        ("POST", "/interactions/autocomplete", autocomplete),
    ]
