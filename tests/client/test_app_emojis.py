"""Application emojis: the client makes, lists, fetches, renames and deletes them, as
discord.py's ``Client`` and ``Emoji`` do."""

from __future__ import annotations

import pytest

import tidecord
from tidecord.sandbox import Sandbox

from .client_helpers import Connect

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


async def test_application_emojis_round_trip(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    assert await client.fetch_application_emojis() == []
    made = await client.create_application_emoji(name="tide", image=PNG)
    assert made.name == "tide" and made.is_application_owned()
    assert made.guild_id == 0 and made.guild is None
    assert str(made) == f"<:tide:{made.id}>"
    assert made.user is not None and made.user.id == sandbox.bot_user.id
    listed = await client.fetch_application_emojis()
    assert [e.id for e in listed] == [made.id] and listed[0].is_application_owned()
    fetched = await client.fetch_application_emoji(made.id)
    assert fetched == made and fetched.is_application_owned()
    renamed = await fetched.edit(name="tides", roles=[], reason="ignored here")
    assert (renamed.name, renamed.is_application_owned()) == ("tides", True)
    assert sandbox.state.app_emojis[made.id].name == "tides"
    await renamed.delete()
    assert await client.fetch_application_emojis() == []
    with pytest.raises(tidecord.NotFound) as caught:
        await client.fetch_application_emoji(made.id)
    assert caught.value.code == 10014


async def test_a_name_taken_is_refused(connect: Connect) -> None:
    client = await connect()
    await client.create_application_emoji(name="tide", image=PNG)
    with pytest.raises(tidecord.HTTPException) as caught:
        await client.create_application_emoji(name="tide", image=PNG)
    assert (caught.value.status, caught.value.code) == (400, 50035)


async def test_without_an_application_id_nothing_is_asked() -> None:
    client = tidecord.Client()
    with pytest.raises(tidecord.app_commands.MissingApplicationID):
        await client.fetch_application_emojis()
