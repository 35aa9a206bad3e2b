"""Paged reads, generated: worlds of 0, 1 and a few hundred items (pages of 50, 100 or
1,000 cut at their edges), and calls drawn from a seeded random, each bound an object,
a message, an aware or a naive datetime, on an item or between two.

Every call runs on tidecord and on discord.py 2.7.1 against the same sandbox (reads
change nothing), and must yield the same ids in the same order, or raise the same
error (class and message), and send the same requests (method, route, query).

Also compared: the single-request lists (emojis, stickers, roles, channels, a thread's
members...), the bot's guilds, bans past a page of 1,000, and ``purge`` (a paged read
that deletes, so each library gets its own sandbox).

Left out on purpose, where tidecord parts from discord.py knowingly: a bare int as a
bound (tidecord takes it as an id; discord.py asks it for ``.id``); a scheduled
event's ``users()`` (discord.py 2.7.1 pages it as if Discord answered newest first, so
it repeats people, and compares a str id with an int); ``fetch_members`` past 1,000
members (discord.py 2.7.1 never counts its ``limit`` down, so it reads them all); and
``entitlements(exclude_deleted=False)`` (discord.py 2.7.1 drops it paging forwards).
"""

from __future__ import annotations

import dataclasses
import datetime
import random
from collections.abc import AsyncIterator, Callable
from typing import Any

import discord as dpy
import pytest

import tidecord
from tidecord.models import PollCreate, convert
from tidecord.models.base import snowflake_time
from tidecord.sandbox import RateLimits, Sandbox, World
from tidecord.sandbox.rest.audit import keep

from .parity import running

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]

#: Paging is under test here, not the rate limits: nothing is ever refused a 429.
UNLIMITED = RateLimits(global_limit=1_000_000, default=(1_000_000, 1.0), routes={})
#: Calls drawn per read and per world, besides the fixed edge cases.
DRAWN = 30
KICK, BAN, UNBAN = 20, 22, 23
INDIA = datetime.timezone(datetime.timedelta(hours=5, minutes=30))


def paging_world(n: int) -> World:
    """alice, ``n`` people who stay (they react, vote and start threads) and ``n`` who
    are banned, with every permission a person needs for that."""
    people = [f"p{i:03}" for i in range(n)]
    banned = [f"b{i:03}" for i in range(n)]
    return World.from_dict({
        "users": [{"username": name} for name in ["alice", *people, *banned]],
        "guilds": [{
            "name": "Sandbox", "owner": "alice", "bot_permissions": ["administrator"],
            "roles": [{"name": "@everyone", "permissions": [
                "view_channel", "send_messages", "read_message_history", "add_reactions",
                "create_public_threads", "create_private_threads",
                "send_messages_in_threads"]}],
            "channels": [{"name": "archive"}, {"name": "pinned"}, {"name": "threads"},
                         {"name": "general"}, {"name": "Lounge", "type": 2}],
            "members": ["alice", *people],
            "emojis": [{"name": f"e{i}"} for i in range(3)],
            "stickers": [{"name": f"s{i}"} for i in range(2)],
        }],
        "skus": ["Supporter", {"name": "Coins", "type": "consumable"}],
    })


@dataclasses.dataclass
class Seeded:
    """The ids of each kind of item the world holds, oldest (or lowest) first."""

    guild: int
    messages: list[int]
    pins: list[int]
    bans: list[int]
    audit: list[int]
    members: list[int]
    reactors: list[int]
    voters: list[int]
    threads: list[int]
    private_threads: list[int]
    people: list[int]
    reacted: int = 0
    poll: int = 0
    guilds: list[int] = dataclasses.field(default_factory=list)
    entitlements: list[int] = dataclasses.field(default_factory=list)
    club: int = 0


