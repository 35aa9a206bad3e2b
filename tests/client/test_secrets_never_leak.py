"""A seeded audit: the bot token, webhook tokens and interaction tokens appear nowhere a
person could read them, whatever fails.

Each test drives a bot through failures chosen from a seeded mix (a refused token, a
token revoked mid-session, REST errors with bodies, dropped connections, a refused
port, wrong and deleted webhooks, expired interactions, handlers that raise with the
objects in their messages, user code logging objects) and gathers everything a person
could read: every log record at DEBUG (tidecord, aiohttp, asyncio, the sandbox) with its
traceback, warnings, each exception's full ``traceback.format_exception`` (causes,
contexts, notes) and ``repr``/``args``, the ``repr``/``str`` of the objects the bot
touched (and of their attributes), the metrics text, and the sandbox's own records and
JSON feeds. Then no form of any secret (as is, its signature part, URL-encoded or
base64-encoded) may be in any of it. Set ``TIDECORD_SECRETS_SEED`` to replay a mix.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import os
import random
import socket
import traceback
import urllib.parse
import warnings
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest

import tidecord
from tidecord.endpoint import serve_http
from tidecord.ext import commands
from tidecord.metrics.prometheus import MetricsServer
from tidecord.metrics.publish import HealthPublisher
from tidecord.sandbox import Sandbox, World

from .client_helpers import admin_world, start_client, until

pytestmark = pytest.mark.timeout(60)

SEED = int(os.environ.get("TIDECORD_SECRETS_SEED", "20261203"))
ADMIN = pytest.mark.sandbox(world=World.from_dict(admin_world()))
LOGGERS = ("", "tidecord", "aiohttp", "asyncio", "picows", "tidecord.sandbox")


def _forms(secret: str) -> Iterator[str]:
    """Every spelling of ``secret`` a leak could take."""
    yield secret
    yield urllib.parse.quote(secret, safe="")
    yield base64.b64encode(secret.encode()).decode().rstrip("=")
    yield base64.urlsafe_b64encode(secret.encode()).decode().rstrip("=")
    parts = secret.split(".")
    if len(parts) == 3:  # a bot token: id . time . signature; the signature is the secret
        yield parts[2]
    elif len(secret) >= 40:  # a webhook or interaction token: any long piece of it
        yield secret[8:40]


def _exception_text(exc: BaseException) -> str:
    """All a person sees of an exception: its traceback (causes, contexts and notes
    included), its repr and args, and what aiohttp's errors carry about the request."""
    texts = ["".join(traceback.format_exception(exc)), repr(exc), str(exc), repr(exc.args)]
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        texts += [repr(current), str(current), repr(getattr(current, "__notes__", None))]
        for name in ("request_info", "conn_key", "os_error", "response", "history"):
            if hasattr(current, name):
                texts.append(repr(getattr(current, name)))
        # The chain as Python prints it: a context left out by ``raise ... from None``
        # is not shown.
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__)
    return "\n".join(texts)


def _shown(obj: object, depth: int = 1) -> str:
    """``repr`` and ``str`` of ``obj``, and (``depth`` levels down) of its attributes: a
    debugger, ``vars()`` or a traceback printing locals shows those too."""
    texts = [repr(obj)]
    if not isinstance(obj, str):  # a secret's str() is its value: that is what it is for
        texts += [str(obj), f"{obj}"]
    if depth > 0:
        names = list(getattr(obj, "__dict__", {}))
        for cls in type(obj).__mro__:
            names += [n for n in getattr(cls, "__slots__", ()) if isinstance(n, str)]
        for name in names:
            try:
                value = getattr(obj, name)
            except Exception:  # an unset slot or a failing property
                continue
            texts.append(f"{name}={value!r}")
            if depth > 1:
                texts.append(_shown(value, depth - 1))
    return "\n".join(texts)


