"""discord.py routes the sandbox or tidecord lacked, run as a bot uses them on both
libraries: a soundboard bot plays sounds in the voice channel it is in
(``VoiceChannel.send_sound``) and logs the effects it hears there
(``on_voice_channel_effect``), and is refused as Discord refuses: not in voice, deafened,
another guild's sound without Use External Sounds."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

import tidecord
from tidecord.sandbox import Sandbox, World

from .parity import Do, both

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]


def sound_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [
            {"name": "Sandbox", "owner": "alice",
             "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                 "connect", "speak", "use_soundboard"],
             "channels": [{"name": "general"}, {"name": "log"},
                          {"name": "Lounge", "type": 2}],
             "members": ["alice"]},
            {"name": "Elsewhere", "owner": "alice",
             "bot_permissions": ["view_channel"],
             "channels": [{"name": "hall"}],
             "members": ["alice"]},
        ],
    })


async def sounds(sb: Sandbox) -> None:
    alice = sb.user("alice").id
    sb.state.add_soundboard_sound(sb.guild_named("Sandbox").id, "honk", user_id=alice,
                                  emoji_name="\N{POSTAL HORN}", volume=0.75)
    sb.state.add_soundboard_sound(sb.guild_named("Elsewhere").id, "boing", user_id=alice)


def sound_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True  # alice is cached, so an effect of hers names her
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def lounge(guild):
        return discord.utils.get(guild.voice_channels, name="Lounge")

    @bot.event
    async def on_voice_channel_effect(effect):
        sound = effect.sound
        heard = "no sound" if sound is None else (
            f"{type(sound).__name__} vol {sound.volume} default {sound.is_default()} "
            f"dated {sound.created_at is not None} "
            f"{'honk' if sound.id == effect.channel.guild.soundboard_sounds[0].id else sound.id}")
        animation = effect.animation and (effect.animation.id, str(effect.animation.type))
        log = discord.utils.get(effect.channel.guild.text_channels, name="log")
        await log.send(f"effect in {effect.channel.name} by {effect.user.display_name}: "
                       f"{heard}; emoji {effect.emoji}; animation {animation}; "
                       f"sound {effect.is_sound()}")

    async def attempt(ctx, sound):
        try:
            result = await lounge(ctx.guild).send_sound(sound)
        except discord.HTTPException as exc:
            await ctx.send(f"refused {type(exc).__name__} ({exc.status} {exc.code}) {exc.text}")
        else:
            await ctx.send(f"played {sound.name}: {result}")

    @bot.command()
    async def honk(ctx):
        await attempt(ctx, ctx.guild.soundboard_sounds[0])

    @bot.command()
    async def quack(ctx):
        defaults = await bot.fetch_soundboard_default_sounds()
        await attempt(ctx, defaults[0])

    @bot.command()
    async def boing(ctx):
        other = discord.utils.get(bot.guilds, name="Elsewhere")
        await attempt(ctx, other.soundboard_sounds[0])

    return bot


def bot_joins_lounge(sb: Sandbox) -> Any:
    return sb.join_voice(sb.bot_user.id, "Lounge")


def bot_deafens_itself(sb: Sandbox) -> Any:
    return sb.set_voice(sb.bot_user.id, sb.guild_named("Sandbox").id, self_deaf=True)


async def alice_sends_fire(sb: Sandbox) -> None:
    """Alice joins the Lounge and sends an emoji reaction with Nitro's animation."""
    await sb.join_voice("alice", "Lounge")
    await sb.send_voice_emoji("alice", "Lounge", "\N{FIRE}", premium=True, animation_id=7)


async def alice_plays_honk(sb: Sandbox) -> None:
    await sb.play_sound("alice", "Lounge", sb.state.soundboard_sounds(
        sb.guild_named("Sandbox").id)[0])


LINES = [
    ("alice", "general", "!honk"),  # not connected to voice yet
    Do(bot_joins_lounge),
    ("alice", "general", "!honk", 2),  # the answer and the effect's log line
    ("alice", "general", "!quack", 2),
    ("alice", "general", "!boing"),  # another guild's, without Use External Sounds
    Do(alice_sends_fire, replies=1),
    Do(alice_plays_honk, replies=1),
    Do(bot_deafens_itself),
    ("alice", "general", "!honk"),
]


