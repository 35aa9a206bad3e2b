"""A guild's onboarding as a setup bot uses it: read the blank one, write prompts made
by hand, be refused while the default channels fall short, enable it, read it back
with its roles, channels and emojis; both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import World

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

OPEN = [f"open-{n}" for n in range(6)]


def onboarding_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "manage_guild", "manage_roles"],
            "roles": [{"name": "Artist"}, {"name": "Coder"}],
            "emojis": ["party"],
            "channels": [{"name": "general"}, *({"name": n} for n in OPEN),
                         {"name": "rules", "overwrites": [{"role": "@everyone",
                                                           "deny": ["send_messages"]}]}],
            "members": ["alice"],
        }],
    })


def onboarding_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def describe(onboarding):
        shown = onboarding.default_channels
        lines = [f"enabled {onboarding.enabled} mode {onboarding.mode} "
                 f"defaults {sorted(c.name for c in shown)} "
                 f"ids ok {onboarding.default_channel_ids == {c.id for c in shown}}"]
        for prompt in onboarding.prompts:
            # Not prompt.guild: discord.py 2.7.1 gives fetched prompts none (ValueError).
            lines.append(f"prompt {prompt.title} {prompt.type} single {prompt.single_select} "
                         f"required {prompt.required} shown {prompt.in_onboarding} "
                         f"found {onboarding.get_prompt(prompt.id) is prompt}")
            for option in prompt.options:
                lines.append(f"- {option.title} ({option.description}) emoji {option.emoji} "
                             f"roles {[r.name for r in option.roles]} "
                             f"channels {[c.name for c in option.channels]} "
                             f"found {prompt.get_option(option.id) is option}")
        return "\n".join(lines)

    @bot.command()
    async def show(ctx):
        await ctx.send(describe(await ctx.guild.onboarding()))

    @bot.command()
    async def setup(ctx):
        g = ctx.guild
        artist = discord.utils.get(g.roles, name="Artist")
        coder = discord.utils.get(g.roles, name="Coder")
        art = discord.OnboardingPromptOption(title="Art", emoji="\N{ARTIST PALETTE}",
                                             description="Pictures", roles=[artist],
                                             channels=[g.text_channels[1]])
        code = discord.OnboardingPromptOption(title="Code", emoji=g.emojis[0], roles=[coder.id])
        made = discord.OnboardingPrompt(type=discord.OnboardingPromptType.dropdown,
                                        title="What brings you here?", options=[art, code],
                                        single_select=False)
        await ctx.send(f"by hand: id {art.id} {made.id} roles {art.role_ids == {artist.id}} "
                       f"{made!r}")
        try:
            print(made.guild)
        except ValueError:
            await ctx.send("a prompt made by hand has no guild")
        result = await g.edit_onboarding(prompts=[made], mode=discord.OnboardingMode.advanced,
                                         default_channels=g.text_channels[:4], reason="setup")
        await ctx.send(describe(result))

    @bot.command()
    async def enable(ctx):
        g = ctx.guild
        try:
            await g.edit_onboarding(enabled=True)
        except discord.HTTPException as exc:
            await ctx.send(f"refused ({exc.status} {exc.code})")
        done = await g.edit_onboarding(enabled=True, default_channels=g.text_channels)
        await ctx.send(f"enabled {done.enabled} with {len(done.default_channel_ids)}")
        try:
            await g.edit_onboarding(default_channels=g.text_channels[:2])
        except discord.HTTPException as exc:
            await ctx.send(f"refused again ({exc.status} {exc.code})")

    return bot


LINES = [
    ("alice", "general", "!show"),
    ("alice", "general", "!setup", 3),
    ("alice", "general", "!enable", 3),
    ("alice", "general", "!show"),
]


async def test_onboarding_works_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, onboarding_bot, LINES, world=onboarding_world)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for line in (
        "enabled False mode OnboardingMode.default defaults [] ids ok True",
        "by hand: id 0 0 roles True <OnboardingPrompt id=0 title='What brings you here?', "
        "type=<OnboardingPromptType.dropdown: 1>>",
        "a prompt made by hand has no guild",
        "enabled False mode OnboardingMode.advanced defaults ['general', 'open-0', 'open-1', "
        "'open-2'] ids ok True",
        "prompt What brings you here? OnboardingPromptType.dropdown single False required "
        "True shown True found True",
        "- Art (Pictures) emoji 🎨 roles ['Artist'] channels ['open-0'] found True",
        "- Code (None) emoji <:party:",
        "refused (400 350000)",
        "enabled True with 8",
        "refused again (400 350001)",
        "enabled True mode OnboardingMode.advanced defaults ['general', 'open-0', 'open-1', "
        "'open-2', 'open-3', 'open-4', 'open-5', 'rules'] ids ok True",
    ):
        assert line in text, line
