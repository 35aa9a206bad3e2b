"""A session that could not resume starts afresh: its READY and GUILD_CREATEs are the
whole truth, and the cache must forget what they no longer say, as discord.py's does."""

from __future__ import annotations

import pytest

import tidecord
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect, until


def _intents() -> tidecord.Intents:
    intents = tidecord.Intents.default()
    intents.members = True
    intents.presences = True
    return intents


async def _away(sandbox: Sandbox, client: tidecord.Client, meanwhile: object) -> None:
    """The bot's session ends unresumable; ``meanwhile(sandbox)`` happens while it is
    away; returns once the new session is ready."""
    readies: list[int] = []
    gone: list[int] = []
    client.add_listener(lambda: _record(readies), "on_ready")
    client.add_listener(lambda: _record(gone), "on_disconnect")
    await sandbox.invalidate_session(resumable=False)
    await until(lambda: gone)
    meanwhile(sandbox)  # type: ignore[operator]
    await until(lambda: readies, within=10)  # after Discord's 1-5 s wait


async def _record(into: list[int]) -> None:
    into.append(1)


@pytest.mark.sandbox(world=World.from_dict({
    "users": ["alice"],
    "guilds": [{"name": "Main", "owner": "alice", "members": ["alice"]},
               {"name": "Away", "owner": "alice", "members": ["alice"]}],
}))
async def test_a_fresh_session_forgets_what_it_did_not_see_change(
    sandbox: Sandbox, connect: Connect
) -> None:
    # While a bot is away, Alice goes offline and the bot leaves a guild. The new
    # session's READY and GUILD_CREATEs mention neither: a bot reading its cache must
    # not see Alice playing chess still, nor a guild it is no longer in.
    await sandbox.set_presence("alice", "online", activities=[tidecord.Game("chess")])
    client = await connect(intents=_intents())
    main, away = (sandbox.guild_named(name).id for name in ("Main", "Away"))
    alice_id = sandbox.user("alice").id
    assert client.get_guild(main).get_member(alice_id).status is tidecord.Status.online
    assert client.get_guild(away) is not None

    def meanwhile(sb: Sandbox) -> None:
        sb.state.set_presence(alice_id, "offline", [], ("desktop",))
        sb.state.leave_guild(away)

    await _away(sandbox, client, meanwhile)
    alice = client.get_guild(main).get_member(alice_id)
    assert alice.status is tidecord.Status.offline and alice.activities == ()
    assert client.get_guild(away) is None
    assert [g.id for g in client.guilds] == [main]


@pytest.mark.sandbox(world=World.from_dict({
    "users": ["alice", "bob"],
    "guilds": [{"name": "Main", "owner": "alice", "members": ["alice", "bob"],
                "channels": [{"name": "general"}, {"name": "old-news"}]}],
}))
async def test_a_fresh_session_forgets_channels_and_members_that_went_away(
    sandbox: Sandbox, connect: Connect
) -> None:
    client = await connect(intents=_intents())
    old_news = sandbox.channel("old-news").id
    bob_id = sandbox.user("bob").id
    guild = client.guilds[0]
    assert client.get_channel(old_news) is not None and guild.get_member(bob_id) is not None

    def meanwhile(sb: Sandbox) -> None:
        sb.state.delete_channel(old_news)
        sb.state.remove_member(guild.id, bob_id)

    await _away(sandbox, client, meanwhile)
    guild = client.get_guild(guild.id)
    assert client.get_channel(old_news) is None
    assert [c.name for c in guild.channels] == ["general"]
    assert guild.get_member(bob_id) is None
    assert bob_id not in {m.id for m in guild.members}
