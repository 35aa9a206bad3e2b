"""A fourth round of whole bots as real projects write them (a PluralKit-style proxy
through webhooks; "join to create" voice rooms and an invite tracker), each written once
against ``(discord, commands)`` and driven as people would on tidecord and on
discord.py 2.7.1, restarted in the middle where it must survive one: what each said,
and what it left in the sandbox (webhooks, invites, voice rooms) and its database, must
be the same."""

# No "from __future__ import annotations": the bots' annotations name their locals.
from pathlib import Path
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from ..proof.programs.round4_proxy import CROSS, proxy_bot
from .parity import Do, Line
from .whole_bots_2_steps import staff
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
            "db proxied (msg(#general, 11), #general, None, @bob, 'Sol')"):
        assert line in left, line
    # One webhook, made before the restart and found again after it.
    assert [line for line in left.splitlines() if line.startswith("webhook ")] == [
        "webhook 'Relay' in #general by SandboxBot token=True"]
