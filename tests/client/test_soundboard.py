"""Soundboard sounds on the client: the guild's sounds cached from GUILD_CREATE and
kept by the soundboard events, uploads, edits and deletes, Discord's defaults, and
what the client refuses before asking."""

from __future__ import annotations

from typing import Any

import pytest

import tidecord
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect, until

pytestmark = pytest.mark.timeout(30)

MP3 = b"ID3\x04\x00\x00" + b"\0" * 32
OGG = b"OggS\x00\x02" + b"\0" * 32
BOARD = pytest.mark.sandbox(world=World.from_dict({
    "users": ["alice"],
    "guilds": [{"name": "Board", "owner": "alice", "members": ["alice"], "emojis": ["party"],
                "bot_permissions": ["view_channel", "create_expressions"],
                "channels": [{"name": "general"}]}],
}))


class Listening(tidecord.Client):
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.heard: list[tuple[str, Any]] = []

    async def on_soundboard_sound_create(self, sound: Any) -> None:
        self.heard.append(("create", sound))

    async def on_soundboard_sound_update(self, before: Any, after: Any) -> None:
        self.heard.append(("update", (before, after)))

    async def on_soundboard_sound_delete(self, sound: Any) -> None:
        self.heard.append(("delete", sound))


@BOARD
async def test_sounds_are_cached_and_kept_by_their_events(sandbox: Sandbox,
                                                          connect: Connect) -> None:
    gid = sandbox.guild_named("Board").id
    alice = sandbox.user("alice").id
    honk = sandbox.state.add_soundboard_sound(gid, "honk", user_id=alice, emoji_name="📯")
    client = await connect(Listening)
    assert isinstance(client, Listening)
    guild = client.get_guild(gid)
    assert guild is not None
    [cached] = guild.soundboard_sounds
    assert (cached.id, cached.name, cached.emoji.name, cached.guild, cached.available) == (
        honk.id, "honk", "📯", guild, True)
    assert cached.user is None  # GUILD_CREATE does not say who made it
    assert client.get_soundboard_sound(honk.id) is cached and client.soundboard_sounds == [cached]
    party = guild.emojis[0]
    quack = await guild.create_soundboard_sound(name="quack", sound=OGG, volume=0.25,
                                                emoji=party, reason="for fun")
    assert (quack.name, quack.volume, quack.emoji, quack.user) == (
        "quack", 0.25, party, client.user)
    assert str(quack.emoji) == f"<:_:{party.id}>"  # the sound names its emoji by id alone
    assert quack.url == f"https://cdn.discordapp.com/soundboard-sounds/{quack.id}"
    await until(lambda: guild.get_soundboard_sound(quack.id) is not None)
    louder = await quack.edit(volume=1, emoji=None, name="QUACK")
    assert (louder.volume, louder.emoji, louder.name) == (1.0, None, "QUACK")
    await until(lambda: len(client.heard) == 2)
    (_, created), (_, (before, after)) = client.heard
    assert created == quack and (before.name, after.name) == ("quack", "QUACK")
    assert after.user == client.user  # the update did not say; the maker stays
    assert guild.get_soundboard_sound(quack.id).name == "QUACK"  # type: ignore[union-attr]
    sandbox.state.set_sounds_available(gid, False)
    await until(lambda: len(client.heard) == 4)
    assert not any(s.available for s in guild.soundboard_sounds)
    await louder.delete()
    await until(lambda: len(client.heard) == 5)
    assert client.heard[-1][1] == quack and guild.get_soundboard_sound(quack.id) is None
    # A guild update (its name) keeps the sounds.
    sandbox.state.update_guild(gid, name="Board 2")
    await until(lambda: guild.name == "Board 2")  # updated in place, as discord.py's
    assert guild is client.get_guild(gid)
    assert [s.name for s in guild.soundboard_sounds] == ["honk"]


@BOARD
async def test_fetching_sounds_and_what_is_refused(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    guild = client.guilds[0]
    made = await guild.create_soundboard_sound(name="quack", sound=MP3, emoji="🦆")
    fetched = await guild.fetch_soundboard_sounds()
    assert [(s.id, s.name, s.emoji.name, s.user) for s in fetched] == [  # type: ignore[union-attr]
        (made.id, "quack", "🦆", client.user)]
    one = await guild.fetch_soundboard_sound(made.id)
    assert one == made and one.guild is guild
    defaults = await client.fetch_soundboard_default_sounds()
    assert defaults[0].name == "quack" and defaults[0].emoji.name == "🦆"
    assert defaults[0].url == "https://cdn.discordapp.com/soundboard-sounds/1"
    with pytest.raises(ValueError):
        await guild.create_soundboard_sound(name="wav", sound=b"RIFF....WAVE")
    with pytest.raises(tidecord.HTTPException) as refused:
        await guild.create_soundboard_sound(name="x", sound=MP3)
    assert (refused.value.status, refused.value.code) == (400, 50035)
    await made.delete()
    with pytest.raises(tidecord.NotFound) as gone:
        await guild.fetch_soundboard_sound(made.id)
    assert gone.value.code == 10097
