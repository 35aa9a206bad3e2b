"""Checks, cooldowns and concurrency limits on seeded, generated bots, against
discord.py 2.7.1.

The hand-written sweeps (test_parity_checks, test_parity_slash_access...) try the
cases someone thought of; here a seeded generator writes the commands: each one
decorated with a random mix of role checks (by name and by id, roles that exist or
not, the bot's own), permission checks (in the channel and guild-wide, wanted and
unwanted), place checks (guild or DM only, NSFW, the owner), ``check_any`` of those,
and custom checks (sync or async, answering no or raising), some in a cog with its
own ``cog_check``, under a generated ``bot.check`` and ``bot.check_once``; others
with a cooldown of every bucket type, a dynamic cooldown or a concurrency limit.
Generated people (roles, permissions, the owner) use them in generated places (a
channel with overwrites, one outside any category, an NSFW channel, threads, their
DMs) in a generated order, the sandbox clock moving between some uses. What each
library decided must be the same: whether the command ran, the error reaching
``on_command_error`` (or ``tree.on_error``) with its attributes, ``can_run`` of every
command for every person and place (and the permissions the checks read there),
``is_on_cooldown``, ``get_cooldown_retry_after`` and ``reset_cooldown``, and what
help shows when its checks are verified. Slash commands with ``app_commands.checks``
(some guild-only or with default permissions, some in a cog with an
``interaction_check``) and hybrid commands, used both ways, are swept alike.

Then, without generation: the Cooldown's own counting, the errors logged when no
handler is written, each bucket type's key for a message, coroutine keys of slash
cooldowns, and the order a cog's commands run their checks in.
"""

# No "from __future__ import annotations": the bots' annotations name their locals.

import asyncio
import logging
import random
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.state import StateError

from .parity import LIBRARIES, quick_limits, running

pytestmark = [pytest.mark.timeout(120), pytest.mark.tidecord_strict(False)]

PEOPLE = ["alice", "bob", "carol", "dave", "erin"]
PLACES = ["general", "ideas", "after-dark", "lobby", "mod-log", "talk", "late", "Lounge",
          "Stage", "dm"]
ROLE_NAMES = ["Moderator", "Helper", "Admin", "Quiet", "SandboxBot", "Ghost"]
PERMISSIONS = ["kick_members", "manage_messages", "send_messages", "ban_members",
               "administrator", "embed_links", "manage_roles", "view_channel",
               "manage_channels", "read_message_history", "attach_files"]
BUCKETS = ["default", "user", "guild", "channel", "member", "category", "role"]


def checks_world() -> World:
    """Five people: with roles (one an administrator), or none (carol, who owns the
    guild and so holds every permission); channels whose overwrites move
    the bot's and people's permissions, one outside any category, NSFW ones."""
    return World.from_dict({
        "users": ["alice", "bob", "carol", "dave", "erin"],
        "guilds": [{
            "name": "Sandbox", "owner": "carol",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "embed_links", "kick_members", "manage_roles"],
            "roles": [{"name": "Moderator", "permissions": ["kick_members", "manage_messages"]},
                      {"name": "Helper"},
                      {"name": "Admin", "permissions": ["administrator"]},
                      {"name": "Quiet", "permissions": ["attach_files"]}],
            "channels": [
                {"name": "Text Channels", "type": 4},
                {"name": "general", "parent": "Text Channels"},
                {"name": "ideas", "parent": "Text Channels", "overwrites": [
                    {"role": "Moderator", "deny": ["manage_messages"]},
                    {"user": "bob", "allow": ["manage_messages"]},
                    {"user": "SandboxBot", "allow": ["manage_messages"]}]},
                {"name": "after-dark", "parent": "Text Channels", "nsfw": True},
                {"name": "lobby"},
                # Age-restricted voice and stage channels, both with a text chat: only
                # the voice one counts for is_nsfw in discord.py.
                {"name": "Lounge", "type": 2, "parent": "Text Channels", "nsfw": True},
                {"name": "Stage", "type": 13, "nsfw": True},
                {"name": "Staff", "type": 4},
                {"name": "mod-log", "parent": "Staff", "overwrites": [
                    {"role": "Helper", "allow": ["embed_links"]},
                    {"user": "SandboxBot", "deny": ["embed_links"]}]},
            ],
            "members": [{"user": "alice", "roles": ["Moderator"]},
                        {"user": "bob", "nick": "Bobby", "roles": ["Helper"]}, "carol",
                        {"user": "dave", "roles": ["Admin"]},
                        {"user": "erin", "roles": ["Helper", "Quiet"]}],
        }],
    })


ROLE_IDS = {r.name: int(r.id) for r in checks_world().guilds[0].roles or ()}
NO_SUCH_ROLE = 424242424242424242


async def prepare(sb: Sandbox) -> None:
    """Threads in #general and the NSFW channel; the clock frozen well ahead of real
    time, so cooldowns are timed by the sandbox alone (a bucket never expires because
    the test ran slowly)."""
    sb.state.create_thread(sb.channel("general").id, "talk", sb.user("carol").id)
    sb.state.create_thread(sb.channel("after-dark").id, "late", sb.user("bob").id)
    sb.clock.freeze()
    sb.clock.advance(1000)


# -- what a generated command is decorated with -----------------------------------

Spec = tuple[Any, ...]


def _role(rng: random.Random) -> int | str:
    name = rng.choice(ROLE_NAMES)
    if name == "Ghost" and rng.random() < 0.5:
        return NO_SUCH_ROLE
    if name in ROLE_IDS and rng.random() < 0.4:
        return ROLE_IDS[name]
    return name


