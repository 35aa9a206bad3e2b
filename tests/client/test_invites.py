"""tidecord's invites against the sandbox: what the parity test does not show."""

from __future__ import annotations

import asyncio

import pytest

import tidecord
from tidecord.models.invite import invite_code
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect, admin_world

ADMIN = pytest.mark.sandbox(world=World.from_dict(admin_world()))


def test_an_invite_is_named_by_its_url_or_its_code() -> None:
    for given in ("https://discord.gg/tide-42", "discord.gg/tide-42",
                  "https://discord.com/invite/tide-42/", "http://discordapp.com/invite/tide-42",
                  " tide-42 "):
        assert invite_code(given) == "tide-42", given
    for junk in ("https://example.com/invite/x", "two words", ""):
        with pytest.raises(ValueError, match="not an invite"):
            invite_code(junk)


@ADMIN
async def test_invites_by_url_and_their_events(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    general = next(c for c in client.guilds[0].channels if c.name == "general")
    created = asyncio.create_task(client.wait_for("invite_create", timeout=5))
    await asyncio.sleep(0)
    invite = await general.create_invite(max_uses=5)
    event = await created
    assert event == invite and event.channel is general and event.guild is client.guilds[0]
    assert (invite.max_age, invite.expires_at) == (0, None)  # discord.py's default: forever
    read = await client.fetch_invite(f"https://discord.gg/{invite.code}")
    assert read.uses is None and read.approximate_member_count == 3
    assert repr(invite).startswith(f"<Invite code={invite.code!r}")
    deleted = asyncio.create_task(client.wait_for("invite_delete", timeout=5))
    await asyncio.sleep(0)
    await client.delete_invite(invite.url, reason="done")
    assert (await deleted).code == invite.code
    with pytest.raises(tidecord.NotFound):
        await client.fetch_invite(invite)
