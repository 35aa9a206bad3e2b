"""The bot's own member, kept up to date without the members intent, written once and
run on tidecord and on discord.py 2.7.1: Discord's gateway docs (intents, caveats) send
GUILD_MEMBER_UPDATE "for current-user updates regardless of whether the GUILD_MEMBERS
intent is set", so a bot given a role, a nickname or a timeout knows it (its
permissions follow its roles) though it hears nothing of other members' changes."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from .parity import Do, both

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]


def self_aware_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()  # no members intent
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.event
    async def on_member_update(before: Any, after: Any) -> None:
        # Only the bot's own changes may arrive without the intent.
        channel = discord.utils.get(after.guild.text_channels, name="mod-log")
        await channel.send(f"member update of {after.name}: nick {before.nick} -> "
                           f"{after.nick}, roles {[r.name for r in after.roles[1:]]}, "
                           f"timed out {after.is_timed_out()}")

    @bot.command()
    async def me(ctx: Any) -> None:
        me = ctx.guild.me
        await ctx.send(f"{me.display_name}: roles {[r.name for r in me.roles[1:]]}")

    return bot


def _change(who: str, **changes: Any) -> Do:
    """The owner changes ``who`` (``"bot"``: the bot itself): one reply, the bot's own
    on_member_update; none for anyone else (no members intent)."""
    def change(sb: Sandbox) -> None:
        guild = sb.guild.id
        user = sb.bot_user.id if who == "bot" else sb.user(who).id
        given = dict(changes)
        if "roles" in given:  # added to the roles held (the bot's managed role stays)
            by_name = {r.name: r.id for r in sb.state.guild_roles(guild)}
            held = sb.state.member(guild, user).roles
            given["roles"] = [*held, *(by_name[name] for name in given["roles"])]
        sb.state.update_member(guild, user, **given)
    change.__name__ = f"change {who}"
    return Do(change, replies=1 if who == "bot" else 0)


async def test_the_bot_hears_of_its_own_member_changes_without_the_intent(
        sandbox_factory: Any) -> None:
    results = await both(sandbox_factory, self_aware_bot, [
        ("alice", "general", "!me"),
        _change("bot", roles=["Moderator"]),
        _change("bob", nick="Robert"),
        ("alice", "general", "!me"),
        _change("bot", nick="Helper Bot", roles=["Helper"]),
        ("alice", "general", "!me"),
    ])
    assert results["tidecord"] == results["discord.py"], results
    said = results["discord.py"]
    assert said[1] == ("#mod-log: member update of SandboxBot: nick None -> None, roles "
                       "['Moderator', 'SandboxBot'], timed out False"), said
    assert said[2] == "#general: SandboxBot: roles ['Moderator', 'SandboxBot']", said
    assert said[4] == "#general: Helper Bot: roles ['Moderator', 'Helper', 'SandboxBot']", said
