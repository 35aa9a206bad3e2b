"""Subscriptions in the sandbox: buying a subscription SKU starts one (announced),
the API lists a person's subscriptions to an SKU and reads one, a cancellation makes
it ``ending`` and the clock passing its period's end makes it ``inactive``; refusals
as Discord's (the unknown subscription's code is the sandbox's guess)."""

from __future__ import annotations

from typing import Any

import pytest

from tidecord.sandbox import Sandbox
from tidecord.sandbox.state import StateError

from .conftest import Api
from .test_entitlements import SHOP, _skus

pytestmark = pytest.mark.timeout(30)


def _watch(sandbox: Sandbox) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []
    sandbox.state.subscribe(lambda d: seen.append((d.event, d.data))
                            if d.event.startswith("SUBSCRIPTION_") else None)
    return seen


@SHOP
async def test_buying_a_subscription_starts_one(api: Api, sandbox: Sandbox) -> None:
    seen = _watch(sandbox)
    premium = _skus(sandbox)["Premium"]
    alice = sandbox.user("alice").id
    sandbox.buy("alice", "Supporter")
    assert seen == []  # a one-time purchase is no subscription
    entitlement = sandbox.buy("alice", "Premium")
    [(event, made)] = seen
    assert event == "SUBSCRIPTION_CREATE"
    status, shown, _ = await api.call("GET", f"/skus/{premium}/subscriptions/{made.id}")
    assert status == 200
    assert {k: shown[k] for k in ("user_id", "sku_ids", "entitlement_ids", "renewal_sku_ids",
                                  "status", "canceled_at")} == {
        "user_id": str(alice), "sku_ids": [str(premium)],
        "entitlement_ids": [str(entitlement.id)], "renewal_sku_ids": None, "status": 0,
        "canceled_at": None}
    assert "country" not in shown
    assert (shown["current_period_start"], shown["current_period_end"]) == (
        entitlement.starts_at_iso, entitlement.ends_at_iso)


@SHOP
async def test_a_subscription_s_period_is_its_entitlement_s_to_the_millisecond(
        sandbox: Sandbox) -> None:
    # Each was stamped from its own reading of the clock: a purchase that crossed a
    # millisecond between the two showed periods a millisecond apart.
    seen = _watch(sandbox)
    bought = []
    for _ in range(40):
        bought.append(sandbox.buy("alice", "Premium"))
        sandbox.cancel_subscription("alice", "Premium")  # one running at a time
    made = [data for event, data in seen if event == "SUBSCRIPTION_CREATE"]
    assert [(s.current_period_start_iso, s.current_period_end_iso) for s in made] == [
        (e.starts_at_iso, e.ends_at_iso) for e in bought]


@SHOP
async def test_a_person_s_subscriptions_are_listed_a_page_at_a_time(
        api: Api, sandbox: Sandbox) -> None:
    premium = _skus(sandbox)["Premium"]
    alice, bob = sandbox.user("alice").id, sandbox.user("bob").id
    sandbox.buy("bob", "Premium")
    for _ in range(3):
        sandbox.buy("alice", "Premium")
    mine = [str(s.id) for s in sandbox.state.subscriptions.values() if s.user_id == alice]
    base = f"/skus/{premium}/subscriptions"

    async def listed(query: str) -> list[str]:
        status, found, _ = await api.call("GET", base + query)
        assert status == 200, found
        return [s["id"] for s in found]

    assert await listed(f"?user_id={alice}") == mine
    assert len(await listed(f"?user_id={bob}")) == 1
    assert await listed(f"?user_id={alice}&limit=2") == mine[:2]
    assert await listed(f"?user_id={alice}&after={mine[0]}") == mine[1:]
    assert await listed(f"?user_id={alice}&before={mine[2]}&limit=1") == mine[1:2]
    supporter = _skus(sandbox)["Supporter"]
    status, found, _ = await api.call("GET", f"/skus/{supporter}/subscriptions?user_id={alice}")
    assert (status, found) == (200, [])


@SHOP
async def test_cancelled_then_run_out(api: Api, sandbox: Sandbox) -> None:
    seen = _watch(sandbox)
    premium = _skus(sandbox)["Premium"]
    sandbox.buy("alice", "Premium")
    sandbox.buy("bob", "Premium")
    before = sandbox.state.now_iso()
    cancelled = sandbox.cancel_subscription("alice", "Premium")
    # The clock moves on its own: the cancel is stamped between these two readings.
    assert cancelled.status == 2
    assert before <= cancelled.canceled_at_iso <= sandbox.state.now_iso()
    assert [e for e, _ in seen] == ["SUBSCRIPTION_CREATE", "SUBSCRIPTION_CREATE",
                                    "SUBSCRIPTION_UPDATE"]
    with pytest.raises(StateError, match="Unknown Subscription"):
        sandbox.cancel_subscription("alice", "Premium")  # none running any more
    _, shown, _ = await api.call("GET", f"/skus/{premium}/subscriptions/{cancelled.id}")
    assert (shown["status"], shown["canceled_at"]) == (2, cancelled.canceled_at_iso)

    sandbox.clock.advance(31 * 86_400)
    assert [(e, d.status) for e, d in seen[3:]] == [("SUBSCRIPTION_UPDATE", 1)] * 2
    _, shown, _ = await api.call("GET", f"/skus/{premium}/subscriptions/{cancelled.id}")
    assert shown["status"] == 1
    sandbox.clock.advance(86_400)
    assert len(seen) == 5  # already inactive: nothing more to say


@SHOP
async def test_wrong_input_is_refused(api: Api, sandbox: Sandbox) -> None:
    premium, supporter = _skus(sandbox)["Premium"], _skus(sandbox)["Supporter"]
    alice = sandbox.user("alice").id
    sandbox.buy("alice", "Premium")
    [made] = sandbox.state.subscriptions.values()
    status, refused, _ = await api.call("GET", f"/skus/{premium}/subscriptions")
    assert (status, refused["code"], list(refused["errors"])) == (400, 50035, ["user_id"])
    status, refused, _ = await api.call(
        "GET", f"/skus/{premium}/subscriptions?user_id={alice}&limit=101")
    assert (status, refused["code"]) == (400, 50035)
    status, refused, _ = await api.call("GET", f"/skus/1/subscriptions?user_id={alice}")
    assert (status, refused) == (404, {"message": "Unknown SKU", "code": 10027})
    status, refused, _ = await api.call("GET", f"/skus/{premium}/subscriptions/1")
    assert (status, refused["message"]) == (404, "Unknown Subscription")
    status, refused, _ = await api.call("GET", f"/skus/{supporter}/subscriptions/{made.id}")
    assert (status, refused["message"]) == (404, "Unknown Subscription")
    with pytest.raises(StateError, match="Unknown SKU"):
        sandbox.cancel_subscription("alice", "Nothing")
