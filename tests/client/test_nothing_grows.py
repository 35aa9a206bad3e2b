"""Nothing the bot holds grows without bound over a long run.

A bot runs on the sandbox through rounds of everyday churn: people join, use a
command with a per-person cooldown (which waits for a reply that never comes, and
calls a thread), react to their message, write to the bot in DMs (it answers each
one there), show a presence, get edited while nobody looked at them, and leave; the
bot sends a view that times out, makes and deletes a webhook, resumes its session,
and runs a ``tasks.loop``. Once the counts have settled (a warm-up that fills the
message cache and the DM channels the bot keeps), everything reachable from the
client is counted by class, and so is every object the bot made that the collector
still holds (its messages, users, members, channels, wherever they are); after each
further round no class may keep growing.

The loop watchdog's records (``tidecord.health``: stalls and their frames) are left
out of the count: they are bounded by their own caps, and a machine that stalls
during the run adds them at random.
"""

from __future__ import annotations

import asyncio
import collections
import gc
import logging
import sys
import types
import weakref
from collections.abc import Iterator
from typing import Any

import msgspec
import pytest

import tidecord
from tidecord import ui
from tidecord.cache import MemberCachePolicy
from tidecord.ext import commands, tasks
from tidecord.models import Channel, Member, Message, User
from tidecord.sandbox import Sandbox, World

from ..discordpy_ready import ready_at_once
from .client_helpers import start_client, until

pytestmark = pytest.mark.timeout(90)

# People per round: enough that a leak of one thing per person shows far above noise.
PER_ROUND = 40
# The warm-up's people: more than the 128 DM channels a bot keeps.
WARM_UP = 140
# A class may differ by this much between two counts without growing (objects in
# flight: a handler that just ended, a heartbeat's buffer).
SLACK = 12
BOT_BOUND = (Message, User, Member, Channel)


class SoakBot(commands.Bot):
    def __init__(self, **options: Any) -> None:
        intents = tidecord.Intents.all()
        options.setdefault("max_messages", 60)
        super().__init__(command_prefix="!", intents=intents, **options)
        self.used = 0
        self.dms = 0
        self.resumes = 0
        self.ticks = 0
        self.seen: set[str] = set()
        self.add_command(hi)

    async def setup_hook(self) -> None:
        self.tick.start()

    @tasks.loop(seconds=0.02)
    async def tick(self) -> None:
        self.ticks += 1

    async def on_resumed(self) -> None:
        self.resumes += 1

    async def on_message(self, message: tidecord.Message) -> None:
        if message.author.bot:
            return
        if message.content.startswith("done "):
            self.seen.add(message.content)
            return
        if message.guild is None:
            await message.author.send("got it")
            self.dms += 1
            return
        await self.process_commands(message)


@commands.command()
@commands.cooldown(1, 0.05, commands.BucketType.user)
async def hi(ctx: commands.Context[Any]) -> None:
    try:  # a reply that never comes
        await ctx.bot.wait_for("message", check=lambda m: False, timeout=0.01)
    except TimeoutError:
        pass
    await asyncio.to_thread(len, ctx.message.content)
    ctx.bot.used += 1


def _cut(loop: asyncio.AbstractEventLoop, sb: Sandbox) -> set[int]:
    """Ids of what the walk does not enter: module namespaces (from them, everything)."""
    cut = {id(loop), id(sb), id(sys.modules)}
    cut.update(id(vars(m)) for m in list(sys.modules.values()) if m is not None)
    return cut


# Loggers and handlers too: pytest's capture keeps every record logged (a stall's
# warning among them).
_SKIPPED_TYPES = (type, types.ModuleType, types.CodeType, types.FrameType,
                  asyncio.AbstractEventLoop, Sandbox, logging.Logger, logging.Handler)


def _slots(cls: type) -> Iterator[str]:
    for klass in cls.__mro__:
        slots = klass.__dict__.get("__slots__", ())
        yield from (slots,) if isinstance(slots, str) else slots