async def test_send_sound_and_voice_channel_effects_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, sound_bot, LINES, world=sound_world, prepare=sounds)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for line in (
        "refused Forbidden (403 50168) User must be in voice channel to send voice channel "
        "effect",
        "played honk: None",
        "#log: effect in Lounge by SandboxBot: VoiceChannelSoundEffect vol 0.75 default False "
        "dated True honk; emoji 📯; animation None; sound True",
        "played quack: None",
        "#log: effect in Lounge by SandboxBot: VoiceChannelSoundEffect vol 1.0 default True "
        "dated False 1; emoji 🦆; animation None; sound True",
        "refused Forbidden (403 50013) Missing Permissions",
        "#log: effect in Lounge by Alice: no sound; emoji 🔥; "
        "animation (7, 'VoiceChannelEffectAnimationType.premium'); sound False",
        "#log: effect in Lounge by Alice: VoiceChannelSoundEffect vol 0.75 default False "
        "dated True honk; emoji 📯; animation None; sound True",
        "refused Forbidden (403 50167) Cannot send voice effect when user is server muted, "
        "deafened, or suppressed",
    ):
        assert line in text, line



def command_edit_bot(discord: Any, commands: Any) -> Any:
    """A bot that edits its registered global command in place (PATCH
    /applications/{id}/commands/{id}) with discord.py's keywords."""
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.tree.command(description="Ban someone")
    async def ban(interaction):
        await interaction.response.send_message("banned")

    @bot.command()
    async def lock(ctx):
        await bot.tree.sync()
        [cmd] = await bot.tree.fetch_commands()
        same = await cmd.edit()
        edited = await cmd.edit(
            description="Ban someone, moderators only",
            default_member_permissions=discord.Permissions(ban_members=True),
            dm_permission=False)
        await ctx.send(f"unchanged is itself {same is cmd}; now {edited.description!r}")

    return bot


async def test_a_registered_command_is_edited_with_discord_py_keywords(sandbox_factory) -> None:
    sandboxes: list[Sandbox] = []

    async def keep(sb: Sandbox) -> None:
        sandboxes.append(sb)

    said = await both(sandbox_factory, command_edit_bot, [("alice", "general", "!lock")],
                      prepare=keep)
    assert said["tidecord"] == said["discord.py"] == [
        "#general: unchanged is itself True; now 'Ban someone, moderators only'"]
    # discord.py 2.7.1 takes default_member_permissions and dm_permission, then its
    # HTTP layer keeps only name, description and options of the body: the permissions
    # never reach Discord. tidecord sends what the call asked for, as documented.
    left = [[c.default_member_permissions for c in sb.state.commands.values()]
            for sb in sandboxes]
    assert left == [["4"], [None]]


def joining_bot(discord: Any, commands: Any) -> Any:
    """A soundboard bot that puts itself into voice (op 4, ``change_voice_state``),
    deafened first, and plays once it hears again."""
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.event
    async def on_voice_state_update(member, before, after):
        log = discord.utils.get(member.guild.text_channels, name="log")
        where = after.channel.name if after.channel else None
        await log.send(f"{member.name}: {before.channel and before.channel.name} -> {where} "
                       f"self_deaf {after.self_deaf} self_mute {after.self_mute}")

    @bot.command()
    async def join(ctx, deaf: bool):
        lounge = discord.utils.get(ctx.guild.voice_channels, name="Lounge")
        await ctx.guild.change_voice_state(channel=lounge, self_deaf=deaf)

    @bot.command()
    async def leave(ctx):
        await ctx.guild.change_voice_state(channel=None)

    @bot.command()
    async def connect(ctx):
        lounge = discord.utils.get(ctx.guild.voice_channels, name="Lounge")
        try:  # discord.py here lacks its voice libraries; tidecord has no voice at all
            await lounge.connect()
        except RuntimeError:
            await ctx.send("no voice connection: RuntimeError")

    @bot.command()
    async def honk(ctx):
        me = ctx.guild.me.voice
        try:
            await me.channel.send_sound(ctx.guild.soundboard_sounds[0])
        except discord.HTTPException as exc:
            await ctx.send(f"refused ({exc.status} {exc.code})")
        else:
            await ctx.send("played")

    return bot


async def test_a_bot_joins_voice_itself_and_plays_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, joining_bot, [
        ("alice", "general", "!connect"),
        ("alice", "general", "!join yes", 1),  # its own voice state, logged
        ("alice", "general", "!honk"),
        ("alice", "general", "!join no", 1),
        ("alice", "general", "!honk"),
        ("alice", "general", "!leave", 1),
    ], world=sound_world, prepare=sounds)
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"] == [
        "#general: no voice connection: RuntimeError",
        "#log: SandboxBot: None -> Lounge self_deaf True self_mute False",
        "#general: refused (403 50167)",
        "#log: SandboxBot: Lounge -> Lounge self_deaf False self_mute False",
        "#general: played",
        "#log: SandboxBot: Lounge -> None self_deaf False self_mute False",
    ]


async def test_connect_names_the_way_to_join_without_audio() -> None:
    with pytest.raises(RuntimeError, match=r"change_voice_state\(channel=channel\)"):
        await tidecord.Channel(id=1, type=2).connect()
