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
  GET  /_sandbox/requests                {recording, requests: [{method, route, params,
                                          query, headers, json?, body, files: [{name,
                                          filename, content_type, size, data}], status}]}:
                                          the bot's REST requests as they arrived (bytes
                                          base64), see sandbox/rest/recorder.py
  POST /_sandbox/requests                {"keep"?: 1000} -> {recording: true}: record from
                                          now on (what was recorded is forgotten)
  DELETE /_sandbox/requests              -> {recording: false}: record no more
  GET  /_sandbox/health                  the bot's latest loop-health report, as it posted
                                          it (or null): see sandbox/bot_health.py
  POST /_sandbox/health                  the bot reports its health (Authorization: Bot
                                          TOKEN; a JSON object) -> 204; pushed to the page
                                          as SANDBOX_BOT_HEALTH
Acting (each produces the gateway events Discord would send)
  POST   /_sandbox/messages              {"as", "channel" | "channel_id", "content",
                                          "reply_to"?: message id | "message_reference"?:
                                          {"message_id"}, "embeds"?, "components"?,
                                          "allowed_mentions"? (as Discord's: a reply
                                          pings its author unless replied_user is
                                          false)} -> Message. Or multipart/form-data: a
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
  POST   /_sandbox/threads               {"as", "channel", "name", "message"?: id (a
                                          public thread from that message), "private"?:
                                          bool, "auto_archive_duration"?, "invitable"?}
                                          -> Channel: start a thread (THREAD_CREATE)
  POST   /_sandbox/posts                 {"as", "channel" (a forum or media channel),
                                          "name", "content", "tags"?: [id or name],
                                          "embeds"?, "auto_archive_duration"?} (or
                                          multipart with "payload_json" and "files[n]")
                                          -> the thread with its first "message" nested
  PATCH  /_sandbox/threads/{thread}      {"as", "name"?, "archived"?, "locked"?,
                                          "auto_archive_duration"?, "applied_tags"?,
                                          "invitable"?, "rate_limit_per_user"?} -> Channel
  POST   /_sandbox/threads/{thread}/members    {"as", "user"?}: join (or add "user")
  DELETE /_sandbox/threads/{thread}/members    {"as", "user"?}: leave (or take off
                                          "user"); the rules are Discord's, see
                                          people_threads.py (50013, 50083, 40067, 20016)
  POST   /_sandbox/interactions/command  {"as", "channel", "name", "options"?: {"name":
                                          value} or [{"name", "type"?, "value"} |
                                          {"name", "options": [...]} for subcommands],
                                          "target"?: user or message id, for user and
                                          message commands (context menus)}
                                          user/channel/role options take ids (or names)
                                          and fill data.resolved (the target too); or
                                          multipart with that JSON in "payload_json" and
                                          "files[n]" parts, an attachment option given
                                          as {"$file": n}
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
  GET    /_sandbox/channels/{channel}/messages/{message}/poll
                                         {"answer id": [user ids]} who voted for what
  POST   /_sandbox/polls/vote            {"as", "channel", "message", "answers": [answer
                                          ids]}: the person's votes become those (an empty
                                          list takes them back): MESSAGE_POLL_VOTE_ADD /
                                          _REMOVE; 520001 once the poll ended
  GET    /_sandbox/dms                   [Channel]: the bot's DM channels (recipients
                                          name the person)
  POST   /_sandbox/dms                   {"as"} -> Channel: the person's DM channel with
                                          the bot, made on first use (no event, as
                                          Discord); post in it with /_sandbox/messages
                                          ({"as", "with"}: the DM between two people,
                                          the bot not in it: only a user install's
                                          commands reach it from there)
  POST   /_sandbox/installs              {"as", "installed"?: true}: the person installs
                                          the app to their account (false: removes it):
                                          commands with integration_types [.., 1] are
                                          offered to them as their contexts allow
  GET    /_sandbox/threads/{thread}/starter  Message: the message a thread was started
                                          from (its id is the thread's), or null
  GET    /_sandbox/threads/{thread}/members  [user id]: the thread's members
  GET    /_sandbox/channels/{channel}/pins  {"items": [{"pinned_at", "message"}]}, newest
                                          pin first, as Discord's pins route
  PUT    /_sandbox/channels/{channel}/pins/{message}?as=alice  pin (DELETE: unpin) as
                                          the person: CHANNEL_PINS_UPDATE, and a new
                                          pin's notice; Manage or Pin Messages (50013)
  GET    /_sandbox/people/{person}/private-threads  [thread id]: the private threads the
                                          person sees (a member, or Manage Threads)
  POST   /_sandbox/interactions/autocomplete  {"as", "channel", "name", "focused":
                                          the option being typed, "options": {"name":
                                          typed text} (that one's included; nested in
                                          subcommands)}: INTERACTION_CREATE type 4 ->
                                          {"id", "choices": [...] the bot offered, or
                                          null when it offered none within 3 s}
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
                                          "kind": "slow", "seconds"} or {"count", "kind":
                                          "raw", "status", "body"?: text, "headers"?:
                                          {name: text}} (answered exactly so: an HTML
                                          502, a 429 without JSON...) -> {"pending": n}
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

