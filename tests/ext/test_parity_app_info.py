"""A bot run by a team: who owns it (the team's admins and developers, not its
read-only members), what its application shows (flags, team, install settings) and
editing it; both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import World

from . import parity

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def team_world() -> World:
    return World.from_dict({
        "users": ["alice", "bob", "carol", "dave"],
        "application": {"name": "Crew Bot",
                        "privileged_intents": ["GUILD_MEMBERS", "MESSAGE_CONTENT"],
                        "team": {"name": "Crew", "owner": "alice",
                                 "members": {"bob": "developer", "carol": "read_only"}}},
        "guilds": [{"name": "Dock", "owner": "dave", "channels": [{"name": "general"}],
                    "members": ["alice", "bob", "carol", "dave"]}],
    })


def crew_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    @commands.is_owner()
    async def secret(ctx):
        await ctx.send(f"{ctx.author.name} owns me")

    @secret.error
    async def secret_error(ctx, error):
        await ctx.send(f"{ctx.author.name} refused: {type(error).__name__}")

    def shown(info):
        team = info.team
        members = [(m.name, m.role.value, m.membership_state.value, m.team is team)
                   for m in team.members]
        flags = info.flags
        return (f"{info.name}: flags {flags.value} presence {flags.gateway_presence} "
                f"members {flags.gateway_guild_members} limited "
                f"{flags.gateway_message_content_limited}; icon {info.icon} cover "
                f"{info.cover_image}; team {team.name} {team.icon} owner {team.owner.name} "
                f"{team.owner_id == team.owner.id} members {members}; owner is the team's "
                f"{info.owner.name == f'team{team.id}'}; guild {info.guild}; install "
                f"{info.install_params}; description {info.description!r}; tags {info.tags}; "
                f"url {info.custom_install_url}")

    @bot.command()
    async def app(ctx):
        await ctx.send(shown(await bot.application_info()))

    @bot.command()
    async def change(ctx):
        info = await bot.application_info()
        changed = await info.edit(description="Ships things", tags=["shipping", "fun"],
                                  custom_install_url="https://example.com/install",
                                  flags=discord.ApplicationFlags(
                                      gateway_message_content_limited=True),
                                  icon=PNG)
        key = changed.icon.key
        await ctx.send(f"icon {len(key)} {changed.icon.url.replace(key, 'KEY')}")
        await ctx.send(shown(changed))

    @bot.command()
    async def bad(ctx):
        info = await bot.application_info()
        for attempt in (dict(tags=["x" * 21]), dict(tags=list("abcdef")),
                        dict(install_params_permissions=discord.Permissions(8))):
            try:
                await info.edit(**attempt)
            except discord.HTTPException as error:
                await ctx.send(f"{list(attempt)}: {error.status} {error.code}")
            except ValueError:
                await ctx.send(f"{list(attempt)}: refused before sending")

    return bot


LINES = [
    ("alice", "general", "!secret"),
    ("bob", "general", "!secret"),
    ("carol", "general", "!secret"),
    ("dave", "general", "!secret"),
    ("alice", "general", "!app"),
    ("alice", "general", "!change", 2),
    ("alice", "general", "!bad", 3),
]


async def test_a_team_bot_reads_as_in_discord_py(sandbox_factory) -> None:
    said = await parity.both(sandbox_factory, crew_bot, LINES, world=team_world)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for part in ("alice owns me", "bob owns me", "carol refused: NotOwner",
                 "dave refused: NotOwner", "team Crew None owner alice True",
                 "('carol', 'read_only', 2, True)", "owner is the team's True",
                 "description 'Ships things'; tags ['shipping', 'fun']",
                 "['tags']: 400 50035", "refused before sending"):
        assert part in text, part
