"""What a bot prints and the small habits it leans on, as discord.py gives them: a
reaction and an attachment as text, a member's roles used as a list, ``add_roles`` and
``remove_roles`` with ``atomic=False``, what a member or a role may do in a channel, a
channel, role and guild held from before they changed (updated in place), what a reply
refers to, a DM's recipient, an embed read back or left empty, a nickname
and a timeout cleared with ``None`` (the sandbox takes null as Discord does), the
``s``/``S`` timestamp styles and an OAuth2 link with a redirect. The same bot on
tidecord and on discord.py 2.7.1 must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
import datetime
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from .parity import Do, bot_reacted, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

THUMBS = "\N{THUMBS UP SIGN}"
WHEN = datetime.datetime(2024, 3, 5, 12, 30, 45, tzinfo=datetime.UTC)


def shapes_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    utils = discord.utils

    @bot.command()
    async def poll(ctx):
        sent = await ctx.send("vote")
        await sent.add_reaction(THUMBS)

    @bot.command()
    async def tally(ctx):
        mine = [m async for m in ctx.channel.history(limit=5) if m.author == bot.user]
        message = await ctx.channel.fetch_message(mine[-1].id)
        await ctx.send(", ".join(f"{r} x{r.count}" for r in message.reactions))

    @bot.command()
    async def files(ctx):
        await ctx.send(" ".join(f"{a.filename}:{str(a) == a.url}"
                                for a in ctx.message.attachments))

    @bot.command()
    async def roles(ctx, member: discord.Member):
        roles = member.roles
        helper = utils.get(ctx.guild.roles, name="Helper")
        more = roles + [helper]  # noqa: RUF005 (the habit under test)
        await ctx.send(f"{[r.name for r in more]} at {roles.index(roles[-1])}, copy "
                       f"{[r.name for r in roles.copy()]}, equal {roles == list(roles)}, "
                       f"{[r.name for r in roles[1:]]}, twice {len(roles * 2)}")

    @bot.command()
    async def swap(ctx, member: discord.Member):
        helper = utils.get(ctx.guild.roles, name="Helper")
        await member.add_roles(helper, reason="swap", atomic=False)
        member = await ctx.guild.fetch_member(member.id)
        after_add = sorted(r.name for r in member.roles)
        await member.remove_roles(helper, atomic=False)
        member = await ctx.guild.fetch_member(member.id)
        await ctx.send(f"{after_add} then {sorted(r.name for r in member.roles)}")

    @bot.command()
    async def reset(ctx, member: discord.Member):
        await member.edit(nick="Temporary")
        await member.timeout(datetime.timedelta(minutes=10), reason="cool down")
        held = await ctx.guild.fetch_member(member.id)
        before = (held.nick, held.is_timed_out())
        await held.edit(nick=None)
        await held.timeout(None)
        held = await ctx.guild.fetch_member(member.id)
        await ctx.send(f"{before} then {(held.nick, held.is_timed_out())}")

    @bot.command()
    async def perms(ctx):
        guild = ctx.guild
        get = utils.get
        alice, bob = guild.get_member_named("alice"), guild.get_member_named("bob")
        moderator = get(guild.roles, name="Moderator")
        lounge, log = get(guild.voice_channels, name="Lounge"), get(guild.channels, name="mod-log")
        seen = [ctx.channel.permissions_for(who).value for who in (alice, bob, moderator)]
        seen.append(lounge.permissions_for(bob).value)
        await lounge.set_permissions(guild.default_role, connect=False)
        await log.set_permissions(guild.default_role, view_channel=False, send_messages=True)
        carol = guild.get_member_named("carol")
        await carol.timeout(datetime.timedelta(minutes=5))
        await asyncio.sleep(0.3)  # the overwrites and the timeout come back as events
        carol = guild.get_member(carol.id)
        lounge, log = guild.get_channel(lounge.id), guild.get_channel(log.id)
        seen += [lounge.permissions_for(bob).value, log.permissions_for(bob).value,
                 log.permissions_for(moderator).value, ctx.channel.permissions_for(carol).value]
        await ctx.send(f"perms {seen}")

    held: dict[str, Any] = {}
    updates: list[str] = []

    @bot.listen()
    async def on_guild_channel_update(before, after):
        updates.append(f"channel {before.name}->{after.name} {after is held.get('channel')}")

    @bot.listen()
    async def on_guild_role_update(before, after):
        updates.append(f"role {before.name}->{after.name} {after is held.get('role')}")

    @bot.listen()
    async def on_guild_update(before, after):
        updates.append(f"guild {before.name}->{after.name} {after is held.get('guild')}")

    @bot.command()
    async def hold(ctx):
        held.update(channel=utils.get(ctx.guild.text_channels, name="ideas"),
                    role=utils.get(ctx.guild.roles, name="Helper"), guild=ctx.guild)
        updates.clear()  # the permission changes above made channel updates too
        await ctx.send("held")

    @bot.command()
    async def rename(ctx):
        await held["channel"].edit(name="plans", topic="what comes next")
        await held["role"].edit(name="Helpers")
        await ctx.send("renamed")

    @bot.command()
    async def report(ctx):
        await asyncio.sleep(0.3)  # the updates come back as events
        channel, role, guild = held["channel"], held["role"], held["guild"]
        await ctx.send(f"held now {channel.name} ({channel.topic}), {role.name}, "
                       f"{guild.name}; events {sorted(updates)}")

    @bot.command()
    async def refs(ctx):
        note = await ctx.send("to be deleted")
        answer = await note.reply("about that")
        await note.delete()
        reply = await ctx.reply("noted")
        ref = reply.reference
        gone = (await ctx.channel.fetch_message(answer.id)).reference.resolved
        dm = await ctx.author.create_dm()
        await ctx.send(f"{ref.resolved.content} {ref.jump_url == ctx.message.jump_url} "
                       f"{ref.cached_message is not None}; {type(gone).__name__} "
                       f"{gone.id == note.id}; dm with {dm.recipient.name} as {dm.me.name}")

    @bot.command()
    async def card(ctx):
        made = discord.Embed(title="Idea", colour=discord.Colour.green(), timestamp=WHEN)
        made.add_field(name="why", value="because")
        made.set_footer(text="from the idea bot")
        sent = await ctx.send(embed=made)
        back = (await ctx.channel.fetch_message(sent.id)).embeds[0]
        empty = discord.Embed()
        await ctx.send(
            f"back: {back.title} {back.description} {back.url} {back.type} {back.timestamp} "
            f"{back.colour} {back.author.name} {back.footer.text} {back.footer.icon_url} "
            f"{back.image.url} {len(back.fields)} {back.fields[0].inline} {len(back)}; "
            f"empty: {empty.title} {empty.timestamp} {empty.colour} {empty.fields} "
            f"{empty.author.name} {bool(empty.footer)} {len(empty)}")

    @bot.command()
    async def levels(ctx):
        guild = ctx.guild
        await ctx.send(f"levels {guild.mfa_level!s} {guild.nsfw_level!s} "
                       f"{guild.verification_level!s} "
                       f"{guild.nsfw_level is discord.NSFWLevel.default}")

    @bot.command()
    async def when(ctx):
        link = utils.oauth_url(1234, permissions=discord.Permissions(8),
                               redirect_uri="https://example.com/cb?x=1", state="s1",
                               disable_guild_select=True)
        await ctx.send(f"{utils.format_dt(WHEN, 's')} {utils.format_dt(WHEN, 'S')} {link}")

    return bot


def react(person: str) -> Do:
    async def act(sb: Sandbox) -> None:
        mine = [m for m in sb.messages("general") if m.author.id == sb.bot_user.id]
        await sb.react(person, mine[-1], THUMBS)
    act.__name__ = f"{person} reacts"
    return Do(act)


def rename_guild(sb: Sandbox) -> None:
    [guild] = sb.state.guilds
    sb.state.update_guild(guild, name="Renamed")


def attach(sb: Sandbox) -> Any:
    return sb.send_message("bob", "general", "!files",
                           files=[("a.txt", b"one"), ("b.png", b"\x89PNG\r\n\x1a\n")])


LINES = [
    ("alice", "general", "!poll"),
    bot_reacted("general"),  # before the people's reactions and the count
    react("alice"),
    react("bob"),
    ("alice", "general", "!tally"),
    Do(attach, replies=1),
    ("alice", "general", "!roles alice"),
    ("alice", "general", "!swap carol"),
    ("alice", "general", "!reset bob"),
    ("alice", "general", "!perms"),
    ("alice", "general", "!hold"),
    ("alice", "general", "!rename"),
    Do(rename_guild),
    ("alice", "general", "!report"),
    ("alice", "general", "!refs", 3),
    ("alice", "general", "!card", 2),
    ("alice", "general", "!levels"),
    ("alice", "general", "!when"),
]


async def test_small_shapes_read_as_in_discord_py(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, shapes_bot, LINES)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for line in (f"{THUMBS} x3", "a.txt:True b.png:True",
                 "['@everyone', 'Moderator', 'Helper'] at 1, copy ['@everyone', 'Moderator'], "
                 "equal True, ['Moderator'], twice 4",
                 "['@everyone', 'Helper'] then ['@everyone']",
                 "('Temporary', True) then (None, False)",
                 "!refs True True; DeletedReferencedMessage True; dm with alice as SandboxBot",
                 "back: Idea None None rich 2024-03-05 12:30:45+00:00 #2ecc71 None from the "
                 "idea bot None None 1 True 31; empty: None None None [] None False 0",
                 "levels MFALevel.disabled NSFWLevel.default none True",
                 "held now plans (what comes next), Helpers, Renamed; events ['channel "
                 "ideas->plans True', 'guild Sandbox->Renamed True', 'role Helper->Helpers "
                 "True']",
                 "<t:1709641845:s> <t:1709641845:S> https://discord.com/oauth2/authorize?"
                 "client_id=1234&scope=bot+applications.commands&permissions=8&"
                 "disable_guild_select=true&response_type=code&"
                 "redirect_uri=https%3A%2F%2Fexample.com%2Fcb%3Fx%3D1&state=s1"):
        assert line in text, line
