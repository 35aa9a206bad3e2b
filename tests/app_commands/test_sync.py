"""tree.sync() reads what Discord has and writes only when the commands changed."""

from __future__ import annotations

from typing import Any

import discord
import pytest

import tidecord
from tidecord import app_commands
from tidecord.sandbox import RateLimits, Sandbox

from ..sandbox.sandbox_peers import discord_py

pytestmark = pytest.mark.timeout(60)
# A hundred logins in a few seconds: lift the rate limits, they are not what is tested.
FAST = pytest.mark.sandbox(rate_limits=RateLimits(global_limit=100_000, default=(100_000, 1.0)))


class SyncBot(tidecord.Client):
    def __init__(self, *, describe: str = "Say hello", **options: Any) -> None:
        super().__init__(**options)
        self.tree = app_commands.CommandTree(self)
        self.synced: list[app_commands.AppCommand] = []

        @self.tree.command(description=describe)
        @app_commands.describe(member="Who")
        async def hello(interaction: tidecord.Interaction, member: tidecord.Member) -> None:
            await interaction.response.send_message(f"hello {member.name}")

        @self.tree.context_menu(name="Wave at")
        async def wave(interaction: tidecord.Interaction, member: tidecord.Member) -> None: ...

    async def setup_hook(self) -> None:
        self.synced = await self.tree.sync()


def _versions(sandbox: Sandbox) -> frozenset[tuple[str, int]]:
    return frozenset((c.name, int(c.version)) for c in sandbox.state.commands.values())


async def _restart(sandbox: Sandbox, **options: Any) -> SyncBot:
    bot = SyncBot(api_url=sandbox.api_url, **options)
    await bot.login(sandbox.token)  # setup_hook syncs, as a real bot's would
    await bot.close()
    return bot


@FAST
async def test_a_hundred_restarts_write_once(sandbox: Sandbox) -> None:
    seen = []
    for _ in range(100):
        bot = await _restart(sandbox)
        seen.append(_versions(sandbox))
        assert sorted(c.name for c in bot.synced) == ["Wave at", "hello"]
    assert len(set(seen)) == 1  # one write: every later restart found it registered

    # A changed description is one more write, and only then.
    plan = await _plan(sandbox, describe="Say hi")
    assert plan.needed and plan.changed == ["hello"] and not plan.added and not plan.removed
    assert "~ hello" in str(plan)
    assert _versions(sandbox) == seen[-1]  # a dry run writes nothing
    await _restart(sandbox, describe="Say hi")
    after = _versions(sandbox)
    await _restart(sandbox, describe="Say hi")
    assert after != seen[-1] and _versions(sandbox) == after
    assert not (await _plan(sandbox, describe="Say hi")).needed


async def _plan(sandbox: Sandbox, **options: Any) -> app_commands.SyncPlan:
    bot = SyncBot(api_url=sandbox.api_url, **options)
    bot.setup_hook = _nothing  # type: ignore[method-assign]
    await bot.login(sandbox.token)
    try:
        return await bot.tree.sync(dry_run=True)  # type: ignore[no-any-return]
    finally:
        await bot.close()


async def _nothing() -> None:
    return None


@FAST
@pytest.mark.tidecord_strict(False)
async def test_discord_py_writes_on_every_restart_for_contrast(sandbox: Sandbox) -> None:
    def setup(client: Any) -> None:
        @client.tree.command(description="Say hello")
        async def hello(interaction: discord.Interaction) -> None: ...

    seen = set()
    for _ in range(3):
        async with discord_py(sandbox, setup) as client:
            await client.tree.sync()
        seen.add(_versions(sandbox))
    assert len(seen) == 3


@FAST
async def test_guild_sync_and_a_removed_command(sandbox: Sandbox) -> None:
    bot = SyncBot(api_url=sandbox.api_url)
    bot.setup_hook = _nothing  # type: ignore[method-assign]
    await bot.login(sandbox.token)
    try:
        guild = tidecord.Object(id=sandbox.guild.id)
        bot.tree.copy_global_to(guild=guild)
        registered = await bot.tree.sync(guild=guild)
        assert sorted(c.name for c in registered) == ["Wave at", "hello"]
        assert all(c.guild_id == sandbox.guild.id for c in registered)
        bot.tree.clear_commands(guild=guild, type=app_commands.AppCommandType.user)
        plan = await bot.tree.sync(guild=guild, dry_run=True)
        assert plan.removed == ["Wave at (user menu)"]
        assert [c.name for c in await bot.tree.sync(guild=guild)] == ["hello"]
        fetched = await bot.tree.fetch_commands(guild=guild)
        assert [c.mention for c in fetched] == [f"</hello:{fetched[0].id}>"]
    finally:
        await bot.close()
