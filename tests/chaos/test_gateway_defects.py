"""Gateway defects found by fuzzing, one test each: bad frames never end the bot.

Each scenario feeds the bot what a broken or hostile server could send, then checks
the bot is still running and still hears people, on the same session where the
frame alone was bad, or after reconnecting where the session itself was broken.
"""

from __future__ import annotations

import pytest

from tidecord.models import encode, to_builtins
from tidecord.sandbox import Sandbox

from .chaos_helpers import TypeRecorder, send_and_see, until, warnings_of
from .conftest import StartBot


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


async def test_a_deeply_nested_frame_is_skipped_not_fatal(
    sandbox: Sandbox, start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await start_bot()
    # msgspec gives up on deep nesting with RecursionError, whatever the event name
    # (at 3,000 levels on Python 3.11; 3.13 allows more, and gives up before 10,000).
    await sandbox.inject_frame(b'{"op":0,"s":null,"t":"NOBODY_KNOWS","d":%s}' % _nested(20000))
    await sandbox.inject_dispatch("MESSAGE_CREATE", _nested(3000))
    await send_and_see(sandbox, bot, "after the deep frames")
    assert bot.alive
    assert bot.log == ["ready", "after the deep frames"]  # same session: no reconnect
    assert sandbox.hub.identifies == 1
    assert len(warnings_of(caplog)) == 2


@pytest.mark.parametrize("ready", [
    b'{"v":10,"user":{"id":"1","username":"x"}}',               # no session_id
    b'{"v":10,"session_id":12345,"resume_gateway_url":"ws://x"}',  # mistyped
])
async def test_a_broken_ready_starts_a_new_session(
    sandbox: Sandbox, start_bot: StartBot, ready: bytes
) -> None:
    sandbox.tamper_next("READY", ready)
    # The first READY is unusable: the bot identifies again (after a short backoff).
    bot = await start_bot()
    assert bot.alive
    assert sandbox.hub.identifies == 2
    await send_and_see(sandbox, bot, "ready after all")


async def test_a_second_ready_on_one_connection_is_skipped(
    sandbox: Sandbox, start_bot: StartBot
) -> None:
    bot = await start_bot()
    await sandbox.inject_dispatch("READY", b'{"session_id": 5}')
    await sandbox.inject_dispatch("READY", b'{"session_id":"evil","resume_gateway_url":"ws://e"}')
    await send_and_see(sandbox, bot, "still the same session")
    assert bot.log == ["ready", "still the same session"]
    assert bot.shards[0].session_id != "evil"


@pytest.mark.parametrize("hello", [
    b'{"heartbeat_interval":"soon"}', b'{"heartbeat_interval":0}',
    b'{"heartbeat_interval":-41250}', b'{}', b'{"heartbeat_interval":1e12}',
    b'{"heartbeat_interval": [[[',  # the whole frame is not JSON
])
async def test_a_bad_hello_reconnects(
    sandbox: Sandbox, start_bot: StartBot, hello: bytes
) -> None:
    sandbox.tamper_next("HELLO", hello)
    bot = await start_bot()
    assert bot.alive
    await send_and_see(sandbox, bot, "hello again")


@pytest.mark.sandbox(heartbeat_interval=41250)
@pytest.mark.parametrize(("compress", "junk"), [
    ("zstd-stream", bytes(10)),                       # swallowed without an error
    ("zstd-stream", b"\x28\xb5\x2f\xfd" + bytes(12)),  # a frame header, then zeros
    ("zlib-stream", bytes(10) + b"\x00\x00\xff\xff"),
    ("zlib-stream", b"\x00\x00\xff\xff"),              # inflates to nothing
])
async def test_a_corrupt_compressed_stream_resumes_at_once(
    sandbox: Sandbox, start_bot: StartBot, compress: str, junk: bytes
) -> None:
    bot = await start_bot(compress=compress)
    await sandbox.inject_frame(junk, compress=False)
    await sandbox.send_message("alice", "general", "sent right after the junk")
    # At once: far sooner than the 41 s heartbeat that would find a deaf shard.
    await until(lambda: "resumed" in bot.log, within=5, what="a resume")
    await until(lambda: "sent right after the junk" in bot.contents, within=5)
    await send_and_see(sandbox, bot, "and after")
    assert sandbox.hub.identifies == 1
    assert bot.contents == ["sent right after the junk", "and after"]


async def test_a_message_create_named_inside_d_is_not_the_frames_event(
    sandbox: Sandbox, start_bot: StartBot
) -> None:
    # The shard decodes MESSAGE_CREATE in one pass when the name comes early in the
    # frame; here the early name is a key of d, and the frame's own event is another.
    bot = await start_bot(cls=TypeRecorder)
    assert isinstance(bot, TypeRecorder)
    await send_and_see(sandbox, bot, "first")
    message = to_builtins(sandbox.messages("general")[-1])
    message.update(id=str(int(message["id"]) + 1), content="not a message",
                   guild_id=str(sandbox.guild.id))
    d = b'{"t":"MESSAGE_CREATE",' + encode(message)[1:]
    await sandbox.inject_frame(b'{"op":0,"s":null,"d":%s,"t":"CHAOS_MARK"}' % d)
    await until(lambda: "CHAOS_MARK" in bot.event_types, what="the frame to arrive")
    await send_and_see(sandbox, bot, "after")
    assert bot.contents == ["first", "after"]
    assert bot.event_types.count("MESSAGE_CREATE") == 2


@pytest.mark.parametrize("bogus_seq", [b"null", b"1", b"-5"])
async def test_only_the_highest_sequence_number_is_kept(
    sandbox: Sandbox, start_bot: StartBot, bogus_seq: bytes
) -> None:
    bot = await start_bot(cls=TypeRecorder)
    assert isinstance(bot, TypeRecorder)
    for i in range(5):
        await send_and_see(sandbox, bot, f"before {i}")
    await sandbox.inject_frame(b'{"op":0,"s":%s,"t":"CHAOS_MARK","d":{}}' % bogus_seq)
    shard = bot.shards[0]
    # Handled (a null seq) or skipped (a seq already seen): either way it arrived.
    await until(lambda: "CHAOS_MARK" in bot.event_types
                or getattr(getattr(shard, "problems", None), "skipped", 0) > 0,
                what="the bogus frame to arrive")
    await sandbox.drop_connections()
    await sandbox.send_message("alice", "general", "while away")
    await until(lambda: "resumed" in bot.log, what="a resume")
    await send_and_see(sandbox, bot, "after")
    # A resume from a lower seq would have replayed (and duplicated) everything.
    assert bot.contents == [*(f"before {i}" for i in range(5)), "while away", "after"]
    assert bot.log.count("ready") == 1


async def test_a_flood_of_heartbeat_requests_is_coalesced(
    sandbox: Sandbox, start_bot: StartBot
) -> None:
    bot = await start_bot()
    for _ in range(200):
        await sandbox.inject_frame(b'{"op":1,"s":null,"t":null,"d":null}')
    await send_and_see(sandbox, bot, "after the flood")
    # Answering each would have hit the 120 frames/60 s limit: 4008 and a reconnect.
    assert bot.log == ["ready", "after the flood"]
    assert bot.shards[0].coalesced_beats >= 190


async def test_an_exception_in_frame_handling_costs_that_frame_only(
    sandbox: Sandbox, start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await start_bot()
    boom = bot._parsers.table

    def explode(shard: object, d: object) -> None:
        raise LookupError("a parser bug")

    boom["BOOM"] = explode
    await sandbox.inject_dispatch("BOOM", b"{}")
    await send_and_see(sandbox, bot, "after the bug")
    assert bot.log == ["ready", "after the bug"]
    assert any("BOOM" in line for line in warnings_of(caplog))