async def seed(sb: Sandbox, n: int) -> Seeded:
    """``n`` of everything, one a second on the sandbox clock."""
    state = sb.state
    gid = int(sb.guild.id)
    people = [int(sb.user(f"p{i:03}").id) for i in range(n)]
    out = Seeded(guild=gid, messages=[], pins=[], bans=[], audit=[], members=[],
                 reactors=people, voters=sorted(people), threads=[], private_threads=[],
                 people=people)
    pinned = int(sb.channel("pinned").id)
    for i in range(n):
        out.messages.append(int((await sb.send_message("alice", "archive", f"m{i}")).id))
        pin = await sb.send_message("alice", "pinned", f"pin {i}")
        state.pin(pinned, int(pin.id))
        out.pins.append(int(pin.id))
        entry = keep(state, gid, (KICK, BAN, UNBAN)[i % 3], people[i], people[i])
        out.audit.append(int(entry["id"]))
        thread = await sb.start_thread(people[i], "threads", f"t{i}", private=i % 2 == 1)
        await sb.edit_thread(people[i], thread, archived=True)
        (out.private_threads if i % 2 else out.threads).append(int(thread.id))
        sb.clock.advance(1)
    for i in range(n):
        uid = int(sb.user(f"b{i:03}").id)
        state.ban(gid, uid)
        out.bans.append(uid)
    out.bans.sort()
    out.audit = [int(entry["id"]) for entry in state.audit_log.get(gid, [])]  # threads' too
    out.members = sorted([*people, int(sb.user("alice").id), int(sb.bot_user.id)])
    reacted = await sb.send_message("alice", "general", "react here")
    poll = await sb.send_message("alice", "general", poll=convert({
        "question": {"text": "Lunch?"}, "duration": 4,
        "answers": [{"poll_media": {"text": "Soup"}}, {"poll_media": {"text": "Salad"}}],
    }, PollCreate))
    out.reacted, out.poll = int(reacted.id), int(poll.id)
    club = await sb.start_thread("alice", "general", "club")
    out.club = int(club.id)
    for n, uid in enumerate(people):
        await sb.react(uid, reacted, "👍")
        await sb.vote_poll(uid, poll, 1)
        await sb.join_thread(uid, club)
        out.entitlements.append(int(sb.buy(uid, ("Supporter", "Coins")[n % 2]).id))
        sb.clock.advance(1)
    return out


def guilds_world(n: int) -> World:
    """The bot in ``n`` guilds (pages of 200), and nothing else."""
    return World.from_dict({"users": [{"username": "alice"}], "guilds": [
        {"name": f"g{i}", "owner": "alice", "members": ["alice"]} for i in range(n)]})


def bans_world(n: int) -> World:
    """``n`` banned (pages of 1,000), and alice."""
    return World.from_dict({
        "users": [{"username": name} for name in ["alice", *(f"b{i:04}" for i in range(n))]],
        "guilds": [{"name": "Sandbox", "owner": "alice", "bot_permissions": ["administrator"],
                    "channels": [{"name": "general"}], "members": ["alice"]}]})


def bans_seeded(sb: Sandbox, n: int) -> Seeded:
    gid = int(sb.guild.id)
    banned = sorted(int(sb.user(f"b{i:04}").id) for i in range(n))
    for uid in banned:
        sb.state.ban(gid, uid)
    return Seeded(guild=gid, messages=[], pins=[], bans=banned, audit=[], members=[],
                  reactors=[], voters=[], threads=[], private_threads=[], people=[])


def guilds_seeded(sb: Sandbox) -> Seeded:
    return Seeded(guild=0, messages=[], pins=[], bans=[], audit=[], members=[], reactors=[],
                  voters=[], threads=[], private_threads=[], people=[],
                  guilds=sorted(int(g.id) for g in sb.state.guilds.values()))


# -- arguments ------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Bound:
    """A ``before=`` / ``after=`` / ``around=``: an item (or 1 ms past it, between it and
    the next) named as ``kind``: an Object, a Message, or a datetime: in UTC ("aware"),
    in India ("offset", +05:30) or without a zone ("naive")."""

    kind: str
    id: int

    def value(self, discord: Any, messages: dict[int, Any]) -> Any:
        if self.kind == "object":
            return discord.Object(id=self.id)
        if self.kind == "message":
            return messages[self.id]
        when = snowflake_time(self.id)
        if self.kind == "offset":
            return when.astimezone(INDIA)
        return when if self.kind == "aware" else when.replace(tzinfo=None)

    def __repr__(self) -> str:
        return f"{self.kind}({self.id})"