from typing import TYPE_CHECKING, Any

from aiohttp import web

from tidecord.models import UNSET

from . import emoji
from .control_acting import acting_routes
from .control_bodies import Route, error_response, guarded, number, read_json
from .control_page import page_routes
from .control_threads import thread_routes
from .rest.errors import json_response

if TYPE_CHECKING:
    from .interactions import InteractionRecord
    from .server import Sandbox

__all__ = ["add_control_routes"]


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
        """The channel's newest ``limit`` messages (before message ``before``), oldest
        first: the page reads older ones as its reader scrolls up."""
        limit = int(request.query.get("limit", "50"))
        messages = sb.messages(request.match_info["channel"])
        before = request.query.get("before")
        if before is not None:
            messages = [m for m in messages if m.id < int(before)]
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

    async def requests(request: web.Request) -> web.Response:
        recorder = sb.requests
        if request.method == "POST":
            recorder.start(number(await read_json(request), "keep", int, 1000))
        elif request.method == "DELETE":
            recorder.stop()
        else:
            return json_response({"recording": recorder.on,
                                  "requests": list(recorder.records)})
        return json_response({"recording": recorder.on})

    async def gateway_report(request: web.Request) -> web.Response:
        return json_response(sb.gateway_report())

    async def interaction(request: web.Request) -> web.Response:
        record = sb.interactions.by_id.get(int(request.match_info["id"]))
        if record is None:
            return error_response("Unknown interaction", 10062, 404)
        return json_response(record_view(record))


    async def fault_drop(request: web.Request) -> web.Response:
        d = await read_json(request)
        code = d.get("code")
        return json_response({"dropped": await sb.drop_connections(
            int(code) if code is not None else None)})

    async def fault_reconnect(request: web.Request) -> web.Response:
        return json_response({"sent": await sb.send_reconnect()})

    async def fault_invalidate(request: web.Request) -> web.Response:
        d = await read_json(request)
        return json_response({"sent": await sb.invalidate_session(bool(d.get("resumable")))})

    async def fault_stall(request: web.Request) -> web.Response:
        d = await read_json(request)
        sb.stall_heartbeat_acks(bool(d.get("stalled", True)))
        return json_response({"ok": True})

    async def fault_black_hole(request: web.Request) -> web.Response:
        return json_response({"sent": await sb.black_hole()})

    async def fault_rest(request: web.Request) -> web.Response:
        d = await read_json(request)
        count = number(d, "count", int, 1)
        kind = d.get("kind", "status")
        if kind == "reset":
            sb.reset_next_rest(count, after_write=bool(d.get("after_write")))
        elif kind == "slow":
            sb.slow_next_rest(count, number(d, "seconds", float))
        elif kind == "status":
            sb.fail_next_rest(count, number(d, "status", int, 500),
                              number(d, "retry_after", float, 0.05),
                              after_write=bool(d.get("after_write")),
                              scope=str(d.get("scope", "user")), via=bool(d.get("via", True)))
        elif kind == "raw":
            body, headers = d.get("body", ""), d.get("headers", {})
            if not isinstance(body, str):
                raise ValueError("body must be text")
            if not isinstance(headers, dict):
                raise ValueError("headers must be an object of texts")
            sb.answer_next_rest(count, number(d, "status", int, 200), body.encode(), headers)
        else:
            raise ValueError(
                f'kind must be "status", "reset", "slow" or "raw", not {kind!r:.40}')
        return json_response({"pending": sb.faults.pending})

    async def fault_drop_feed(request: web.Request) -> web.Response:
        return json_response({"dropped": sb.feed.drop()})

    async def advance(request: web.Request) -> web.Response:
        d = await read_json(request)
        sb.clock.advance(number(d, "seconds", float))
        return json_response({"time": sb.clock.time()})

    routes: list[Route] = [
        ("GET", "/info", info), ("GET", "/state", full_state), ("GET", "/users", users),
        ("GET", "/guilds/{guild}/members", members),
        ("GET", "/channels/{channel}/messages", channel_messages),
        ("GET", "/commands", commands), ("GET", "/interactions/{id}", interaction),
        ("GET", "/rest-log", rest_log), ("GET", "/emoji", emoji.handle),
        ("GET", "/requests", requests), ("POST", "/requests", requests),
        ("DELETE", "/requests", requests),
        ("GET", "/gateway/report", gateway_report),
        *acting_routes(sb), *page_routes(sb), *thread_routes(sb),
        ("POST", "/faults/drop", fault_drop), ("POST", "/faults/reconnect", fault_reconnect),
        ("POST", "/faults/invalidate", fault_invalidate),
        ("POST", "/faults/stall-acks", fault_stall), ("POST", "/faults/rest", fault_rest),
        ("POST", "/faults/black-hole", fault_black_hole),
        ("POST", "/faults/drop-feed", fault_drop_feed),
        ("POST", "/clock/advance", advance),
        ("GET", "/health", sb.bot_health.get), ("POST", "/health", sb.bot_health.post),
    ]
    for method, path, handler in routes:
        app.router.add_route(method, "/_sandbox" + path, guarded(handler))
    app.router.add_get("/_sandbox/feed", sb.feed.handle)
