"""A hikari GatewayBot on the sandbox, second round: what its cache holds after the
gateway's events is what the sandbox holds.

hikari's cache learns each change from its event alone: a change the sandbox made
without telling the bot leaves the cache behind, where a fresh connection (or a REST
fetch) reads the sandbox's state. Each test fails on anything hikari logs at WARNING
or above, as test_hikari_gateway's.
"""

from __future__ import annotations

import hikari
import pytest

from tidecord.sandbox import RateLimits, Sandbox

from . import test_hikari_gateway as gateway
from .sandbox_peers import hikari_bot
from .test_hikari_gateway import ALL, Heard, listening
from .test_hikari_rest import WORLD

heard = gateway.heard  # the fixture: the events heard, and no complaint from hikari
pytestmark = [pytest.mark.timeout(30), pytest.mark.tidecord_strict(False),
              pytest.mark.sandbox(world=WORLD, rate_limits=RateLimits(routes={}))]


async def test_a_new_role_moves_the_others_up(sandbox: Sandbox, heard: Heard) -> None:
    # Discord puts a new role just above @everyone and the others each go up one. The
    # sandbox moved them without a GUILD_ROLE_UPDATE: a bot's cache kept Mod at 1, tied
    # with the new role below it, and ranked them the wrong way round.
    gid = sandbox.guild.id
    async with hikari_bot(sandbox, listening(heard), intents=ALL) as bot:
        made = await bot.rest.create_role(gid, name="Fresh")
        await heard.wait(hikari.RoleUpdateEvent, lambda e: e.role.name == "Mod")
        await heard.wait(hikari.RoleUpdateEvent, lambda e: e.role.name == "SandboxBot")
        cached = {r.name: r.position for r in bot.cache.get_roles_view_for_guild(gid).values()}

    held = {r.name: r.position for r in sandbox.state.roles[gid].values()}
    assert made.position == 1
    assert cached == held == {"@everyone": 0, "Fresh": 1, "Mod": 2, "SandboxBot": 3}


async def test_a_deleted_categorys_channels_stay_without_it(sandbox: Sandbox,
                                                            heard: Heard) -> None:
    # Deleting a category left its channels naming it as their parent, in the sandbox
    # and in the bot's cache: hikari's channel view of the guild then failed (KeyError
    # on the missing parent). Discord moves them out, with a CHANNEL_UPDATE each.
    gid, general = sandbox.guild.id, sandbox.channel("general").id
    async with hikari_bot(sandbox, listening(heard), intents=ALL) as bot:
        await bot.rest.delete_channel(sandbox.channel("Text").id)
        moved = await heard.wait(hikari.GuildChannelUpdateEvent)
        await heard.wait(hikari.GuildChannelDeleteEvent)
        names = [c.name for c in bot.cache.get_guild_channels_view_for_guild(gid).values()]

    assert moved.channel.id == general and moved.channel.parent_id is None
    assert "Text" not in names and "general" in names
    assert sandbox.state.channels[general].parent_id is None