def _perms(rng: random.Random) -> dict[str, bool]:
    return {p: rng.random() < 0.85 for p in rng.sample(PERMISSIONS, rng.randint(1, 3))}


def check_spec(rng: random.Random, nested: bool = False) -> Spec:
    kind = rng.choice(["has_role", "has_any_role", "bot_has_role", "bot_has_any_role",
                       "has_permissions", "bot_has_permissions", "has_guild_permissions",
                       "bot_has_guild_permissions", "guild_only", "dm_only", "is_owner",
                       "is_nsfw", "custom", "custom", "check_any"])
    if kind == "check_any" and nested:
        kind = "guild_only"
    if kind in ("has_role", "bot_has_role"):
        return (kind, _role(rng))
    if kind in ("has_any_role", "bot_has_any_role"):
        return (kind, *[_role(rng) for _ in range(rng.randint(1, 3))])
    if "permissions" in kind:
        return (kind, _perms(rng))
    if kind == "custom":
        how = rng.choice(["sync false", "async false", "raises", "async raises", "errors"])
        return (kind, how, rng.choice([*PEOPLE, *PLACES]))
    if kind == "check_any":
        return (kind, *[check_spec(rng, nested=True) for _ in range(rng.randint(2, 3))])
    return (kind,)


def _custom(commands: Any, how: str, who: str) -> Callable[[Any], Any]:
    """A check that says no to ``who`` (a person, or a place): by answering False, or
    by raising a CheckFailure or another command error."""
    def hit(ctx: Any) -> bool:
        place = getattr(ctx.channel, "name", None) or "dm"
        return who in (ctx.author.name, place)

    def sync_false(ctx):
        return not hit(ctx)

    async def async_false(ctx):
        return not hit(ctx)

    def raises(ctx):
        if hit(ctx):
            raise commands.CheckFailure(f"not for {who}")
        return True

    async def async_raises(ctx):
        if hit(ctx):
            raise commands.CheckFailure(f"async: not for {who}")
        return True

    def errors(ctx):
        if hit(ctx):
            raise commands.BadArgument(f"{who} made it fail")
        return True

    return {"sync false": sync_false, "async false": async_false, "raises": raises,
            "async raises": async_raises, "errors": errors}[how]


def decorator(commands: Any, spec: Spec) -> Callable[[Any], Any]:
    kind, *args = spec
    if kind == "custom":
        return commands.check(_custom(commands, *args))
    if kind == "check_any":
        return commands.check_any(*[decorator(commands, s) for s in args])
    if args and isinstance(args[0], dict):
        return getattr(commands, kind)(**args[0])
    return getattr(commands, kind)(*args)


def cooldown_spec(rng: random.Random) -> Spec:
    bucket = rng.choice(BUCKETS)
    if bucket != "default" and rng.random() < 0.3:
        return ("dynamic", bucket, rng.choice([5, 20]))
    return ("cooldown", rng.randint(1, 3), rng.choice([5.0, 12.5, 30]), bucket)


def apply_cooldown(commands: Any, spec: Spec) -> Callable[[Any], Any]:
    if spec[0] == "dynamic":
        _, bucket, per = spec

        def rule(ctx):  # alice is let off; bob gets one use, the others two
            if ctx.author.name == "alice":
                return None
            return commands.Cooldown(1 if ctx.author.name == "bob" else 2, per)
        return commands.dynamic_cooldown(rule, getattr(commands.BucketType, bucket))
    _, rate, per, bucket = spec
    return commands.cooldown(rate, per, getattr(commands.BucketType, bucket))


def describe(commands: Any, error: BaseException) -> str:
    """An error as its class, text and the attributes code reads."""
    name = type(error).__name__
    parts = [name, str(error)]
    for attr in ("missing_permissions", "missing_role", "missing_roles", "number"):
        if hasattr(error, attr):
            parts.append(f"{attr}={getattr(error, attr)!r}")
    if hasattr(error, "per"):
        parts.append(f"per={error.per!r}")
    if hasattr(error, "retry_after"):
        kind = getattr(error, "type", None)  # an app command's cooldown has no type
        parts.append(f"retry_after={error.retry_after:.2f} rate={error.cooldown.rate} "
                     f"per={error.cooldown.per} type={getattr(kind, 'name', kind)}")
    if hasattr(error, "errors"):
        parts.append(f"errors={[describe(commands, e) for e in error.errors]} "
                     f"checks={len(error.checks)}")
    if hasattr(error, "channel") and not isinstance(error, commands.CommandInvokeError):
        parts.append(f"channel={getattr(error.channel, 'name', None)}")
    if getattr(error, "original", None) is not None:
        parts.append(f"original={describe(commands, error.original)}")
    return " | ".join(parts)


# -- the generated bot --------------------------------------------------------------

