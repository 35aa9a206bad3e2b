"""The converters discord.py 2.7.1 has for Discord's timestamps, scheduled events and
invites, on a reminders bot: people give it ``<t:...>`` markers, name events by id,
link or name (in the guild and in a DM) and paste invites, and it tells what it read
or, through on_command_error, why it could not. The slash side reads a timestamp
option with ``app_commands.Timestamp``, and shows ``AllChannels`` and the
``app_commands.Cooldown`` a cooldown error carries. Both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import datetime
from typing import Any

import pytest

from tidecord.models.scheduled_event import EntityMetadata, EntityType, ScheduledEvent
from tidecord.sandbox import Sandbox, World

from .hybrid_parity import Slash, transcripts
from .parity import both

pytestmark = [pytest.mark.timeout(120), pytest.mark.tidecord_strict(False)]


def club_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "create_instant_invite", "manage_events"],
            "channels": [{"name": "general"}, {"name": "welcome"}],
            "members": ["alice", "bob"],
        }],
    })


def reminders_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def when(ctx, moment: commands.Timestamp, *, what="something"):
        await ctx.send(f"{what} at {moment.isoformat()} ({moment.tzinfo})")

    @bot.command()
    async def event(ctx, found: discord.ScheduledEvent):
        await ctx.send(f"{found.name} in {found.guild.name}, {found.status.name}")

    @bot.command()
    async def invite(ctx, found: discord.Invite):
        await ctx.send(f"invite to #{found.channel.name} of {found.guild.name}, "
                       f"from {found.inviter.name}")

    @bot.command()
    async def join(ctx, found: commands.InviteConverter, at: commands.Timestamp):
        await ctx.send(f"join {found.guild.name} at {at:%Y-%m-%d %H:%M}")

    @bot.event
    async def on_command_error(ctx, error):
        why = error.__cause__
        extra = f" <- {type(why).__name__}" if why is not None else ""
        # Its public ancestors (a library may put private helpers between them).
        bases = [c.__name__ for c in type(error).__mro__[1:]
                 if not c.__name__.startswith("_")][:2]
        text = str(error)
        if isinstance(error, commands.ConversionError):  # its text names the module
            text = f"converting to {error.converter.__name__}"
        await ctx.send(f"{type(error).__name__} {bases}: {text}{extra}")

    return bot


def _event_id(sb: Sandbox, name: str) -> int:
    return next(e.id for events in sb.state.scheduled_events.values()
                for e in events.values() if e.name == name)


def _code(sb: Sandbox) -> str:
    return next(iter(sb.state.invites))


async def _club(sb: Sandbox) -> None:
    # Made by a person before the bot connects: GUILD_CREATE tells the bot of both.
    state = sb.state
    start = datetime.datetime.fromtimestamp(sb.clock.time() + 86400, tz=datetime.UTC)
    for name in ("Book club", "Chess night"):
        state.add_scheduled_event(ScheduledEvent(
            id=state.new_id(), guild_id=sb.guild.id, name=name,
            creator_id=state.user("alice").id, entity_type=EntityType.external,
            entity_metadata=EntityMetadata(location="Cafe"),
            scheduled_start_time=start.isoformat(),
            scheduled_end_time=(start + datetime.timedelta(hours=1)).isoformat()))
    state.create_invite(state.channel("welcome", sb.guild.id).id, state.user("alice").id)


LINES = [
    ("alice", "general", "!when <t:1700000000:R> tea"),
    ("alice", "general", "!when <t:1700000000>"),
    ("alice", "general", "!when <t:-86400:F>"),
    ("alice", "general", '!when "<t:1700000000:t> and more" lunch'),
    ("alice", "general", "!when 1700000000"),
    ("alice", "general", "!when <t:1700000000:x>"),
    ("alice", "general", "!when tomorrow"),
    ("alice", "general", "!when <t:99999999999999999999>"),
    ("alice", "general", "!when"),
    ("alice", "general", lambda sb: f"!event {_event_id(sb, 'Book club')}"),
    ("alice", "general", lambda sb: f"!event https://discord.com/events/{sb.guild.id}/"
                                    f"{_event_id(sb, 'Chess night')}"),
    ("alice", "general", lambda sb: f"!event https://canary.discord.com/events/"
                                    f"{sb.guild.id}/{_event_id(sb, 'Book club')}"),
    ("alice", "general", '!event "Chess night"'),
    ("alice", "general", "!event chess"),
    ("alice", "general", "!event 123456789012345678"),
    ("alice", "general", "!event https://discord.com/events/123456789012345678/"
                         "123456789012345679"),
    ("bob", "dm", '!event "Book club"'),
    ("bob", "dm", lambda sb: f"!event {_event_id(sb, 'Chess night')}"),
    ("bob", "dm", "!event Nothing"),
    ("alice", "general", lambda sb: f"!invite {_code(sb)}"),
    ("alice", "general", lambda sb: f"!invite https://discord.gg/{_code(sb)}"),
    ("alice", "general", "!invite notacode"),
    ("alice", "general", lambda sb: f"!join discord.gg/{_code(sb)} <t:1700000000:f>"),
    ("alice", "general", "!join nope <t:1700000000:f>"),
]


async def test_timestamp_event_and_invite_converters_behave_alike(
        sandbox_factory: Any) -> None:
    runs = await both(sandbox_factory, reminders_bot, LINES, world=club_world, prepare=_club)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs
    said = "\n".join(ours)
    for expected in (
            "tea at 2023-11-14T22:13:20+00:00 (UTC)",
            "something at 1969-12-31T00:00:00+00:00 (UTC)",
            "lunch at 2023-11-14T22:13:20+00:00 (UTC)",
            "BadTimestampArgument ['BadArgument', 'UserInputError']: 1700000000 is not a "
            "recognised datetime or timestamp option",
            "BadTimestampArgument ['BadArgument', 'UserInputError']: tomorrow is not a "
            "recognised datetime or timestamp option",
            "ConversionError ['CommandError', 'DiscordException']: converting to Timestamp "
            "<- OverflowError",
            "MissingRequiredArgument",
            "#general: Book club in Sandbox, scheduled",
            "#general: Chess night in Sandbox, scheduled",
            "ScheduledEvent \"chess\" not found.",
            "ScheduledEventNotFound ['BadArgument', 'UserInputError']: ScheduledEvent "
            "\"123456789012345678\" not found.",
            "DM: Book club in Sandbox, scheduled",
            "DM: Chess night in Sandbox, scheduled",
            "DM: ScheduledEventNotFound ['BadArgument', 'UserInputError']: ScheduledEvent "
            "\"Nothing\" not found.",
            "invite to #welcome of Sandbox, from alice",
            "BadInviteArgument ['BadArgument', 'UserInputError']: Invite \"notacode\" is "
            "invalid or expired. <- NotFound",
            "join Sandbox at 2023-11-14 22:13",
            "Invite \"nope\" is invalid or expired."):
        assert expected in said, expected


def slash_bot(discord: Any, commands: Any) -> Any:
    app_commands = discord.app_commands
    intents = discord.Intents.default()
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.tree.command(description="Remind me")
    @app_commands.describe(moment="A <t:...> timestamp")
    async def remind(interaction, moment: app_commands.Timestamp, what: str = "something"):
        await interaction.response.send_message(f"{what} at {moment.isoformat()}")

    @bot.tree.command(description="Once a minute")
    @app_commands.checks.cooldown(1, 60)
    async def daily(interaction):
        everywhere = app_commands.AllChannels(interaction.guild)
        await interaction.response.send_message(
            f"done; all channels is guild id - {interaction.guild.id - everywhere.id}")

    @bot.tree.error
    async def on_app_command_error(interaction, error):
        if isinstance(error, app_commands.CommandOnCooldown):
            bucket = error.cooldown
            await interaction.response.send_message(
                f"{type(bucket).__name__} {isinstance(bucket, app_commands.Cooldown)}: "
                f"{bucket.rate} per {bucket.per:.0f}, {bucket.get_tokens()} left",
                ephemeral=True)
            return
        cause = error.__cause__
        extra = f" <- {type(cause).__name__}" if cause is not None else ""
        await interaction.response.send_message(
            f"{type(error).__name__} ({error.type.name}, "
            f"{type(error.transformer).__name__}): {error}{extra}", ephemeral=True)

    async def setup_hook() -> None:
        await bot.tree.sync()

    bot.setup_hook = setup_hook
    return bot


SLASH = [
    Slash("alice", "remind", {"moment": "<t:1700000000:R>", "what": "tea"}),
    Slash("alice", "remind", {"moment": "<t:0> later"}),
    Slash("alice", "remind", {"moment": "next week"}),
    Slash("alice", "remind", {"moment": "<t:99999999999999999999>"}),
    Slash("alice", "daily"),
    Slash("alice", "daily"),
]


async def test_app_commands_timestamp_behaves_alike(sandbox_factory: Any) -> None:
    runs = await transcripts(sandbox_factory, slash_bot, SLASH)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs
    answers = [step[1]["original"]["content"] for step in ours]
    assert answers[:3] == [
        "tea at 2023-11-14T22:13:20+00:00",
        "something at 1970-01-01T00:00:00+00:00",
        "TransformerError (string, Timestamp): Failed to convert next week to Timestamp",
    ]
    assert answers[4:] == ["done; all channels is guild id - 1",
                           "Cooldown True: 1 per 60, 0 left"]
    assert answers[3].startswith("TransformerError (string, Timestamp): Failed to convert "
                                 "<t:99999999999999999999> to Timestamp <- ")