def _referents(obj: Any) -> list[Any]:
    if isinstance(obj, msgspec.Struct) and not gc.is_tracked(obj):
        # Untracked structs (gc=False) tell the collector of nothing they hold.
        found = []
        for name in _slots(type(obj)):
            value = getattr(obj, name, None)
            if value is not None:
                found.append(value)
        return found
    return gc.get_referents(obj)


def _is_watchdogs(obj: Any) -> bool:
    return type(obj).__module__.startswith("tidecord.health")


def census(client: tidecord.Client, sb: Sandbox) -> collections.Counter[str]:
    """Everything reachable from ``client``, by class, plus every object of the bot's
    the collector holds anywhere (what a cycle through an untracked object keeps)."""
    # What the cache drops by sweeps it makes now and then (every few thousand member
    # views, every few dozen departures) it drops now, so that counts compare.
    cache = client._connection.cache
    cache.sweep_views()
    cache.sweep_departed()
    gc.collect()
    cut = _cut(client.loop, sb)
    # The REST buckets, one per route and channel (a DM each), are bounded apart: past
    # 4096 the idle ones are dropped, further than this run reaches.
    cut.add(id(client.http._buckets))
    # Kept-alive connections to the sandbox: as many as were busy at once, up to the
    # connector's limit, closed once idle for its keep-alive time.
    session = client.http._session
    if session is not None:
        cut.add(id(session.connector))
    # Who left a packed guild: a set of positions in its GUILD_CREATE list, bounded by
    # that list (which the guild's next GUILD_CREATE replaces).
    for guild in client.guilds:
        cut.add(id(getattr(guild.members, "_gone", None)))
    seen: set[int] = set()
    counts: collections.Counter[str] = collections.Counter()
    stack: list[Any] = [client]
    while stack:
        obj = stack.pop()
        key = id(obj)
        if key in seen or key in cut:
            continue
        seen.add(key)
        if isinstance(obj, _SKIPPED_TYPES) or _is_watchdogs(obj):
            continue
        counts[f"{type(obj).__module__}.{type(obj).__qualname__}"] += 1
        stack.extend(_referents(obj))
    state = client._connection
    for obj in gc.get_objects():
        if isinstance(obj, BOT_BOUND) and getattr(obj, "_state", None) is state:
            counts[f"alive {type(obj).__qualname__}"] += 1
        elif (isinstance(obj, list) and obj and isinstance(obj[0], tidecord.Reaction)
              and getattr(obj[0].message, "_state", None) is state):
            counts["alive reactions"] += 1  # a message's, wherever the message is
    return counts