class Plan:
    """What one seed generates: the commands' decorators and the bot-wide rules."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.seed = seed
        self.checked = [[check_spec(rng) for _ in range(rng.choice([0, 1, 1, 2, 2, 3]))]
                        for _ in range(14)]
        self.in_cog = [rng.random() < 0.35 for _ in self.checked]
        self.cog_says_no = (rng.choice(PEOPLE), rng.choice(PLACES))
        self.bot_says_no = rng.choice(PEOPLE), rng.choice(PLACES)
        self.once_says_no = rng.choice(PLACES)
        self.cooled = [cooldown_spec(rng) for _ in range(6)]
        self.cooled_checks = [[check_spec(rng)] if rng.random() < 0.25 else []
                              for _ in self.cooled]
        # A limit on top of a cooldown: a use refused by the cooldown gives its slot back.
        self.cooled_limits = [rng.choice(BUCKETS) if rng.random() < 0.4 else None
                              for _ in self.cooled]
        # The last limit is one run at a time, bot-wide: every round tries it twice.
        self.limits = [*[(rng.choice(BUCKETS), rng.choice([1, 1, 2])) for _ in range(3)],
                       ("default", 1)]
        self.verify = rng.choice([True, None, False])
        self.hidden = rng.randrange(len(self.checked))
        self.disabled = rng.randrange(len(self.checked))


def _place(ctx: Any) -> str:
    return getattr(ctx.channel, "name", None) or "dm"


def make_bot(plan: Plan, out: list[str]) -> Callable[[Any, Any], Any]:
    def setup(discord: Any, commands: Any) -> Any:
        intents = discord.Intents.default()
        intents.message_content = True
        intents.members = True
        help_command = commands.DefaultHelpCommand(verify_checks=plan.verify)
        bot = commands.Bot(command_prefix="!", intents=intents, help_command=help_command)
        hooks: list[str] = []
        gate = asyncio.Event()
        pending = {"n": 0}

        @bot.check
        async def not_them(ctx):
            who, where = plan.bot_says_no
            return not (ctx.author.name == who and _place(ctx) == where)

        @bot.check_once
        def once(ctx):
            pending["n"] += 1
            return _place(ctx) != plan.once_says_no or ctx.command.name in (
                "probe", "release", "cd", "reset", "help")

        @bot.before_invoke
        async def before(ctx):
            hooks.append("bot-before")

        async def record(ctx):
            out.append(f"ran {ctx.command.name} {' '.join(hooks)}")
            hooks.clear()

        # Each command its own function: check decorators pile up on the function.
        def ran():
            async def ran(ctx):
                await record(ctx)
            return ran

        def cog_ran():
            async def ran(self, ctx):
                await record(ctx)
            ran.__qualname__ = "Gated.ran"  # a method: its first parameter is the cog
            return ran

        async def cog_check(self, ctx):
            who, where = plan.cog_says_no
            return ctx.author.name != who and _place(ctx) != where

        async def cog_before_invoke(self, ctx):
            hooks.append("cog-before")

        cog_attrs: dict[str, Any] = {"cog_check": cog_check,
                                     "cog_before_invoke": cog_before_invoke}
        for i, specs in enumerate(plan.checked):
            func = cog_ran() if plan.in_cog[i] else ran()
            for spec in specs:
                func = decorator(commands, spec)(func)
            command = commands.command(name=f"c{i}", hidden=i == plan.hidden,
                                       enabled=i != plan.disabled, help=f"Command {i}.")(func)
            if plan.in_cog[i]:
                cog_attrs[f"c{i}"] = command
            else:
                bot.add_command(command)
        gated = type("Gated", (commands.Cog,), cog_attrs)

        for i, spec in enumerate(plan.cooled):
            func = apply_cooldown(commands, spec)(ran())
            if plan.cooled_limits[i] is not None:
                per = getattr(commands.BucketType, plan.cooled_limits[i])
                func = commands.max_concurrency(1, per)(func)
            for check in plan.cooled_checks[i]:
                func = decorator(commands, check)(func)
            bot.add_command(commands.Command(func, name=f"k{i}"))

        for i, (bucket, number) in enumerate(plan.limits):
            async def hold(ctx):
                out.append(f"start {ctx.command.name} {ctx.author.name} {_place(ctx)}")
                await gate.wait()
            limit = commands.max_concurrency(number, getattr(commands.BucketType, bucket),
                                             wait=i == 0)
            bot.add_command(commands.Command(limit(hold), name=f"h{i}"))

        async def setup_hook():
            await bot.add_cog(gated())
        bot.setup_hook = setup_hook

        @bot.command()
        async def probe(ctx):
            said = []
            for command in sorted(bot.commands, key=lambda c: c.name):
                if command.name[0] not in "ck":
                    continue
                try:
                    said.append(f"{command.name}={await command.can_run(ctx)}")
                except Exception as error:
                    said.append(f"{command.name}!{describe(commands, error)}")
            out.append(f"probe {ctx.author.name} {_place(ctx)}: " + "; ".join(said)
                       + f"; permissions {ctx.permissions.value} {ctx.bot_permissions.value}")

        @bot.command()
        async def cd(ctx, name: str):
            command = bot.get_command(name)
            out.append(f"cd {name} {ctx.author.name} {_place(ctx)}: "
                       f"{command.is_on_cooldown(ctx)} "
                       f"{command.get_cooldown_retry_after(ctx):.2f}")

        @bot.command()
        async def reset(ctx, name: str):
            command = bot.get_command(name)
            command.reset_cooldown(ctx)
            out.append(f"reset {name} {ctx.author.name} {_place(ctx)}: "
                       f"{command.is_on_cooldown(ctx)}")

        @bot.command()
        async def release(ctx):
            gate.set()
            async with asyncio.timeout(5):
                while pending["n"] > 1:  # noqa: ASYNC110 - the rest finished or gave up
                    await asyncio.sleep(0.01)
            gate.clear()
            out.append("released")

        @bot.event
        async def on_command_completion(ctx):
            pending["n"] -= 1

        @bot.event
        async def on_command_error(ctx, error):
            hooks.clear()
            if not isinstance(error, commands.CommandNotFound):
                pending["n"] -= 1
            name = ctx.command.name if ctx.command else None
            out.append(f"error {name} {ctx.author.name} {_place(ctx)}: "
                       f"{describe(commands, error)}")

        return bot
    return setup


# -- driving it -----------------------------------------------------------------------

Step = tuple[str, str, str] | float


def _bot_messages(sb: Sandbox) -> list[Any]:
    bot_id = sb.bot_user.id
    found = [m for messages in sb.state.messages.values() for m in messages.values()
             if m.author.id == bot_id]
    return sorted(found, key=lambda m: m.id)


async def drive(sb: Sandbox, out: list[str], steps: Sequence[Step]) -> list[str]:
    """Each step: a person says something somewhere (then wait until the bot wrote
    down an outcome or said something: a queued command does neither, so a quiet
    quarter second also ends the wait), or a number: the clock moves that far."""
    seen: list[str] = []
    for step in steps:
        if isinstance(step, float):
            sb.clock.advance(step)
            seen.append(f"+{step}s")
            continue
        who, where, text = step
        before, said = len(out), len(_bot_messages(sb))
        if where == "dm":
            await sb.send_dm(who, text)
        else:
            await sb.send_message(who, sb.state.channel(where), text)
        waited = 0.0
        while waited < 5:
            if text == "!release":  # the runs it frees write down their start first
                if "released" in out[before:]:
                    break
            elif len(out) > before or len(_bot_messages(sb)) > said:
                break
            await asyncio.sleep(0.005)
            waited += 0.005
            if waited > 0.25 and text.startswith("!h") and text[2:].isdigit():
                break  # a run queued behind a concurrency limit says nothing yet
        # Anything else this step set off shows up (help may take more than a message).
        await asyncio.sleep(0.05 if text.startswith("!help") else 0.005)
        new_messages = [m.content for m in _bot_messages(sb)[said:]]
        seen.append(f"{who}@{where} {text} -> {out[before:]} {new_messages}")
        del out[:]
    return seen


def checks_steps(plan: Plan) -> list[Step]:
    rng = random.Random(plan.seed * 7 + 1)
    steps: list[Step] = [(who, where, "!probe") for who in PEOPLE for where in PLACES]
    names = [f"c{i}" for i in range(len(plan.checked))]
    for _ in range(24):
        steps.append((rng.choice(PEOPLE), rng.choice(PLACES), "!" + rng.choice(names)))
    for who, where in [("carol", "general"), ("bob", "dm"), ("dave", "lobby"),
                       (rng.choice(PEOPLE), rng.choice(PLACES))]:
        steps.append((who, where, "!help"))
    for name in [f"c{plan.hidden}", f"c{plan.disabled}", rng.choice(names), "Gated"]:
        steps.append((rng.choice(PEOPLE), rng.choice(PLACES), f"!help {name}"))
    return steps


def cooldown_steps(plan: Plan) -> list[Step]:
    rng = random.Random(plan.seed * 7 + 2)
    names = [f"k{i}" for i in range(len(plan.cooled))]
    steps: list[Step] = []
    for _ in range(60):
        roll = rng.random()
        who, where = rng.choice(PEOPLE), rng.choice(PLACES)
        if roll < 0.1:
            steps.append(rng.choice([1.0, 4.0, 7.5, 13.0, 31.0]))
        elif roll < 0.2:
            steps.append((who, where, f"!cd {rng.choice(names)}"))
        elif roll < 0.25:
            steps.append((who, where, f"!reset {rng.choice(names)}"))
        else:
            steps.append((who, where, "!" + rng.choice(names)))
    return steps


def concurrency_steps(plan: Plan) -> list[Step]:
    rng = random.Random(plan.seed * 7 + 3)
    steps: list[Step] = []
    for _ in range(5):
        # A few people in a few places, so that buckets fill up.
        people, places = rng.sample(PEOPLE, 2), rng.sample(PLACES, 2)
        steps += [(people[0], places[0], "!h3"), (people[1], places[1], "!h3")]
        for _ in range(rng.randint(3, 6)):
            steps.append((rng.choice(people), rng.choice(places),
                          f"!h{rng.randrange(len(plan.limits))}"))
        steps.append(("alice", "general", "!release"))
    return steps


async def both_sides(sandbox_factory: Any, plan: Plan, steps: Sequence[Step]
                     ) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=checks_world(), rate_limits=quick_limits())
        await prepare(sb)
        out: list[str] = []
        async with running(library, sb, make_bot(plan, out)):
            seen[library] = await drive(sb, out, steps)
    return seen


def _same(seen: dict[str, list[str]]) -> None:
    # A probe's answer is long: it is compared command by command, to name the one.
    differ = [f"{step}: {a!r} != {b!r}"
              for step, (ours, theirs) in enumerate(zip(seen["tidecord"], seen["discord.py"],
                                                        strict=True))
              for a, b in zip(ours.split("; "), theirs.split("; "), strict=True) if a != b]
    assert not differ, "\n".join(differ[:12])


SEEDS = [3, 11, 29, 47, 58]


@pytest.mark.parametrize("seed", SEEDS)
async def test_generated_checks_as_discord_py(sandbox_factory: Any, seed: int) -> None:
    plan = Plan(seed)
    seen = await both_sides(sandbox_factory, plan, checks_steps(plan))
    _same(seen)
    text = "\n".join(seen["tidecord"])
    assert "=False" in text or "=True" in text
    assert "Missing" in text and "ran c" in text


@pytest.mark.parametrize("seed", SEEDS)
async def test_generated_cooldowns_as_discord_py(sandbox_factory: Any, seed: int) -> None:
    plan = Plan(seed)
    seen = await both_sides(sandbox_factory, plan, cooldown_steps(plan))
    _same(seen)
    assert "CommandOnCooldown" in "\n".join(seen["tidecord"])


@pytest.mark.parametrize("seed", SEEDS)
async def test_generated_concurrency_as_discord_py(sandbox_factory: Any, seed: int) -> None:
    plan = Plan(seed)
    seen = await both_sides(sandbox_factory, plan, concurrency_steps(plan))
    _same(seen)
    assert "MaxConcurrencyReached" in "\n".join(seen["tidecord"])


# -- slash and hybrid commands ----------------------------------------------------------

def app_check_spec(rng: random.Random) -> Spec:
    kind = rng.choice(["has_role", "has_any_role", "has_permissions", "bot_has_permissions",
                       "cooldown", "dynamic_cooldown", "custom"])
    if kind == "has_role":
        return (kind, _role(rng))
    if kind == "has_any_role":
        return (kind, *[_role(rng) for _ in range(rng.randint(1, 3))])
    if "permissions" in kind:
        return (kind, _perms(rng))
    if kind == "custom":
        return (kind, rng.choice(["sync false", "async false", "raises"]),
                rng.choice([*PEOPLE, *PLACES]))
    return (kind, rng.randint(1, 2), rng.choice([5.0, 12.5]),
            rng.choice(["user", "global", "channel", "member", "async member"]))


def app_decorator(discord: Any, spec: Spec) -> Callable[[Any], Any]:
    app_commands = discord.app_commands
    kind, *args = spec
    if kind == "custom":
        how, who = args

        def hit(interaction):
            place = getattr(interaction.channel, "name", None) or "dm"
            return who in (interaction.user.name, place)

        def sync_false(interaction):
            return not hit(interaction)

        async def async_false(interaction):
            return not hit(interaction)

        def raises(interaction):
            if hit(interaction):
                raise app_commands.CheckFailure(f"not for {who}")
            return True
        return app_commands.check({"sync false": sync_false, "async false": async_false,
                                   "raises": raises}[how])
    if kind in ("cooldown", "dynamic_cooldown"):
        rate, per, by = args
        async def by_member(interaction):  # a key, and a factory, may be coroutines
            return interaction.guild_id, interaction.user.id

        key = {"user": lambda i: i.user.id, "global": None, "channel": lambda i: i.channel_id,
               "member": lambda i: (i.guild_id, i.user.id), "async member": by_member}
        if kind == "cooldown":
            if by == "user":  # the default key
                return app_commands.checks.cooldown(rate, per)
            return app_commands.checks.cooldown(rate, per, key=key[by])

        def factory(interaction):
            if interaction.user.name == "alice":
                return None
            return app_commands.Cooldown(rate, per)

        async def async_factory(interaction):
            return factory(interaction)
        return app_commands.checks.dynamic_cooldown(
            async_factory if by.startswith("async") else factory, key=key[by])
    if args and isinstance(args[0], dict):
        return getattr(app_commands.checks, kind)(**args[0])
    return getattr(app_commands.checks, kind)(*args)


class SlashPlan:
    """Slash commands with app command checks (some guild-only or with default
    permissions), and hybrid commands with prefix checks and cooldowns."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.seed = seed
        self.slash = [[app_check_spec(rng) for _ in range(rng.randint(0, 2))]
                      for _ in range(8)]
        self.places = [rng.choice([None, None, "guild_only", "default_permissions"])
                       for _ in self.slash]
        self.hybrid = [[check_spec(rng) for _ in range(rng.randint(0, 3))]
                       + ([cooldown_spec(rng)] if rng.random() < 0.5 else [])
                       for _ in range(5)]
        # The last two of each live in a cog that turns away a person (its cog_check,
        # for the hybrid ones) and a place (its interaction_check, for slash ones).
        self.cog_says_no = rng.choice(PEOPLE), rng.choice(PLACES)


