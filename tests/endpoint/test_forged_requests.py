"""1,200 forged requests to an HTTP bot: mutated bodies, signatures, timestamps, replays,
other keys. Every one is refused with 401 and none reaches a handler."""

from __future__ import annotations

import json
import random

import aiohttp
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tidecord.sandbox import Sandbox

from .endpoint_helpers import signed
from .test_http_bot import _register, http_bot

pytestmark = pytest.mark.timeout(60)

FORGED_PER_KIND = 150


def _command_body(sandbox: Sandbox, n: int) -> bytes:
    """A well-formed slash-command interaction, as Discord would send it."""
    return json.dumps({
        "id": str(sandbox.state.new_id()), "application_id": str(sandbox.state.application.id),
        "type": 2, "token": f"forged-{n}", "version": 1,
        "channel_id": str(sandbox.channel("general").id),
        "user": {"id": str(sandbox.user("alice").id), "username": "alice"},
        "data": {"id": "1", "name": "ping", "type": 1},
    }).encode()


def _flip(data: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1:]


async def test_forged_requests_are_all_refused(sandbox: Sandbox) -> None:
    await _register(sandbox, ["ping"])
    rng = random.Random(11)
    stranger = Ed25519PrivateKey.generate()
    async with http_bot(sandbox) as bot, aiohttp.ClientSession() as http:
        url = sandbox.state.application.interactions_endpoint_url
        assert isinstance(url, str)
        endpoint_seen = len(bot.seen)

        async def post(body: bytes, headers: dict[str, str]) -> int:
            async with http.post(url, data=body, headers=headers) as resp:
                return resp.status

        statuses: list[int] = []
        for n in range(FORGED_PER_KIND):
            body = _command_body(sandbox, n)
            good = signed(sandbox, body)
            # 1. the body changed after signing (a flipped bit, a cut, an addition)
            statuses.append(await post(_flip(body, rng), good))
            statuses.append(await post(body[: rng.randrange(len(body))], good))
            # 2. the signature changed, shortened, made of non-hex, or missing
            sig = good["X-Signature-Ed25519"]
            i = rng.randrange(len(sig))
            other = "0" if sig[i] != "0" else "1"
            statuses.append(await post(body, {**good, "X-Signature-Ed25519":
                                              sig[:i] + other + sig[i + 1:]}))
            statuses.append(await post(body, {**good, "X-Signature-Ed25519": rng.choice(
                [sig[:-2], sig + "00", "zz" * 64, "", sig.upper()[:127] + "g"])}))
            statuses.append(await post(body, {"X-Signature-Timestamp":
                                              good["X-Signature-Timestamp"]}))
            # 3. the timestamp changed, or it is old / in the future (and signed)
            stamp = int(good["X-Signature-Timestamp"])
            statuses.append(await post(body, {**good, "X-Signature-Timestamp": str(stamp + 1)}))
            statuses.append(await post(body, signed(sandbox, body,
                                                    str(stamp - rng.randint(61, 10**6)))))
            statuses.append(await post(body, signed(sandbox, body,
                                                    str(stamp + rng.randint(61, 10**6)))))
            # 4. signed with another key
            forged = stranger.sign(good["X-Signature-Timestamp"].encode() + body).hex()
            statuses.append(await post(body, {**good, "X-Signature-Ed25519": forged}))
            # 5. a genuine PING, then the very same request again (a replay)
            ping = json.dumps({"id": str(n), "type": 1, "version": 1,
                               "application_id": "1", "token": "t"}).encode()
            headers = signed(sandbox, ping)
            assert await post(ping, headers) == 200
            statuses.append(await post(ping, headers))
        assert len(statuses) >= 1000
        assert set(statuses) == {401}, {s: statuses.count(s) for s in set(statuses)}
        assert len(bot.seen) == endpoint_seen  # no forged request reached a handler

        # and the endpoint still serves the genuine article
        pong = await (await sandbox.invoke_command("alice", "general", "ping")).wait_response(5)
        assert pong.original.content == "pong"
