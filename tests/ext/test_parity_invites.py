"""Invites as an invite-tracking bot uses them: make them, list their uses, tell who
brought each new member, read one by URL, revoke it; both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .parity import Do, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def invites_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "create_instant_invite", "manage_channels", "manage_guild"],
            "channels": [{"name": "general"}, {"name": "welcome"}, {"name": "mod-log"}],
            "members": ["alice", "bob"],
        }],
    })


def tracker_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    uses = {}
    made = {}

    def channel_named(guild, name):
        return discord.utils.get(guild.text_channels, name=name)

    @bot.event
    async def on_ready():
        for guild in bot.guilds:
            for invite in await guild.invites():
                uses[invite.code] = invite.uses

    @bot.command()
    async def invite(ctx, max_uses: int = 0, max_age: int = 0):
        welcome = channel_named(ctx.guild, "welcome")
        made["last"] = found = await welcome.create_invite(max_uses=max_uses, max_age=max_age,
                                                            reason="for friends")
        life = found.expires_at - found.created_at if found.expires_at else "forever"
        await ctx.send(f"invite to #{found.channel.name} of {found.guild.name}: url ok "
                       f"{found.url == 'https://discord.gg/' + found.code}, str ok "
                       f"{str(found) == found.url}, id ok {found.id == found.code}, uses "
                       f"{found.uses}/{found.max_uses}, lasts {life}, temporary "
                       f"{found.temporary}, by {found.inviter.name}")

    @bot.event
    async def on_invite_create(invite):
        uses[invite.code] = invite.uses
        await channel_named(invite.guild, "mod-log").send(
            f"new invite by {invite.inviter.name} to #{invite.channel.name}: "
            f"{invite.uses}/{invite.max_uses} uses, max age {invite.max_age}")

    @bot.event
    async def on_invite_delete(invite):
        await channel_named(invite.guild, "mod-log").send(
            f"invite revoked or used up in #{invite.channel.name} "
            f"(known {invite.code in uses})")

    @bot.event
    async def on_member_join(member):
        now = {i.code: i for i in await member.guild.invites()}
        grew = [i for code, i in now.items() if i.uses > uses.get(code, 0)]
        gone = [code for code in uses if code not in now]
        for code, found in now.items():
            uses[code] = found.uses
        if grew:
            how = f"an invite by {grew[0].inviter.name}, now {grew[0].uses} uses"
        elif gone:
            how = "an invite used up by it"
        else:
            how = "no invite we know"
        await channel_named(member.guild, "welcome").send(f"welcome {member.name}: via {how}")

    @bot.command()
    async def lookup(ctx):
        found = await bot.fetch_invite(made["last"].url)
        again = await bot.fetch_invite(made["last"].code, with_counts=False)
        await ctx.send(f"{found.code == made['last'].code}: {found.guild.name} has "
                       f"{found.approximate_member_count} members; uses {found.uses}; "
                       f"channel #{found.channel.name}; without counts "
                       f"{again.approximate_member_count}")

    @bot.command()
    async def listing(ctx):
        here = await channel_named(ctx.guild, "welcome").invites()
        every = await ctx.guild.invites()
        await ctx.send(f"welcome: {sorted((i.uses, i.max_uses) for i in here)}; guild "
                       f"{len(every)}")

    @bot.command()
    async def revoke(ctx):
        gone = await made["last"].delete(reason="enough")
        try:
            await bot.fetch_invite(gone.code)
        except discord.NotFound as exc:
            await ctx.send(f"revoked ({exc.status} {exc.code})")

    return bot


def joins(person: str, replies: int = 2) -> Do:
    async def join(sb: Sandbox) -> None:
        await sb.join(person, invite=list(sb.state.invites)[-1])
    join.__name__ = f"{person} joins"
    return Do(join, replies=replies)


LINES = [
    ("alice", "general", "!invite 2 3600", 2),
    joins("dave", replies=1),
    ("alice", "general", "!listing"),
    ("alice", "general", "!lookup"),
    joins("erin"),  # the second of two uses: the invite is gone
    ("alice", "general", "!invite", 2),
    ("alice", "general", "!listing"),
    ("alice", "general", "!revoke", 2),
    ("alice", "general", "!listing"),
]


async def test_invites_track_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, tracker_bot, LINES, world=invites_world)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    assert "invite to #welcome of Sandbox: url ok True, str ok True, id ok True, uses 0/2, " \
        "lasts 1:00:00, temporary False, by SandboxBot" in text
    assert "welcome dave: via an invite by SandboxBot, now 1 uses" in text
    assert "welcome erin: via an invite used up by it" in text
    assert "True: Sandbox has 4 members; uses None; channel #welcome; without counts None" \
        in text
    assert "revoked (404 10006)" in text
    assert "#general: welcome: [(1, 2)]; guild 1" in text
    assert "#general: welcome: []; guild 0" in text