def make_slash_bot(plan: SlashPlan, out: list[str]) -> Callable[[Any, Any], Any]:
    def setup(discord: Any, commands: Any) -> Any:
        app_commands = discord.app_commands
        intents = discord.Intents.default()
        intents.message_content = True
        intents.members = True
        bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

        def in_cog(i: int, of: list[Any]) -> bool:
            return i >= len(of) - 2

        def slash(i: int) -> Any:
            async def callback(interaction):
                out.append(f"ran s{i}")
                await interaction.response.send_message("ok")

            async def method(self, interaction):
                await callback(interaction)
            method.__qualname__ = "Desk.method"
            func = method if in_cog(i, plan.slash) else callback
            for spec in plan.slash[i]:
                func = app_decorator(discord, spec)(func)
            if plan.places[i] == "guild_only":
                func = app_commands.guild_only()(func)
            elif plan.places[i] == "default_permissions":
                func = app_commands.default_permissions(manage_messages=True)(func)
            return app_commands.command(name=f"s{i}", description=f"Slash {i}")(func)

        desk: dict[str, Any] = {}
        for i in range(len(plan.slash)):
            if in_cog(i, plan.slash):
                desk[f"s{i}"] = slash(i)
            else:
                bot.tree.add_command(slash(i))

        def hybrid(i: int) -> Any:
            async def callback(ctx):
                out.append(f"ran y{i} {ctx.interaction is not None}")
                await ctx.send("ok")

            async def method(self, ctx):
                await callback(ctx)
            method.__qualname__ = "Desk.method"
            func = method if in_cog(i, plan.hybrid) else callback
            for spec in plan.hybrid[i]:
                if spec[0] in ("cooldown", "dynamic"):
                    func = apply_cooldown(commands, spec)(func)
                else:
                    func = decorator(commands, spec)(func)
            return commands.hybrid_command(name=f"y{i}", description=f"Hybrid {i}")(func)

        for i in range(len(plan.hybrid)):
            if in_cog(i, plan.hybrid):
                desk[f"y{i}"] = hybrid(i)
            else:
                bot.add_command(hybrid(i))

        async def cog_check(self, ctx):
            return ctx.author.name != plan.cog_says_no[0]

        async def interaction_check(self, interaction):
            return (getattr(interaction.channel, "name", None) or "dm") != plan.cog_says_no[1]

        desk.update(cog_check=cog_check, interaction_check=interaction_check)
        cog = type("Desk", (commands.Cog,), desk)

        @bot.hybrid_command(description="A hybrid command's cooldown, as seen from here")
        async def ycd(ctx, name: str):
            command = bot.get_command(name)
            out.append(f"ycd {name} {ctx.interaction is not None}: "
                       f"{command.is_on_cooldown(ctx)} "
                       f"{command.get_cooldown_retry_after(ctx):.2f}")
            await ctx.send("ok")

        @bot.tree.error
        async def on_app_error(interaction, error):
            out.append(f"tree error {interaction.command.name}: {describe(commands, error)}")
            await interaction.response.send_message("no")

        @bot.event
        async def on_command_error(ctx, error):
            name = ctx.command.name if ctx.command else None
            out.append(f"error {name} {ctx.interaction is not None}: "
                       f"{describe(commands, error)}")
            await ctx.send("no")

        async def setup_hook():
            await bot.add_cog(cog())
            await bot.tree.sync()
        bot.setup_hook = setup_hook
        return bot
    return setup