class Exposure:
    """What the bot and the sandbox let a person read during one test."""

    def __init__(self, caplog: pytest.LogCaptureFixture) -> None:
        self.caplog = caplog
        self.secrets: dict[str, str] = {}
        self.texts: list[tuple[str, str]] = []
        self.raised: list[str] = []

    def secret(self, name: str, value: object) -> None:
        self.secrets[name] = str(value)

    def saw(self, where: str, obj: object, depth: int = 1) -> None:
        self.texts.append((where, _shown(obj, depth)))

    def text(self, where: str, text: str) -> None:
        self.texts.append((where, text))

    def caught(self, where: str, exc: BaseException) -> None:
        self.raised.append(f"{where}: {type(exc).__name__}")
        self.texts.append((where, _exception_text(exc)))

    async def attempt(self, where: str, call: Any) -> object:
        """Run ``await call``; an exception is kept as what a person would read."""
        try:
            return await call
        except Exception as exc:  # every failure is material
            self.caught(where, exc)
            return None

    def _logs(self) -> Iterator[tuple[str, str]]:
        formatter = logging.Formatter("%(levelname)s %(name)s %(message)s")
        for record in self.caplog.records:
            where = f"log {record.name}"
            text = formatter.format(record)
            yield where, f"{text}\n{record.args!r}\n{record.msg!r}"

    def assert_clean(self) -> None:
        assert self.secrets, "no secret to look for"
        found = []
        for where, text in [*self.texts, *self._logs()]:
            for name, secret in self.secrets.items():
                for form in _forms(secret):
                    if form and form in text:
                        at = text.index(form)
                        found.append(f"{name} in {where}: ...{text[max(0, at - 160):at]}<HERE>")
                        break
        assert not found, "\n\n".join(found)


@pytest.fixture
def exposure(caplog: pytest.LogCaptureFixture) -> Iterator[Exposure]:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name or None)
    seen = Exposure(caplog)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield seen
    for warning in caught:
        seen.text("warning", f"{warning.category.__name__}: {warning.message}")


def _rng(name: str) -> random.Random:
    return random.Random(f"{SEED}:{name}")


async def _sandbox_records(exposure: Exposure, sb: Sandbox) -> None:
    """The sandbox's own records and the JSON a chat page or a test reads."""
    exposure.saw("sandbox rest_log", list(sb.rest_log.records), depth=0)
    exposure.saw("sandbox requests", list(sb.requests.records), depth=0)
    for record in sb.requests.records:
        exposure.saw("sandbox request", record)
    async with aiohttp.ClientSession() as session:
        for path in ("info", "state", "rest-log", "requests", "gateway/report"):
            async with session.get(f"{sb.url}/_sandbox/{path}") as resp:
                exposure.text(f"GET /_sandbox/{path}", await resp.text())
        for record in sb.interactions.by_id.values():
            async with session.get(f"{sb.url}/_sandbox/interactions/{record.id}") as resp:
                exposure.text("GET /_sandbox/interactions/{id}", await resp.text())


async def _watch_feed(sb: Sandbox) -> tuple[aiohttp.ClientSession, asyncio.Task[list[str]]]:
    """Start reading the chat page's live feed (every dispatch, as the page gets it)."""
    session = aiohttp.ClientSession()
    socket_ = await session.ws_connect(f"{sb.url}/_sandbox/feed")

    async def read() -> list[str]:
        frames: list[str] = []
        async for frame in socket_:
            if frame.type == aiohttp.WSMsgType.TEXT:
                frames.append(frame.data)
        return frames

    return session, asyncio.create_task(read(), name="test:feed")


async def _stop_feed(session: aiohttp.ClientSession,
                     reading: asyncio.Task[list[str]]) -> list[str]:
    await asyncio.sleep(0.05)  # the last frames' way through the socket
    await session.close()
    frames = await asyncio.wait_for(reading, 5)
    assert any("INTERACTION_CREATE" in f for f in frames), "the feed showed no interaction"
    return frames


# -- the bot token ---------------------------------------------------------------------


