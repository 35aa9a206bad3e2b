"""Scheduled events as a community-events bot sees them: it plans meetups elsewhere
and game nights in voice from commands, lists them, tells who is interested as people
mark it, starts, ends, cancels, edits and deletes them, is refused where discord.py or
Discord refuse, and logs every on_scheduled_event_* it hears. Both libraries must say
the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import datetime
from typing import Any

import pytest

from tidecord.models.scheduled_event import EntityMetadata, EntityType, ScheduledEvent
from tidecord.sandbox import Sandbox, World

from .parity import Do, both, later

pytestmark = [pytest.mark.timeout(120), pytest.mark.tidecord_strict(False)]


def events_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"},
                  {"username": "carol", "global_name": "Carol"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "create_events", "manage_events", "manage_channels",
                                "connect"],
            "channels": [{"name": "general"}, {"name": "event-log"},
                         {"name": "Lounge", "type": 2}, {"name": "Quiet", "type": 2}],
            "members": ["alice", "bob", "carol"],
        }],
    })


def events_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def log_of(guild):
        return discord.utils.get(guild.text_channels, name="event-log")

    def named(guild, name):
        return discord.utils.get(guild.scheduled_events, name=name)

    def describe(event):
        if event.entity_type is discord.EntityType.external:
            where = event.location
        else:
            where = f"the {event.channel.name} channel"
        text = f"{event.name} ({event.status}, {event.entity_type}) at {where}"
        if event.end_time is not None:
            minutes = int((event.end_time - event.start_time).total_seconds() // 60)
            text += f" for {minutes} min"
        return text

    @bot.event
    async def on_scheduled_event_create(event):
        maker = event.creator.name if event.creator else "someone"
        await log_of(event.guild).send(f"new: {describe(event)}, by {maker}")

    @bot.event
    async def on_scheduled_event_update(before, after):
        said = []
        if before.name != after.name:
            said.append(f"renamed from {before.name}")
        if before.status != after.status:
            said.append(f"{before.status.name} -> {after.status.name}")
        if before.location != after.location:
            said.append(f"now at {after.location}")
        await log_of(after.guild).send(f"{after.name}: {'; '.join(said) or 'no change seen'}")

    @bot.event
    async def on_scheduled_event_delete(event):
        await log_of(event.guild).send(f"gone: {event.name}")

    @bot.event
    async def on_scheduled_event_user_add(event, user):
        await log_of(event.guild).send(f"{user.name} is interested in {event.name}")

    @bot.event
    async def on_scheduled_event_user_remove(event, user):
        await log_of(event.guild).send(f"{user.name} lost interest in {event.name}")

    @bot.command()
    async def meetup(ctx, hours: int, *, place):
        start = discord.utils.utcnow() + datetime.timedelta(hours=hours)
        await ctx.send(f"planning a meetup at {place}")
        try:
            await ctx.guild.create_scheduled_event(
                name=f"Meetup at {place}", start_time=start,
                end_time=start + datetime.timedelta(hours=2),
                entity_type=discord.EntityType.external, location=place,
                privacy_level=discord.PrivacyLevel.guild_only, description="All welcome")
        except discord.HTTPException as exc:
            await ctx.send(f"cannot: {exc.status} {exc.code}")

    @bot.command()
    async def gamenight(ctx, *, room):
        channel = discord.utils.get(ctx.guild.voice_channels, name=room)
        await ctx.send(f"game night in {channel.name}")
        await ctx.guild.create_scheduled_event(
            name=f"Game night in {room}", channel=channel,
            start_time=discord.utils.utcnow() + datetime.timedelta(days=1),
            privacy_level=discord.PrivacyLevel.guild_only)

    @bot.command()
    async def events(ctx):
        found = sorted(ctx.guild.scheduled_events, key=lambda e: e.name)
        await ctx.send("\n".join(describe(e) for e in found) or "no events")

    @bot.command()
    async def fetch(ctx):
        found = sorted(await ctx.guild.fetch_scheduled_events(), key=lambda e: e.name)
        one = await ctx.guild.fetch_scheduled_event(found[0].id, with_counts=False)
        await ctx.send("; ".join(f"{e.name}: {e.user_count} interested" for e in found)
                       + f" (alone: {one.name}, {one.user_count})")

    @bot.command()
    async def who(ctx, *, name):
        event = named(ctx.guild, name)
        people = [u.name async for u in event.users()]
        backwards = [u.name async for u in event.users(oldest_first=True)]
        first = [u.name async for u in event.users(limit=1)]
        await ctx.send(f"{name}: {', '.join(people) or 'nobody'} | "
                       f"{', '.join(backwards) or 'nobody'} | {', '.join(first) or 'nobody'}")

    async def change(ctx, name, what, act):
        event = named(ctx.guild, name)
        try:
            if what:
                await ctx.send(f"{what} {name}")
            await act(event)
        except ValueError as exc:
            await ctx.send(f"refused: {type(exc).__name__}")
        except discord.HTTPException as exc:
            await ctx.send(f"cannot: {exc.status} {exc.code}")

    @bot.command()
    async def start(ctx, *, name):
        await change(ctx, name, "starting", lambda e: e.start())

    @bot.command()
    async def end(ctx, *, name):
        event = named(ctx.guild, name)
        await change(ctx, name, "ending" if event.status is discord.EventStatus.active else "",
                     lambda e: e.end())

    @bot.command()
    async def cancel(ctx, *, name):
        await change(ctx, name, "cancelling", lambda e: e.cancel(reason="rain"))

    @bot.command()
    async def complete(ctx, *, name):
        await change(ctx, name, "", lambda e: e.edit(status=discord.EventStatus.completed))

    @bot.command()
    async def rename(ctx, *, text):
        old, new = (part.strip() for part in text.split("|"))
        await change(ctx, old, "renaming", lambda e: e.edit(name=new))

    @bot.command()
    async def move(ctx, *, text):
        name, place = (part.strip() for part in text.split("|"))
        await change(ctx, name, "moving", lambda e: e.edit(location=place))

    @bot.command()
    async def delete(ctx, *, name):
        await change(ctx, name, "deleting", lambda e: e.delete())

    @bot.command()
    async def dropvoice(ctx, *, room):
        channel = discord.utils.get(ctx.guild.voice_channels, name=room)
        await ctx.send(f"removing {room}")
        await channel.delete()

    @bot.command()
    async def naive(ctx):
        try:
            await ctx.guild.create_scheduled_event(
                name="Naive", start_time=datetime.datetime.now() + datetime.timedelta(hours=1),
                channel=ctx.guild.voice_channels[0])
        except ValueError as exc:
            await ctx.send(f"refused: {type(exc).__name__}")

    @bot.command()
    async def intext(ctx):
        try:
            await ctx.guild.create_scheduled_event(
                name="Chat", channel=ctx.channel,
                start_time=discord.utils.utcnow() + datetime.timedelta(hours=1))
        except TypeError as exc:
            await ctx.send(f"refused: {type(exc).__name__}")

    return bot


async def _book_club(sb: Sandbox) -> None:
    # Made by a person before the bot connects: GUILD_CREATE tells it.
    state = sb.state
    start = datetime.datetime.fromtimestamp(sb.clock.time() + 86400, tz=datetime.UTC)
    state.add_scheduled_event(ScheduledEvent(
        id=state.new_id(), guild_id=sb.guild.id, name="Book club",
        creator_id=state.user("alice").id, entity_type=EntityType.external,
        entity_metadata=EntityMetadata(location="Cafe"),
        scheduled_start_time=start.isoformat(),
        scheduled_end_time=(start + datetime.timedelta(hours=1)).isoformat()))


def _interest(person: str, name: str, interested: bool = True) -> Do:
    async def mark(sb: Sandbox) -> None:
        event = next(e for events in sb.state.scheduled_events.values()
                     for e in events.values() if e.name == name)
        act = sb.interested if interested else sb.not_interested
        await act(person, event)
    mark.__name__ = f"{person} {'marks' if interested else 'drops'} interest in {name}"
    return Do(mark, 1)


RIVERSIDE = "Meetup at Riverside Park"
LINES = [
    ("alice", "general", "!events"),
    ("alice", "general", "!meetup 5 Riverside Park", 2),
    ("alice", "general", "!gamenight Lounge", 2),
    ("alice", "general", "!events"),
    _interest("bob", RIVERSIDE),
    _interest("carol", RIVERSIDE),
    _interest("alice", "Game night in Lounge"),
    ("alice", "general", f"!who {RIVERSIDE}"),
    ("alice", "general", "!fetch"),
    _interest("bob", RIVERSIDE, interested=False),
    ("alice", "general", f"!who {RIVERSIDE}"),
    ("alice", "general", "!end Game night in Lounge"),
    ("alice", "general", "!complete Game night in Lounge"),
    ("alice", "general", "!start Game night in Lounge", 2),
    ("alice", "general", "!start Game night in Lounge", 2),
    ("alice", "general", "!end Game night in Lounge", 2),
    ("alice", "general", f"!move {RIVERSIDE} | Old Library", 2),
    ("alice", "general", "!rename Book club | Reading circle", 2),
    ("alice", "general", "!cancel Reading circle", 2),
    ("alice", "general", "!naive"),
    ("alice", "general", "!intext"),
    ("alice", "general", "!gamenight Quiet", 2),
    ("alice", "general", "!dropvoice Quiet", 2),
    ("alice", "general", f"!delete {RIVERSIDE}", 2),
    ("alice", "general", "!events"),
    # Three hours on by the sandbox's clock, "in one hour" by the bot's is the past.
    later(3 * 3600),
    ("alice", "general", "!meetup 1 Cafe", 2),
]


async def test_scheduled_events_behave_alike(sandbox_factory: Any) -> None:
    runs = await both(sandbox_factory, events_bot, LINES, world=events_world,
                      prepare=_book_club)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs
    said = "\n".join(ours)
    for expected in (
            "Book club (EventStatus.scheduled, EntityType.external) at Cafe for 60 min",
            "new: Meetup at Riverside Park (EventStatus.scheduled, EntityType.external) at "
            "Riverside Park for 120 min, by ",
            "new: Game night in Lounge (EventStatus.scheduled, EntityType.voice) at the "
            "Lounge channel",
            "bob is interested in Meetup at Riverside Park",
            "Meetup at Riverside Park: bob, carol | carol, bob | bob",
            "Book club: 0 interested; Game night in Lounge: 1 interested; "
            "Meetup at Riverside Park: 2 interested (alone: Book club, 0)",
            "bob lost interest in Meetup at Riverside Park",
            "Meetup at Riverside Park: carol | carol | carol",
            "#general: refused: ValueError\n#general: cannot: 400 50035",
            "Game night in Lounge: scheduled -> active",
            "Game night in Lounge: active -> completed",
            "Meetup at Riverside Park: now at Old Library",
            "Reading circle: renamed from Book club",
            "Reading circle: scheduled -> canceled",
            "#general: refused: TypeError",
            "gone: Game night in Quiet", "gone: Meetup at Riverside Park",
            "#general: planning a meetup at Cafe\n#general: cannot: 400 50035"):
        assert expected in said, expected