async def drive_slash(sb: Sandbox, out: list[str], steps: Sequence[Step]) -> list[str]:
    """Steps as :func:`drive`'s, the text a command's name: ``/s1`` is used as a slash
    command (or is not offered there), ``!y1`` typed."""
    prefixed = [s for s in steps if isinstance(s, float) or s[2].startswith("!")]
    seen: list[str] = []
    for step in steps:
        if step in prefixed:
            seen += await drive(sb, out, [step])
            continue
        who, where, text = step  # type: ignore[misc]
        channel = sb.state.dm_channel(sb.user(who).id) if where == "dm" else sb.state.channel(where)
        try:
            name, _, option = text[1:].partition(" ")
            record = await sb.invoke_command(who, channel, name,
                                             {"name": option} if option else None)
        except StateError as error:
            seen.append(f"{who}@{where} {text} -> {error}")
            continue
        await record.wait_response(5)
        await asyncio.sleep(0.01)
        seen.append(f"{who}@{where} {text} -> {out}")
        del out[:]
    return seen


def slash_steps(plan: SlashPlan) -> list[Step]:
    rng = random.Random(plan.seed * 7 + 4)
    names = [f"/s{i}" for i in range(len(plan.slash))] + [
        f"{rng.choice('/!')}y{i}" for i in range(len(plan.hybrid)) for _ in range(2)]
    cooled = [i for i, specs in enumerate(plan.hybrid)
              if any(spec[0] in ("cooldown", "dynamic") for spec in specs)]
    steps: list[Step] = []
    for _ in range(50):
        roll = rng.random()
        if roll < 0.1:
            steps.append(rng.choice([3.0, 6.0, 13.0]))
        elif roll < 0.3 and cooled:
            steps.append((rng.choice(PEOPLE), rng.choice(PLACES),
                          f"{rng.choice('/!')}ycd y{rng.choice(cooled)}"))
        else:
            steps.append((rng.choice(PEOPLE), rng.choice(PLACES), rng.choice(names)))
    return steps