@ADMIN
async def test_the_bot_token_stays_hidden_through_rest_failures(
    sandbox: Sandbox, exposure: Exposure
) -> None:
    rng = _rng("rest")
    exposure.secret("bot token", sandbox.token)
    sandbox.record_requests()
    client = tidecord.Client(api_url=sandbox.api_url, intents=tidecord.Intents.default())
    task = await start_client(client, sandbox.token)
    client.http.max_retries = 1  # a fault given twice ends the call: more errors, sooner
    try:
        general = next(c for c in client.guilds[0].channels if c.name == "general")
        faults = [("answer", s) for s in (401, 403, 404, 400)] + [
            ("fail", s) for s in (500, 502, 503, 429)] + [("reset", 0)] * 2
        rng.shuffle(faults)
        for kind, status in faults:
            if kind == "answer":
                body = rng.choice([b'{"message": "401: Unauthorized", "code": 0}',
                                   b'{"message": "Missing Access", "code": 50001}',
                                   b"<html>not json</html>", b""])
                sandbox.answer_next_rest(2, status, body, {"Content-Type": rng.choice(
                    ["application/json", "text/html"])})
            elif kind == "fail":
                sandbox.fail_next_rest(2, status, retry_after=0.01)
            else:
                sandbox.reset_next_rest(2)
            action = rng.choice([general.send(f"after {kind} {status}"),
                                 general.fetch_message(general.last_message_id or 1),
                                 client.fetch_user(client.user.id)])
            await exposure.attempt(f"REST {kind} {status}", asyncio.wait_for(action, 5))
        # The objects a bot holds, as a debugger or a log line would show them.
        exposure.saw("client", client, depth=2)
        exposure.saw("http", client.http, depth=2)
        for shard in client.shards.values():
            exposure.saw("shard", shard, depth=2)
        exposure.saw("session", client.http.session, depth=2)
        async with MetricsServer(client) as metrics, aiohttp.ClientSession() as session, \
                session.get(metrics.url) as resp:
            exposure.text("metrics", await resp.text())
        logging.getLogger("user.bot").exception("state: %r %s %r", client, client.http,
                                                vars(client))
    finally:
        await client.close()
        await asyncio.wait_for(task, 5)
    await _sandbox_records(exposure, sandbox)
    assert exposure.raised, "no failure was seen"
    exposure.assert_clean()


@pytest.mark.sandbox(identify_interval=0.05)  # a re-identify need not wait 5 s
async def test_a_refused_or_revoked_token_stays_hidden(
    sandbox: Sandbox, exposure: Exposure
) -> None:
    rng = _rng("refused")
    wrong = sandbox.token[:-6] + "".join(rng.choice("abcdefXYZ_-") for _ in range(6))
    exposure.secret("bot token", sandbox.token)
    exposure.secret("wrong token", wrong)

    # Refused at login: 401.
    refused = tidecord.Client(api_url=sandbox.api_url, intents=tidecord.Intents.default())
    await exposure.attempt("login with a wrong token",
                           asyncio.wait_for(refused.start(wrong), 5))
    exposure.saw("refused client", refused, depth=2)
    await refused.close()

    # Revoked mid-session: the resume (or identify) is closed with 4004.
    client = tidecord.Client(api_url=sandbox.api_url, intents=tidecord.Intents.default())
    task = await start_client(client, sandbox.token)
    for fault in rng.sample(["reconnect", "drop", "invalidate"], 2):
        if fault == "reconnect":
            await sandbox.send_reconnect()
        elif fault == "drop":
            await sandbox.drop_connections(code=rng.choice([None, 4000, 1011]))
        else:
            # Resumable: a fresh identify would first wait the 1-5 s Discord asks for.
            await sandbox.invalidate_session(resumable=True)
        await until(lambda: client.is_ready() and sandbox.hub.live(), within=5)
    exposure.saw("client after reconnects", client, depth=2)
    sandbox.state.token = wrong
    await sandbox.drop_connections(code=rng.choice([None, 4000]))
    await exposure.attempt("token revoked mid-session", asyncio.wait_for(task, 10))
    exposure.saw("revoked client", client, depth=2)
    await client.close()
    await _sandbox_records(exposure, sandbox)
    assert len(exposure.raised) == 2, exposure.raised
    exposure.assert_clean()