def bounds(rng: random.Random, ids: list[int], kinds: tuple[str, ...]) -> Bound:
    """A bound on an item, just past one, or outside them all."""
    kind = rng.choice(kinds)
    pick = rng.random()
    if not ids or pick < 0.1:
        # Before the first item or past the last (by 2084).
        return Bound("object" if kind == "message" else kind,
                     rng.choice([1 << 22, (1 << 63) - 1]))
    item = rng.choice(ids)
    if kind in ("aware", "offset", "naive"):
        # A datetime names a millisecond: on an item's, or one after it.
        return Bound(kind, item + (rng.choice([0, 1]) << 22))
    return Bound(kind, item + (1 if pick < 0.3 and kind == "object" else 0))


@dataclasses.dataclass(frozen=True)
class Read:
    """One paged read: which, and how to draw its calls."""

    name: str
    ids: Callable[[Seeded], list[int]]
    limits: tuple[int | None, ...]
    bound_names: tuple[str, ...]
    kinds: tuple[str, ...] = ("object", "aware", "offset", "naive")
    oldest_first: bool = False
    fixed: tuple[dict[str, Any], ...] = ()
    extra: Callable[[random.Random], dict[str, Any]] | None = None


def drawn(read: Read, rng: random.Random, seeded: Seeded) -> list[dict[str, Any]]:
    """The fixed calls, each limit alone, and ``DRAWN`` drawn at random."""
    ids = read.ids(seeded)
    calls: list[dict[str, Any]] = [{}] if read.limits else []
    calls += read.fixed
    calls += [{"limit": limit} for limit in read.limits]
    for _ in range(DRAWN if read.limits else 0):
        call: dict[str, Any] = {}
        if rng.random() < 0.8:
            call["limit"] = rng.choice(read.limits)
        for name in read.bound_names:
            if rng.random() < 0.45:
                call[name] = bounds(rng, ids, read.kinds)
        if read.oldest_first and rng.random() < 0.5:
            call["oldest_first"] = rng.random() < 0.5
        if read.extra is not None:
            call.update(read.extra(rng))
        calls.append(call)
    return calls


def _entitlements_extra(rng: random.Random) -> dict[str, Any]:
    narrowed = rng.choice(["skus", "user", "guild", "exclude_ended", None, None])
    return {} if narrowed is None else {narrowed: True}


def _threads_extra(rng: random.Random) -> dict[str, Any]:
    private = rng.random() < 0.5
    return {"private": private, "joined": private and rng.random() < 0.5}


HUNDREDS = (None, 0, -1, 1, 2, 50, 99, 100, 101, 150, 199, 200, 201)
READS = (
    Read("history", lambda s: s.messages, (*HUNDREDS, 102),
         ("before", "after", "around"), ("object", "message", "aware", "offset", "naive"),
         True,
         fixed=({"around": "middle", "limit": 0}, {"around": "middle", "limit": -2},
                {"around": "middle", "limit": 101}, {"around": "middle", "limit": 102},
                {"around": "middle", "limit": None})),
    Read("bans", lambda s: s.bans, (None, 0, 1, 2, 150, 999, 1000, 1001),
         ("before", "after"), ("object",),
         fixed=({"before": "middle", "after": "middle"},)),
    Read("audit_logs", lambda s: s.audit, HUNDREDS, ("before", "after"),
         oldest_first=True,
         fixed=({"after": "middle", "limit": None},
                {"before": "middle", "limit": None, "oldest_first": True}),
         extra=lambda rng: {"action": rng.choice([None, KICK, BAN])}),
    Read("fetch_members", lambda s: s.members, (None, 0, 1, 2, 150, 999, 1000, 1001),
         ("after",), ("object", "aware")),
    Read("reactors", lambda s: s.reactors, HUNDREDS, ("after",), ("object",),
         fixed=({"after": "zero", "limit": 3},)),
    Read("voters", lambda s: s.voters, HUNDREDS, ("after",), ("object",),
         fixed=({"after": "zero", "limit": 3},)),
    Read("archived_threads", lambda s: s.threads + s.private_threads,
         (None, 0, 1, 2, 3, 50, 99, 100, 101), ("before",),
         fixed=({"joined": True}, {"private": True, "joined": True, "limit": None}),
         extra=_threads_extra),
    Read("pins", lambda s: s.pins, (None, 0, -1, 1, 2, 49, 50, 51, 100, 101, 150),
         ("before",), oldest_first=True),
    # exclude_deleted=False is left out: discord.py 2.7.1 drops it paging forwards.
    Read("entitlements", lambda s: s.entitlements, HUNDREDS, ("before", "after"),
         fixed=({"before": "middle", "after": "middle"},), extra=_entitlements_extra),
    # Lists read in one request each.
    Read("lists", lambda s: [], (), (), fixed=tuple({"what": what} for what in (
        "fetch_emojis", "fetch_stickers", "fetch_roles", "fetch_channels", "active_threads",
        "fetch_scheduled_events", "fetch_automod_rules", "webhooks", "invites",
        "thread_members"))),
)
BAN_READS = tuple(read for read in READS if read.name == "bans")
GUILD_READS = (
    Read("fetch_guilds", lambda s: s.guilds, (None, 0, -1, 1, 2, 199, 200, 201, 400, 401),
         ("before", "after"), fixed=({"with_counts": False, "limit": 3},
                                     {"before": "last", "after": "first", "limit": None})),
)


