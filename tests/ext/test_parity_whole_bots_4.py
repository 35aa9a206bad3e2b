"""A fourth round of whole bots as real projects write them (a PluralKit-style proxy
through webhooks; "join to create" voice rooms and an invite tracker), each written once
against ``(discord, commands)`` and driven as people would on tidecord and on
discord.py 2.7.1, restarted in the middle where it must survive one: what each said,
and what it left in the sandbox (webhooks, invites, voice rooms) and its database, must
be the same."""

# No "from __future__ import annotations": the bots' annotations name their locals.
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox

from ..proof.programs.round4_proxy import CROSS, proxy_bot
from .parity import Do, Line, both
from .whole_bots_2 import whole_world
from .whole_bots_2_steps import latest, staff
from .whole_bots_3 import compare, reacts, run_restarted
from .whole_bots_4 import beyond_messages, proxied

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def hooked(channel: str, nth: int) -> Any:
    """The ``nth`` message a webhook said in ``channel``."""
    return lambda sb: [m for m in sb.messages(channel) if m.webhook_id is not None][nth]


async def test_proxy_bot_speaks_through_webhooks_after_a_restart(sandbox_factory: Any,
                                                                 tmp_path: Path) -> None:
    async def plans(sb: Sandbox) -> None:
        await sb.start_thread("alice", "general", "plans")

    async def bob_asks(sb: Sandbox) -> None:
        await sb.send_message("bob", "general", "!whois",
                              reply_to=hooked("general", 0)(sb))

    first: list[Line] = [
        ("bob", "general", "!member add Luna l: https://example.com/luna.png"),
        ("bob", "general", "!member add Sol s:"),
        ("bob", "general", "!member add Twin l:"),
        ("bob", "general", "!member"),
        ("carol", "general", "!member"),
        proxied("bob", "general", lambda sb: f"l: hello {sb.user('carol').mention} @everyone "
                                             f"and {staff(sb).mention}"),
        proxied("bob", "general", "s:with a file", files=(("notes.txt", b"sunny"),)),
        proxied("carol", "general", "l: not mine", kept=True),
        Do(plans),
        proxied("bob", "plans", "l:in the thread"),
    ]
    second: list[Line] = [
        ("bob", "general", "!hookname Nope"),
        ("alice", "general", "!hookname Relay"),
        proxied("bob", "general", "s: after the restart"),
        ("bob", "general", lambda sb: f"!edit changed {sb.user('carol').mention}"),
        ("bob", "plans", "!edit changed in the thread"),
        ("carol", "general", "!edit not mine"),
        Do(bob_asks, 1),
        ("carol", "general", "!whois"),
        reacts("carol", CROSS, hooked("general", 2), 0),
        reacts("bob", CROSS, hooked("general", 2), 1),
        reacts("bob", CROSS, hooked("plans", 0), 1),
        proxied("carol", "general", "a reply", kept=True, reply_to=hooked("general", 0)),
        proxied("bob", "general", "l:replying to carol",
                reply_to=lambda sb: latest(sb, "carol", "general")),
    ]
    runs = await run_restarted(sandbox_factory, proxy_bot, [first, second], tmp_path,
                               extra=beyond_messages)
    said, left = compare(runs)
    for line in ("#general: You already use 'l:'.", "#general: Luna ('l:'), Sol ('s:')",
                 "(webhook True, author Sol (bob), bot True)",
                 # thread=MISSING outside a thread, a thread's Object inside one.
                 "#plans: Edited https://discord.com/channels/<guild>/#plans/<id> (webhook "
                 "True, author Luna (bob), bot True)",
                 "#general: Luna is <@@bob>'s; webhook_id set True",
                 # Webhook.edit answers with a new object, the old one left as it was.
                 "#general: The proxy webhook 'Proxy' is 'Relay' now.",
                 "#mod-log: Bobby took back a proxied message in <##plans> (thread True)"):
        assert line in said, line
    for line in (
            # Users may be pinged, not roles nor everyone; carol's "l:" is not hers.
            "  webhook Luna (bob): hello <@@carol> @everyone and <@&&Staff> (pings ['@carol'])"
            "\n  webhook Sol (bob): with a file [files notes.txt]\n  carol: l: not mine",
            "  carol: !edit not mine", "file notes.txt:\nsunny",
            # A reply is said again with a quote of what it answers.
            "  webhook Luna (bob): replying to carol{description=**[Reply to:](https://"
            "discord.com/channels/<guild>/#general/msg(#general, 25))** a reply; author=carol}",
            "db proxied (msg(#general, 11), #general, None, @bob, 'Sol')"):
        assert line in left, line
    # One webhook, made before the restart and found again after it.
    assert [line for line in left.splitlines() if line.startswith("webhook ")] == [
        "webhook 'Relay' in #general by SandboxBot token=True"]