async def test_a_refused_connection_stays_hidden(exposure: Exposure) -> None:
    """Nothing listens: aiohttp's connection errors (which name the request) are raised."""
    token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Gx0aBc.SecretSignaturePartThatMustNeverShow00"
    exposure.secret("bot token", token)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = tidecord.Client(api_url=f"http://127.0.0.1:{port}/api/v10",
                             intents=tidecord.Intents.default())
    client.http.max_retries = 1  # the same errors, sooner
    await exposure.attempt("connection refused", asyncio.wait_for(client.start(token), 10))
    exposure.saw("client", client, depth=2)
    webhook_token = "W" * 20 + "webhookSecretPartNeverShown" + "w" * 21
    exposure.secret("webhook token", webhook_token)
    url = f"http://127.0.0.1:{port}/api/v10/webhooks/123456789012345678/{webhook_token}"
    hook = tidecord.Webhook.from_url(url, client=client)
    await exposure.attempt("webhook connection refused",
                           asyncio.wait_for(hook.send("x", wait=True), 10))
    exposure.saw("webhook", hook, depth=2)
    await client.close()

    def blocking() -> None:
        sync = tidecord.SyncWebhook.from_url(url)
        try:
            sync.send("x")
        except Exception as exc:  # every failure is material
            exposure.caught("SyncWebhook connection refused", exc)

    await asyncio.to_thread(blocking)
    assert len(exposure.raised) == 3, exposure.raised
    exposure.assert_clean()


MALFORMED = [b"HTTP/1.1 200 OK\r\nA Header With Spaces\r\n\r\n", b"NOT HTTP AT ALL\r\n\r\n",
             b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nxx",
             b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}"]


async def test_a_malformed_answer_stays_hidden(exposure: Exposure) -> None:
    """A server (a broken proxy) answers what is not HTTP: aiohttp's parse errors name the
    request's URL, which holds a webhook's token, and carry its headers (the bot's)."""
    rng = _rng("malformed")
    token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Gx0aBc.SecretSignaturePartThatMustNeverShow00"
    webhook_token = "M" * 20 + "malformedWebhookSecretPart" + "m" * 22
    exposure.secret("bot token", token)
    exposure.secret("webhook token", webhook_token)
    answers = rng.sample(MALFORMED, len(MALFORMED))

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(answers.pop() if answers else MALFORMED[0])
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = tidecord.Client(api_url=f"http://127.0.0.1:{port}/api/v10",
                             intents=tidecord.Intents.default())
    client.http.max_retries = 0
    client.http.set_token(token)
    hook = tidecord.Webhook.from_url(
        f"http://127.0.0.1:{port}/api/v10/webhooks/123456789012345678/{webhook_token}",
        client=client)
    try:
        for call in rng.sample([hook.send("x", wait=True), hook.fetch(),
                                client.fetch_user(1234567890123456), client.fetch_guild(1)], 4):
            await exposure.attempt("malformed answer", asyncio.wait_for(call, 5))
    finally:
        await client.close()
        server.close()
        await server.wait_closed()
    assert len(exposure.raised) == 4, exposure.raised
    exposure.assert_clean()


# -- webhooks --------------------------------------------------------------------------


