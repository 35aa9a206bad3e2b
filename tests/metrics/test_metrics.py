"""``client.metrics`` and the Prometheus exporter, read back after a sandbox run.

People talk on the sandbox, the bot answers, fails, waits for rate limits and
reconnects; the counts are read from ``client.metrics`` and from a real scrape of
:class:`MetricsServer` on loopback, parsed by prometheus-client's own parser.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

import tidecord
from tidecord.metrics.prometheus import MetricsServer
from tidecord.sandbox import Sandbox

from ..client.client_helpers import Connect

pytestmark = pytest.mark.timeout(60)

SEND = "POST /channels/{channel_id}/messages"


class Samples(dict[tuple[str, frozenset[tuple[str, str]]], float]):
    """One scrape: (sample name, labels) -> value."""

    def get_value(self, name: str, **labels: str) -> float | None:
        return self.get((name, frozenset(labels.items())))


async def scrape(url: str) -> Samples:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        text = await response.text()
    samples = Samples()
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


async def until(predicate: Callable[[], Any], limit: float = 10.0) -> None:
    async with asyncio.timeout(limit):
        while not predicate():  # noqa: ASYNC110 - counters are plain ints, not awaitables
            await asyncio.sleep(0.02)


class QuietBot(tidecord.Client):
    """Reads everything, answers only to commands, so each person's message is one event."""

    async def on_message(self, message: tidecord.Message) -> None:
        if message.author == self.user:
            return
        if message.content == "!announce":  # the bot may not post there: 403
            announcements = tidecord.utils.get(self.get_all_channels(), name="announcements")
            try:
                await announcements.send("hello")
            except tidecord.Forbidden:
                pass
        elif message.content == "!burst":  # 7 sends in a row: over the 5-per-second route limit
            for n in range(7):
                await message.channel.send(f"burst {n}")
        elif message.content == "!ping":
            await message.reply("pong")


async def test_seven_messages_are_seven_message_creates_in_the_snapshot_and_the_scrape(
    sandbox: Sandbox, connect: Connect
) -> None:
    client = await connect(QuietBot)
    for n in range(7):
        await sandbox.send_message("alice", "general", f"hello {n}")
    await until(lambda: client.metrics["gateway"]["events"].get("MESSAGE_CREATE") == 7
                and client.metrics["cache"]["messages"] == 7)

    metrics = client.metrics
    # Event handlers are timed one run in 17, the first one included: one of the seven.
    assert metrics["handlers"]["on_message"]["count"] == 1
    assert metrics["gateway"]["events"]["READY"] == 1
    assert metrics["cache"]["guilds"] == 1 and metrics["cache"]["messages"] == 7
    assert metrics["cache"]["members"] == len(sandbox.world.guilds[0].members)
    [shard] = metrics["gateway"]["shards"]
    assert shard["id"] == 0 and shard["state"] == "connected" and shard["reconnects"] == 0

    async with MetricsServer(client) as server:
        assert server.url.startswith("http://127.0.0.1:")
        samples = await scrape(server.url)
    assert samples.get_value("tidecord_gateway_events_total", type="MESSAGE_CREATE") == 7
    assert samples.get_value("tidecord_handler_duration_seconds_count", handler="on_message") == 1
    assert samples.get_value("tidecord_handler_duration_seconds_bucket", handler="on_message",
                             le="+Inf") == 1
    assert samples.get_value("tidecord_cache_entries", kind="messages") == 7
    assert samples.get_value("tidecord_gateway_shard_state", shard="0", state="connected") == 1
    assert samples.get_value("tidecord_rest_calls_total", route="GET /users/@me",
                             status="200") == 1
    assert (samples.get_value("tidecord_loop_lag_seconds_count") or 0) > 0
    assert samples.get_value("tidecord_offload_workers", pool="threads") is not None
    assert (samples.get_value("process_cpu_seconds_total") or 0) > 0  # the process collector


