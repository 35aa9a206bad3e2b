"""A third round of whole bots as tutorials and real projects write them (reaction
roles, tickets, giveaways, moderation with the audit log, levels, a utility bot of
context menus and hybrid groups), each written once against ``(discord, commands)`` and
driven as people would on tidecord and on discord.py 2.7.1, restarted in the middle
where its design says it must survive one: what each said, and what it left in the
sandbox, its files and its database, must be the same."""

# No "from __future__ import annotations": the bots' annotations name their locals.
from pathlib import Path
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from ..proof.programs.round3_reaction_roles import reaction_roles_bot
from ..proof.programs.round3_tickets import tickets_bot
from .parity import Do, Line
from .whole_bots_2_steps import latest
from .whole_bots_3 import compare, link, party, presses, reacts, run_restarted

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]
GAME = "\N{VIDEO GAME}"
ONE, TWO = "1\N{COMBINING ENCLOSING KEYCAP}", "2\N{COMBINING ENCLOSING KEYCAP}"


async def test_reaction_roles_bot_survives_a_restart(sandbox_factory: Any,
                                                     tmp_path: Path) -> None:
    def roles_post(sb: Sandbox) -> Any:
        return latest(sb, "alice", "welcome")

    def menu(sb: Sandbox) -> Any:
        return [m for m in sb.messages("general") if m.embeds][-1]

    async def post_roles(sb: Sandbox) -> None:
        await sb.send_message("alice", "welcome", "React here for your roles")

    first: list[Line] = [
        ("alice", "general", lambda sb: f"!rr add {link(sb, roles_post(sb))} {GAME} Live"),
        ("alice", "general", lambda sb: f"!rr add {link(sb, roles_post(sb))} {party(sb)} "
                                        "Member"),
        ("bob", "general", lambda sb: f"!rr add {link(sb, roles_post(sb))} {GAME} Live"),
        ("alice", "general", f"!rr add 123 {GAME} Live"),
        ("alice", "general", lambda sb: f"!rr add {link(sb, roles_post(sb))} {GAME} Nope"),
        ("alice", "general", lambda sb: f"!rr add {link(sb, roles_post(sb))} {GAME} "
                                        "SandboxBot"),
        ("alice", "general", lambda sb: f"!rr add {link(sb, roles_post(sb))} notanemoji Live"),
        ("alice", "general", "!rr menu Live Staff", 2),
        reacts("carol", GAME, roles_post, 1),
    ]
    second: list[Line] = [
        reacts("bob", GAME, roles_post, 1),
        reacts("alice", party, roles_post, 1),
        reacts("carol", GAME, roles_post, 1, remove=True),
        reacts("carol", ONE, menu, 1),
        reacts("carol", TWO, menu, 1),  # the other pick is taken back, and its role
        ("alice", "general", "!rr list"),
        ("carol", "general", "!myroles"),
    ]
    runs = await run_restarted(sandbox_factory, reaction_roles_bot, [first, second],
                               tmp_path, prepare=post_roles)
    said, left = compare(runs)
    for line in (
            "#general: 🎮 on https://discord.com/channels/<guild>/#welcome/msg(#welcome, 0) "
            "gives <@&&Live>.",
            # invoke_without_command=True: the group's own checks guard it alone, not
            # its subcommands, in either library.
            "#general: MessageNotFound: Message \"123\" not found.",
            "#general: RoleNotFound: Role \"Nope\" not found.",
            "#general: SandboxBot is above my highest role.",
            "#general: failed: HTTPException 10014",
            # After the restart nothing is cached; the payload carries the member.
            "#mod-log: +Live for carol (Member) via 🎮 custom=False name=🎮 "
            "type=REACTION_ADD cached=False",
            "#mod-log: +Member for Alice (Member) via <:party:<id>> custom=True name=party "
            "type=REACTION_ADD cached=False",
            "#mod-log: -Live for carol; payload.member=None type=REACTION_REMOVE cached=False",
            "#mod-log: +Staff for carol (Member) via 2⃣ custom=False name=2⃣ "
            "type=REACTION_ADD cached=False swapped=['Live']",
            "#general: Staff, Member"):
        assert line in said, line
    for line in ("member @alice nick=None roles=['Member', 'Staff']",
                 "member @bob nick=Bobby roles=['Live', 'Member']",
                 "member @carol nick=None roles=['Member', 'Staff']",
                 "alice: React here for your roles [🎮 x2] [party x2]",
                 "[1⃣ x1] [2⃣ x2]", "db pairs (msg(#welcome, 0), '<:party:<id>>', &Member, 0)"):
        assert line in left, line


async def test_ticket_bot_buttons_survive_restarts(sandbox_factory: Any, tmp_path: Path) -> None:
    async def bob_writes(sb: Sandbox) -> None:
        await sb.send_message("bob", "ticket-0001", "my order never came",
                              files=(("order.txt", b"order 66"),))

    first: list[Line] = [
        ("alice", "general", "!panel"),
        ("bob", "general", "!panel"),
        presses("bob", "tickets:open", 2),
    ]
    second: list[Line] = [
        Do(bob_writes),
        presses("carol", "tickets:open", 2),
        presses("bob", "tickets:open"),
    ]
    third: list[Line] = [
        presses("bob", "tickets:close", 2, where="ticket-0001"),
        ("alice", "general", "!private carol", 2),
        ("carol", "general", "!private bob"),
        ("alice", "general", "!tickets"),
    ]
    runs = await run_restarted(sandbox_factory, tickets_bot, [first, second, third], tmp_path)
    said, left = compare(runs)
    for line in ("#general: MissingPermissions: You are missing Manage Server permission(s) "
                 "to run this command.", "#mod-log: ticket-0001 by <@@bob>: 4 messages",
                 "#general: Made <##private-carol>; carol can send True, everyone can view "
                 "False", "Here: ['SandboxBot', 'alice', 'carol']",
                 "#general: MissingRole: Role 'Staff' is required to run this command.",
                 "#general: #1 bob closed\n#2 carol open"):
        assert line in said, line
    for line in (
            # The buttons answered after each restart; adding the owner says so in the thread.
            "channel #ticket-0001 slowmode=0 overwrites=[] thread archived=True locked=True\n"
            "  SandboxBot: (type MessageType.recipient_add)  (pings ['@bob'])\n"
            "  SandboxBot: <@@bob> tell us what's wrong; <@&&Staff> will be with you. [Close] "
            "(pings ['@bob'])\n  bob: my order never came [files order.txt]\n"
            "  SandboxBot: Closed by Bobby.",
            "ephemeral to @carol: SandboxBot: Opened <##ticket-0002> (private True, type "
            "private_thread) (edited)", "ephemeral to @bob: SandboxBot: You already have",
            "overwrites=[('@SandboxBot', <Permissions value=1040>, <Permissions value=0>), "
            "('@carol', <Permissions value=35840>, <Permissions value=0>), ('<guild>', "
            "<Permissions value=0>, <Permissions value=1024>), ('&Staff', <Permissions "
            "value=1024>, <Permissions value=0>)]",
            "file ticket-0001.txt:\n[SandboxBot] \n[SandboxBot] <@@bob> tell us what's wrong; "
            "<@&&Staff> will be with you.\n[bob] my order never came <order.txt>\n"
            "[SandboxBot] Closed by Bobby.", "db tickets (#ticket-0002, @carol, 2, 'open')"):
        assert line in left, line
