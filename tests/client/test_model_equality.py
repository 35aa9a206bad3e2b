"""``==``, ``!=`` and ``hash`` agree with each other and with discord.py, model by model.

A bot written ``if message.author != self.user: reply`` must not answer itself: every
model that defines ``__eq__`` gets ``!=`` from it, and the same objects compare (and
hash) as discord.py's do, across ``Member``, ``User`` and ``Object``.
"""

from __future__ import annotations

import asyncio
import itertools
from types import ModuleType
from typing import Any

import discord
import pytest

import tidecord
from tidecord.cache.idmap import IdMap
from tidecord.models import Attachment, Channel, Emoji, Guild, Member, Message, Reaction, Role, User
from tidecord.sandbox import Sandbox

from ..sandbox.sandbox_peers import discord_py
from .client_helpers import Connect


def _user(uid: int, name: str = "alice") -> User:
    return User(id=uid, username=name)


def _file(aid: int, name: str) -> Attachment:
    return Attachment(id=aid, filename=name, size=len(name), url=f"u/{name}", proxy_url="p")


def _message(mid: int, content: str) -> Message:
    return tidecord.models.convert({
        "id": mid, "channel_id": 9, "content": content, "timestamp": "2024-01-01T00:00:00+00:00",
        "author": {"id": 1, "username": "alice"}}, Message)


def _pairs() -> list[tuple[str, Any, Any]]:
    """Equal, unequal and cross-type pairs of every model with an ``__eq__`` of its own."""
    perms = tidecord.Permissions
    role = Role(id=5, name="Blue", permissions=perms(0))
    return [
        ("user, same id", _user(1), _user(1, "renamed")),
        ("user, other id", _user(1), _user(2)),
        ("member and its user", Member(user=_user(1), nick="Al"), _user(1, "alice")),
        ("member, same user, other nick", Member(user=_user(1), nick="A"),
         Member(user=_user(1), nick="B")),
        ("member and another user", Member(user=_user(1)), _user(2)),
        ("partial member and itself", (m := Member(nick="x")), m),
        ("partial members", Member(nick="x"), Member(nick="x")),
        ("role, renamed", role, Role(id=5, name="Green", permissions=perms(8))),
        ("role, other id", role, Role(id=6, name="Blue", permissions=perms(0))),
        ("guild, renamed", Guild(id=3, name="a", owner_id=1), Guild(id=3, name="b", owner_id=2)),
        ("guild and a role of the same id", Guild(id=5, name="a", owner_id=1), role),
        ("channel, renamed", Channel(id=4, type=0, name="a"), Channel(id=4, type=0, name="b")),
        ("channel, other id", Channel(id=4, type=0), Channel(id=7, type=0)),
        ("message, edited", _message(8, "a"), _message(8, "b")),
        ("message, other id", _message(8, "a"), _message(10, "a")),
        ("unicode emoji", Emoji(name="👍"), Emoji(name="👍")),
        ("unicode emoji and its text", Emoji(name="👍"), "👍"),
        ("custom emoji, renamed", Emoji(id=11, name="a"), Emoji(id=11, name="b")),
        ("custom emoji, other id", Emoji(id=11, name="a"), Emoji(id=12, name="a")),
        ("reaction, recounted", Reaction(count=1, emoji_data=Emoji(name="👍")),
         Reaction(count=2, me=True, emoji_data=Emoji(name="👍"))),
        ("reaction, other emoji", Reaction(count=1, emoji_data=Emoji(name="👍")),
         Reaction(count=1, emoji_data=Emoji(name="👎"))),
        ("attachment, same id", _file(13, "a.png"), _file(13, "b.png")),
        ("attachment, other id", _file(13, "a.png"), _file(14, "a.png")),
        ("object, same id", tidecord.Object(1), tidecord.Object(1)),
        ("object and a user", tidecord.Object(1), _user(1)),
        ("user-typed object and a user", tidecord.Object(1, type=User), _user(1)),
        ("member-typed object and a member", tidecord.Object(1, type=Member),
         Member(user=_user(1))),
        ("permissions", perms(send_messages=True), perms(2048)),
        ("permissions and intents of one value", perms(1), tidecord.Intents(1)),
        ("id maps", IdMap({1: "a"}), IdMap({1: "a"})),
        ("id map and its list", IdMap({1: "a"}), ["a"]),
        ("id map and another list", IdMap({1: "a"}), ["b"]),
    ]


@pytest.mark.parametrize(("a", "b"), [(a, b) for _, a, b in _pairs()],
                         ids=[name for name, _, _ in _pairs()])
def test_not_equal_is_the_opposite_of_equal_both_ways(a: Any, b: Any) -> None:
    assert (a != b) is (not (a == b))
    assert (b != a) is (not (b == a))
    assert (a == b) is (b == a)
    if a == b and _hashable(a) and _hashable(b):
        assert hash(a) == hash(b)