def announcer(discord: Any, commands: Any) -> Any:
    """Announcements posted through the channel's webhook under a team's name, with a
    button people press to say they read it."""
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents)

    class Seen(discord.ui.View):
        def __init__(self) -> None:
            super().__init__(timeout=None)
            self.readers: list[str] = []

        @discord.ui.button(label="Read it", custom_id="announce:seen")
        async def seen(self, interaction: Any, button: Any) -> None:
            self.readers.append(interaction.user.name)
            await interaction.response.send_message(
                f"Thanks; read by {self.readers} (on a webhook's message "
                f"{interaction.message.webhook_id is not None})")

    urls: list[str] = []  # as a bot keeps them in its configuration

    @bot.command()
    async def retire(ctx: Any) -> None:
        webhook = discord.Webhook.from_url(urls.pop(), client=bot)
        # client= lends its state, not its token: the webhook is read with its own
        # token, which tells no maker, and cannot be moved to another channel.
        fetched = await webhook.fetch()
        try:
            await webhook.edit(channel=ctx.channel)
        except ValueError as error:
            await ctx.send(f"ValueError: {error}")
        await ctx.send(f"Retiring {fetched.name}: authenticated {webhook.is_authenticated()}, "
                       f"made by {fetched.user}")
        await webhook.delete()

    @bot.command()
    async def announce(ctx: Any, *, text: str) -> None:
        webhook = await ctx.channel.create_webhook(name="Announcer")
        urls.append(webhook.url)
        sent = await webhook.send(text, username="The Team", view=Seen(), wait=True)
        await ctx.send(f"Posted as {sent.author.name} with {len(sent.components)} row of "
                       "buttons")
        async with aiohttp.ClientSession() as session:
            # Nothing would hear this one's clicks: a webhook of no client.
            alone = discord.Webhook.partial(webhook.id, webhook.token, session=session)
            try:
                await alone.send("no listener", view=Seen())
            except ValueError as error:
                await ctx.send(f"ValueError: {error}")

    return bot


async def test_a_bot_made_webhook_carries_buttons_the_bot_hears(sandbox_factory: Any) -> None:
    async def read(person: str, sb: Sandbox) -> None:
        message = [m for m in sb.messages("general") if "announce:seen" in str(m.components)][-1]
        record = await sb.click_button(person, message, "announce:seen")
        await record.wait_response(10)

    async def bob_reads(sb: Sandbox) -> None:
        await read("bob", sb)

    async def carol_reads(sb: Sandbox) -> None:
        await read("carol", sb)

    runs = await both(sandbox_factory, announcer, [
        ("alice", "general", "!announce Servers restart at noon", 2),
        Do(bob_reads, 1), Do(carol_reads, 1), ("alice", "general", "!retire", 2)],
        world=whole_world)
    assert runs["tidecord"] == runs["discord.py"]
    assert runs["tidecord"] == [
        "#general: Posted as The Team with 1 row of buttons",
        "#general: ValueError: Webhook views with interactable components require an "
        "associated state with the webhook",
        "#general: Thanks; read by ['bob'] (on a webhook's message True)",
        "#general: Thanks; read by ['bob', 'carol'] (on a webhook's message True)",
        "#general: ValueError: Editing channel requires authenticated webhook",
        "#general: Retiring Announcer: authenticated False, made by None"]
