"""tidecord's webhooks against the sandbox: what the parity test does not show (the
token kept secret, URLs, sessions handed in, delayed deletes)."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import pytest

import tidecord
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect, admin_world

ADMIN = pytest.mark.sandbox(world=World.from_dict(admin_world()))


@ADMIN
async def test_the_token_stays_out_of_reprs_logs_and_errors(
    sandbox: Sandbox, connect: Connect, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = await connect()
    general = next(c for c in client.guilds[0].channels if c.name == "general")
    hook = await general.create_webhook(name="Relay")
    token = str(hook.token)
    assert len(token) == 68 and token not in repr(hook) and repr(hook.token) == "'<hidden>'"
    message = await hook.send("hi", wait=True)
    assert message.webhook_id == hook.id and message.author.id == hook.id
    await message.delete()
    with pytest.raises(tidecord.NotFound) as caught:
        await hook.fetch_message(message.id)
    assert token not in str(caught.value) and token not in repr(caught.value)
    hook.token = hook.token[:-1] + ("A" if token[-1] != "A" else "B")
    with pytest.raises(tidecord.HTTPException) as caught:
        await hook.send("with a wrong token")
    assert caught.value.status == 401 and caught.value.code == 50027
    assert token[:40] not in str(caught.value)
    assert token not in caplog.text and token[:40] not in caplog.text


@ADMIN
async def test_a_url_and_a_session_are_enough_to_post(
    sandbox: Sandbox, connect: Connect
) -> None:
    client = await connect()
    general = next(c for c in client.guilds[0].channels if c.name == "general")
    hook = await general.create_webhook(name="Relay")
    assert hook.url.startswith(sandbox.api_url + "/webhooks/")
    async with aiohttp.ClientSession() as session:
        bare = tidecord.Webhook.from_url(hook.url, session=session)
        assert bare.is_partial() and not bare.is_authenticated()
        sent = await bare.send("from outside", username="Outsider", wait=True)
        assert sent.author.name == "Outsider"
        assert (await bare.fetch()).channel_id == general.id
        # The session is the caller's: still open, and still usable.
        assert not session.closed
    shared = tidecord.Webhook.from_url(hook.url, client=client)
    # The client's REST client and state, but not its token: only bot_token= gives that
    # (discord.py's auth_token), so fetch() reads the webhook with its own token.
    assert not shared.is_authenticated() and shared._http is client.http
    assert (await shared.fetch()).user is None
    assert tidecord.Webhook.from_url(hook.url, client=client, bot_token="x").is_authenticated()
    assert (await shared.send("through the client", wait=True)).content == "through the client"
    for bad in ("https://example.com/not-a-webhook", f"{sandbox.api_url}/webhooks/12/short"):
        with pytest.raises(ValueError, match="Invalid webhook URL"):
            tidecord.Webhook.from_url(bad, client=client)
    with pytest.raises(TypeError, match="session"):
        tidecord.Webhook.partial(hook.id, str(hook.token))
    with pytest.raises(ValueError, match="Unsupported image"):
        await general.create_webhook(name="x", avatar=b"not an image")


@ADMIN
async def test_a_delayed_delete_is_owned_by_the_client(
    sandbox: Sandbox, connect: Connect
) -> None:
    client = await connect()
    general = next(c for c in client.guilds[0].channels if c.name == "general")
    hook = await general.create_webhook(name="Relay")
    message = await hook.send("short-lived", wait=True)
    gone = asyncio.create_task(client.wait_for("raw_message_delete", timeout=5))
    await asyncio.sleep(0)
    await message.delete(delay=0.05)
    assert message.id in sandbox.state.messages[general.id]
    assert (await gone).message_id == message.id
    assert message.id not in sandbox.state.messages[general.id]