def test_identified_models_work_as_set_members_and_dict_keys() -> None:
    reaction = Reaction(count=1, emoji_data=Emoji(name="👍"))
    assert len({reaction, Reaction(count=5, emoji_data=Emoji(name="👍"))}) == 1
    assert {_file(13, "a.png"): "x"}[_file(13, "renamed.png")] == "x"


def test_roles_order_by_hierarchy_as_in_discord_py() -> None:
    perms = tidecord.Permissions(0)
    everyone = Role(id=100, name="@everyone", position=0, permissions=perms)
    low = Role(id=300, name="low", position=1, permissions=perms)
    tie = Role(id=200, name="tie", position=1, permissions=perms)  # older: above `low`
    high = Role(id=400, name="high", position=2, permissions=perms)
    assert everyone < low < tie < high
    assert high > tie >= tie and low <= low and not low < low
    assert sorted([high, low, everyone, tie]) == [everyone, low, tie, high]
    assert max([low, high, everyone]) is high


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _table(lib: ModuleType, client: Any, own: Any, asked: Any) -> dict[str, Any]:
    """How the objects a bot holds compare, written once for both libraries."""
    guild = asked.guild
    alice = asked.author
    things: dict[str, Any] = {
        "own message's author": own.author,
        "client.user": client.user,
        "guild.me": guild.me,
        "alice (message author)": alice,
        "alice (cached member)": guild.get_member(alice.id),
        "alice (cached user)": client.get_user(alice.id),
        "Object(alice)": lib.Object(alice.id),
        "Object(alice, type=User)": lib.Object(alice.id, type=lib.User),
        "Object(alice, type=Member)": lib.Object(alice.id, type=lib.Member),
        "alice's id": alice.id,
        "channel": asked.channel,
        "channel (cached)": client.get_channel(asked.channel.id),
        "guild": guild,
        "guild (cached)": client.get_guild(guild.id),
        "@everyone": guild.default_role,
        "message": asked,
        "own message": own,
    }
    table: dict[str, Any] = {}
    for (a_name, a), (b_name, b) in itertools.product(things.items(), repeat=2):
        equal = a == b
        row: tuple[Any, ...] = (equal, a != b)
        if equal and _hashable(a) and _hashable(b):
            row += (hash(a) == hash(b),)
        table[f"{a_name} vs {b_name}"] = row
    for name, value in things.items():
        table[f"{name} is hashable"] = _hashable(value)
    return table


class _Recorder:
    """Answers alice's "compare, please", then tabulates when its own answer comes back."""

    def __init__(self, lib: ModuleType, client: Any) -> None:
        self.lib, self.client = lib, client
        self.asked: Any = None
        self.table: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.answered: list[str] = []

    async def on_message(self, message: Any) -> None:
        if message.author != self.client.user:  # the guard a bot relies on not to loop
            self.answered.append(message.content)
        if message.content == "compare, please":
            self.asked = message
            await message.channel.send("compared")
        elif message.content == "compared" and not self.table.done():
            self.table.set_result(_table(self.lib, self.client, message, self.asked))


# discord.py logs from the event loop: strict mode would count that as blocking.
@pytest.mark.tidecord_strict(False)
async def test_comparisons_match_discord_py_on_the_sandbox(
    sandbox: Sandbox, connect: Connect
) -> None:
    intents = tidecord.Intents.default()
    intents.message_content = intents.members = True
    ours = await connect(intents=intents)
    mine = _Recorder(tidecord, ours)
    ours.event(mine.on_message)
    await sandbox.send_message("alice", "general", "compare, please")
    our_table = await asyncio.wait_for(mine.table, 10)
    await ours.close()

    theirs: list[_Recorder] = []

    def setup(bot: Any) -> None:
        theirs.append(_Recorder(discord, bot))
        bot.add_listener(theirs[0].on_message, "on_message")

    async with discord_py(sandbox, setup=setup):
        await sandbox.send_message("alice", "general", "compare, please")
        their_table = await asyncio.wait_for(theirs[0].table, 10)

    assert mine.answered == theirs[0].answered == ["compare, please"]
    # One deliberate difference: discord.py's Member and User answer False to an Object
    # typed Member or User, while that Object answers True; tidecord lets the Object
    # decide both ways, so equality stays symmetric (and `in` a set works either way).
    symmetric = {"alice (message author) vs Object(alice, type=Member)",
                 "alice (cached member) vs Object(alice, type=Member)",
                 "alice (cached user) vs Object(alice, type=User)"}
    for key in symmetric:
        assert their_table.pop(key)[:2] == (False, True)
        assert our_table.pop(key) == (True, False, True)
    assert our_table == their_table
