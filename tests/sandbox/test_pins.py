"""Pins over the sandbox's REST API, as Discord serves them: newest pin first, each with
when it was pinned, paged by ``before`` (a time) and ``limit`` (1 to 50)."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

import pytest

from tidecord.sandbox import Sandbox

from .conftest import Api

pytestmark = pytest.mark.timeout(30)


async def test_pins_page_by_time_newest_first(api: Api, sandbox: Sandbox) -> None:
    cid = sandbox.channel("general").id
    ids = []
    for n in range(4):
        _, made, _ = await api.call("POST", f"/channels/{cid}/messages", {"content": f"m{n}"})
        ids.append(made["id"])
    for mid in (ids[2], ids[0], ids[3]):
        status, _, _ = await api.call("PUT", f"/channels/{cid}/messages/pins/{mid}")
        assert status == 204
        sandbox.clock.advance(60)
    status, page, _ = await api.call("GET", f"/channels/{cid}/messages/pins")
    assert status == 200 and page["has_more"] is False
    assert [i["message"]["content"] for i in page["items"]] == ["m3", "m0", "m2"]
    assert all(i["message"]["pinned"] for i in page["items"])
    times = [datetime.datetime.fromisoformat(i["pinned_at"]) for i in page["items"]]
    # A minute on the sandbox clock between pins, plus the real time the calls took.
    gap = times[0] - times[1]
    assert times == sorted(times, reverse=True)
    assert datetime.timedelta(seconds=60) <= gap < datetime.timedelta(seconds=61), gap
    _, first, _ = await api.call("GET", f"/channels/{cid}/messages/pins?limit=2")
    assert [i["message"]["content"] for i in first["items"]] == ["m3", "m0"]
    assert first["has_more"] is True
    before = first["items"][-1]["pinned_at"]
    _, rest, _ = await api.call("GET", f"/channels/{cid}/messages/pins?"
                                + urlencode({"before": before}))
    assert [i["message"]["content"] for i in rest["items"]] == ["m2"] and not rest["has_more"]
    # The older route: the messages alone, in the same order.
    _, old, _ = await api.call("GET", f"/channels/{cid}/pins")
    assert [m["content"] for m in old] == ["m3", "m0", "m2"]
    # Unpinning and deleting take a message off the list.
    await api.call("DELETE", f"/channels/{cid}/messages/pins/{ids[3]}")
    await api.call("DELETE", f"/channels/{cid}/messages/{ids[0]}")
    _, left, _ = await api.call("GET", f"/channels/{cid}/messages/pins")
    assert [i["message"]["content"] for i in left["items"]] == ["m2"]


async def test_what_discord_refuses_in_a_pins_query(api: Api, sandbox: Sandbox) -> None:
    cid = sandbox.channel("general").id
    for query, field in (({"limit": "0"}, "limit"), ({"limit": "51"}, "limit"),
                         ({"limit": "many"}, "limit"), ({"before": "yesterday"}, "before")):
        status, body, _ = await api.call("GET", f"/channels/{cid}/messages/pins?"
                                         + urlencode(query))
        assert status == 400 and body["code"] == 50035, (query, body)
        assert field in body["errors"], body