@ADMIN
async def test_webhook_tokens_stay_hidden_when_wrong_deleted_or_cut_off(
    sandbox: Sandbox, exposure: Exposure
) -> None:
    rng = _rng("webhooks")
    exposure.secret("bot token", sandbox.token)
    sandbox.record_requests()
    client = tidecord.Client(api_url=sandbox.api_url, intents=tidecord.Intents.default())
    task = await start_client(client, sandbox.token)
    try:
        general = next(c for c in client.guilds[0].channels if c.name == "general")
        hook = await general.create_webhook(name="Relay")
        exposure.secret("webhook token", hook.token)
        wrong_token = "".join(rng.choice("ABCDEFabcdef0123456789-_") for _ in range(68))
        exposure.secret("wrong webhook token", wrong_token)
        async with aiohttp.ClientSession() as session:
            by_url = tidecord.Webhook.from_url(hook.url, session=session)
            wrong = tidecord.Webhook.from_url(f"{sandbox.api_url}/webhooks/{hook.id}/"
                                              f"{wrong_token}", session=session)
            sent = await by_url.send("first", wait=True)
            for obj in (hook, by_url, wrong, sent):
                exposure.saw(f"webhook object {type(obj).__name__}", obj, depth=2)
            steps = ["wrong", "reset", "fail", "raw"]
            rng.shuffle(steps)
            for step in steps:
                if step == "reset":
                    sandbox.reset_next_rest(3)
                elif step == "fail":
                    sandbox.fail_next_rest(3, rng.choice([500, 502]), retry_after=0.01)
                elif step == "raw":
                    sandbox.answer_next_rest(1, rng.choice([404, 403]),
                                             b'{"message": "Unknown Webhook", "code": 10015}',
                                             {"Content-Type": "application/json"})
                target = wrong if step == "wrong" else rng.choice([by_url, hook])
                await exposure.attempt(f"webhook {step}", asyncio.wait_for(
                    rng.choice([target.send(f"{step}", wait=True), target.fetch(),
                                target.fetch_message(sent.id)]), 5))
                sandbox.faults.clear()  # what the call's retries left unused
            await hook.delete()
            for attempt in (by_url.send("gone", wait=True), by_url.fetch(),
                            sent.edit(content="gone")):
                await exposure.attempt("deleted webhook", asyncio.wait_for(attempt, 5))

        def blocking() -> None:
            url = f"{sandbox.api_url}/webhooks/{hook.id}/{wrong_token}"
            sync = tidecord.SyncWebhook.from_url(url)
            exposure.saw("SyncWebhook", sync, depth=2)
            try:
                sync.send("nope")
            except Exception as exc:
                exposure.caught("SyncWebhook wrong token", exc)

        await asyncio.to_thread(blocking)
    finally:
        await client.close()
        await asyncio.wait_for(task, 5)
    await _sandbox_records(exposure, sandbox)
    assert len(exposure.raised) >= 6, exposure.raised
    exposure.assert_clean()


# -- interactions and handlers ---------------------------------------------------------


@ADMIN
async def test_interaction_tokens_stay_hidden_when_expired_or_printed(
    sandbox: Sandbox, exposure: Exposure
) -> None:
    rng = _rng("interactions")
    exposure.secret("bot token", sandbox.token)
    sandbox.record_requests()
    client = tidecord.Client(api_url=sandbox.api_url, intents=tidecord.Intents.default())
    tree = tidecord.app_commands.CommandTree(client)
    held: list[tidecord.Interaction] = []
    user_log = logging.getLogger("user.handlers")

    @tree.command(name="late", description="Answers too late")
    async def late(interaction: tidecord.Interaction) -> None:
        held.append(interaction)
        if rng.random() < 0.5:
            await interaction.response.defer()
        else:
            await interaction.response.send_message("on time")
        user_log.debug("handled %r %s %r", interaction, interaction.response,
                       interaction.followup)
        raise RuntimeError(f"boom in {interaction} {interaction.response} "
                           f"{interaction.followup} {interaction.client}")

    task = await start_client(client, sandbox.token)
    feed = await _watch_feed(sandbox)
    try:
        await tree.sync()
        for _ in range(2):
            record = await sandbox.invoke_command("alice", "general", "late")
            await record.wait_response()
        await until(lambda: len(held) == 2)
        for interaction in held:
            exposure.secret(f"interaction token {interaction.id}", interaction.token)
            original = await interaction.original_response()
            for obj in (interaction, interaction.response, interaction.followup, original):
                exposure.saw(f"interaction object {type(obj).__name__}", obj, depth=2)
            followup = await interaction.followup.send("in time", wait=True)
            exposure.saw("followup message", followup, depth=2)
        sandbox.clock.advance(16 * 60)  # the interaction tokens expire
        for interaction in held:
            calls = [interaction.followup.send("too late"), interaction.original_response(),
                     interaction.edit_original_response(content="too late"),
                     interaction.response.send_message("again")]
            rng.shuffle(calls)
            for call in calls:
                await exposure.attempt("expired interaction", asyncio.wait_for(call, 5))
    finally:
        await client.close()
        await asyncio.wait_for(task, 5)
    await _sandbox_records(exposure, sandbox)
    exposure.text("chat page feed", "\n".join(await _stop_feed(*feed)))
    assert len(exposure.raised) >= 6, exposure.raised
    exposure.assert_clean()


def _attributes(obj: object) -> dict[str, object]:
    """What ``vars()`` would show, slots included: what a user prints to see "everything"."""
    names = [n for cls in type(obj).__mro__ for n in getattr(cls, "__slots__", ())]
    return {n: getattr(obj, n, None) for n in [*getattr(obj, "__dict__", {}), *names]}