def grown(before: collections.Counter[str], after: collections.Counter[str]) -> dict[str, int]:
    return {name: n - before[name] for name, n in after.items()
            if n - before[name] > SLACK + before[name] // 50}


async def one_round(bot: SoakBot, sb: Sandbox, r: int, people: int,
                    packed_people: list[Any]) -> None:
    main = sb.guild_named("guild-0")
    packed = sb.guild_named("guild-1")
    general = sb.channel(next(c for c in sb.state.channels.values()
                              if c.guild_id == main.id and c.type == 0))
    lounge = sb.channel(next(c for c in sb.state.channels.values()
                             if c.guild_id == packed.id and c.type == 0))
    used, dms = bot.used, bot.dms
    for i in range(people):
        name = f"r{r}p{i}"
        await sb.join(name, main.id)
        msg = await sb.send_message(name, general, "!hi")
        await sb.react(name, msg, "👍", general)
        await sb.send_dm(name, "hello")
        await sb.set_presence(name, "online")
    for person in packed_people:
        await sb.set_presence(person.id, "idle")
        sb.state.update_member(packed.id, person.id, nick=f"n{r}")
        note = await sb.send_message(person.id, lounge, "hey")
        await sb.react(person.id, note, "🎉", lounge)
    channel = bot.get_channel(general.id)
    assert isinstance(channel, tidecord.TextChannel)
    view = ui.View(timeout=0.05)
    view.add_item(ui.Button(label="soon gone"))
    await channel.send("a view", view=view)
    hook = await channel.create_webhook(name="soak")
    await hook.send("through a webhook", wait=True)
    await hook.delete()
    resumes = bot.resumes
    await sb.drop_connections()
    await until(lambda: bot.resumes > resumes, within=15)
    try:  # generous: 140 people's commands and DMs on a loaded machine (CI, 3 workers)
        await until(lambda: bot.used >= used + people and bot.dms >= dms + people, within=60)
    except TimeoutError:
        pytest.fail(f"round {r}: {bot.used - used} of {people} commands and "
                    f"{bot.dms - dms} of {people} DMs handled within 60 s")
    for i in range(people):
        await sb.leave(f"r{r}p{i}", main.id)
    for person in packed_people:
        await sb.leave(person.id, packed.id)
    # Everything sent has been handled once the bot saw this (one shard: in order).
    await sb.send_message(main.owner_id, general, f"done {r}")
    await until(lambda: f"done {r}" in bot.seen, within=15)
    await asyncio.sleep(0.15)  # the view and the cooldowns expire


@pytest.mark.parametrize("policy", ["packed", "dict"])
async def test_a_long_run_grows_nothing(sandbox_factory: Any, policy: str) -> None:
    world = World.generate(guilds=2, members_per_guild=WARM_UP // 2 + 3 * PER_ROUND + 3,
                           channels=1, roles=3)
    for role in world.guilds[0].roles:  # to make webhooks
        if role.name == world.bot.username:
            role.permissions = tidecord.Permissions(administrator=True)
    sb: Sandbox = await sandbox_factory(world=world, full_member_lists=True)
    # Each round drops the connection on purpose, a few seconds after the last: every
    # session counts as lasting here, or the bot would rightly wait longer each time
    # (tests/chaos/test_reconnect_backoff.py).
    options: dict[str, Any] = {"api_url": sb.api_url, "reconnect_stable_after": 0}
    if policy == "dict":
        options["member_cache"] = MemberCachePolicy.lru(100_000)
    bot = SoakBot(**options)
    task = await start_client(bot, sb.token)
    try:
        packed = sb.guild_named("guild-1")
        supply = [u for u in sb.state.members[packed.id].values()
                  if u.user.id != sb.bot_user.id and u.user.id != packed.owner_id]
        supply_users = [m.user for m in supply]

        def take(n: int) -> list[Any]:
            taken = supply_users[:n]
            del supply_users[:n]
            return taken

        await one_round(bot, sb, 0, WARM_UP, take(WARM_UP // 2))
        counts = [census(bot, sb)]
        growing: dict[str, int] = {}
        for r in range(1, 4):
            await one_round(bot, sb, r, PER_ROUND, take(PER_ROUND))
            counts.append(census(bot, sb))
            now = grown(counts[-2], counts[-1])
            # A leak grows every round; what a stalled machine left in flight does not.
            growing = now if r == 1 else {k: v for k, v in now.items() if k in growing}
            if not growing:
                break
        assert not growing, f"grew round after round: {growing}"
        assert bot.ticks > 10 and bot.tick.is_running()
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)


# -- each leak the soak found, on its own ------------------------------------------

async def _settled(bot: SoakBot, sb: Sandbox, tag: str) -> None:
    """Wait until the bot has handled everything the sandbox sent before now."""
    general = next(c for c in sb.state.channels.values()
                   if c.guild_id == sb.guild.id and c.type == 0)
    await sb.send_message(sb.guild.owner_id, general, f"done {tag}")
    await until(lambda: f"done {tag}" in bot.seen, within=15)


async def test_people_who_left_every_shared_guild_are_forgotten_unless_held(
        sandbox: Sandbox) -> None:
    # No message cache: the sandbox welcomes each newcomer with a system message, whose
    # author (the newcomer) would be held by it while it is cached.
    bot = SoakBot(api_url=sandbox.api_url, max_messages=None)
    task = await start_client(bot, sandbox.token)
    try:
        cache = bot._connection.cache
        await _settled(bot, sandbox, "ready")
        before = len(cache.users)
        await sandbox.join("kept")
        await _settled(bot, sandbox, "joined")
        kept = bot.get_user(sandbox.user("kept").id)
        assert kept is not None
        for i in range(150):
            await sandbox.join(f"passerby{i}")
        await sandbox.leave("kept")
        for i in range(150):
            await sandbox.leave(f"passerby{i}")
        await _settled(bot, sandbox, "left")
        # Swept in batches as people leave: the users of those whose handlers had not
        # run yet wait for a later batch (the next one comes after twice as many
        # departures as were still held), so well under all of them are left.
        assert len(cache.users) < before + 1 + 150 // 2, len(cache.users)
        cache.sweep_departed()
        assert len(cache.users) == before + 1
        assert bot.get_user(kept.id) is kept
        del kept
        await sandbox.join("someone else")
        await sandbox.leave("someone else")
        await _settled(bot, sandbox, "again")
        cache.sweep_departed()
        assert len(cache.users) == before
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)


async def _pen_pals(library: str, sb: Sandbox, people: list[int]) -> list[int]:
    """Open a DM with each of ``people`` in turn, the 26th's again, the 31st writes to
    the bot, then two more DMs open: the recipients of the DM channels the bot keeps,
    in its order."""
    written = asyncio.Event()
    if library == "tidecord":
        bot: Any = tidecord.Client(api_url=sb.api_url, intents=tidecord.Intents.all())
        obj: Any = tidecord.Object
    else:
        import discord

        bot = discord.Client(intents=discord.Intents.all())
        ready_at_once(bot._connection)
        obj = discord.Object

    @bot.event
    async def on_message(message: Any) -> None:
        if message.guild is None and message.content == "hi bot":
            written.set()

    task = await start_client(bot, sb.token)
    try:
        for uid in people[:150]:
            await bot.create_dm(obj(uid))
        await bot.create_dm(obj(people[25]))
        await sb.send_dm(people[30], "hi bot")
        await asyncio.wait_for(written.wait(), 10)
        for uid in people[150:]:
            await bot.create_dm(obj(uid))
        return [c.recipient.id for c in bot.private_channels]
    finally:
        await bot.close()
        await asyncio.wait_for(task, 10)


async def test_the_bot_keeps_its_last_128_dm_channels_as_discord_py_does(
        discord_py_sandbox: Sandbox) -> None:
    sb = discord_py_sandbox
    people = []
    for i in range(152):
        await sb.join(f"pen pal {i}")
        people.append(sb.user(f"pen pal {i}").id)
    ours = await _pen_pals("tidecord", sb, people)
    assert len(ours) == 128
    # The first 22 went as the 129th to 150th opened, two more for the last two;
    # neither opening one again nor a message in it moves it (discord.py's order).
    assert ours == people[24:152]
    theirs = await _pen_pals("discord.py", sb, people)
    assert ours == theirs


async def test_a_message_that_got_a_reaction_is_freed_once_out_of_the_cache(
        sandbox: Sandbox) -> None:
    bot = SoakBot(api_url=sandbox.api_url)
    task = await start_client(bot, sandbox.token)
    try:
        general = sandbox.channel("general")
        note = await sandbox.send_message("alice", general, "react to me")
        await sandbox.react("bob", note, "👍", general)
        await _settled(bot, sandbox, "reacted")
        assert bot._connection.cache.get_message(note.id).reactions
        for i in range(70):  # more than the 60 the bot keeps
            await sandbox.send_message("alice", general, f"filler {i}")
        await _settled(bot, sandbox, "pushed out")
        assert bot._connection.cache.get_message(note.id) is None
        gc.collect()
        state = bot._connection
        alive = [o for o in gc.get_objects()
                 if isinstance(o, Message) and o.id == note.id and o._state is state]
        assert not alive
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)


async def test_a_closed_client_is_freed(sandbox: Sandbox) -> None:
    # Its models, untracked by the collector, hold its state in cycles the collector
    # cannot see: closed, that state holds the client only weakly.
    bot = SoakBot(api_url=sandbox.api_url)
    task = await start_client(bot, sandbox.token)
    await bot.close()
    await asyncio.wait_for(task, 5)
    gone = weakref.ref(bot)
    del bot, task
    gc.collect()
    assert gone() is None
