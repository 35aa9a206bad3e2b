"""A moderation bot that sets AutoMod up and watches it work: a keyword rule that blocks,
alerts and times out, made from a command; the rules listed, relaxed and deleted; every
action AutoMod takes on people's messages reported. Both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import datetime
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, StateError, World

from .parity import Do, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def guarded_world() -> World:
    return World.from_dict({
        "users": ["alice", "bob", "carol"],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "manage_guild", "moderate_members"],
            "channels": [{"name": "general"}, {"name": "memes"}, {"name": "mod-log"}],
            "members": ["alice", "bob", "carol"],
        }],
    })


def guard_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    heard = []  # what the AutoMod events said, in order
    executions = []

    def described(rule):
        actions = []
        for action in rule.actions:
            if action.type is discord.AutoModRuleActionType.block_message:
                actions.append(f"block({action.custom_message})")
            elif action.type is discord.AutoModRuleActionType.send_alert_message:
                actions.append(f"alert(#{bot.get_channel(action.channel_id).name})")
            else:
                actions.append(f"timeout({action.duration})")
        trigger = rule.trigger
        return (f"{rule.name}: {trigger.type} {trigger.keyword_filter} allow "
                f"{trigger.allow_list} limit {trigger.mention_limit}, {rule.event_type}, "
                f"{' '.join(actions)}, enabled {rule.enabled}, exempt "
                f"{sorted(c.name for c in rule.exempt_channels)}, by {rule.creator.name}")

    @bot.event
    async def on_automod_rule_create(rule):
        heard.append(f"created {rule.name}")

    @bot.event
    async def on_automod_rule_update(rule):
        heard.append(f"updated {rule.name}: enabled {rule.enabled}")

    @bot.event
    async def on_automod_rule_delete(rule):
        heard.append(f"deleted {rule.name}")

    @bot.event
    async def on_automod_action(execution):
        executions.append(execution)
        action = execution.action
        detail = action.duration if action.duration else action.channel_id == \
            discord.utils.get(execution.guild.text_channels, name="mod-log").id
        heard.append(
            f"{action.type.name} ({detail}) on {execution.member.name} in "
            f"#{execution.channel.name} for {execution.matched_keyword!r}: "
            f"{execution.content!r} matched {execution.matched_content!r}, "
            f"{execution.rule_trigger_type}, message kept {execution.message_id is not None}, "
            f"alert posted {execution.alert_system_message_id is not None}")

    @bot.command()
    async def guard(ctx, *words):
        log = discord.utils.get(ctx.guild.text_channels, name="mod-log")
        rule = await ctx.guild.create_automod_rule(
            name="no spoilers", event_type=discord.AutoModRuleEventType.message_send,
            trigger=discord.AutoModTrigger(keyword_filter=[f"*{w}*" for w in words]),
            actions=[discord.AutoModRuleAction(custom_message="Not here, please"),
                     discord.AutoModRuleAction(channel_id=log.id),
                     discord.AutoModRuleAction(duration=datetime.timedelta(minutes=5))],
            enabled=True, reason="spoiler season")
        await ctx.send(described(rule))

    @bot.command()
    async def mentions(ctx, limit: int):
        log = discord.utils.get(ctx.guild.text_channels, name="mod-log")
        rule = await ctx.guild.create_automod_rule(
            name="mass pings", event_type=discord.AutoModRuleEventType.message_send,
            trigger=discord.AutoModTrigger(mention_limit=limit),
            actions=[discord.AutoModRuleAction(channel_id=log.id)], enabled=True)
        await ctx.send(described(rule))

    @bot.command()
    async def rules(ctx):
        found = await ctx.guild.fetch_automod_rules()
        await ctx.send("\n".join(described(r) for r in found) or "no rules")

    @bot.command()
    async def relax(ctx, *allowed):
        rule = next(r for r in await ctx.guild.fetch_automod_rules()
                    if r.name == "no spoilers")
        trigger = rule.trigger
        trigger.allow_list = list(allowed)
        memes = discord.utils.get(ctx.guild.text_channels, name="memes")
        edited = await rule.edit(trigger=trigger, exempt_channels=[memes])
        await ctx.send(described(edited))

    @bot.command()
    async def heard_so_far(ctx):
        await ctx.send("\n".join(heard) or "nothing")
        heard.clear()

    @bot.command()
    async def which(ctx):
        rule = await executions[-1].fetch_rule()
        again = await ctx.guild.fetch_automod_rule(rule.id)
        member = ctx.guild.get_member(executions[-1].user_id)
        await ctx.send(f"the last action was {rule.name}'s, same rule {again.id == rule.id}, "
                       f"{member.name} timed out {member.timed_out_until is not None}")

    @bot.command()
    async def unguard(ctx):
        for rule in await ctx.guild.fetch_automod_rules():
            await rule.delete(reason="season over")
        await ctx.send("all rules gone")

    @bot.command()
    async def bad(ctx):
        try:
            await ctx.guild.create_automod_rule(
                name="x" * 101, event_type=discord.AutoModRuleEventType.message_send,
                trigger=discord.AutoModTrigger(keyword_filter=["ok"]),
                actions=[discord.AutoModRuleAction()])
        except discord.HTTPException as exc:
            await ctx.send(f"refused: {exc.status} {exc.code}")

    return bot


def tries(person: str, channel: str, text: str) -> Do:
    """A person sends something AutoMod blocks: the sandbox refuses it as Discord does."""
    async def send(sb: Sandbox) -> None:
        try:
            await sb.send_message(person, channel, text)
        except StateError as exc:
            assert exc.code == 200000
        else:
            raise AssertionError(f"{text!r} was not blocked")
    send.__name__ = f"{person} tries {text!r}"
    return Do(send)


def pardon(person: str) -> Do:
    """Lift the timeout the rule gave ``person``: timed out, they may send nothing."""
    def lift(sb: Sandbox) -> None:
        sb.state.update_member(sb.guild.id, sb.user(person).id,
                               communication_disabled_until=None)
    lift.__name__ = f"{person}'s timeout lifted"
    return Do(lift)


LINES = [
    ("alice", "general", "!guard spoil ending"),
    ("alice", "general", "!heard_so_far"),
    tries("bob", "general", "SPOILERS: the ending"),
    ("alice", "general", "!heard_so_far"),
    ("alice", "general", "!which"),
    pardon("bob"),
    ("alice", "general", "!relax spoiler-free"),
    ("bob", "memes", "spoilers are fine here", 0),
    ("bob", "general", "this thread is spoiler-free", 0),
    tries("carol", "general", "the ending twist"),
    pardon("carol"),
    ("alice", "general", "!mentions 2"),
    ("carol", "general", lambda sb: " ".join(
        f"<@{sb.user(u).id}>" for u in ("alice", "bob", "carol")), 0),
    ("alice", "general", "!rules"),
    ("alice", "general", "!heard_so_far"),
    ("alice", "general", "!bad"),
    ("alice", "general", "!unguard"),
    ("alice", "general", "!rules"),
    ("alice", "general", "!heard_so_far"),
]


async def test_an_automod_bot_behaves_alike(sandbox_factory: Any) -> None:
    runs = await both(sandbox_factory, guard_bot, LINES, world=guarded_world)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs
    text = "\n".join(ours)
    for expected in (
            "no spoilers: AutoModRuleTriggerType.keyword ['*spoil*', '*ending*'] allow [] "
            "limit 0, AutoModRuleEventType.message_send, block(Not here, please) "
            "alert(#mod-log) timeout(0:05:00), enabled True, exempt [], by",
            "created no spoilers",
            "block_message (False) on bob in #general for '*spoil*': 'SPOILERS: the ending' "
            "matched 'SPOILERS', AutoModRuleTriggerType.keyword, message kept False",
            "timeout (0:05:00) on bob",
            "the last action was no spoilers's, same rule True, bob timed out True",
            "allow ['spoiler-free']", "exempt ['memes']",
            "updated no spoilers: enabled True",
            "on carol in #general for '*ending*': 'the ending twist' matched 'ending'",
            "send_alert_message (True) on carol in #general for None",
            "message kept True, alert posted True",
            "refused: 400 50035", "deleted no spoilers", "deleted mass pings", "no rules"):
        assert expected in text, expected
