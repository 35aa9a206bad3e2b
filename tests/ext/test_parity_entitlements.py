"""A shop bot: it lists the application's SKUs, grants test entitlements to the person
asking and to the guild, reads them back (all, narrowed, a page at a time), consumes
one, deletes one and meets Discord's refusals, watching the ``on_entitlement_*``
events; then a person subscribes, cancels and runs out, and the bot reads their
subscriptions and hears ``on_subscription_*``. Both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
import datetime
from typing import Any

import pytest

from tidecord.sandbox import World

from .parity import Do, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def shop_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}, {"username": "bob"}],
        "guilds": [{"name": "Sandbox", "owner": "alice", "members": ["alice", "bob"],
                    "channels": [{"name": "general"}]}],
        "skus": ["Supporter", {"name": "Coins", "type": "consumable", "slug": "coins"},
                 {"name": "Guild Premium", "type": "subscription",
                  "flags": ["available", "guild_subscription"]}],
    })


def shop_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    kept: dict[str, Any] = {}

    def refusal(exc):
        return f"{type(exc).__name__} {exc.status} {exc.code}"

    def about(e):
        # discord.py keeps a user only while something holds it: ask by id.
        owner = e.guild.name if e.guild_id is not None else (
            "alice" if e.user_id == kept["alice"] else e.user_id)
        return (f"{kept['names'][e.sku_id]} for {owner} {e.type} deleted {e.deleted} "
                f"consumed {e.consumed} {e.starts_at} {e.ends_at} expired {e.is_expired()}")

    async def with_event(event, action):
        seen, _ = await asyncio.gather(bot.wait_for(event, timeout=5), action)
        return seen

    @bot.command()
    async def skus(ctx):
        found = await bot.fetch_skus()
        kept["skus"] = {s.slug: s for s in found}
        kept["names"] = {s.id: s.name for s in found}
        kept["alice"] = ctx.author.id
        kept["channel"] = ctx.channel.id
        await ctx.send("; ".join(
            f"{s.name} {s.slug} {s.type} flags {s.flags.value} available "
            f"{s.flags.available} guild {s.flags.guild_subscription} user "
            f"{s.flags.user_subscription} mine {s.application_id == bot.application_id}"
            for s in found))

    @bot.command()
    async def grant(ctx):
        shop = kept["skus"]
        coins = await with_event("entitlement_create", bot.create_entitlement(
            shop["coins"], ctx.author, discord.EntitlementOwnerType.user))
        supporter = await with_event("entitlement_create", bot.create_entitlement(
            shop["supporter"], ctx.author, discord.EntitlementOwnerType.user))
        club = await with_event("entitlement_create", bot.create_entitlement(
            shop["guild-premium"], ctx.guild, discord.EntitlementOwnerType.guild))
        kept.update(coins=coins, supporter=supporter, club=club)
        await ctx.send(f"granted: {about(coins)} | {about(supporter)} | {about(club)}")

    @bot.command()
    async def owned(ctx):
        every = [e async for e in bot.entitlements()]
        mine = [e async for e in bot.entitlements(user=ctx.author)]
        theirs = [e async for e in bot.entitlements(guild=ctx.guild)]
        coins = [e async for e in bot.entitlements(skus=[kept["skus"]["coins"]])]
        later = [e async for e in bot.entitlements(after=kept["coins"], limit=1)]
        earlier = [e async for e in bot.entitlements(before=kept["club"])]
        fetched = await bot.fetch_entitlement(kept["supporter"].id)
        await ctx.send(
            f"every {[about(e) for e in every]}\nmine {len(mine)} guild {len(theirs)} "
            f"coins {len(coins)} after first {[about(e) for e in later]} before last "
            f"{len(earlier)}\nfetched same {fetched.id == kept['supporter'].id} {about(fetched)}")

    @bot.command()
    async def spend(ctx):
        coins = await bot.fetch_entitlement(kept["coins"].id)
        updated = await with_event("entitlement_update", coins.consume())
        try:
            await kept["supporter"].consume()
        except discord.HTTPException as exc:
            durable = refusal(exc)
        again = await bot.fetch_entitlement(kept["coins"].id)
        await ctx.send(f"spent: {about(updated)}; again {again.consumed}; durable: {durable}")

    @bot.command()
    async def refund(ctx):
        gone = await with_event("entitlement_delete", kept["supporter"].delete())
        left = [about(e) async for e in bot.entitlements(user=ctx.author)]
        # discord.py 2.7.1 sends exclude_deleted only when reading backwards (before=);
        # tidecord sends it both ways (tests/client/test_entitlements.py).
        tomorrow = discord.utils.utcnow() + datetime.timedelta(days=1)
        with_deleted = [e.deleted async for e in bot.entitlements(exclude_deleted=False,
                                                                  before=tomorrow)]
        try:
            await bot.fetch_entitlement(1)
        except discord.NotFound as exc:
            unknown = refusal(exc)
        try:
            await bot.create_entitlement(discord.Object(1), ctx.author,
                                         discord.EntitlementOwnerType.user)
        except discord.NotFound as exc:
            no_sku = refusal(exc)
        await ctx.send(f"refunded: {about(gone)}; left {left}; with deleted {with_deleted}; "
                       f"unknown {unknown}; no sku {no_sku}")

    def subscription(s):
        # Status by value: discord.py 2.7.1 names Discord's 1 and 2 the other way round.
        return (f"{[kept['names'][i] for i in s.sku_ids]} for "
                f"{'alice' if s.user_id == kept['alice'] else s.user_id} status "
                f"{s.status.value} entitlements {len(s.entitlement_ids)} renews "
                f"{s.renewal_sku_ids} period {s.current_period_end - s.current_period_start} "
                f"canceled {s.canceled_at is not None} "
                f"since start {s.created_at <= s.current_period_start}")

    async def tell(what, s):
        await bot.get_channel(kept["channel"]).send(f"{what}: {subscription(s)}")

    @bot.event
    async def on_subscription_create(s):
        await tell("subscribed", s)

    @bot.event
    async def on_subscription_update(s):
        await tell("changed", s)

    @bot.command()
    async def subs(ctx):
        premium = kept["skus"]["guild-premium"]
        found = [s async for s in premium.subscriptions(user=ctx.author)]
        none = [s async for s in kept["skus"]["supporter"].subscriptions(user=ctx.author)]
        one = await premium.fetch_subscription(found[0].id)
        try:
            await premium.fetch_subscription(1)
        except discord.NotFound as exc:
            unknown = refusal(exc)
        await ctx.send(f"subscriptions {[subscription(s) for s in found]} supporter {none}; "
                       f"fetched equal {one == found[0]} {hash(one) == hash(found[0])} "
                       f"{subscription(one)}; unknown {unknown}")

    return bot


def subscribe(sb):
    sb.buy("alice", "Guild Premium")


def cancel(sb):
    sb.cancel_subscription("alice", "Guild Premium")


def month_later(sb):
    sb.clock.advance(31 * 86_400)


LINES = [
    ("alice", "general", "!skus"),
    ("alice", "general", "!grant"),
    ("alice", "general", "!owned"),
    ("alice", "general", "!spend"),
    ("alice", "general", "!refund"),
    Do(subscribe, replies=1),
    ("alice", "general", "!subs"),
    Do(cancel, replies=1),
    Do(month_later, replies=1),
    ("alice", "general", "!subs"),
]


async def test_the_shop_works_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, shop_bot, LINES, world=shop_world)
    for mine, theirs in zip(said["tidecord"], said["discord.py"], strict=True):
        assert mine == theirs, f"\n{mine}\n!=\n{theirs}"
    assert said["tidecord"] == said["discord.py"]
    assert len(said["tidecord"]) == len(LINES)
    text = "\n".join(said["tidecord"])
    for line in (
        "Supporter supporter SKUType.durable flags 4 available True guild False user False "
        "mine True; Coins coins SKUType.consumable flags 4",
        "Guild Premium guild-premium SKUType.subscription flags 132 available True guild True "
        "user False mine True",
        "granted: Coins for alice EntitlementType.test_mode_purchase deleted False consumed "
        "False None None expired False | Supporter for alice",
        "| Guild Premium for Sandbox EntitlementType.test_mode_purchase",
        "mine 2 guild 1 coins 1 after first ['Supporter for alice",
        "before last 2\nfetched same True Supporter for alice",
        "spent: Coins for alice EntitlementType.test_mode_purchase deleted False consumed True",
        "again True; durable: HTTPException 400 0",
        "refunded: Supporter for alice EntitlementType.test_mode_purchase deleted True",
        "with deleted [False, True, False]; unknown NotFound 404 10029; "
        "no sku NotFound 404 10027",
        "subscribed: ['Guild Premium'] for alice status 0 entitlements 1 renews [] period "
        "30 days, 0:00:00 canceled False since start True",
        "supporter []; fetched equal True True",
        "changed: ['Guild Premium'] for alice status 2 entitlements 1 renews [] period "
        "30 days, 0:00:00 canceled True",
        "changed: ['Guild Premium'] for alice status 1",
        "status 1 entitlements 1 renews [] period 30 days, 0:00:00 canceled True since "
        "start True\"]",
    ):
        assert line in text, line