async def test_failing_and_rate_limited_rest_calls_are_counted(
    sandbox: Sandbox, connect: Connect
) -> None:
    client = await connect(QuietBot)
    await sandbox.send_message("alice", "general", "!announce")
    await until(lambda: any(c["status"] == 403 for c in client.metrics["rest"]["calls"]))
    # A 429 the sandbox answers to the next call: counted by scope, then retried.
    sandbox.fail_next_rest(1, status=429, retry_after=0.05)
    await sandbox.send_message("alice", "general", "!ping")
    await sandbox.wait_for_message(author=sandbox.bot_user, timeout=10)
    # Seven sends in a row: the bot waits for the route's window instead of earning 429s.
    await sandbox.send_message("alice", "general", "!burst")

    def calls() -> dict[tuple[str, int], int]:
        return {(c["route"], c["status"]): c["count"] for c in client.metrics["rest"]["calls"]}

    # The pong and the seven (the sandbox has each message before the bot reads its answer).
    await until(lambda: calls().get((SEND, 200)) == 8, limit=15)
    rest = client.metrics["rest"]
    assert calls()[(SEND, 403)] == 1
    assert calls()[(SEND, 429)] == 1
    assert rest["ratelimited"] == {"user": 1}
    assert rest["ratelimit_wait_s"] > 0.1
    assert rest["last_wait"]["route"] == SEND and rest["last_wait"]["seconds"] > 0.05

    async with MetricsServer(client) as server:
        samples = await scrape(server.url)
    assert samples.get_value("tidecord_rest_calls_total", route=SEND, status="403") == 1
    assert samples.get_value("tidecord_rest_ratelimited_total", scope="user") == 1
    assert (samples.get_value("tidecord_rest_ratelimit_wait_seconds_total") or 0) > 0.1


async def test_reconnects_and_resumes_per_shard(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect(QuietBot)
    await sandbox.drop_connections()
    await until(lambda: client.metrics["gateway"]["shards"][0]["resumes"] == 1)
    [shard] = client.metrics["gateway"]["shards"]
    assert shard["reconnects"] == 1 and shard["state"] == "connected"
    assert client.metrics["gateway"]["events"]["RESUMED"] == 1


class SlowBot(tidecord.Client):
    async def on_message(self, message: tidecord.Message) -> None:
        if message.content == "!slow":
            time.sleep(0.3)  # noqa: ASYNC251 - the stall this test is about


@pytest.mark.tidecord_strict(False)
async def test_stalls_are_counted_by_site_with_the_call(sandbox: Sandbox, connect: Connect
                                                        ) -> None:
    client = await connect(SlowBot)
    await sandbox.send_message("alice", "general", "!slow")
    await until(lambda: any(s["advice"] and s["advice"]["call"] == "time.sleep"
                            for s in client.metrics["loop"]["sites"]))
    loop = client.metrics["loop"]
    [site] = [s for s in loop["sites"] if s["line"] == "time.sleep(0.3)  # noqa: ASYNC251 -"
              " the stall this test is about"]
    assert site["count"] == 1 and site["site"].endswith(f"test_metrics.py:{SLEEP_LINE}")
    [recent] = [s for s in loop["recent"] if s["site"] == site["site"]]
    assert recent["handler"] == "on_message" and recent["duration_s"] >= 0.25
    assert "asyncio.sleep" in recent["advice"]["instead"]
    # The tick that ran late shows in the lag histogram's upper buckets.
    buckets = dict((str(b), n) for b, n in loop["lag"]["buckets"])
    assert buckets["+Inf"] - buckets["0.1"] >= 1

    async with MetricsServer(client) as server:
        samples = await scrape(server.url)
    assert samples.get_value("tidecord_loop_stalls_total", site=site["site"],
                             call="time.sleep") == 1


SLEEP_LINE = next(n for n, line in enumerate(open(__file__).read().splitlines(), 1)
                  if line.strip().startswith("time.sleep(0.3)"))


async def test_metrics_false_leaves_the_per_event_counters_out(sandbox: Sandbox, connect: Connect
                                                             ) -> None:
    client = await connect(QuietBot, metrics=False)
    await sandbox.send_message("alice", "general", "!ping")
    # What costs nothing per event is still counted: the reply's REST call.
    await until(lambda: any(c["route"] == SEND and c["status"] == 200
                            for c in client.metrics["rest"]["calls"]))
    metrics = client.metrics
    assert metrics["gateway"]["events"] == {} and metrics["handlers"] == {}
    assert metrics["cache"]["messages"] >= 1


class SlashBot(tidecord.Client):
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.tree = tidecord.app_commands.CommandTree(self)

        @self.tree.command(description="Answers pong")
        async def ping(interaction: tidecord.Interaction) -> None:
            await interaction.response.send_message("pong")

    async def setup_hook(self) -> None:
        await self.tree.sync()


async def test_app_commands_are_timed_on_every_run(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect(SlashBot)
    for _ in range(3):
        record = await sandbox.invoke_command("alice", "general", "ping")
        await record.wait_response(5)
    await until(lambda: client.metrics["handlers"].get("app command:ping", {}).get("count") == 3)
    histogram = client.metrics["handlers"]["app command:ping"]
    assert histogram["buckets"][-1] == ["+Inf", 3] and histogram["sum"] > 0
