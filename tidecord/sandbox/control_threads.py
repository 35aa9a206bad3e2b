"""The control API's thread routes: people start threads, make forum and media posts,
change their threads, join and leave them, and add or take off others (documented in
``control.py``; the rules and events are ``people_threads.py``'s)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from tidecord.models import Embed, convert, to_builtins

from .control_bodies import Route, named_channel, number, read_json
from .rest.context import read_body
from .rest.errors import json_response

if TYPE_CHECKING:
    from .server import Sandbox

__all__ = ["thread_routes"]


def thread_routes(sb: Sandbox) -> list[Route]:
    """The routes by which people act on threads and posts."""

    async def start(request: web.Request) -> web.Response:
        d = await read_json(request)
        message = d.get("message", d.get("message_id"))
        thread = await sb.start_thread(
            d["as"], named_channel(d), str(d["name"]),
            message=int(message) if message is not None else None,
            private=bool(d.get("private", False)),
            auto_archive_duration=_maybe_int(d, "auto_archive_duration"),
            invitable=d.get("invitable") is not False)
        return json_response(thread)

    async def post(request: web.Request) -> web.Response:
        if request.content_type.startswith("multipart/"):
            d, uploads = await read_body(request, dict[str, Any])
        else:
            d, uploads = await read_json(request), []
        embeds = [convert(e, Embed) for e in d.get("embeds") or []]
        thread, first = await sb.create_post(
            d["as"], named_channel(d), str(d["name"]), str(d.get("content", "")),
            tags=list(d.get("tags") or d.get("applied_tags") or []), embeds=embeds or None,
            files=[(f.filename, f.data) for f in uploads],
            auto_archive_duration=_maybe_int(d, "auto_archive_duration"))
        # As Discord's POST /channels/{id}/threads answers a post: its message nested.
        return json_response({**to_builtins(thread), "message": to_builtins(first)})

    async def edit(request: web.Request) -> web.Response:
        d = await read_json(request)
        flags = {key: bool(d[key]) for key in ("archived", "locked", "invitable") if key in d}
        tags = d.get("applied_tags", d.get("tags"))
        thread = await sb.edit_thread(
            d["as"], request.match_info["thread"],
            name=str(d["name"]) if "name" in d else None,
            auto_archive_duration=_maybe_int(d, "auto_archive_duration"),
            slowmode=_maybe_int(d, "rate_limit_per_user"),
            applied_tags=list(tags) if tags is not None else None, **flags)
        return json_response(thread)

    async def members(request: web.Request) -> web.Response:
        d = await read_json(request)
        thread, who = request.match_info["thread"], d["as"]
        other = d.get("user")
        if request.method == "POST":
            if other is None:
                await sb.join_thread(who, thread)
            else:
                await sb.add_to_thread(who, thread, other)
        elif other is None:
            await sb.leave_thread(who, thread)
        else:
            await sb.remove_from_thread(who, thread, other)
        return json_response({"ok": True})

    return [
        ("POST", "/threads", start), ("POST", "/posts", post),
        ("PATCH", "/threads/{thread}", edit),
        ("POST", "/threads/{thread}/members", members),
        ("DELETE", "/threads/{thread}/members", members),
    ]


def _maybe_int(d: dict[str, Any], key: str) -> int | None:
    return number(d, key, int) if d.get(key) is not None else None
