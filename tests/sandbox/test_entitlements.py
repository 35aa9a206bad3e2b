"""Monetization over the sandbox's REST API: the application's SKUs from the world,
test entitlements granted to people and guilds, listed with Discord's filters, consumed
(consumable SKUs only) and deleted, each change announced on the gateway; interactions
carry what their invoker and guild hold; refusals as Discord's."""

from __future__ import annotations

from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.state import StateError

from .conftest import Api

pytestmark = pytest.mark.timeout(30)


def shop_world() -> World:
    return World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{"name": "Hall", "owner": "alice", "members": ["alice", "bob"],
                    "channels": [{"name": "general"}]}],
        "skus": ["Supporter", {"name": "Coins", "type": "consumable", "slug": "coins"},
                 {"name": "Premium", "type": "subscription",
                  "flags": ["available", "guild_subscription"]}],
    })


SHOP = pytest.mark.sandbox(world=shop_world())


def _skus(sandbox: Sandbox) -> dict[str, int]:
    return {s.name: int(s.id) for s in sandbox.state.skus.values()}


async def _grant(api: Api, sku: int, owner: int, owner_type: int = 2) -> dict[str, Any]:
    app = api.sb.state.application.id
    status, made, _ = await api.call("POST", f"/applications/{app}/entitlements",
                                     {"sku_id": str(sku), "owner_id": str(owner),
                                      "owner_type": owner_type})
    assert status == 200, made
    return made  # type: ignore[no-any-return]


@SHOP
async def test_the_world_s_skus_are_listed(api: Api, sandbox: Sandbox) -> None:
    app = sandbox.state.application.id
    status, skus, _ = await api.call("GET", f"/applications/{app}/skus")
    assert status == 200
    assert [(s["name"], s["slug"], s["type"], s["flags"], s["application_id"]) for s in skus] == [
        ("Supporter", "supporter", 2, 4, str(app)), ("Coins", "coins", 3, 4, str(app)),
        ("Premium", "premium", 5, 4 | 128, str(app))]


@SHOP
async def test_a_test_entitlement_is_granted_read_and_announced(api: Api,
                                                              sandbox: Sandbox) -> None:
    seen: list[tuple[str, Any]] = []
    sandbox.state.subscribe(lambda d: seen.append((d.event, d.data))
                            if d.event.startswith("ENTITLEMENT_") else None)
    app = sandbox.state.application.id
    alice = sandbox.user("alice").id
    made = await _grant(api, _skus(sandbox)["Supporter"], alice)
    # An owner that does not apply is left out (hikari reads a null one as an id).
    assert "guild_id" not in made
    assert {k: made[k] for k in ("sku_id", "user_id", "type", "deleted",
                                 "consumed", "starts_at", "ends_at", "application_id")} == {
        "sku_id": str(_skus(sandbox)["Supporter"]), "user_id": str(alice),
        "type": 4, "deleted": False, "consumed": False, "starts_at": None, "ends_at": None,
        "application_id": str(app)}
    status, fetched, _ = await api.call("GET", f"/applications/{app}/entitlements/{made['id']}")
    assert (status, fetched) == (200, made)
    assert [(event, int(data.id)) for event, data in seen] == [
        ("ENTITLEMENT_CREATE", int(made["id"]))]

    gid = sandbox.guild.id
    for_guild = await _grant(api, _skus(sandbox)["Premium"], gid, owner_type=1)
    assert (for_guild["guild_id"], for_guild.get("user_id", "left out")) == (str(gid), "left out")