# -- running a read -------------------------------------------------------------------
async def reading(read: Read, discord: Any, bot: Any, seeded: Seeded,
                  call: dict[str, Any], messages: dict[int, Any]) -> AsyncIterator[Any]:
    """The async iterator ``call`` makes of ``read`` in one library."""
    ids = read.ids(seeded)
    middle = ids[len(ids) // 2] if ids else 1 << 22
    options: dict[str, Any] = {}
    for key, value in call.items():
        if value == "middle":
            value = Bound("object", middle)
        elif value == "zero":
            value = Bound("object", 0)
        elif value in ("first", "last"):
            value = Bound("object", (ids[0] if value == "first" else ids[-1]) if ids else 1)
        if isinstance(value, Bound):
            value = value.value(discord, messages)
        if key == "action":
            value = None if value is None else discord.AuditLogAction(value)
            if value is None:
                continue
        options[key] = value
    if read.name == "fetch_guilds":
        return bot.fetch_guilds(**options)
    if read.name == "entitlements":
        if "skus" in options:
            options["skus"] = (await bot.fetch_skus())[:1]
        if "user" in options:
            options["user"] = discord.Object(seeded.people[0] if seeded.people else 1)
        if "guild" in options:
            options["guild"] = discord.Object(seeded.guild)
        return bot.entitlements(**options)
    guild = bot.get_guild(seeded.guild)
    named = {c.name: c for c in guild.text_channels}
    if read.name == "history":
        return named["archive"].history(**options)
    if read.name == "bans":
        return guild.bans(**options)
    if read.name == "audit_logs":
        return guild.audit_logs(**options)
    if read.name == "fetch_members":
        return guild.fetch_members(**options)
    if read.name == "archived_threads":
        return named["threads"].archived_threads(**options)
    if read.name == "pins":
        return named["pinned"].pins(**options)
    if read.name == "lists":
        return _each(await listed(bot, guild, seeded, options["what"]))
    if read.name == "reactors":
        message = await named["general"].fetch_message(seeded.reacted)
        return message.reactions[0].users(**options)
    message = await named["general"].fetch_message(seeded.poll)
    return message.poll.answers[0].voters(**options)


async def listed(bot: Any, guild: Any, seeded: Seeded, what: str) -> list[Any]:
    if what == "thread_members":
        thread = await bot.fetch_channel(seeded.club)
        return list(await thread.fetch_members())
    return list(await getattr(guild, what)())


async def _each(items: list[Any]) -> AsyncIterator[Any]:
    for item in items:
        yield item


def outcome(sb: Sandbox, got: Any, ids: list[int]) -> Any:
    """What a read yielded (as indexes into the world's items, or raw ids), or raised."""
    if isinstance(got, BaseException):
        return f"{type(got).__name__}: {got}"
    index = {item: n for n, item in enumerate(ids)}
    return [index.get(item, item) for item in got]


#: Discord reads a query's true and 1 alike (discord.py sends 1, tidecord true).
_BOOLEANS = {"true": "1", "false": "0"}
#: What Discord assumes when left out: sent or not, the same request.
_DEFAULTS = {("exclude_deleted", "true"), ("exclude_deleted", "1")}


def item_id(item: Any) -> int:
    """An item's id; a ban's is its user's (a ban has none of its own)."""
    return int(item.id if hasattr(item, "id") else item.user.id)


async def every_outcome(library: str, sb: Sandbox, seeded: Seeded,
                        plan: list[tuple[Read, dict[str, Any]]]) -> list[Any]:
    """Each planned call's outcome on ``library``: what it yielded, and what it sent."""
    discord = tidecord if library == "tidecord" else dpy
    said = []

    def client(discord: Any, commands: Any) -> Any:
        if discord is tidecord:  # tidecord paces itself to 50 requests a second
            return discord.Client(intents=discord.Intents.all(), rest_global_rate=1_000_000)
        return discord.Client(intents=discord.Intents.all())

    async with running(library, sb, client) as bot:
        messages = {}
        if seeded.messages:
            archive = bot.get_channel(int(sb.channel("archive").id))
            messages = {mid: await archive.fetch_message(mid) for mid in seeded.messages}
        for read, call in plan:
            requests = sb.record_requests()
            try:
                items = await reading(read, discord, bot, seeded, call, messages)
                got: Any = [item_id(item) async for item in items]
            except Exception as exc:  # the error is the outcome compared
                got = exc
            sent = [(r.method, r.route, sorted((k, _BOOLEANS.get(v, v)) for k, v in r.query
                                               if (k, v) not in _DEFAULTS))
                    for r in requests.records
                    if r.route not in ("/channels/{channel_id}/messages/{message_id}",)]
            said.append((read.name, call, outcome(sb, got, read.ids(seeded)), sent))
    return said


def differences(ours: list[Any], theirs: list[Any]) -> str:
    """The first difference of each read, and how many calls of it differ."""
    differ: dict[str, list[str]] = {}
    for a, b in zip(ours, theirs, strict=True):
        if a[2:] != b[2:]:
            differ.setdefault(a[0], []).append(
                f"{a[0]}({a[1]}):\n  tidecord:   {str(a[2])[:200]} {a[3]}"
                f"\n  discord.py: {str(b[2])[:200]} {b[3]}")
    return "\n".join(f"{len(found)} x {found[0]}" for found in differ.values())


async def compared(sb: Sandbox, seeded: Seeded, reads: tuple[Read, ...], seed: str) -> str:
    rng = random.Random(seed)
    plan = [(read, call) for read in reads for call in drawn(read, rng, seeded)]
    ours = await every_outcome("tidecord", sb, seeded, plan)
    theirs = await every_outcome("discord.py", sb, seeded, plan)
    return differences(ours, theirs)


@pytest.mark.parametrize("n", [0, 1, 2, 99, 100, 101, 199, 200, 201, 250])
async def test_paged_reads_yield_and_ask_as_in_discord_py(sandbox_factory: Any, n: int) -> None:
    sb = await sandbox_factory(world=paging_world(n), rate_limits=UNLIMITED)
    seeded = await seed(sb, n)
    found = await compared(sb, seeded, READS, f"pages {n}")
    assert not found, found


@pytest.mark.parametrize("n", [0, 1, 199, 200, 201, 401])
async def test_the_bots_guilds_page_as_in_discord_py(sandbox_factory: Any, n: int) -> None:
    sb = await sandbox_factory(world=guilds_world(n), rate_limits=UNLIMITED)
    found = await compared(sb, guilds_seeded(sb), GUILD_READS, f"guilds {n}")
    assert not found, found


@pytest.mark.parametrize("n", [1001, 2001])
async def test_bans_past_a_page_of_a_thousand_as_in_discord_py(sandbox_factory: Any,
                                                                n: int) -> None:
    sb = await sandbox_factory(world=bans_world(n), rate_limits=UNLIMITED)
    found = await compared(sb, bans_seeded(sb, n), BAN_READS, f"bans {n}")
    assert not found, found


# -- purge: a paged read that deletes ----------------------------------------------------
def purge_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice"}, {"username": "bob"}, {"username": "carol"}],
        "guilds": [{"name": "Sandbox", "owner": "alice", "bot_permissions": ["administrator"],
                    "channels": [{"name": "general"}],
                    "members": ["alice", "bob", "carol"]}]})


