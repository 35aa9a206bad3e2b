"""The control API's acting routes: people post, edit and delete messages, react,
type, show a presence, join and leave, connect to voice, show interest in events,
and use the bot's commands, components and modals (documented in ``control.py``).
"""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any

import msgspec
from aiohttp import web

from tidecord.models import (
    AllowedMentions,
    Component,
    Embed,
    Emoji,
    MessageReference,
    Snowflake,
    convert,
)

from .control_bodies import Route, error_response, named_channel, number, read_json
from .rest.bodies import MessageBody
from .rest.context import UploadedFile, read_body
from .rest.errors import json_response

if TYPE_CHECKING:
    from .server import Sandbox

__all__ = ["acting_routes"]


def acting_routes(sb: Sandbox) -> list[Route]:
    """The routes by which people act, each producing the gateway events Discord would send."""
    state = sb.state

    async def post_message(request: web.Request) -> web.Response:
        if request.content_type.startswith("multipart/"):
            body, files = await read_body(request, _PersonMessage)
        else:
            body, files = convert(await read_json(request), _PersonMessage), []
        where = body.channel if body.channel is not None else body.channel_id
        if where is None:
            raise ValueError("say which channel: channel or channel_id")
        channel = state.channel(where)
        author = state.user(body.as_)
        reference = None
        reply_to = body.reply_to
        if reply_to is None and body.message_reference is not None:
            reply_to = body.message_reference.get("message_id")
        if reply_to is not None:
            reference = MessageReference(message_id=Snowflake(int(reply_to)),
                                         channel_id=Snowflake(channel.id))
        message_body = MessageBody(content=body.content, embeds=body.embeds,
                                   components=body.components, message_reference=reference,
                                   allowed_mentions=body.allowed_mentions)
        return json_response(sb.post(author, channel, message_body, files))

    async def edit_message(request: web.Request) -> web.Response:
        data = await read_json(request)
        message = await sb.edit_message(data["as"], int(request.match_info["message"]),
                                        str(data["content"]), channel=request.match_info["channel"])
        return json_response(message)

    async def delete_message(request: web.Request) -> web.Response:
        data = await read_json(request) if request.can_read_body else {}
        who = request.query.get("as") or data.get("as")
        if who is None:
            raise ValueError("say who deletes: as")
        await sb.delete_message(who, int(request.match_info["message"]),
                                channel=request.match_info["channel"])
        return json_response({"ok": True})

    async def react(request: web.Request) -> web.Response:
        d = await read_json(request)
        await sb.react(d["as"], int(d["message"]), str(d["emoji"]), channel=named_channel(d),
                       remove=bool(d.get("remove", False)))
        return json_response({"ok": True})

    async def react_path(request: web.Request) -> web.Response:
        m = request.match_info
        emoji = urllib.parse.unquote(m["emoji"])
        mid, cid = int(m["message"]), m["channel"]
        if request.method == "GET":
            message = sb.find_message(cid, mid)
            return json_response(state.reaction_users(message.id, Emoji(name=emoji)))
        await sb.react(request.query["as"], mid, emoji, channel=cid,
                       remove=request.method == "DELETE")
        return json_response({"ok": True})

    async def typing(request: web.Request) -> web.Response:
        d = await read_json(request)
        await sb.typing(d["as"], named_channel(d))
        return json_response({"ok": True})

    async def presence(request: web.Request) -> web.Response:
        d = await read_json(request)
        activities = d.get("activities") or []
        platforms = d.get("platforms") or ["desktop"]
        if not isinstance(activities, list) or not isinstance(platforms, list):
            return error_response("activities and platforms are lists")
        await sb.set_presence(d["as"], str(d.get("status", "online")), activities=activities,
                              platforms=[str(p) for p in platforms])
        return json_response({"ok": True})

    async def join(request: web.Request) -> web.Response:
        d = await read_json(request)
        guild = int(d["guild"]) if d.get("guild") else None
        if request.method == "DELETE":
            await sb.leave(d["as"], guild)
            return json_response({"ok": True})
        invite = d.get("invite")
        return json_response(await sb.join(str(d["as"]), guild,
                                           invite=str(invite) if invite else None))

    async def voice(request: web.Request) -> web.Response:
        d = await read_json(request)
        own = {k: bool(d[k]) for k in ("self_mute", "self_deaf", "self_video", "self_stream")
               if k in d}
        guild = int(d["guild"]) if d.get("guild") else None
        if "channel" not in d:
            await sb.set_voice(d["as"], guild, **own)
        elif d["channel"] is None:
            await sb.leave_voice(d["as"], guild)
        else:
            await sb.join_voice(d["as"], d["channel"], **own)
        return json_response({"ok": True})

    async def interest(request: web.Request) -> web.Response:
        d = await read_json(request)
        guild = int(d["guild"]) if d.get("guild") else None
        act = sb.not_interested if d.get("remove") else sb.interested
        await act(d["as"], number(d, "event", int), guild)
        return json_response({"ok": True})

    async def command(request: web.Request) -> web.Response:
        files: list[UploadedFile] = []
        if request.content_type.startswith("multipart/"):
            d, files = await read_body(request, dict[str, Any])
        else:
            d = await read_json(request)
        options = d.get("options") or {}
        if isinstance(options, list):
            options = _option_dict(options)
        if not isinstance(options, dict):
            raise ValueError('"options" must be an object {"name": value} or a list of options')
        options = _attached(options, {f.index: f for f in files})
        record = await sb.invoke_command(d["as"], named_channel(d), str(d["name"]), options,
                                         target=d.get("target"))
        return json_response({"id": str(record.id)})

    async def button(request: web.Request) -> web.Response:
        d = await read_json(request)
        message = d["message"] if "message" in d else d["message_id"]
        record = await sb.click_button(d["as"], int(message), str(d["custom_id"]),
                                       values=d.get("values"), channel=named_channel(d))
        return json_response({"id": str(record.id)})

    async def modal(request: web.Request) -> web.Response:
        files: list[UploadedFile] = []
        if request.content_type.startswith("multipart/"):
            d, files = await read_body(request, dict[str, Any])
        else:
            d = await read_json(request)
        raw = d.get("values") or {}
        if not isinstance(raw, dict):
            raise ValueError('"values" must be an object: {"input_custom_id": value}')
        values = {str(k): v if isinstance(v, list | bool) or v is None else str(v)
                  for k, v in raw.items()}
        uploads = _modal_files(d.get("files") or {}, files)
        record = await sb.submit_modal(d["as"], int(d["interaction"]), values, uploads)
        return json_response({"id": str(record.id)})

    return [
        ("POST", "/messages", post_message),
        ("PATCH", "/messages/{channel}/{message}", edit_message),
        ("DELETE", "/messages/{channel}/{message}", delete_message),
        ("POST", "/reactions", react), ("POST", "/typing", typing),
        ("POST", "/presence", presence),
        ("POST", "/voice", voice),
        ("POST", "/scheduled-events/interest", interest),
        ("GET", "/channels/{channel}/messages/{message}/reactions/{emoji}", react_path),
        ("PUT", "/channels/{channel}/messages/{message}/reactions/{emoji}", react_path),
        ("DELETE", "/channels/{channel}/messages/{message}/reactions/{emoji}", react_path),
        ("POST", "/interactions/component", button),
        ("POST", "/members", join), ("DELETE", "/members", join),
        ("POST", "/interactions/command", command), ("POST", "/interactions/button", button),
        ("POST", "/interactions/modal", modal),
    ]


