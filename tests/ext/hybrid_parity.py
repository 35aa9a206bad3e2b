"""Run a bot with slash and hybrid commands on tidecord or on discord.py 2.7.1 against a
fresh sandbox, and write down what people saw: the bot's messages after a prefix
command, each slash command's answer (first response and follow-ups), and the
application commands the bot registered.

Steps: :class:`Say` (a message), :class:`Slash` (a slash command), :class:`Complete`
(typing in an option with autocomplete), :class:`Click` (a button), :class:`Act` (the
test does something to the bot, e.g. removes a cog and syncs) and :class:`Registered`
(the commands Discord holds now).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from tidecord.models import to_builtins, walk_components
from tidecord.sandbox import Sandbox

from ..proof.harness import answer, custom_id
from .parity import LIBRARIES, parity_world, quick_limits, rendered, running

__all__ = ["Act", "Click", "Complete", "Registered", "Say", "Slash", "registered", "transcripts"]


@dataclasses.dataclass
class Say:
    """``person`` says ``content`` in ``channel`` (``"dm"``: to the bot), with ``files``
    (name, bytes) attached; the bot answers with ``replies`` messages."""

    person: str
    channel: str
    content: str
    replies: int = 1
    files: tuple[tuple[str, bytes], ...] = ()


@dataclasses.dataclass
class Slash:
    """``person`` uses slash command ``name`` (options as the sandbox takes them); the
    bot answers it and sends ``followups`` follow-ups (``target``: the user or message
    of a context menu, or a function of the sandbox that names it)."""

    person: str
    name: str
    options: dict[str, Any] | None = None
    followups: int = 0
    channel: str = "general"
    target: Any = None


@dataclasses.dataclass
class Complete:
    """``person`` types in option ``focused`` of slash command ``name``: the choices the
    bot offers."""

    person: str
    name: str
    options: dict[str, Any]
    focused: str


@dataclasses.dataclass
class Click:
    """``person`` clicks the button labelled ``label`` on the bot's newest message that
    has one (an ephemeral one shown to them included)."""

    person: str
    label: str


@dataclasses.dataclass
class Act:
    """``await action(bot)``, written down as ``label``."""

    label: str
    action: Callable[[Any], Awaitable[Any]]


class Registered:
    """The application commands Discord holds now."""


Step = Say | Slash | Complete | Click | Act | Registered
_VOLATILE = {"id", "application_id", "version", "guild_id"}


def registered(sb: Sandbox) -> list[Any]:
    """Every registered command as Discord holds it, ids left out, sorted by name."""
    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k not in _VOLATILE}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    found = [clean(to_builtins(c)) for c in sb.state.commands.values()]
    return sorted(found, key=lambda c: (c["name"], c.get("type", 1)))


def _bot_messages(sb: Sandbox) -> list[Any]:
    bot_id = sb.bot_user.id
    answers = {m.id for record in sb.interactions.by_id.values()
               for m in (record.original, *record.followups) if m is not None}
    found = [m for messages in sb.state.messages.values() for m in messages.values()
             if m.author.id == bot_id and m.id not in answers]
    return sorted(found, key=lambda m: m.id)


def _with_button(sb: Sandbox, label: str) -> Any:
    bot_id = sb.bot_user.id
    shown = [m for _, m in sb.interactions.ephemeral.values()]
    found = [m for messages in sb.state.messages.values() for m in messages.values()
             if m.author.id == bot_id] + shown
    for message in sorted(found, key=lambda m: m.id, reverse=True):
        if any(c.label == label for c in walk_components(message.components)):
            return message
    raise AssertionError(f"no message of the bot has a {label!r} button")


async def _said(sb: Sandbox, step: Say, within: float) -> list[str]:
    before = len(_bot_messages(sb))
    if step.channel == "dm":
        await sb.send_dm(step.person, step.content, files=step.files)
    else:
        await sb.send_message(step.person, step.channel, step.content, files=step.files)
    try:
        async with asyncio.timeout(within):
            while len(_bot_messages(sb)) < before + step.replies:  # noqa: ASYNC110
                await asyncio.sleep(0.005)
    except TimeoutError:
        raise AssertionError(f"no answer to {step.content!r} within {within} s") from None
    await asyncio.sleep(0.05)  # a stray extra answer shows up before it is written down
    return [rendered(m) for m in _bot_messages(sb)[before:]]


async def run_steps(sb: Sandbox, bot: Any, steps: Sequence[Step], within: float = 10.0
                    ) -> list[Any]:
    """What people saw at each step."""
    out: list[Any] = []
    for step in steps:
        try:
            out.append(await _step(sb, bot, step, within))
        except (AssertionError, TimeoutError) as exc:
            raise AssertionError(f"step {len(out)} {step}: {exc!r}; so far: {out}") from exc
    return out


async def _step(sb: Sandbox, bot: Any, step: Step, within: float) -> Any:
    if isinstance(step, Say):
        return step.content, await _said(sb, step, within)
    if isinstance(step, Slash):
        target = step.target(sb) if callable(step.target) else step.target
        record = await sb.invoke_command(step.person, step.channel, step.name, step.options,
                                         target=target)
        await record.wait_response(within)
        async with asyncio.timeout(within):
            # No event marks a follow-up: look until they are there. (A deferred answer
            # followed up stays "thinking", on Discord as here.)
            while len(record.followups) < step.followups:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
        seen = answer(record)
        return f"/{step.name} {step.options or ''}", seen
    if isinstance(step, Complete):
        typed = await sb.autocomplete(step.person, "general", step.name, step.options,
                                      step.focused)
        return f"/{step.name} {step.options} ...", (await typed.wait_response(within)).choices
    if isinstance(step, Click):
        message = _with_button(sb, step.label)
        record = await sb.click_button(step.person, message,
                                       custom_id(message, label=step.label))
        return f"click {step.label}", answer(await record.wait_response(within))
    if isinstance(step, Act):
        await step.action(bot)
        return step.label
    return registered(sb)


async def transcripts(sandbox_factory: Callable[..., Awaitable[Sandbox]],
                      setup: Callable[[Any, Any], Any], steps: Sequence[Step],
                      prepare: Callable[[Sandbox], Any] | None = None
                      ) -> dict[str, list[Any]]:
    """The steps' transcript on each library, each on a fresh sandbox of the same world
    (readied by ``prepare`` before the bot connects, if given)."""
    out: dict[str, list[Any]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        if prepare is not None:
            prepare(sb)
        async with running(library, sb, setup) as bot:
            out[library] = await run_steps(sb, bot, steps)
    return out
