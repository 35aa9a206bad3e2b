"""Steps and snapshots for the fourth round of whole bots (run by
:func:`tests.ext.whole_bots_3.run_restarted`): a slash command or a pick in a select
menu as a step, a message a proxy bot says again through a webhook, and what such bots
leave outside messages (webhooks, invites, AutoMod rules, who is in voice)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from tidecord.models import to_builtins, walk_components
from tidecord.sandbox import Sandbox, StateError

from ..proof.harness import READING_PAUSE
from .parity import Do
from .whole_bots_2_steps import then_logged


def beyond_messages(sb: Sandbox) -> list[str]:
    """The webhooks, invites, AutoMod rules and voice connections of the guild."""
    gid = sb.guild.id
    lines = []
    for hook in sorted(sb.state.webhooks.values(), key=lambda h: h.id):
        maker = getattr(hook.user, "username", None)
        lines.append(f"webhook {hook.name!r} in {hook.channel_id} by {maker} "
                     f"token={isinstance(hook.token, str)}")
    for invite in sorted(sb.state.invites.values(), key=lambda i: (i.channel_id, i.created_ms)):
        lines.append(f"invite to {invite.channel_id} by {invite.inviter_id} uses={invite.uses} "
                     f"max_uses={invite.max_uses} max_age={invite.max_age}")
    for rule in sorted(sb.state.guild_automod_rules(gid), key=lambda r: r.id):
        shown = to_builtins(rule)
        lines.append(f"automod {rule.name!r} by {rule.creator_id} event={shown['event_type']} "
                     f"trigger={shown['trigger_type']} {shown.get('trigger_metadata')} "
                     f"actions={shown.get('actions')} enabled={rule.enabled} "
                     f"exempt={shown.get('exempt_roles')}/{shown.get('exempt_channels')}")
    for state in sorted(sb.state.guild_voice_states(gid), key=lambda v: int(v.user_id)):
        lines.append(f"voice {state.user_id} in {state.channel_id}")
    return lines + _selects(sb)


def _selects(sb: Sandbox) -> list[str]:
    """Each select menu of the bot's messages (shown to one person too): its kind, range,
    options and the values it starts on."""
    shown = [m for _, m in sb.interactions.ephemeral.values()]
    mine = [m for box in sb.state.messages.values() for m in box.values()
            if m.author.id == sb.bot_user.id] + shown
    lines = []
    for message in sorted(mine, key=lambda m: m.id):
        for component in walk_components(message.components):
            if component.type in (3, 5, 6, 7, 8):
                data = to_builtins(component)
                options = [o["value"] for o in data.get("options") or ()]
                lines.append(f"select {data['custom_id']} on {message.id} type={data['type']} "
                             f"{data.get('min_values')}..{data.get('max_values')} "
                             f"options={options} defaults={data.get('default_values')}")
    return lines


def slash(person: str, name: str, options: dict[str, Any] | None = None, replies: int = 0,
          channel: str = "general", followups: int = 0) -> Do:
    """``person`` uses ``/name``; the step ends with the bot's answer, its ``followups``,
    and ``replies`` bot messages in all (an answer that is not ephemeral is one)."""
    async def act(sb: Sandbox) -> None:
        record = await sb.invoke_command(person, channel, name, options)
        await record.wait_response(10)
        async with asyncio.timeout(10):
            while len(record.followups) < followups:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
    act.__name__ = f"{person} uses /{name} {options or ''}"
    return Do(act, replies)


def picks(person: str, custom_id: str, values: Callable[[Sandbox], list[str]] | list[str],
          replies: int = 0, nth: int = -1) -> Do:
    """``person`` picks ``values`` (or a function of the sandbox naming them: role ids)
    in the select menu ``custom_id`` of the bot's ``nth`` message that has it (the newest;
    one shown to them alone included); the step
    ends with the bot's answer and ``replies`` bot messages in all."""
    async def act(sb: Sandbox) -> None:
        await asyncio.sleep(READING_PAUSE)
        shown = [m for _, m in sb.interactions.ephemeral.values()]
        found = [m for box in sb.state.messages.values() for m in box.values()
                 if m.author.id == sb.bot_user.id] + shown
        found = [m for m in found if custom_id in str(m.components)]
        chosen = values(sb) if callable(values) else values
        message = sorted(found, key=lambda m: m.id)[nth]
        record = await sb.click_button(person, message, custom_id, values=chosen)
        await record.wait_response(10)
    act.__name__ = f"{person} picks {custom_id}"
    return Do(act, replies)


def moderated(person: str, channel: str, text: str | Callable[[Sandbox], str], logs: int,
              blocked: bool = True) -> Do:
    """``person`` says ``text``; AutoMod blocks it (Discord answers 200000) or lets it
    through, and the step ends once the bot wrote ``logs`` more lines in #mod-log."""
    async def act(sb: Sandbox) -> None:
        content = text(sb) if callable(text) else text
        if blocked:
            with pytest.raises(StateError) as caught:
                await sb.send_message(person, channel, content)
            assert caught.value.code == 200000
        else:
            await sb.send_message(person, channel, content)
    act.__name__ = f"{person} says {text!r}"
    return then_logged(act, logs, logs)


def role_ids(*names: str) -> Callable[[Sandbox], list[str]]:
    def ids(sb: Sandbox) -> list[str]:
        roles = sb.state.roles[sb.guild.id].values()
        return [str(next(r.id for r in roles if r.name == name)) for name in names]
    return ids


def proxied(person: str, channel: str, text: str | Callable[[Sandbox], str], replies: int = 0,
            files: tuple[tuple[str, bytes], ...] = (), kept: bool = False,
            reply_to: Callable[[Sandbox], Any] | None = None) -> Do:
    """``person`` says ``text`` (or a function of the sandbox writing it) in ``channel`` (a
    thread's name too), in reply to ``reply_to(sb)`` if given; a proxy bot deletes
    it and says it again through a webhook: the step ends when their message is gone
    and a webhook's message came (or, ``kept``, once the bot has had time to ignore it)."""
    async def act(sb: Sandbox) -> None:
        def hooked() -> int:
            return sum(m.webhook_id is not None for m in sb.messages(channel))
        before = hooked()
        sent = await sb.send_message(person, channel, text(sb) if callable(text) else text,
                                     files=files,
                                     reply_to=None if reply_to is None else reply_to(sb))
        box = sb.state.messages[sent.channel_id]
        if kept:
            await asyncio.sleep(0.3)
            assert sent.id in box, f"{text!r} was taken away"
            return
        async with asyncio.timeout(10):
            while sent.id in box or hooked() == before:  # noqa: ASYNC110
                await asyncio.sleep(0.005)
    act.__name__ = f"{person} says {text!r} in {channel}"
    return Do(act, replies)
