"""The flag sets and small enums records carry, and the names a bot reaches them by,
as discord.py gives them: ``bot`` and ``system`` of a person Discord leaves them out
for, a message's ``position`` and ``thread``, a member's, a role's and an invite's flags, the system
channel's notices (whose bits suppress), a user's badges as ``UserFlags``, a voice
channel's video quality, ``discord.abc.User`` and ``Connectable``, the errors and enums
reached through their discord.py modules (``discord.errors.Forbidden``), and the event
an emoji's reactions cleared makes. The same bot on tidecord and on discord.py 2.7.1
must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import importlib
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .parity import Do, bot_reacted, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

THUMBS = "\N{THUMBS UP SIGN}"


def flags_world() -> World:
    return World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "manage_guild", "manage_messages", "add_reactions",
                                "create_instant_invite"],
            "roles": [{"name": "Moderator", "permissions": ["manage_messages"]}],
            "channels": [{"name": "general"}, {"name": "Lounge", "type": 2}],
            "members": [{"user": "alice", "roles": ["Moderator"]}, "bob"],
        }],
    })


def flags_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    utils = discord.utils

    @bot.command()
    async def member(ctx, who: discord.Member):
        flags = who.flags
        role = utils.get(ctx.guild.roles, name="Moderator")
        await ctx.send(f"{type(flags).__name__} {flags.value} {flags.did_rejoin} "
                       f"{flags.completed_onboarding} {dict(flags)['guest']}; "
                       f"{type(role.flags).__name__} {role.flags.in_prompt}")

    @bot.command()
    async def notices(ctx):
        flags = ctx.guild.system_channel_flags
        made = discord.SystemChannelFlags(join_notifications=True)
        await ctx.send(f"{type(flags).__name__} {flags.join_notifications} "
                       f"{flags.premium_subscriptions} {sorted(k for k, on in flags if on)[:2]}; "
                       f"made {made.value} {made.join_notifications} "
                       f"{made.premium_subscriptions}; new {discord.SystemChannelFlags().value}")

    @bot.command()
    async def quiet(ctx):
        flags = ctx.guild.system_channel_flags
        flags.join_notifications = False
        await ctx.guild.edit(system_channel_flags=flags)
        guild = await bot.fetch_guild(ctx.guild.id)
        await ctx.send(f"quiet {guild.system_channel_flags.join_notifications} "
                       f"{guild.system_channel_flags.value}")

    @bot.command()
    async def badges(ctx):
        flags = discord.PublicUserFlags(staff=True, verified_bot_developer=True)
        listed = [f"{f.name}={f.value}" for f in flags.all()]
        await ctx.send(f"{listed} {discord.UserFlags.staff} {discord.UserFlags(1 << 17)} "
                       f"{bot.user.public_flags.all()} {discord.DefaultAvatar.green!s}")

    @bot.command()
    async def invite(ctx):
        made = await ctx.channel.create_invite(max_age=60)
        await ctx.send(f"{made.type} {made.target_type} {type(made.flags).__name__} "
                       f"{made.flags.guest}")

    @bot.command()
    async def kinds(ctx):
        lounge = utils.get(ctx.guild.voice_channels, name="Lounge")
        abc = discord.abc
        # discord.py's abc.Connectable is for type hints only (no isinstance there).
        hinted: abc.Connectable = lounge
        await ctx.send(f"{hinted.video_quality_mode} {isinstance(ctx.author, abc.User)} "
                       f"{isinstance(bot.user, abc.User)} {isinstance(ctx.channel, abc.User)}")

    @bot.command()
    async def modules(ctx):
        # "from discord.errors import NotFound", in whichever library runs the bot
        NotFound = importlib.import_module(f"{discord.__name__}.errors").NotFound
        try:
            await ctx.channel.fetch_message(1)
        except discord.errors.NotFound as exc:
            caught = type(exc).__name__
        await ctx.send(f"{caught} {NotFound is discord.NotFound} "
                       f"{discord.enums.ChannelType.text} "
                       f"{discord.member.Member is discord.Member} "
                       f"{discord.flags.MemberFlags().value} {discord.message.Message.__name__} "
                       f"{discord.errors.Forbidden.__name__} {discord.GatewayNotFound.__name__}")

    @bot.command()
    async def who(ctx, person: discord.Member):
        user = await bot.fetch_user(person.id)
        sent = await ctx.send("topic")
        await sent.create_thread(name="talk")
        again = await ctx.channel.fetch_message(sent.id)
        await ctx.send(f"{user.bot} {user.system} {person.bot} {ctx.message.position} "
                       f"{ctx.message.thread} {again.thread.name} {again.thread.id == sent.id} "
                       f"{bot.user.bot} {ctx.author.bot == False}")  # noqa: E712

    @bot.command()
    async def vote(ctx):
        sent = await ctx.send("vote")
        await sent.add_reaction(THUMBS)

    @bot.command()
    async def unvote(ctx):
        mine = [m async for m in ctx.channel.history(limit=5)
                if m.author == bot.user and m.content == "vote"]
        await mine[0].clear_reaction(THUMBS)

    @bot.command()
    async def wipe(ctx):
        sent = await ctx.send("again")
        await sent.add_reaction(THUMBS)
        await sent.clear_reactions()

    @bot.event
    async def on_raw_reaction_clear(payload):
        channel = bot.get_channel(payload.channel_id)
        await channel.send(f"wiped {type(payload).__name__} {payload.guild_id == channel.guild.id}")

    @bot.event
    async def on_raw_reaction_clear_emoji(payload):
        channel = bot.get_channel(payload.channel_id)
        await channel.send(f"cleared {type(payload).__name__} {payload.emoji} "
                           f"{isinstance(payload.guild_id, int)}")

    return bot


async def open_notices(sb: Sandbox) -> None:
    [guild] = sb.state.guilds
    sb.state.update_guild(guild, system_channel_flags=1 << 1)  # premium notices off


LINES = [
    ("alice", "general", "!member bob"),
    Do(open_notices),
    ("alice", "general", "!notices"),
    ("alice", "general", "!quiet"),
    ("alice", "general", "!badges"),
    ("alice", "general", "!invite"),
    ("alice", "general", "!kinds"),
    ("alice", "general", "!modules"),
    ("alice", "general", "!who bob", 2),
    ("alice", "general", "!vote"),
    bot_reacted("general"),  # before !unvote clears it
    ("alice", "general", "!unvote"),
    ("alice", "general", "!wipe", 2),
]


async def test_record_flags_and_module_names_read_as_in_discord_py(sandbox_factory: Any
                                                                    ) -> None:
    said = await both(sandbox_factory, flags_bot, LINES, world=flags_world)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for line in ("MemberFlags 0 False False False; RoleFlags False",
                 "SystemChannelFlags True False ['emoji_added', 'guild_reminder_notifications']; "
                 "made 510 True False; new 511",
                 "quiet False 3",
                 "['staff=1', 'verified_bot_developer=131072'] UserFlags.staff "
                 "UserFlags.verified_bot_developer [] green",
                 "InviteType.guild InviteTarget.unknown InviteFlags False",
                 "VideoQualityMode.auto True True False",
                 "NotFound True text True 0 Message Forbidden GatewayNotFound",
                 f"cleared RawReactionClearEmojiEvent {THUMBS} True",
                 "wiped RawReactionClearEvent True",
                 "False False False None None talk True True True"):
        assert line in text, line
