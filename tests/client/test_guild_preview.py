"""``Client.fetch_guild_preview``: a guild's preview as discord.py's ``GuildPreview``."""

from __future__ import annotations

import pytest

import tidecord
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect

WORLD = World.from_dict({
    "users": ["alice", "bob"],
    "guilds": [{"name": "Hall", "owner": "alice", "members": ["alice", "bob"],
                "channels": [{"name": "general"}], "emojis": ["party"],
                "stickers": ["hug"]}],
})


@pytest.mark.sandbox(world=WORLD)
async def test_a_guild_preview_reads_as_discord_py(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    guild = sandbox.guild
    preview = await client.fetch_guild_preview(guild.id)
    assert isinstance(preview, tidecord.GuildPreview)
    assert (preview.id, preview.name, str(preview)) == (guild.id, "Hall", "Hall")
    assert preview.approximate_member_count == len(sandbox.state.members[guild.id])
    assert preview.created_at == guild.id.created_at
    assert preview.icon is None and preview.splash is None
    assert [e.name for e in preview.emojis] == ["party"]
    emoji = preview.emojis[0]
    assert emoji.guild_id == guild.id and emoji.guild is client.get_guild(guild.id)
    assert [s.name for s in preview.stickers] == ["hug"]
    assert preview == await client.fetch_guild_preview(guild.id)
    assert len({preview, await client.fetch_guild_preview(guild.id)}) == 1


async def test_no_preview_of_a_guild_the_bot_cannot_see(connect: Connect) -> None:
    client = await connect()
    with pytest.raises(tidecord.NotFound) as caught:
        await client.fetch_guild_preview(1234567890123)
    assert caught.value.code == 10004