@SHOP
async def test_entitlements_are_listed_with_discord_s_filters(api: Api,
                                                             sandbox: Sandbox) -> None:
    app = sandbox.state.application.id
    skus = _skus(sandbox)
    alice, bob, gid = sandbox.user("alice").id, sandbox.user("bob").id, sandbox.guild.id
    ids = [(await _grant(api, sku, owner, kind))["id"] for sku, owner, kind in (
        (skus["Supporter"], alice, 2), (skus["Coins"], alice, 2), (skus["Supporter"], bob, 2),
        (skus["Premium"], gid, 1))]
    base = f"/applications/{app}/entitlements"

    async def listed(query: str = "") -> list[str]:
        status, found, _ = await api.call("GET", base + query)
        assert status == 200, found
        return [e["id"] for e in found]

    assert await listed() == ids
    assert await listed(f"?user_id={alice}") == ids[:2]
    assert await listed(f"?guild_id={gid}") == ids[3:]
    assert await listed(f"?sku_ids={skus['Supporter']},{skus['Premium']}") == [
        ids[0], ids[2], ids[3]]
    assert await listed(f"?after={ids[0]}&limit=2") == ids[1:3]
    assert await listed(f"?before={ids[3]}&limit=2") == ids[1:3]

    status, _, _ = await api.call("DELETE", f"{base}/{ids[2]}")
    assert status == 204
    assert await listed() == [ids[0], ids[1], ids[3]]
    assert await listed("?exclude_deleted=false") == ids
    assert await listed("?exclude_deleted=0&exclude_ended=1") == ids


@SHOP
async def test_only_consumable_entitlements_are_consumed(api: Api, sandbox: Sandbox) -> None:
    seen: list[tuple[str, Any]] = []
    sandbox.state.subscribe(lambda d: seen.append((d.event, d.data))
                            if d.event.startswith("ENTITLEMENT_") else None)
    app = sandbox.state.application.id
    alice = sandbox.user("alice").id
    coins = await _grant(api, _skus(sandbox)["Coins"], alice)
    durable = await _grant(api, _skus(sandbox)["Supporter"], alice)
    base = f"/applications/{app}/entitlements"
    status, _, _ = await api.call("POST", f"{base}/{coins['id']}/consume")
    assert status == 204
    _, fetched, _ = await api.call("GET", f"{base}/{coins['id']}")
    assert fetched["consumed"] is True
    status, refused, _ = await api.call("POST", f"{base}/{durable['id']}/consume")
    assert (status, refused["code"]) == (400, 0)
    assert [(event, data.consumed) for event, data in seen] == [
        ("ENTITLEMENT_CREATE", False), ("ENTITLEMENT_CREATE", False),
        ("ENTITLEMENT_UPDATE", True)]

    status, _, _ = await api.call("DELETE", f"{base}/{durable['id']}")
    assert status == 204
    assert seen[-1][0] == "ENTITLEMENT_DELETE" and seen[-1][1].deleted is True
    status, gone, _ = await api.call("DELETE", f"{base}/{durable['id']}")
    assert (status, gone) == (404, {"message": "Unknown Entitlement", "code": 10029})


@SHOP
async def test_wrong_input_is_refused_as_discord_refuses(api: Api, sandbox: Sandbox) -> None:
    app = sandbox.state.application.id
    base = f"/applications/{app}/entitlements"
    alice = sandbox.user("alice").id
    status, refused, _ = await api.call("POST", base, {"owner_type": 3, "sku_id": "x"})
    assert (status, refused["code"]) == (400, 50035)
    assert set(refused["errors"]) == {"sku_id", "owner_id", "owner_type"}
    assert refused["errors"]["owner_id"]["_errors"][0]["code"] == "BASE_TYPE_REQUIRED"

    status, refused, _ = await api.call("POST", base, {"sku_id": "1", "owner_id": str(alice),
                                                       "owner_type": 2})
    assert (status, refused) == (404, {"message": "Unknown SKU", "code": 10027})
    supporter = _skus(sandbox)["Supporter"]
    status, refused, _ = await api.call("POST", base, {"sku_id": str(supporter),
                                                       "owner_id": "1", "owner_type": 1})
    assert (status, refused) == (404, {"message": "Unknown Guild", "code": 10004})
    status, refused, _ = await api.call("GET", f"{base}/1")
    assert (status, refused) == (404, {"message": "Unknown Entitlement", "code": 10029})
    status, refused, _ = await api.call("POST", f"{base}/1/consume")
    assert (status, refused["code"]) == (404, 10029)
    status, refused, _ = await api.call("GET", base + "?limit=101")
    assert (status, refused["code"]) == (400, 50035)
    status, refused, _ = await api.call("GET", base + "?exclude_ended=maybe")
    assert (status, list(refused["errors"])) == (400, ["exclude_ended"])
    status, refused, _ = await api.call("GET", base + "?sku_ids=1,x")
    assert (status, refused["code"]) == (400, 50035)
    status, refused, _ = await api.call("GET", f"/applications/{app + 1}/skus")
    assert (status, refused["code"]) == (403, 20012)