class Crashing(tidecord.ui.View):
    """A button whose callback fails with the interaction and the view in its message."""

    @tidecord.ui.button(label="Crash", custom_id="crash")
    async def crash(self, interaction: tidecord.Interaction,
                    button: tidecord.ui.Button[Any]) -> None:
        await interaction.response.defer()
        raise LookupError(f"{self} {interaction} {interaction.response} {button} "
                          f"{_attributes(interaction)}")


@ADMIN
async def test_handlers_that_raise_with_objects_in_their_messages(
    sandbox: Sandbox, exposure: Exposure
) -> None:
    """No handler of its own: the library's default error handlers log what failed."""
    rng = _rng("handlers")
    exposure.secret("bot token", sandbox.token)
    intents = tidecord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, api_url=sandbox.api_url)
    tokens: list[str] = []

    @bot.command()
    async def crash(ctx: commands.Context[Any]) -> None:
        logging.getLogger("user.commands").info("ctx %r bot %r http %r state %r", ctx, ctx.bot,
                                                ctx.bot.http, vars(ctx))
        raise ValueError(f"{ctx} {ctx.bot} {ctx.message} {vars(ctx.bot.http)}")

    @bot.tree.command(name="explode", description="Fails")
    async def explode(interaction: tidecord.Interaction) -> None:
        tokens.append(interaction.token)
        await interaction.response.send_message("about to fail", view=Crashing())
        logging.getLogger("user.slash").exception("with %r", _attributes(interaction))
        raise RuntimeError(f"{interaction} {interaction.followup} {_attributes(interaction)}")

    @bot.listen()
    async def on_message(message: tidecord.Message) -> None:
        if message.content == "boom":
            raise KeyError(f"{message} {bot} {bot.http} {vars(bot.http)!r}")

    def errors() -> int:
        return sum(r.levelno >= logging.ERROR and r.exc_info is not None
                   for r in exposure.caplog.records)

    task = await start_client(bot, sandbox.token)
    try:
        await bot.tree.sync()
        steps = ["prefix", "listener", "slash"]
        rng.shuffle(steps)
        for step in steps:
            before = errors()
            if step == "prefix":
                await sandbox.send_message("alice", "general", "!crash")
            elif step == "listener":
                await sandbox.send_message("alice", "general", "boom")
            else:
                record = await sandbox.invoke_command("alice", "general", "explode")
                await record.wait_response()
                await until(lambda b=before: errors() > b)  # type: ignore[misc]
                before = errors()
                assert record.original is not None
                await sandbox.click_button("alice", record.original.id, "crash")
            await until(lambda b=before: errors() > b)  # type: ignore[misc]
        exposure.saw("bot", bot, depth=2)
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)
    for n, token in enumerate(tokens):
        exposure.secret(f"interaction token {n}", token)
    assert errors() >= 4 and tokens
    exposure.assert_clean()


# -- what reports to the sandbox -------------------------------------------------------

CONTROL_SECRET = "sandbox-control-secret-" + "k3y" * 8


@pytest.mark.sandbox(secret=CONTROL_SECRET)
async def test_the_health_publisher_keeps_the_token_and_the_sandbox_secret(
    sandbox: Sandbox, exposure: Exposure
) -> None:
    exposure.secret("bot token", sandbox.token)
    exposure.secret("sandbox secret", CONTROL_SECRET)
    client = tidecord.Client(api_url=sandbox.api_url, intents=tidecord.Intents.default())
    task = await start_client(client, sandbox.token)
    publisher = HealthPublisher(client, sandbox.chat_url, sandbox.token, secret=sandbox.secret,
                                interval=0.05)
    try:
        publisher.start()
        await until(lambda: publisher.published >= 2)
        exposure.saw("health publisher", publisher, depth=2)
        exposure.text("health report", repr(sandbox.bot_health.latest))
        logging.getLogger("user.health").debug("publishing with %r", vars(publisher))
    finally:
        await publisher.stop()
        await client.close()
        await asyncio.wait_for(task, 5)
    exposure.assert_clean()