async def purge_thread(sb: Sandbox) -> tuple[int, list[int]]:
    """A thread of 40 messages with the notices Discord keeps among them (bob and carol
    added, a rename, carol removed): its id and its messages' ids, oldest first."""
    thread = await sb.start_thread("alice", "general", "chat")
    said = []
    for n in range(40):
        said.append(int((await sb.send_message(("alice", "bob")[n % 2], thread, f"m{n}")).id))
        if n == 5:
            await sb.add_to_thread("alice", thread, "bob")
        elif n == 12:
            await sb.edit_thread("alice", thread, name="renamed")
        elif n == 20:
            await sb.add_to_thread("alice", thread, "carol")
        elif n == 30:
            await sb.remove_from_thread("alice", thread, "carol")
        sb.clock.advance(1)
    return int(thread.id), said


async def purged(library: str, sb_factory: Any) -> list[Any]:
    """What each purge returned, what it sent and what the thread kept after it."""
    sb = await sb_factory(world=purge_world(), rate_limits=UNLIMITED)
    thread_id, said = await purge_thread(sb)
    discord = tidecord if library == "tidecord" else dpy
    calls: list[dict[str, Any]] = [
        {"limit": 6, "check": lambda m: m.content.endswith(("1", "3", "5"))},
        {"limit": 3, "bulk": False},
        {"before": discord.Object(said[25]), "after": discord.Object(said[8])},
        {"around": discord.Object(said[5]), "limit": 7, "oldest_first": True},
        {"after": discord.Object(said[2]), "limit": 2},
        {"limit": 1},
        {"limit": None},
    ]
    out: list[Any] = []

    def client(discord: Any, commands: Any) -> Any:
        extra = {"rest_global_rate": 1_000_000} if discord is tidecord else {}
        return discord.Client(intents=discord.Intents.all(), **extra)

    async with running(library, sb, client) as bot:
        thread = await bot.fetch_channel(thread_id)
        for call in calls:
            requests = sb.record_requests()
            try:
                got: Any = [m.content for m in await thread.purge(**call)]
            except Exception as exc:  # the error is the outcome compared
                got = f"{type(exc).__name__}: {exc}"
            sent = [(r.method, r.route, r.status, len(r.json["messages"])
                     if r.route.endswith("bulk-delete") else None) for r in requests.records]
            kept = [f"{int(m.type)}:{m.content}" for m in sb.state.messages[thread_id].values()]
            out.append((got, sent, kept))
    return out