@pytest.mark.parametrize("seed", SEEDS)
async def test_generated_slash_and_hybrid_checks_as_discord_py(sandbox_factory: Any,
                                                               seed: int) -> None:
    plan = SlashPlan(seed)
    steps = slash_steps(plan)
    seen: dict[str, list[str]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=checks_world(), rate_limits=quick_limits())
        await prepare(sb)
        out: list[str] = []
        async with running(library, sb, make_slash_bot(plan, out)):
            seen[library] = await drive_slash(sb, out, steps)
    _same(seen)
    assert "ran s" in "\n".join(seen["tidecord"])


# -- the cooldown itself, in process ------------------------------------------------------

def test_cooldown_windows_count_as_in_discord_py() -> None:
    """Random uses (of one token or several), reads and resets of a Cooldown at moving
    times give what discord.py's gives, its repr included: a use refused for asking
    more tokens than are left still empties the window."""
    from discord.ext import commands as dpy_commands

    from tidecord.ext import commands as td_commands

    for seed in range(200):
        rng = random.Random(seed)
        rate, per = rng.randint(0, 3), rng.choice([0.0, 1.0, 2.5, 5.0])
        ours, theirs = td_commands.Cooldown(rate, per), dpy_commands.Cooldown(rate, per)
        now = 1000.0
        for step in range(30):
            now += rng.choice([0, 0.5, 1, 3, 6])
            op, tokens = rng.choice(["use", "use", "tokens", "retry", "reset"]), rng.randint(0, 3)
            answers = []
            for cooldown in (ours, theirs):
                if op == "use":
                    answers.append(cooldown.update_rate_limit(now, tokens=tokens))
                elif op == "tokens":
                    answers.append(cooldown.get_tokens(now))
                elif op == "retry":
                    answers.append(cooldown.get_retry_after(now))
                else:
                    answers.append(cooldown.reset())
                answers.append(repr(cooldown))
            assert answers[:2] == answers[2:], (seed, rate, per, step, op, tokens)