@SHOP
async def test_interactions_carry_the_invoker_s_and_guild_s_entitlements(
        api: Api, sandbox: Sandbox) -> None:
    app = sandbox.state.application.id
    skus = _skus(sandbox)
    alice, bob, gid = sandbox.user("alice").id, sandbox.user("bob").id, sandbox.guild.id
    status, _, _ = await api.call("POST", f"/applications/{app}/commands",
                                  {"name": "shop", "description": "What do I own?"})
    assert status in (200, 201)
    mine = await _grant(api, skus["Supporter"], alice)
    await _grant(api, skus["Coins"], bob)
    guild_wide = await _grant(api, skus["Premium"], gid, owner_type=1)
    deleted = await _grant(api, skus["Coins"], alice)
    await api.call("DELETE", f"/applications/{app}/entitlements/{deleted['id']}")

    record = await sandbox.invoke_command("alice", "general", "shop")
    held = [str(e.id) for e in record.interaction.entitlements]
    assert held == [mine["id"], guild_wide["id"]]


@SHOP
async def test_people_buy_and_subscriptions_run_out(api: Api, sandbox: Sandbox) -> None:
    app = sandbox.state.application.id
    base = f"/applications/{app}/entitlements"
    alice, gid = sandbox.user("alice").id, sandbox.guild.id
    seen: list[str] = []
    sandbox.state.subscribe(lambda d: seen.append(d.event)
                            if d.event.startswith("ENTITLEMENT_") else None)
    bought = sandbox.buy("alice", "Supporter")
    club = sandbox.buy("alice", "Premium", guild=gid)
    assert seen == ["ENTITLEMENT_CREATE", "ENTITLEMENT_CREATE"]
    _, shown, _ = await api.call("GET", f"{base}/{bought.id}")
    assert (shown["type"], shown["user_id"], shown.get("guild_id", "left out"),
            shown["ends_at"]) == (1, str(alice), "left out", None)
    assert shown["starts_at"] <= sandbox.state.now_iso()
    _, shown, _ = await api.call("GET", f"{base}/{club.id}")
    assert (shown["type"], shown["user_id"], shown["guild_id"]) == (8, str(alice), str(gid))
    assert shown["ends_at"] > shown["starts_at"]

    status, _, _ = await api.call("POST", f"{base}/{bought.id}/consume")
    assert status == 400  # a durable purchase is not consumed
    with pytest.raises(StateError, match="Unknown SKU"):
        sandbox.buy("alice", "Nothing")

    status, _, _ = await api.call("POST", f"/applications/{app}/commands",
                                  {"name": "shop", "description": "What do I own?"})
    record = await sandbox.invoke_command("alice", "general", "shop")
    assert [e.id for e in record.interaction.entitlements] == [bought.id, club.id]
    sandbox.clock.advance(31 * 86_400)
    record = await sandbox.invoke_command("alice", "general", "shop")
    assert [e.id for e in record.interaction.entitlements] == [bought.id]
    _, listed, _ = await api.call("GET", base + "?exclude_ended=true")
    assert [e["id"] for e in listed] == [str(bought.id)]
    _, listed, _ = await api.call("GET", base)
    assert [e["id"] for e in listed] == [str(bought.id), str(club.id)]