async def test_purge_passes_over_the_notices_discord_keeps_as_in_discord_py(
        sandbox_factory: Any) -> None:
    ours = await purged("tidecord", sandbox_factory)
    theirs = await purged("discord.py", sandbox_factory)
    for n, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        assert a == b, f"purge call {n}:\n  tidecord:   {a}\n  discord.py: {b}"
    # In the end only the notices are left, none of which fails a bulk delete.
    assert [line.partition(":")[0] for line in ours[-1][2]] == ["1", "4", "1", "2"]


async def purged_with_one_gone(library: str, sb_factory: Any, bulk: bool) -> Any:
    """purge's outcome when one message it read is deleted (by its author, say) before
    purge deletes it."""
    sb = await sb_factory(world=purge_world(), rate_limits=UNLIMITED)
    thread_id, _ = await purge_thread(sb)

    def client(discord: Any, commands: Any) -> Any:
        extra = {"rest_global_rate": 1_000_000} if discord is tidecord else {}
        return discord.Client(intents=discord.Intents.all(), **extra)

    def check(message: Any) -> bool:
        if message.content == "m37":
            sb.state.delete_message(thread_id, message.id)
        return True

    async with running(library, sb, client) as bot:
        thread = await bot.fetch_channel(thread_id)
        try:
            got: Any = [m.content for m in await thread.purge(limit=5, check=check, bulk=bulk)]
        except Exception as exc:  # the error is the outcome compared
            got = f"{type(exc).__name__}: {exc}"
        return got, [m.content for m in sb.state.messages[thread_id].values()][-3:]


@pytest.mark.parametrize("bulk", [True, False])
async def test_purge_passes_over_a_message_already_gone_as_in_discord_py(
        sandbox_factory: Any, bulk: bool) -> None:
    ours = await purged_with_one_gone("tidecord", sandbox_factory, bulk)
    theirs = await purged_with_one_gone("discord.py", sandbox_factory, bulk)
    assert ours == theirs
