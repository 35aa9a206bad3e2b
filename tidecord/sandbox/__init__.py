"""A local, protocol-faithful Discord (API v10): REST and gateway for any client library.

Start one and point a bot at it (the token is made for this sandbox and run only;
``seed=`` makes world and token reproducible)::

    async with Sandbox() as sb:            # or Sandbox(host, port, world, seed, **options)
        print(sb.describe())               # api_url, gateway_url, token, chat page
        await sb.send_message("alice", "general", ".idea")
        reply = await sb.wait_for_message(author=sb.bot_user, timeout=5)

Where things are: ``sb.url`` (chat page at ``/``, control API under
``/_sandbox/``, see :mod:`tidecord.sandbox.control`), ``sb.api_url``
(``http://HOST:PORT/api/v10``), ``sb.gateway_url`` (``ws://HOST:PORT/gateway``, also
what GET /gateway/bot answers), ``sb.token``, ``sb.bot_user``, ``sb.guild`` (the
first guild), ``sb.channel("general")``, ``sb.user("alice")``, ``sb.messages("general")``.

State: ``sb.state.guilds`` (dict id -> Guild, in world order),
``sb.state.guild_channels[guild_id]`` (dict id -> Channel), ``sb.state.roles[guild_id]``,
``sb.state.members[guild_id]`` (dict user id -> Member), ``sb.state.messages[channel_id]``
(dict id -> Message, oldest first), ``sb.state.reaction_users(message_id, emoji)``,
``sb.state.commands``, ``sb.interactions.by_id``.

Options (keywords of :class:`Sandbox`): ``world`` (None = default world, a
:class:`World`, or a JSON file path), ``seed``, ``heartbeat_interval`` (ms),
``rate_limits=RateLimits(routes={"POST /channels/{channel_id}/messages": (5, 1.0)},
global_limit=50, global_per=1.0, default=(50, 1.0))``, ``shard_count`` (what
/gateway/bot recommends), ``max_concurrency``, ``identify_interval`` (s per
concurrency bucket; faster identifies get op 9), ``max_guilds_per_shard`` (over it:
4011), ``gateway_send_limit`` ((120, 60.0): over it 4008), ``resume_timeout``,
``session_start_limit`` ((1000, 86400.0): identifies per period, as GET /gateway/bot
reports them; past zero an identify gets op 9),
``privileged_intents`` (e.g. ``[]`` or ``["GUILD_MEMBERS"]``: asking for another
privileged intent closes with 4014), ``full_member_lists`` (GUILD_CREATE carries every
member even past large_threshold; for benchmarks).

Acting as people: ``send_message(author, channel, content, reply_to=, embeds=,
files=[path | (name, bytes)], components=, poll=)``, ``send_dm(author, content)``,
``edit_message``, ``delete_message``,
``react(user, message, "👍", remove=False)``, ``vote_poll(user, message, answer_ids)``
(their votes become those answers), ``remove_poll_vote(user, message)``, ``typing``,
``join(name)``,
``leave(name)``, threads and posts (``people_threads.py``): ``start_thread(user,
channel, name, message=, private=)``, ``create_post(user, forum, name, content,
tags=, files=)``, ``edit_thread(user, thread, name=, archived=, locked=,
applied_tags=)``, ``join_thread``, ``leave_thread``, ``add_to_thread(user, thread,
who)``, ``remove_from_thread``; ``invoke_command(user, channel, name, {"option": value},
target=)`` (``target``: the user or message of a context menu),
``autocomplete(user, channel, name, {"option": "ap"}, focused="option")``,
``click_button(user, message, custom_id, values=)`` (select values: option values,
or users / roles / channels, resolved; an ephemeral answer's buttons work for the
person it was shown to), ``submit_modal(user, record, {"input_id": "text",
"select_id": ["value"]}, files={"upload_id": [path]})``; the last four return an
:class:`InteractionRecord` (``await record.wait_response()``, then
``record.response_type``, ``record.original``, ``record.followups``,
``record.modal``; the first follow-up of a deferred answer takes the place of its
"thinking" message, as on Discord, so it is ``record.original`` too). Components (v2
layouts included) are kept as sent, numbered, with ``attachment://`` media resolved;
what Discord refuses (a select value not
among the options, a required modal input left empty) raises a 50035
:class:`StateError`. Waiting:
``wait_for_message(channel=, author=, timeout=, check=)`` returns the first matching
message newer than the last one a person sent (or the last one it returned; one edited
into a match counts), and
``wait_for_dispatch(event, check)``.

HTTP interactions: ``await sb.set_interactions_endpoint(url)`` (or PATCH
/applications/@me ``{"interactions_endpoint_url"}``) checks a loopback endpoint as
Discord does (PING -> PONG, a bad signature -> 401), then POSTs every interaction
there, signed with the key whose public half is the application's ``verify_key``,
instead of the gateway; ``record.delivery_error`` says when the endpoint failed.

Faults: ``await sb.drop_connections(code=None)`` (None: TCP dropped, else that close
code; sessions stay resumable), ``await sb.send_reconnect()`` (op 7),
``await sb.invalidate_session(resumable=False)`` (op 9),
``sb.stall_heartbeat_acks(True)``, ``await sb.black_hole()`` (connections go silent both
ways; what they miss waits in the session for a resume), ``sb.tamper_next("HELLO" |
"READY", b'{"bad": 1}')``, ``await sb.inject_dispatch("MESSAGE_CREATE", b'{"bad": 1}')``
and ``await sb.inject_frame(b"not json", compress=True)`` (bad input for clients);
``drop_connections``, ``send_reconnect``, ``invalidate_session`` and ``black_hole``
take ``shard=N`` to hit that shard's connection only.
``await sb.guild_outage(guild=None)`` (GUILD_DELETE ``unavailable``; nothing of the
guild reaches the bot, a new READY lists it with no GUILD_CREATE) and
``await sb.end_guild_outage(guild=None)`` (GUILD_CREATE ``unavailable`` false). The bot
joins and leaves guilds: ``await sb.add_bot_to_guild({"name": ..., "owner": ...})`` (a
world file's guild; GUILD_CREATE without ``unavailable``) and
``await sb.remove_bot_from_guild(guild)`` (GUILD_DELETE). User installs:
``sb.install_app_for(user, installed=True)`` (the person installs the app to their
account), ``sb.dm_between(user, other)`` (a DM between people, the bot not in it) and
``sb.add_guild_without_bot({...})`` (a guild the bot is not in): there a command is
offered only through the person's install, as its ``integration_types`` say.
REST: ``sb.fail_next_rest(n, status=500 | 429, retry_after=0.05, after_write=False,
scope="user" | "global" | "shared", via=True)`` (``after_write``: applied, then the
error), ``sb.reset_next_rest(n, after_write=False)`` (connection dropped),
``sb.slow_next_rest(n, seconds)``, ``sb.answer_next_rest(n, status, body, headers)``
(any raw answer). Message sends honour ``nonce`` with ``enforce_nonce`` as Discord
does (the author's nonce within 5 minutes returns the first message). A bad
token closes the gateway with 4004 and REST answers 401; in the default world the bot
lacks SEND_MESSAGES in #announcements (50013). Discord's maximums apply: 500 channels
(30013), 250 roles (30005) and 1000 threads (160006) per guild; 10 files of up to
10 MiB per message (50035, 40005); at most 10,000 pending REST faults.

Security (:mod:`tidecord.sandbox.security`): requests naming another ``Host`` (DNS
rebinding) or coming from another origin or site (a web page) are refused with 403;
client libraries send neither and are served. Bound beyond loopback
(``host="0.0.0.0"``), the sandbox warns and the control API and chat page need
``secret`` (made up unless given; ``sb.chat_url`` carries it). Uploads keep only a
plain filename and are served with ``nosniff``, as downloads (images inline); a
malformed multipart part is a 400, never a dropped file.

Watching the bot: ``sb.record_requests(keep=1000)`` (opt-in: every REST request it
sends from then on, as it arrived: ``sb.requests.records``, ``sb.requests.find("POST",
"/channels/{channel_id}/messages")``, each a ``RecordedRequest`` with ``method``,
``route`` (the template; no token is kept), ``params``, ``query``, ``headers``,
``json`` (the body or ``payload_json`` decoded as sent: a key left out is not a
``null``), ``files`` (each part's ``name``, ``filename``, ``content_type``, ``data``)
and ``status``; ``sb.requests.stop()``), ``sb.rest_log.records`` (its failed and
rate-limited REST calls, also used-up buckets with a long wait; the chat page shows
them where they happened),
``sb.hub.presence.status`` (``"offline"`` while it has no live gateway connection,
else what it set in Identify or op 3; ``in_guild(guild_id)``: what that guild's shard
set), ``sb.bot_health.latest`` (the loop-health
report a tidecord bot publishes, opt-in, with
``tidecord.metrics.publish.HealthPublisher``; ``tidecord run`` does it on its
embedded sandbox: the chat page's health panel shows it).

Judging sharding (``sb.gateway_report()``, or GET /_sandbox/gateway/report): identifies
and resumes per shard, identify-bucket violations (an identify inside its bucket's
window), identifies refused past the session start limit, closes by code (4008
included), the most sessions of one shard live at once (``shards_held_twice``), and
for every dispatch routed to a shard how often it went out (``lost``: never,
``duplicated``: sent again, as a resume from an older seq replays). A session may be
resumed from any connection (another process, another machine); a client closing
with 1000 or 1001 ends its session, as on Discord.

Time: ``sb.clock.advance(seconds)`` (interaction tokens: 3 s to answer, 15 min to
follow up). Benchmarks: ``World.generate(guilds, members_per_guild, channels,
roles, seed=)`` and ``await sb.firehose(channel, count, contents=["a", "b"])`` ->
:class:`FirehoseResult` (``sent``, ``connections``, ``seconds``, ``rate``).

pytest: the ``sandbox`` fixture (and ``sandbox_factory``, ``sandbox_clock``, ``run_bot``,
``discord_py_sandbox``) come with tidecord's plugin; see :mod:`tidecord.sandbox.fixtures`.
"""

from .clock import Clock
from .gateway import FirehoseResult
from .interactions import InteractionRecord
from .rest.ratelimit import RateLimits
from .server import Sandbox
from .state import State, StateError
from .world import World

__all__ = [
    "Clock",
    "FirehoseResult",
    "InteractionRecord",
    "RateLimits",
    "Sandbox",
    "State",
    "StateError",
    "World",
]
