"""Stages and integrations as a community bot sees them: it opens, retitles, peeks at
and closes stages from commands, is refused where Discord refuses, lists the guild's
integrations, and logs every on_stage_instance_*, on_integration_create,
on_raw_integration_delete and on_guild_integrations_update it hears. Both libraries
must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.models import Snowflake
from tidecord.models.integration import IntegrationAccount, StreamIntegration
from tidecord.models.stage_instance import StageInstance
from tidecord.sandbox import Sandbox, World

from .parity import Do, both

pytestmark = [pytest.mark.timeout(120), pytest.mark.tidecord_strict(False)]


def stage_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice", "members": ["alice"],
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "manage_channels", "mute_members", "move_members",
                                "manage_guild", "connect", "view_audit_log"],
            "roles": [{"name": "Subscriber"}],
            "channels": [{"name": "general"}, {"name": "stage-log"},
                         {"name": "Main", "type": 13}, {"name": "Side", "type": 13},
                         {"name": "Lounge", "type": 2}],
        }],
    })


def stage_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def log_of(guild):
        return discord.utils.get(guild.text_channels, name="stage-log")

    def stage_named(guild, name):
        return discord.utils.get(guild.channels, name=name)

    def describe(instance):
        where = instance.channel.name if instance.channel else "?"
        event = instance.scheduled_event.name if instance.scheduled_event else "no event"
        return (f"{where}: {instance.topic} ({instance.privacy_level.name}, "
                f"{event}, hidden={instance.discoverable_disabled})")

    @bot.event
    async def on_stage_instance_create(instance):
        await log_of(instance.guild).send(f"live: {describe(instance)}")

    @bot.event
    async def on_stage_instance_update(before, after):
        await log_of(after.guild).send(f"retitled: {before.topic} -> {after.topic}")

    @bot.event
    async def on_stage_instance_delete(instance):
        await log_of(instance.guild).send(f"ended: {describe(instance)}")

    @bot.event
    async def on_integration_create(integration):
        await log_of(integration.guild).send(
            f"integration added: {type(integration).__name__} {integration.name} "
            f"({integration.type}, {integration.account.name})")

    @bot.event
    async def on_integration_update(integration):
        await log_of(integration.guild).send(
            f"integration changed: {integration.name} grace={integration.expire_grace_period} "
            f"synced={integration.synced_at:%Y-%m-%d}")

    @bot.event
    async def on_raw_integration_delete(raw):
        guild = bot.get_guild(raw.guild_id)
        mine = raw.application_id == bot.application_id
        await log_of(guild).send(f"integration removed (the bot's own: {mine})")

    @bot.event
    async def on_guild_integrations_update(guild):
        await log_of(guild).send(f"integrations of {guild.name} changed")

    @bot.command()
    async def stages(ctx):
        live = sorted(ctx.guild.stage_instances, key=lambda s: s.topic)
        await ctx.send("\n".join(describe(s) for s in live) or "no live stages")

    @bot.command()
    async def open(ctx, name, *, topic):
        stage = stage_named(ctx.guild, name)
        try:
            made = await stage.create_instance(topic=topic, reason="from chat")
        except discord.HTTPException as exc:
            await ctx.send(f"cannot: {exc.status} {exc.code}")
        else:
            await ctx.send(f"opened {describe(made)}")

    @bot.command()
    async def retitle(ctx, name, *, topic):
        stage = stage_named(ctx.guild, name)
        answer = await stage.instance.edit(topic=topic)
        await ctx.send(f"asked; edit gave {answer!r}")

    @bot.command()
    async def private(ctx, name):
        try:
            await stage_named(ctx.guild, name).instance.edit(privacy_level=2)
        except TypeError as exc:
            await ctx.send(f"refused: {type(exc).__name__}")

    @bot.command()
    async def peek(ctx, name):
        stage = stage_named(ctx.guild, name)
        try:
            found = await stage.fetch_instance()
        except discord.HTTPException as exc:
            await ctx.send(f"{name} is not live: {exc.status} {exc.code}")
        else:
            cached = stage.instance == found if stage.instance else "not cached"
            await ctx.send(f"{name} is live: {found.topic} (cached alike: {cached})")

    @bot.command()
    async def close(ctx, name):
        stage = stage_named(ctx.guild, name)
        await ctx.send(f"closing {name}")
        await stage.instance.delete()

    @bot.command()
    async def integrations(ctx):
        found = await ctx.guild.integrations()
        lines = []
        for item in sorted(found, key=lambda i: i.type):
            line = f"{type(item).__name__} {item.type} enabled={item.enabled}"
            if isinstance(item, discord.BotIntegration):
                line += f" app={item.application.name} bot={item.application.user.name}"
                line += f" by={item.user.name} scopes={','.join(item.scopes)}"
            if isinstance(item, discord.StreamIntegration):
                line += (f" role={item.role.name} expire={item.expire_behaviour.name}"
                         f" grace={item.expire_grace_period} subs={item.subscriber_count}"
                         f" synced={item.synced_at.year}")
            lines.append(line)
        await ctx.send("\n".join(lines))

    @bot.command()
    async def unlink(ctx, kind):
        for item in await ctx.guild.integrations():
            if item.type == kind:
                await ctx.send(f"removing {item.name}")
                await item.delete(reason="done")

    @bot.command()
    async def audit(ctx):
        lines = []
        async for entry in ctx.guild.audit_logs(limit=None, oldest_first=True):
            if not entry.action.name.startswith(("stage_instance", "integration")):
                continue
            where = getattr(entry.extra, "channel", None)
            lines.append(f"{entry.action.name} {type(entry.target).__name__} "
                         f"in={getattr(where, 'name', where)} why={entry.reason} "
                         f"before={getattr(entry.before, 'topic', None)} "
                         f"after={getattr(entry.after, 'topic', None)}")
        await ctx.send("\n".join(lines))

    return bot


async def _side_stage_live(sb: Sandbox) -> None:
    # Started by a person before the bot connects: GUILD_CREATE tells it.
    state = sb.state
    state.add_stage_instance(StageInstance(
        id=state.new_id(), guild_id=sb.guild.id,
        channel_id=Snowflake(sb.channel("Side").id), topic="Open mic"))


def _twitch_linked(sb: Sandbox) -> None:
    state = sb.state
    role = next(r for r in state.guild_roles(sb.guild.id) if r.name == "Subscriber")
    state.add_integration(sb.guild.id, StreamIntegration(
        id=state.new_id(), name="alice_live", type="twitch",
        account=IntegrationAccount(id="4242", name="Alice Live"), added_by=sb.user("alice"),
        role_id=Snowflake(role.id), expire_behavior=1, expire_grace_period=7,
        synced_at_iso="2026-03-01T12:00:00+00:00", subscriber_count=12))


_twitch_linked.__name__ = "alice links her Twitch channel"


def _twitch_synced(sb: Sandbox) -> None:
    state = sb.state
    twitch = next(i for i in state.guild_integrations(sb.guild.id).values()
                  if i.type == "twitch")
    state.update_integration(sb.guild.id, twitch.id, expire_grace_period=30,
                             synced_at_iso="2026-04-02T08:00:00+00:00")


_twitch_synced.__name__ = "the Twitch link syncs with a longer grace period"

LINES = [
    ("alice", "general", "!stages"),
    ("alice", "general", "!peek Main"),
    ("alice", "general", "!open Main Town hall", 2),
    ("alice", "general", "!open Main Again"),
    ("alice", "general", "!stages"),
    ("alice", "general", "!peek Main"),
    ("alice", "general", "!retitle Main Questions", 2),
    ("alice", "general", "!private Main"),
    ("alice", "general", "!close Side", 2),
    ("alice", "general", "!peek Side"),
    ("alice", "general", "!stages"),
    ("alice", "general", "!integrations"),
    Do(_twitch_linked, 2),
    ("alice", "general", "!integrations"),
    Do(_twitch_synced, 2),
    ("alice", "general", "!unlink twitch", 3),
    ("alice", "general", "!integrations"),
    ("alice", "general", "!audit"),
]


async def test_stages_and_integrations_behave_alike(sandbox_factory: Any) -> None:
    runs = await both(sandbox_factory, stage_bot, LINES, world=stage_world,
                      prepare=_side_stage_live)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs
    said = "\n".join(ours)
    assert "opened Main: Town hall (guild_only, no event, hidden=False)" in said
    assert "cannot: 400 150006" in said
    assert "Side is not live: 404 10067" in said
    assert "retitled: Town hall -> Questions" in said and "refused: TypeError" in said
    assert "integration added: StreamIntegration alice_live (twitch, Alice Live)" in said
    assert "role=Subscriber expire=kick grace=7 subs=12 synced=2026" in said
    assert "integration removed (the bot's own: False)" in said
    assert "integration changed: alice_live grace=30 synced=2026-04-02" in said
    assert ("stage_instance_create StageInstance in=Main why=from chat before=None "
            "after=Town hall") in said
    assert "stage_instance_delete Object in=Side" in said