def test_a_cooldown_mapping_is_true_even_when_empty_as_in_discord_py() -> None:
    """``if mapping:`` holds for a mapping no one has used yet, and it has no length,
    as in discord.py (tidecord's counted its buckets, so an unused one was false)."""
    from discord.ext import commands as dpy_commands

    from tidecord.ext import commands as td_commands

    for commands in (td_commands, dpy_commands):
        mapping = commands.CooldownMapping.from_cooldown(1, 5, commands.BucketType.user)
        assert mapping
        with pytest.raises(TypeError):
            len(mapping)


# -- what is said when no handler is written ----------------------------------------------

def unhandled_bot(discord: Any, commands: Any) -> Any:
    """No error handler anywhere: the library's own default reports each error."""
    app_commands = discord.app_commands
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    @commands.has_role("Ghost")
    async def ghost(ctx: commands.Context[commands.Bot]):  # evaluated here: no __future__
        await ctx.send("never")

    @bot.command()
    @commands.cooldown(1, 30, commands.BucketType.user)
    async def once(ctx):
        await ctx.send("once")

    @bot.command()
    @commands.max_concurrency(1)
    async def busy(ctx):
        await ctx.send("busy")

    @bot.hybrid_command(description="Needs a role")
    @commands.has_any_role("Ghost", "Admin")
    async def both(ctx: commands.Context[commands.Bot]):
        await ctx.send("both")

    @bot.tree.command(description="Needs a permission")
    @app_commands.checks.has_permissions(ban_members=True)
    async def ban(interaction):
        await interaction.response.send_message("ban")

    @bot.tree.command(description="Once a while")
    @app_commands.checks.cooldown(1, 30)
    async def rare(interaction):
        await interaction.response.send_message("rare")

    async def setup_hook():
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