async def test_a_cluster_keeps_its_redis_password_out_of_sight(
    sandbox: Sandbox, exposure: Exposure
) -> None:
    password = "hunter2-redis-password-" + "p" * 12
    exposure.secret("bot token", sandbox.token)
    exposure.secret("redis password", password)
    cluster = tidecord.Cluster(f"redis://worker:{password}@127.0.0.1:9/0")
    client = tidecord.Client(api_url=sandbox.api_url, cluster=cluster, loop_watchdog=False)
    exposure.saw("cluster", cluster, depth=2)
    exposure.saw("client with a cluster", client, depth=2)
    logging.getLogger("user.cluster").debug("cluster %r of %r", vars(cluster), client)
    exposure.assert_clean()


async def test_a_proxy_password_stays_out_of_sight(exposure: Exposure) -> None:
    """discord.py's ``proxy`` and ``proxy_auth``; the proxy refuses the connection."""
    password = "proxy-password-" + "x9" * 10
    token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Gx0aBc.ProxiedSignaturePartThatMustNeverShow0"
    exposure.secret("proxy password", password)
    exposure.secret("bot token", token)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = tidecord.Client(api_url="http://127.0.0.1:9/api/v10",
                             intents=tidecord.Intents.default(),
                             proxy=f"http://127.0.0.1:{port}",
                             proxy_auth=aiohttp.BasicAuth("me", password))
    client.http.max_retries = 0
    await exposure.attempt("proxy refused", asyncio.wait_for(client.start(token), 10))
    # The client's own objects; aiohttp's session keeps the proxy URL as it was given.
    exposure.saw("client", client, depth=1)
    exposure.saw("http", client.http, depth=1)
    logging.getLogger("user.proxy").debug("http %r", vars(client.http))
    await client.close()
    assert exposure.raised
    exposure.assert_clean()


async def test_interactions_over_http_keep_their_tokens(
    sandbox: Sandbox, exposure: Exposure
) -> None:
    """An HTTP-interactions bot: tokens come in POST bodies; a handler fails with the
    interaction in its message, and a forged request carries a token of its own."""
    exposure.secret("bot token", sandbox.token)
    forged_token = "aW50ZXJhY3Rpb246" + "forgedInteractionTokenPart" + "f" * 30
    exposure.secret("forged interaction token", forged_token)
    held: list[tidecord.Interaction] = []

    class HttpBot(tidecord.Client):
        async def on_interaction(self, interaction: tidecord.Interaction) -> None:
            held.append(interaction)
            await interaction.response.send_message("answered")
            raise RuntimeError(f"{interaction} {_attributes(interaction)}")

    bot = HttpBot(api_url=sandbox.api_url)
    listening: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def on_listening(url: str) -> None:
        listening.set_result(url)

    app_id = sandbox.state.application.id
    serving = asyncio.create_task(serve_http(bot, sandbox.token, port=0,
                                             on_listening=on_listening))
    try:
        url = await asyncio.wait_for(asyncio.shield(listening), 10)
        await sandbox.set_interactions_endpoint(url)
        async with aiohttp.ClientSession() as http:
            async with http.put(f"{sandbox.api_url}/applications/{app_id}/commands",
                                json=[{"name": "ping", "description": "ping"}],
                                headers={"Authorization": f"Bot {sandbox.token}"}) as resp:
                assert resp.status == 200
            record = await sandbox.invoke_command("alice", "general", "ping")
            await record.wait_response(5)
            forged = {"type": 2, "id": "1", "application_id": str(app_id),
                      "token": forged_token, "version": 1}
            for headers in ({}, {"X-Signature-Ed25519": "00" * 64,
                                 "X-Signature-Timestamp": "1"}):
                async with http.post(url, json=forged, headers=headers) as resp:
                    exposure.text("endpoint answer", await resp.text())
                    assert resp.status == 401
        await until(lambda: any(r.exc_info for r in exposure.caplog.records))
        for interaction in held:
            exposure.secret("interaction token", interaction.token)
            exposure.saw("interaction over HTTP", interaction, depth=2)
    finally:
        await bot.close()
        await asyncio.wait_for(serving, 10)
    await _sandbox_records(exposure, sandbox)
    assert len(held) == 1
    exposure.assert_clean()
