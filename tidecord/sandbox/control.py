"""The control API under ``/_sandbox/``: act as people, read the state, inject faults.

Bodies and answers are JSON (``Content-Type: application/json``); objects are
Discord's (users, guilds, channels, messages, as the REST API shapes them, ids as
strings). Errors: ``{"error": message, "code": discord_code}`` with status 400,
403 (permissions apply to people too: 50013) or 404 (10003 channel, 10008
message, 10013 user, ...). A person is ``"as": "alice"`` (username) or a user id;
a channel is ``"channel": "general"`` / ``"#general"`` / an id, or ``"channel_id"``.

Reading
  GET  /_sandbox/info                    {url, api_url, gateway_url, bot, application_id,
                                          guilds: [{id, name}], connections}
  GET  /_sandbox/state                   {bot: User, people: [User] (who one can act as),
                                          users: [User], guilds: [Guild with channels,
                                          roles, members (with user), threads],
                                          presences: [{user: {id}, status, activities}]
                                          (the bot: offline without a live gateway
                                          connection; people are always online)}
  GET  /_sandbox/users                   [User]
  GET  /_sandbox/guilds/{guild}/members  [Member]; guild = id or "default"
  GET  /_sandbox/channels/{channel}/messages?limit=50
                                         [Message], oldest first (the last ``limit``)
  GET  /_sandbox/channels/{channel}/messages/{message}/reactions/{emoji}
                                         [User] who reacted with the (URL-encoded) emoji
  GET  /_sandbox/commands?guild_id=G     [ApplicationCommand]: global ones + G's
  GET  /_sandbox/interactions/{id}       {id, type, response_type, response_data,
                                          original: Message|null, followups: [Message]}
  GET  /_sandbox/gateway/report        what the gateway saw: {identifies, resumes,
                                          identify_violations: [{shard, bucket, gap,
                                          window}], refused_identifies (past
                                          session_start_limit), session_start_limit
                                          {total, remaining, reset_after}, closes {code: n},
                                          closes_4008, shards_held_twice, lost, duplicated,
                                          shards: {id: {identifies, resumes, sessions_now,
                                          most_sessions_at_once, routed, lost, duplicated}}}
                                          (see sandbox/gateway/ledger.py)
  GET  /_sandbox/emoji                   [{emoji, names: [short name], category}]: the
                                          Unicode emoji the page offers (emoji.py)
  GET  /_sandbox/rest-log?channel=C      the bot's failed and rate-limited REST calls
                                          (the last 500, oldest first; with channel=
                                          only that channel's): [{id, timestamp, kind:
                                          "error"|"rate_limited"|"bucket_exhausted",
                                          method, route, status, code, message, summary,
                                          retry_after, scope, injected, channel_id,
                                          guild_id}], see sandbox/rest/journal.py
  GET  /_sandbox/health                  the bot's latest loop-health report, as it posted
                                          it (or null): see sandbox/bot_health.py
  POST /_sandbox/health                  the bot reports its health (Authorization: Bot
                                          TOKEN; a JSON object) -> 204; pushed to the page
                                          as SANDBOX_BOT_HEALTH
Acting (each produces the gateway events Discord would send)
  POST   /_sandbox/messages              {"as", "channel" | "channel_id", "content",
                                          "reply_to"?: message id | "message_reference"?:
                                          {"message_id"}, "embeds"?, "components"?}
                                          -> Message. Or multipart/form-data: a
                                          "payload_json" part holding that JSON and
                                          "files[0..n]" parts -> Message with attachments
  PATCH  /_sandbox/messages/{channel}/{message}    {"as", "content"} -> Message
  DELETE /_sandbox/messages/{channel}/{message}?as=alice            -> {"ok": true}
  PUT    /_sandbox/channels/{channel}/messages/{message}/reactions/{emoji}?as=alice
  DELETE /_sandbox/channels/{channel}/messages/{message}/reactions/{emoji}?as=alice
  POST   /_sandbox/reactions             {"as", "channel", "message", "emoji",
                                          "remove"?: bool} (same, as JSON)
  POST   /_sandbox/typing                {"as", "channel"}           TYPING_START
  POST   /_sandbox/members               {"as", "guild"?} join -> Member (an unknown
                                          name becomes a new user)
  DELETE /_sandbox/members               {"as", "guild"?} leave
  POST   /_sandbox/voice                 {"as", "channel"?, "guild"?, "self_mute"?,
                                          "self_deaf"?, "self_video"?, "self_stream"?}
                                          connect to (or move to) a voice or stage
                                          channel; without "channel", change what one
                                          set oneself; "channel": null disconnects
  POST   /_sandbox/scheduled-events/interest  {"as", "event": id, "guild"?,
                                          "remove"?: bool} mark interest in a scheduled
                                          event (or with "remove", take it back)
  POST   /_sandbox/interactions/command  {"as", "channel", "name", "options"?: {"name":
                                          value} or [{"name", "type"?, "value"} |
                                          {"name", "options": [...]} for subcommands],
                                          "target"?: user or message id, for user and
                                          message commands (context menus)}
                                          user/channel/role options take ids (or names)
                                          and fill data.resolved (the target too)
  POST   /_sandbox/interactions/component  {"as", "channel", "message" | "message_id",
                                          "custom_id", "values"?: [..] for selects:
                                          option values, or user / role / channel ids
                                          (resolved)} (/_sandbox/interactions/button is
                                          the same); an ephemeral answer's buttons work
                                          for the person it was shown to
  POST   /_sandbox/interactions/modal    {"as", "interaction": id of the interaction
                                          the bot answered with a modal, "values":
                                          {"input_custom_id": "text" | [select or
                                          checkbox group values] | "radio value" |
                                          bool (checkbox)}}; or multipart/form-data with
                                          that JSON in "payload_json" plus "files":
                                          {"upload_custom_id": [n, ...]} naming
                                          "files[n]" parts for file uploads. What the
                                          modal forbids (a required input left empty,
                                          a value not among the options) is 400 50035
           the interaction routes answer {"id": interaction id}; the bot's answer
           shows as MESSAGE_CREATE / MESSAGE_UPDATE on the feed (ephemeral ones
           there only), plus SANDBOX_INTERACTION_RESPONSE
Faults and time
  POST /_sandbox/faults/drop             {"code"?: int}: close every gateway connection
                                          (no code: TCP dropped) -> {"dropped": n}
  POST /_sandbox/faults/reconnect        op 7 to every connection -> {"sent": n}
  POST /_sandbox/faults/invalidate       {"resumable"?: bool}: op 9 -> {"sent": n}
  POST /_sandbox/faults/stall-acks       {"stalled": bool}: stop answering heartbeats
  POST /_sandbox/faults/black-hole       every connection goes silent both ways -> {"sent": n}
  POST /_sandbox/faults/rest             {"count", "status": 500|502|503|429, "retry_after"?,
                                          "after_write"?, "scope"?, "via"?} or {"count",
                                          "kind": "reset", "after_write"?} or {"count",
                                          "kind": "slow", "seconds"} -> {"pending": n}
  POST /_sandbox/faults/drop-feed        end every feed stream (pages reconnect)
  POST /_sandbox/clock/advance           {"seconds"} -> {"time"}
Live
  GET  /_sandbox/feed                    WebSocket: every dispatch as {"t", "d"}, whatever
                                          the bots' intents, full content, interaction
                                          tokens removed; ephemeral interaction answers
                                          appear here only; SANDBOX_INTERACTION_RESPONSE
                                          {"interaction_id", "type", "data", "message"}
                                          follows each callback; PRESENCE_UPDATE (the
                                          bot's, per guild) when its gateway connection
                                          or its op 3 status changes. When the sandbox
                                          stops, the stream closes with code 1001;
                                          SANDBOX_REST_LOG {a rest-log record} for each
                                          failed or rate-limited call of the bot
Files
  GET  /attachments/{channel}/{attachment}/{filename}   an uploaded file (attachment
                                          ``url``), with its content type
The chat page is served at ``/`` (``static/index.html``) and ``/static/...``.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Component, Embed, Emoji, MessageReference, Snowflake, convert

from . import emoji
from .rest.bodies import MessageBody
from .rest.context import UploadedFile, read_body
from .rest.errors import APIError, json_response
from .state import StateError

if TYPE_CHECKING:
    from .interactions import InteractionRecord
    from .server import Sandbox

__all__ = ["add_control_routes"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
N = TypeVar("N", int, float)


def _error(message: str, code: int = 0, status: int = 400) -> web.Response:
    return json_response({"error": message, "code": code}, status=status)


def _guarded(handler: Handler) -> Handler:
    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except StateError as exc:
            return _error(exc.message, exc.code, exc.status)
        except APIError as exc:
            return _error(exc.message, exc.code, exc.status)
        except (KeyError, ValueError, TypeError, OverflowError, msgspec.DecodeError,
                msgspec.ValidationError) as exc:
            return _error(f"bad request: {exc}")
    return wrapped


async def _json(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    data = msgspec.json.decode(raw) if raw else {}
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data


def add_control_routes(app: web.Application, sb: Sandbox) -> None:
    """Register the control API and the feed on ``app``."""
    state = sb.state

    def record_view(record: InteractionRecord) -> dict[str, Any]:
        return {"id": str(record.id), "type": record.interaction.type,
                "response_type": record.response_type, "response_data": record.response_data,
                "original": record.original, "followups": record.followups}

    async def info(request: web.Request) -> web.Response:
        return json_response({
            "url": sb.url, "api_url": sb.api_url, "gateway_url": sb.gateway_url,
            "bot": state.bot_user, "application_id": str(state.application.id),
            "guilds": [{"id": str(g.id), "name": g.name} for g in state.guilds.values()],
            "connections": len(sb.hub.live()),
        })

    async def full_state(request: web.Request) -> web.Response:
        guilds = [state.guild_snapshot(gid) for gid in state.guilds]
        people = [u for u in state.users.values() if u.id != state.bot_user.id]
        return json_response({"bot": state.bot_user, "people": people, "guilds": guilds,
                              "users": list(state.users.values()),
                              "presences": sb.hub.presence.snapshot()})

    async def users(request: web.Request) -> web.Response:
        return json_response(list(state.users.values()))

    async def members(request: web.Request) -> web.Response:
        raw = request.match_info["guild"]
        gid = next(iter(state.guilds)) if raw == "default" else int(raw)
        state.guild(gid)
        return json_response(list(state.members[gid].values()))

    async def channel_messages(request: web.Request) -> web.Response:
        limit = int(request.query.get("limit", "50"))
        messages = sb.messages(request.match_info["channel"])
        return json_response(messages[-limit:] if limit > 0 else [])

    async def commands(request: web.Request) -> web.Response:
        raw = request.query.get("guild_id")
        found = [c for c in state.commands.values()
                 if raw is None or c.guild_id is UNSET or str(c.guild_id) == raw]
        return json_response(found)

    async def rest_log(request: web.Request) -> web.Response:
        raw = request.query.get("channel")
        if raw is None:
            return json_response(list(sb.rest_log.records))
        return json_response(sb.rest_log.for_channel(state.channel(raw).id))

    async def gateway_report(request: web.Request) -> web.Response:
        return json_response(sb.gateway_report())

    async def interaction(request: web.Request) -> web.Response:
        record = sb.interactions.by_id.get(int(request.match_info["id"]))
        if record is None:
            return _error("Unknown interaction", 10062, 404)
        return json_response(record_view(record))

    async def post_message(request: web.Request) -> web.Response:
        if request.content_type.startswith("multipart/"):
            body, files = await read_body(request, _PersonMessage)
        else:
            body, files = convert(await _json(request), _PersonMessage), []
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
                                   components=body.components, message_reference=reference)
        return json_response(sb.post(author, channel, message_body, files))

    async def edit_message(request: web.Request) -> web.Response:
        data = await _json(request)
        message = await sb.edit_message(data["as"], int(request.match_info["message"]),
                                        str(data["content"]), channel=request.match_info["channel"])
        return json_response(message)

    async def delete_message(request: web.Request) -> web.Response:
        data = await _json(request) if request.can_read_body else {}
        who = request.query.get("as") or data.get("as")
        if who is None:
            raise ValueError("say who deletes: as")
        await sb.delete_message(who, int(request.match_info["message"]),
                                channel=request.match_info["channel"])
        return json_response({"ok": True})

    async def react(request: web.Request) -> web.Response:
        d = await _json(request)
        await sb.react(d["as"], int(d["message"]), str(d["emoji"]), channel=_chan(d),
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
        d = await _json(request)
        await sb.typing(d["as"], _chan(d))
        return json_response({"ok": True})

    async def presence(request: web.Request) -> web.Response:
        d = await _json(request)
        activities = d.get("activities") or []
        platforms = d.get("platforms") or ["desktop"]
        if not isinstance(activities, list) or not isinstance(platforms, list):
            return _error("activities and platforms are lists")
        await sb.set_presence(d["as"], str(d.get("status", "online")), activities=activities,
                              platforms=[str(p) for p in platforms])
        return json_response({"ok": True})

    async def join(request: web.Request) -> web.Response:
        d = await _json(request)
        guild = int(d["guild"]) if d.get("guild") else None
        if request.method == "DELETE":
            await sb.leave(d["as"], guild)
            return json_response({"ok": True})
        invite = d.get("invite")
        return json_response(await sb.join(str(d["as"]), guild,
                                           invite=str(invite) if invite else None))

    async def voice(request: web.Request) -> web.Response:
        d = await _json(request)
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
        d = await _json(request)
        guild = int(d["guild"]) if d.get("guild") else None
        act = sb.not_interested if d.get("remove") else sb.interested
        await act(d["as"], _number(d, "event", int), guild)
        return json_response({"ok": True})

    async def command(request: web.Request) -> web.Response:
        d = await _json(request)
        options = d.get("options") or {}
        if isinstance(options, list):
            options = _option_dict(options)
        if not isinstance(options, dict):
            raise ValueError('"options" must be an object {"name": value} or a list of options')
        record = await sb.invoke_command(d["as"], _chan(d), str(d["name"]), options,
                                         target=d.get("target"))
        return json_response({"id": str(record.id)})

    async def button(request: web.Request) -> web.Response:
        d = await _json(request)
        message = d["message"] if "message" in d else d["message_id"]
        record = await sb.click_button(d["as"], int(message), str(d["custom_id"]),
                                       values=d.get("values"), channel=_chan(d))
        return json_response({"id": str(record.id)})

    async def modal(request: web.Request) -> web.Response:
        files: list[UploadedFile] = []
        if request.content_type.startswith("multipart/"):
            d, files = await read_body(request, dict[str, Any])
        else:
            d = await _json(request)
        raw = d.get("values") or {}
        if not isinstance(raw, dict):
            raise ValueError('"values" must be an object: {"input_custom_id": value}')
        values = {str(k): v if isinstance(v, list | bool) or v is None else str(v)
                  for k, v in raw.items()}
        uploads = _modal_files(d.get("files") or {}, files)
        record = await sb.submit_modal(d["as"], int(d["interaction"]), values, uploads)
        return json_response({"id": str(record.id)})

    async def fault_drop(request: web.Request) -> web.Response:
        d = await _json(request)
        code = d.get("code")
        return json_response({"dropped": await sb.drop_connections(
            int(code) if code is not None else None)})

    async def fault_reconnect(request: web.Request) -> web.Response:
        return json_response({"sent": await sb.send_reconnect()})

    async def fault_invalidate(request: web.Request) -> web.Response:
        d = await _json(request)
        return json_response({"sent": await sb.invalidate_session(bool(d.get("resumable")))})

    async def fault_stall(request: web.Request) -> web.Response:
        d = await _json(request)
        sb.stall_heartbeat_acks(bool(d.get("stalled", True)))
        return json_response({"ok": True})

    async def fault_black_hole(request: web.Request) -> web.Response:
        return json_response({"sent": await sb.black_hole()})

    async def fault_rest(request: web.Request) -> web.Response:
        d = await _json(request)
        count = _number(d, "count", int, 1)
        kind = d.get("kind", "status")
        if kind == "reset":
            sb.reset_next_rest(count, after_write=bool(d.get("after_write")))
        elif kind == "slow":
            sb.slow_next_rest(count, _number(d, "seconds", float))
        elif kind == "status":
            sb.fail_next_rest(count, _number(d, "status", int, 500),
                              _number(d, "retry_after", float, 0.05),
                              after_write=bool(d.get("after_write")),
                              scope=str(d.get("scope", "user")), via=bool(d.get("via", True)))
        else:
            raise ValueError(f'kind must be "status", "reset" or "slow", not {kind!r:.40}')
        return json_response({"pending": sb.faults.pending})

    async def fault_drop_feed(request: web.Request) -> web.Response:
        return json_response({"dropped": sb.feed.drop()})

    async def advance(request: web.Request) -> web.Response:
        d = await _json(request)
        sb.clock.advance(_number(d, "seconds", float))
        return json_response({"time": sb.clock.time()})

    routes: list[tuple[str, str, Handler]] = [
        ("GET", "/info", info), ("GET", "/state", full_state), ("GET", "/users", users),
        ("GET", "/guilds/{guild}/members", members),
        ("GET", "/channels/{channel}/messages", channel_messages),
        ("GET", "/commands", commands), ("GET", "/interactions/{id}", interaction),
        ("GET", "/rest-log", rest_log), ("GET", "/emoji", emoji.handle),
        ("GET", "/gateway/report", gateway_report),
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
        ("POST", "/faults/drop", fault_drop), ("POST", "/faults/reconnect", fault_reconnect),
        ("POST", "/faults/invalidate", fault_invalidate),
        ("POST", "/faults/stall-acks", fault_stall), ("POST", "/faults/rest", fault_rest),
        ("POST", "/faults/black-hole", fault_black_hole),
        ("POST", "/faults/drop-feed", fault_drop_feed),
        ("POST", "/clock/advance", advance),
        ("GET", "/health", sb.bot_health.get), ("POST", "/health", sb.bot_health.post),
    ]
    for method, path, handler in routes:
        app.router.add_route(method, "/_sandbox" + path, _guarded(handler))
    app.router.add_get("/_sandbox/feed", sb.feed.handle)


def _chan(d: dict[str, Any]) -> Any:
    """The channel a control body names (``channel`` or ``channel_id``)."""
    return d.get("channel", d.get("channel_id"))


def _number(d: dict[str, Any], key: str, kind: type[N], default: N | None = None) -> N:
    """``d[key]`` as an int or float; a ValueError naming ``key`` when it is not one."""
    raw = d.get(key, default)
    if raw is None:
        raise ValueError(f"{key} is required")
    try:
        return kind(raw)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{key} must be a number, not {raw!r:.40}") from None


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