class Errors(logging.Handler):
    """The ERROR records logged meanwhile, as text and the exception they carry."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        self.seen.append(f"{record.getMessage()} [{type(error).__name__}: {error}]")


async def _unhandled(sb: Sandbox) -> list[str]:
    errors = Errors()
    logging.getLogger().addHandler(errors)
    seen = []
    try:
        for who, where, text in [("carol", "general", "!ghost"), ("carol", "general", "!once"),
                                 ("carol", "general", "!once"), ("carol", "general", "!nosuch"),
                                 ("carol", "general", "!both"), ("carol", "general", "/both"),
                                 ("dave", "general", "/both"), ("carol", "general", "/ban"),
                                 ("carol", "general", "/rare"), ("carol", "general", "/rare")]:
            said = len(_bot_messages(sb))
            record = None
            if text.startswith("/"):
                record = await sb.invoke_command(who, sb.channel(where), text[1:])
            else:
                await sb.send_message(who, sb.channel(where), text)
            async with asyncio.timeout(5):  # an answer, or an error logged
                while not errors.seen and len(_bot_messages(sb)) == said and not (  # noqa: ASYNC110
                        record and record.original):
                    await asyncio.sleep(0.01)
            await asyncio.sleep(0.05)  # an answer after the error shows up
            answer = [m.content for m in _bot_messages(sb)[said:]]
            if record is not None:
                answer = [record.original.content if record.original else "no answer"]
            seen.append(f"{who} {text}: {answer} {errors.seen}")
            errors.seen.clear()
    finally:
        logging.getLogger().removeHandler(errors)
    return seen


async def test_unhandled_errors_are_reported_as_by_discord_py(sandbox_factory: Any) -> None:
    seen: dict[str, list[str]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=checks_world(), rate_limits=quick_limits())
        await prepare(sb)
        async with running(library, sb, unhandled_bot):
            seen[library] = await _unhandled(sb)
    assert seen["tidecord"] == seen["discord.py"]
    assert seen["tidecord"][0] == ("carol !ghost: [] [\"Ignoring exception in command ghost "
                                   "[MissingRole: Role 'Ghost' is required to run this "
                                   "command.]\"]")


# -- bucket keys of a message ---------------------------------------------------------------

def keys_bot(out: list[str]) -> Callable[[Any, Any], Any]:
    """On every message, each BucketType's key for it (ids named, so the two sandboxes'
    threads compare), and a per-channel CooldownMapping used the way anti-spam code
    uses one, from on_message."""
    def setup(discord: Any, commands: Any) -> Any:
        intents = discord.Intents.default()
        intents.members = True
        intents.message_content = True
        bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
        spam = commands.CooldownMapping.from_cooldown(2, 60, commands.BucketType.channel)

        def named(key: Any, guild: Any) -> Any:
            if isinstance(key, tuple):
                return tuple(named(part, guild) for part in key)
            if not isinstance(key, int) or key == 0:
                return key
            for find in (bot.get_channel, bot.get_user, bot.get_guild,
                         getattr(guild, "get_role", lambda _: None)):
                found = find(key)
                if found is not None:
                    return getattr(found, "name", None) or "a DM"
            return "a DM" if guild is None else "unknown"

        @bot.listen()
        async def on_message(message):
            if message.author.bot:
                return
            keys = [f"{kind.name}={named(kind.get_key(message), message.guild)!r}"
                    for kind in commands.BucketType]
            bucket = spam.get_bucket(message)
            limited = bucket.update_rate_limit() is not None
            out.append(f"{keys} limited={limited} tokens={bucket.get_tokens()}")
        return bot
    return setup


async def test_bucket_keys_of_a_message_as_in_discord_py(sandbox_factory: Any) -> None:
    steps: list[Step] = [(who, where, "hi") for where in PLACES for who in ("carol", "erin")]
    seen: dict[str, list[str]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=checks_world(), rate_limits=quick_limits())
        await prepare(sb)
        out: list[str] = []
        async with running(library, sb, keys_bot(out)):
            seen[library] = await drive(sb, out, steps)
    assert seen["tidecord"] == seen["discord.py"]
    assert "default=None" in seen["tidecord"][0]
    assert "Staff" in "".join(seen["tidecord"])


async def test_slash_cooldowns_keyed_by_coroutines_as_in_discord_py(sandbox_factory: Any
                                                                   ) -> None:
    """``app_commands.checks.cooldown`` and ``dynamic_cooldown`` take a coroutine
    function for the key, and the dynamic one for the factory: awaited, as in
    discord.py (tidecord used the coroutine object itself as the key)."""
    plan = SlashPlan(0)
    plan.slash = [[("cooldown", 1, 30.0, "async member")],
                  [("dynamic_cooldown", 1, 30.0, "async member")], [], []]
    plan.places, plan.hybrid = [None] * 4, []
    plan.cog_says_no = ("nobody", "nowhere")
    steps: list[Step] = [("bob", "general", "/s0"), ("bob", "ideas", "/s0"),
                         ("carol", "general", "/s0"), ("bob", "general", "/s1"),
                         ("bob", "general", "/s1"), ("alice", "general", "/s1")]
    seen: dict[str, list[str]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=checks_world(), rate_limits=quick_limits())
        await prepare(sb)
        out: list[str] = []
        async with running(library, sb, make_slash_bot(plan, out)):
            seen[library] = await drive_slash(sb, out, steps)
    assert seen["tidecord"] == seen["discord.py"]
    refused = ["CommandOnCooldown" in line for line in seen["tidecord"]]
    assert refused == [False, True, False, False, True, False]


def test_check_order_in_cogs_as_in_discord_py() -> None:
    """The order a cog's commands run their checks in, for plain, group, nested and
    hybrid commands, with and without cog-wide command options, over two instances of
    the cog: discord.py turns a command's check list round in place each time the
    command is made again (a cog's copy, a group's copy of its children), and which
    check fails first follows that order."""
    from discord.ext import commands as dpy_commands

    from tidecord.ext import commands as td_commands

    def orders(commands: Any, attrs: dict[str, Any]) -> list[str]:
        def first(ctx):
            return True

        def second(ctx):
            return True

        def checked(func: Any) -> Any:
            return commands.check(first)(commands.check(second)(func))

        class Desk(commands.Cog, command_attrs=attrs):
            @commands.group()
            @checked
            async def top(self, ctx): ...

            @top.command()
            @checked
            async def sub(self, ctx): ...

            @top.group()
            @checked
            async def inner(self, ctx): ...

            @inner.command()
            @checked
            async def leaf(self, ctx): ...

            @commands.hybrid_command()
            @checked
            async def both(self, ctx): ...

        seen = []
        for made in range(2):
            for command in Desk().walk_commands():
                seen.append(f"{made} {command.qualified_name} "
                            f"{[check.__name__ for check in command.checks]}")
        return sorted(seen)  # a group's commands are a set in discord.py: no order

    for attrs in ({}, {"hidden": True}):
        assert orders(td_commands, attrs) == orders(dpy_commands, attrs)
    assert "0 top ['second', 'first']" in orders(td_commands, {})


def test_typed_checks_and_commands_import_as_on_discord_py() -> None:
    """Typed bot code names ``commands.Context[commands.Bot]`` (a check's predicate, a
    command's first parameter), ``commands.CooldownMapping[discord.Message]`` or
    ``app_commands.Command[Any, ..., Any]``; without ``from __future__ import
    annotations`` those are evaluated when the module loads, so each must subscript
    as in discord.py (tidecord raised TypeError: the bot did not import)."""
    import discord as dpy
    from discord.ext import commands as dpy_commands

    import tidecord
    from tidecord.ext import commands as td_commands

    for discord, commands in ((tidecord, td_commands), (dpy, dpy_commands)):
        def mine(ctx: commands.Context[commands.Bot]) -> bool:
            return True

        @commands.command()
        @commands.check(mine)
        async def typed(ctx: commands.Context[commands.Bot]) -> None: ...

        assert typed.checks == [mine]
        assert list(typed.clean_params) == []
        for generic, params in [
                (commands.CooldownMapping, discord.Message),
                (commands.DynamicCooldownMapping, commands.Context[Any]),
                (commands.Command, (Any, ..., Any)), (commands.Group, (Any, ..., Any)),
                (commands.HybridCommand, (Any, ..., Any)),
                (commands.HybridGroup, (Any, ..., Any)),
                (discord.app_commands.Command, (Any, ..., Any)),
                (commands.CheckAnyFailure, Any), (discord.app_commands.Transformer, Any)]:
            assert generic[params] is not None

        class Point(discord.app_commands.Transformer[commands.Bot]):
            async def transform(self, interaction, value: str):
                return tuple(int(part) for part in value.split(","))

        assert issubclass(Point, discord.app_commands.Transformer)