def _modal_files(raw: Any, files: list[UploadedFile]) -> dict[str, list[UploadedFile]]:
    """``{"upload_custom_id": [0, 1]}``: which ``files[n]`` parts each file upload holds."""
    if not isinstance(raw, dict):
        raise ValueError('"files" must be an object: {"upload_custom_id": [file indexes]}')
    by_index = {f.index: f for f in files}
    out: dict[str, list[UploadedFile]] = {}
    for key, indexes in raw.items():
        if not isinstance(indexes, list) or any(i not in by_index for i in indexes):
            raise ValueError(f"files.{key} must list indexes of files[n] parts sent")
        out[str(key)] = [by_index[i] for i in indexes]
    return out


def _attached(options: dict[str, Any], files: dict[int, UploadedFile]) -> dict[str, Any]:
    """Attachment options given as ``{"$file": n}`` (the ``files[n]`` part sent with the
    command) as the ``(name, bytes)`` files invoke_command uploads."""
    out: dict[str, Any] = {}
    for key, value in options.items():
        if isinstance(value, dict) and set(value) == {"$file"}:
            if value["$file"] not in files:
                raise ValueError(f"options.{key} names files[{value['$file']}], not sent")
            part = files[value["$file"]]
            out[key] = (part.filename, part.data)
        elif isinstance(value, dict):
            out[key] = _attached(value, files)
        else:
            out[key] = value
    return out


def _option_dict(options: list[dict[str, Any]]) -> dict[str, Any]:
    """``[{"name", "value"} | {"name", "options": [...]}]`` as invoke_command's dict."""
    out: dict[str, Any] = {}
    for option in options:
        if "options" in option and "value" not in option:
            out[option["name"]] = _option_dict(option["options"] or [])
        else:
            out[option["name"]] = option.get("value")
    return out


class _PersonMessage(msgspec.Struct, kw_only=True, rename={"as_": "as"}):
    as_: str | int
    channel: str | int | None = None
    channel_id: str | int | None = None
    content: str = ""
    reply_to: str | int | None = None
    message_reference: dict[str, Any] | None = None
    embeds: list[Embed] | None = None
    components: list[Component] | None = None
    # As a person's client sends it: a reply that does not ping its author says so.
    allowed_mentions: AllowedMentions | None = None
