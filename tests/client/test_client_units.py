"""Pure parts, tested on their own: inflaters, routes, limiters, builders, the id map."""

from __future__ import annotations

import asyncio
import random
import time
import zlib

import pytest
import zstandard

import tidecord
from tidecord.cache import IdMap
from tidecord.gateway import IdentifyGate, SendLimiter, ZlibInflater, ZstdInflater
from tidecord.gateway.compression import INFLATE_ERRORS
from tidecord.rest import Route, message_payload
from tidecord.rest.ratelimit import Bucket, WaitBudget


def test_zlib_stream_joins_split_messages_and_keeps_one_context() -> None:
    deflate = zlib.compressobj()
    inflater = ZlibInflater()
    first = deflate.compress(b'{"op":10}') + deflate.flush(zlib.Z_SYNC_FLUSH)
    assert first.endswith(b"\x00\x00\xff\xff")
    assert inflater.feed(first) == b'{"op":10}'
    text = b'{"op":11,"d":"' + random.Random(0).randbytes(3000).hex().encode() + b'"}'
    second = deflate.compress(text) + deflate.flush(zlib.Z_SYNC_FLUSH)
    # One gateway message split over three WebSocket messages.
    parts = [second[:10], second[10:500], second[500:]]
    assert inflater.feed(parts[0]) is None
    assert inflater.feed(parts[1]) is None
    assert inflater.feed(parts[2]) == text


@pytest.mark.parametrize("wbits", [-15, 31])  # raw deflate; a gzip wrapper
def test_zlib_stream_refuses_a_stream_without_a_zlib_header(wbits: int) -> None:
    # The inflater reads the header itself (it inflates raw, skipping the Adler-32
    # that a zlib-stream never gets to check): a stream without one is corrupt.
    deflate = zlib.compressobj(wbits=wbits)
    first = deflate.compress(b'{"op":10}') + deflate.flush(zlib.Z_SYNC_FLUSH)
    with pytest.raises(INFLATE_ERRORS):
        ZlibInflater().feed(first)
    with pytest.raises(INFLATE_ERRORS):
        ZlibInflater().feed(b"\x78\x00\x00\x00\xff\xff")  # 78 00: check bits wrong


def test_zstd_stream_one_context_per_connection() -> None:
    compressor = zstandard.ZstdCompressor().compressobj()
    inflater = ZstdInflater()
    for text in (b'{"op":10}', b'{"op":0,"t":"READY"}' * 50):
        chunk = compressor.compress(text) + compressor.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
        assert inflater.feed(chunk) == text


def test_route_major_parameters_and_no_token_in_repr() -> None:
    a = Route("POST", "/channels/{channel_id}/messages", channel_id=1)
    b = Route("POST", "/channels/{channel_id}/messages", channel_id=2)
    assert a.key == b.key and a.major != b.major and a.path == "/channels/1/messages"
    hook = Route("POST", "/webhooks/{webhook_id}/{webhook_token}", webhook_id=5,
                 webhook_token="s3cret")
    assert "s3cret" not in repr(hook) and hook.global_exempt
    # Each token its own bucket, known by a digest: the major is kept in plain view.
    other = Route("POST", "/webhooks/{webhook_id}/{webhook_token}", webhook_id=5,
                  webhook_token="0ther")
    assert "s3cret" not in hook.major and hook.major != other.major
    callback = Route("POST", "/interactions/{interaction_id}/{webhook_token}/callback",
                     interaction_id=1, webhook_token="t")
    assert callback.global_exempt and not a.global_exempt


async def test_bucket_serialises_until_limits_are_known_then_allows_remaining() -> None:
    bucket = Bucket()
    unbounded = WaitBudget("test", None, None)
    await bucket.acquire(unbounded)
    second = asyncio.create_task(bucket.acquire(unbounded))
    await asyncio.sleep(0.01)
    assert not second.done()  # unknown limits: one at a time
    bucket.update(limit=3, remaining=2, reset_after=0.2)
    bucket.release()
    await asyncio.wait_for(second, 1)
    await asyncio.wait_for(bucket.acquire(unbounded), 1)  # the window's third and last
    started = time.monotonic()
    fourth = asyncio.create_task(bucket.acquire(unbounded))
    bucket.update(limit=3, remaining=0, reset_after=0.2)
    bucket.release()
    bucket.release()
    await asyncio.wait_for(fourth, 1)
    assert time.monotonic() - started >= 0.15  # waited for the window to reset


