"""A server-manager bot's extras: the guild widget (turned on, read, read by anyone,
turned off), the welcome screen (read, written, turned on and off) and a guild template
(made, listed, synced, fetched by URL, renamed, deleted); both libraries must say the
same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def extras_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}, {"username": "bob"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "manage_guild", "create_instant_invite", "manage_channels"],
            "channels": [{"name": "general"}, {"name": "rules"},
                         {"name": "Lounge", "type": 2}],
            "members": ["alice", "bob"],
            "emojis": ["party"],
            "features": ["COMMUNITY"],
        }],
    })


async def people_about(sb: Sandbox) -> None:
    await sb.set_presence("alice", "online")
    await sb.set_presence("bob", "dnd")
    await sb.join_voice("bob", "Lounge", self_mute=True)


def extras_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def refusal(exc):
        return f"{type(exc).__name__} {exc.status} {exc.code}"

    @bot.command()
    async def widget(ctx):
        try:
            await ctx.guild.widget()
        except discord.HTTPException as exc:
            before = refusal(exc)
        general = discord.utils.get(ctx.guild.text_channels, name="general")
        await ctx.guild.edit_widget(enabled=True, channel=general, reason="show off")
        w = await ctx.guild.widget()
        people = [(m.name, str(m.status), m.display_name, m.muted, m.deafened,
                   m.connected_channel and m.connected_channel.name) for m in w.members]
        invite = await w.fetch_invite()
        await ctx.send(
            f"off: {before}\n"
            f"on: {w.name} same guild {w.id == ctx.guild.id} channels "
            f"{[(c.name, c.position, c.mention == f'<#{c.id}>') for c in w.channels]}\n"
            f"people {people} online {w.presence_count}\n"
            f"json {w.json_url == str(w)} {w.json_url.endswith(f'/guilds/{w.id}/widget.json')}; "
            f"invite {w.invite_url.startswith('https://discord.com/invite/')} to "
            f"#{invite.channel.name} of {invite.guild.name}")

    def cached(guild):
        channel = guild.widget_channel
        return f"cached: enabled {guild.widget_enabled} channel {channel and channel.name}"

    @bot.command()
    async def widgetnow(ctx):
        w = await bot.fetch_widget(ctx.guild.id)
        await ctx.send(f"fetched equal {w == await ctx.guild.widget()}; {cached(ctx.guild)}")

    @bot.command()
    async def widgetcache(ctx):
        await ctx.send(cached(ctx.guild))

    @bot.command()
    async def nowidget(ctx):
        await ctx.guild.edit(widget_enabled=False, widget_channel=None)
        try:
            await bot.fetch_widget(ctx.guild.id)
        except discord.Forbidden as exc:
            await ctx.send(f"after edit: {refusal(exc)}")

    def shown(channels):
        return [(c.channel.name, c.description, getattr(c.emoji, "name", c.emoji))
                for c in channels]

    def screen(s):
        return f"{s.description!r} {s.enabled} {shown(s.welcome_channels)}"

    @bot.command()
    async def welcome(ctx):
        before = await ctx.guild.welcome_screen()
        rules = discord.utils.get(ctx.guild.text_channels, name="rules")
        party = discord.utils.get(ctx.guild.emojis, name="party")
        after = await ctx.guild.edit_welcome_screen(
            description="Welcome to the garden", enabled=True, reason="open day",
            welcome_channels=[
                discord.WelcomeChannel(channel=rules, description="Read these first",
                                       emoji="\N{SCROLL}"),
                discord.WelcomeChannel(channel=ctx.channel, description="Say hi",
                                       emoji=party)])
        try:
            await ctx.guild.edit_welcome_screen(welcome_channels=["rules"])
        except TypeError as exc:
            refused = str(exc)
        await ctx.send(f"before {screen(before)}\nafter {after.description!r} "
                       f"{shown(after.welcome_channels)}\n"
                       f"refused: {refused}")

    @bot.command()
    async def welcomenow(ctx):
        now = await ctx.guild.welcome_screen()
        changed = await now.edit(description="Hello again", enabled=False)
        await ctx.send(f"now {screen(now)}; changed {changed.description!r} "
                       f"{len(changed.welcome_channels)} channels")

    @bot.command()
    async def welcomecheck(ctx):
        await ctx.send(f"later {screen(await ctx.guild.welcome_screen())}")

    kept = {}

    def about(t):
        return (f"{t.name!r} {t.description!r} uses {t.uses} by {t.creator.name} from "
                f"{t.source_guild.name} same {t.source_guild.id == kept['guild']} "
                f"dirty {t.is_dirty}")

    @bot.command()
    async def mktemplate(ctx):
        kept["guild"] = ctx.guild.id
        t = kept["t"] = await ctx.guild.create_template(name="Garden club",
                                                        description="for clubs")
        try:
            await ctx.guild.create_template(name="Second")
        except discord.HTTPException as exc:
            twice = refusal(exc)
        await ctx.send(f"made {about(t)}; url {t.url == 'https://discord.new/' + t.code}; "
                       f"dated {t.created_at == t.updated_at and t.created_at is not None}; "
                       f"again: {twice}")

    @bot.command()
    async def templates(ctx):
        await ctx.guild.create_text_channel("news")
        listed = await ctx.guild.templates()
        synced = await listed[0].sync()
        await ctx.send(f"listed {[about(t) for t in listed]}; synced dirty {synced.is_dirty}, "
                       f"later {synced.updated_at >= kept['t'].updated_at}")

    @bot.command()
    async def edittemplate(ctx):
        t = kept["t"]
        fetched = await bot.fetch_template(t.url)
        edited = await fetched.edit(name="Allotment", description=None)
        by_code = await bot.fetch_template(t.code)
        await ctx.send(f"fetched same code {fetched.code == t.code}; edited {about(edited)}; "
                       f"by code {by_code.name}")

    @bot.command()
    async def droptemplate(ctx):
        t = kept["t"]
        await t.delete()
        try:
            await bot.fetch_template(t.code)
        except discord.NotFound as exc:
            gone = refusal(exc)
        await ctx.send(f"deleted; then {gone}; left {len(await ctx.guild.templates())}")

    return bot


LINES = [
    ("alice", "general", "!widget"),
    ("alice", "general", "!widgetnow"),
    ("alice", "general", "!nowidget"),
    ("alice", "general", "!widgetcache"),
    ("alice", "general", "!welcome"),
    ("alice", "general", "!welcomenow"),
    ("alice", "general", "!welcomecheck"),
    ("alice", "general", "!mktemplate"),
    ("alice", "general", "!templates"),
    ("alice", "general", "!edittemplate"),
    ("alice", "general", "!droptemplate"),
]


async def test_guild_extras_work_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, extras_bot, LINES, world=extras_world,
                      prepare=people_about)
    assert said["tidecord"] == said["discord.py"]
    assert len(said["tidecord"]) == len(LINES)
    text = "\n".join(said["tidecord"])
    for line in (
        "off: Forbidden 403 50004",
        "on: Sandbox same guild True channels [('Lounge', 0, True)]",
        "people [('alice', 'online', 'alice', False, False, None), "
        "('bob', 'dnd', 'bob', True, False, 'Lounge')",
        "json True True; invite True to #general of Sandbox",
        "fetched equal True; cached: enabled True channel general",
        "after edit: Forbidden 403 50004",
        "cached: enabled False channel None",
        "before None False []",
        "after 'Welcome to the garden' [('rules', 'Read these first', '📜'), "
        "('general', 'Say hi', 'party')]",
        "refused: welcome_channels parameter must be a list of WelcomeChannel",
        "now 'Welcome to the garden' True [('rules', 'Read these first', '📜'), "
        "('general', 'Say hi', 'party')]; changed 'Hello again' 2 channels",
        "later 'Hello again' False [",
        "made 'Garden club' 'for clubs' uses 0 by SandboxBot from Sandbox same True "
        "dirty None; url True; dated True; again: HTTPException 400 30031",
        "listed [\"'Garden club' 'for clubs' uses 0 by SandboxBot from Sandbox same True "
        "dirty True\"]; synced dirty None, later True",
        "fetched same code True; edited 'Allotment' None uses 0 by SandboxBot from Sandbox "
        "same True dirty None; by code Allotment",
        "deleted; then NotFound 404 10057; left 0",
    ):
        assert line in text, line
