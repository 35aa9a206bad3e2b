"""A message's rarer parts (a Rich Presence activity and application, a call, the legacy
interaction, a role subscription, a purchase notification) and discord.py's helpers:
``to_message_reference_dict``, ``fetch_thread``, ``add_files``, ``remove_attachments``."""

from __future__ import annotations

import datetime
import json

import pytest

import tidecord
from tidecord.models import Message, decode
from tidecord.sandbox import Sandbox

from .client_helpers import Connect

pytestmark = pytest.mark.timeout(30)


async def test_reference_dicts_and_the_thread_of_a_message(sandbox: Sandbox,
                                                           connect: Connect) -> None:
    client = await connect()
    channel = client.get_channel(sandbox.channel("general").id)
    sent = await channel.send("let us talk")
    assert sent.to_message_reference_dict() == {
        "message_id": sent.id, "channel_id": channel.id, "guild_id": channel.guild.id}
    with pytest.raises(tidecord.NotFound):
        await sent.fetch_thread()
    thread = await sent.create_thread(name="talk")
    fetched = await sent.fetch_thread()
    assert (fetched.id, fetched.name) == (thread.id, "talk") == (sent.id, "talk")
    alice = await client.fetch_user(sandbox.user("alice").id)
    dm = await alice.send("hello")
    assert dm.to_message_reference_dict() == {"message_id": dm.id, "channel_id": dm.channel_id}
    with pytest.raises(ValueError, match="guild info"):
        await dm.fetch_thread()


async def test_files_are_added_and_removed(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    channel = client.get_channel(sandbox.channel("general").id)
    sent = await channel.send("notes", file=tidecord.File(b"one", filename="one.txt"))
    more = await sent.add_files(tidecord.File(b"two", filename="two.txt"),
                                tidecord.File(b"three", filename="three.txt"))
    assert [a.filename for a in more.attachments] == ["one.txt", "two.txt", "three.txt"]
    fewer = await more.remove_attachments(more.attachments[0], more.attachments[2])
    assert [a.filename for a in fewer.attachments] == ["two.txt"]
    stored = sandbox.messages("general")[-1]
    assert [a.filename for a in stored.attachments] == ["two.txt"]


async def test_an_ordinary_message_has_none_of_the_rare_parts(sandbox: Sandbox,
                                                              connect: Connect) -> None:
    client = await connect()
    sent = await client.get_channel(sandbox.channel("general").id).send("plain")
    assert (sent.activity, sent.application, sent.call, sent.role_subscription,
            sent.purchase_notification) == (None, None, None, None, None)
    with pytest.warns(DeprecationWarning, match="interaction_metadata"):
        assert sent.interaction is None


def _message(**fields: object) -> Message:
    data = {"id": "1190000000000000000", "channel_id": "5", "timestamp":
            "2024-01-01T00:00:00+00:00", "content": "",
            "author": {"id": "7", "username": "alice"}, **fields}
    return decode(json.dumps(data).encode(), Message)


def test_the_rare_parts_read_as_discord_sent_them() -> None:
    message = _message(
        activity={"type": 1, "party_id": "p1"},
        application={"id": "42", "name": "Game", "description": "fun", "icon": "abc",
                     "cover_image": "def"},
        call={"participants": ["7", "8"], "ended_timestamp": "2024-01-01T00:05:00+00:00"},
        interaction={"id": "1190000000000000001", "type": 2, "name": "ping",
                     "user": {"id": "8", "username": "bob"}},
        role_subscription_data={"role_subscription_listing_id": "9", "tier_name": "Gold",
                                "total_months_subscribed": 3, "is_renewal": True},
        purchase_notification={"type": 0, "guild_product_purchase": {
            "listing_id": "10", "product_name": "Badge"}},
    )
    assert message.activity == {"type": 1, "party_id": "p1"}
    app = message.application
    assert (app.id, app.name, str(app)) == (42, "Game", "Game")
    assert app.icon == "https://cdn.discordapp.com/app-icons/42/abc.png?size=1024"
    assert app.cover.key == "def"
    call = message.call
    assert call.is_ended() and [u.id for u in call.participants] == [7]  # 8 is not cached
    assert call.ended_timestamp == datetime.datetime(2024, 1, 1, 0, 5, tzinfo=datetime.UTC)
    with pytest.warns(DeprecationWarning):
        legacy = message.interaction
    assert (legacy.id, legacy.type, legacy.name, legacy.user.name) == (
        1190000000000000001, tidecord.InteractionType.application_command, "ping", "bob")
    sub = message.role_subscription
    assert (sub.role_subscription_listing_id, sub.tier_name, sub.total_months_subscribed,
            sub.is_renewal) == (9, "Gold", 3, True)
    bought = message.purchase_notification
    assert (bought.type, bought.guild_product_purchase.product_name) == (0, "Badge")