async def test_send_limiter_keeps_room_for_heartbeats() -> None:
    limiter = SendLimiter(limit=5, period=0.3, reserve=2)
    for _ in range(3):
        await limiter.acquire()
    limiter.spend_priority()  # a heartbeat still goes out at once
    started = time.monotonic()
    await limiter.acquire()
    assert time.monotonic() - started >= 0.25


async def test_identify_gate_spaces_one_bucket_but_not_two() -> None:
    # A window of 1.5 s: the shards of different buckets going together stay well under
    # it even on a loaded machine that stalls for 0.4-0.5 s, where one waiting for the
    # other would take the whole window.
    gate = IdentifyGate(max_concurrency=2, window=1.5)
    started = time.monotonic()
    await asyncio.gather(gate(0), gate(1))
    assert time.monotonic() - started < 1.0  # different buckets: together
    await gate(2)  # bucket 0 again: waits out its window
    assert time.monotonic() - started >= 1.45


async def test_identify_gate_counts_the_window_from_the_send() -> None:
    # A busy loop may write the IDENTIFY well after its turn: Discord counts arrivals.
    gate = IdentifyGate(max_concurrency=1, window=0.2)
    await gate(0)
    await asyncio.sleep(0.15)  # the write came late
    await gate.sent(0)
    sent = time.monotonic()
    await gate(1)
    assert time.monotonic() - sent >= 0.18


def test_id_map_reads_like_a_list_and_finds_by_id() -> None:
    alice = tidecord.User(id=tidecord.Snowflake(1), username="alice")
    bob = tidecord.User(id=tidecord.Snowflake(2), username="bob")
    users: IdMap[tidecord.User] = IdMap({1: alice, 2: bob})
    assert list(users) == [alice, bob] and len(users) == 2 and users[0] is alice
    assert alice in users and 2 in users and users.get(2) is bob
    assert [u.name for u in users] == ["alice", "bob"]


def test_embed_builders_and_message_payload() -> None:
    embed = tidecord.Embed(title="Idea", description="Water plants", color=tidecord.Color.green())
    embed.add_field(name="a", value=1).add_field(name="b", value="2", inline=False)
    embed.set_footer(text="foot").set_author(name="me").set_image(url="http://x/i.png")
    assert embed.to_dict()["fields"][1] == {"name": "b", "value": "2", "inline": False}
    assert tidecord.Embed.from_dict(embed.to_dict()) == embed
    ref = tidecord.Object(id=10)
    body, files = message_payload(
        "hi", embed=embed, allowed_mentions=tidecord.AllowedMentions(everyone=False),
        mention_author=False, file=tidecord.File(b"x", filename="x.txt", spoiler=True),
        silent=True,
    )
    assert body["allowed_mentions"] == {"parse": ["users", "roles"], "replied_user": False}
    assert body["attachments"] == [{"id": 0, "filename": "SPOILER_x.txt"}]
    assert body["flags"] == 1 << 12 and files[0].filename == "SPOILER_x.txt"
    assert ref.id.created_at.year >= 2015
    with pytest.raises(TypeError):
        message_payload("x", embed=embed, embeds=[embed])


def test_intents_and_permissions_spelling() -> None:
    intents = tidecord.Intents.default()
    assert not intents.message_content and intents.guilds
    intents.message_content = True
    assert intents.privileged_names() == ["MESSAGE_CONTENT"]
    assert tidecord.Intents.all().members
    perms = tidecord.Permissions(send_messages=True)
    assert perms.send_messages and not perms.administrator


def test_public_api_is_exported() -> None:
    for name in ("Client", "Intents", "Permissions", "Embed", "File", "AllowedMentions",
                 "HTTPException", "Forbidden", "NotFound", "DiscordServerError",
                 "LoginFailure", "Message", "Member", "User", "Guild", "TextChannel",
                 "Object", "Colour", "Game", "Status", "MemberCachePolicy"):
        assert name in tidecord.__all__ and hasattr(tidecord, name)
