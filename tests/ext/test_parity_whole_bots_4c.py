"""The fourth round of whole bots, the end: a role menu of select menus set up by a slash
command, and an AutoMod configurator with its logger. Each is written once against
``(discord, commands)``, driven as people would on tidecord and on discord.py 2.7.1
and restarted in the middle: what each said, and what it left in the sandbox (roles,
menus, AutoMod rules) and its database, must be the same."""

# No "from __future__ import annotations": the bots' annotations name their locals.
from pathlib import Path
from typing import Any

import pytest

from ..proof.programs.round4_role_menu import role_menu_bot
from .parity import Line
from .whole_bots_3 import compare, run_restarted
from .whole_bots_4 import beyond_messages, picks, role_ids, slash

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


async def test_role_menu_selects_survive_a_restart(sandbox_factory: Any, tmp_path: Path) -> None:
    first: list[Line] = [
        slash("bob", "rolemenu", {"create": {"title": "Roles"}}),
        slash("alice", "rolemenu", {"create": {"title": "Roles", "colour": "nope"}}),
        slash("alice", "rolemenu", {"create": {"title": "Roles", "colour": "purple"}}),
        picks("alice", "rolemenu:roles", role_ids("Live", "SandboxBot")),
        picks("alice", "rolemenu:roles", role_ids("Live", "Member"), 1),
        slash("alice", "rolemenu", {"create": {"title": "More", "colour": "#00ff00"}}),
        picks("alice", "rolemenu:roles", role_ids("Staff"), 1),
        picks("carol", "rolemenu:pick", role_ids("Live"), nth=0),
        picks("carol", "rolemenu:pick", role_ids("Staff")),
    ]
    second: list[Line] = [
        picks("carol", "rolemenu:pick", [], nth=0),
        picks("bob", "rolemenu:pick", role_ids("Live", "Member"), nth=0),
        picks("bob", "rolemenu:pick", role_ids("Staff")),
        slash("bob", "rolemenu", {"list": {}}, 1),
        slash("alice", "rolemenu", {"create": {"title": "Later"}}),  # left open
    ]
    runs = await run_restarted(sandbox_factory, role_menu_bot, [first, second], tmp_path,
                               extra=beyond_messages)
    said, left = compare(runs)
    assert "#general: Roles: ['Live', 'Member']\nMore: ['Staff']" in said
    for line in (
            "member @bob nick=Bobby roles=['Live', 'Member', 'Staff']",
            "member @carol nick=None roles=['Staff']",
            "  SandboxBot: {title=Roles; description=<@&&Live>\n<@&&Member>; color=#9b59b6}",
            "  SandboxBot: {title=More; description=<@&&Staff>; color=#00ff00}",
            "ephemeral to @bob: SandboxBot: (type MessageType.chat_input_command) "
            "MissingPermissions: You are missing Manage Roles permission(s) to run this "
            "command.", "Could not read 'nope' as a colour.",  # the Transformer refused it
            "ephemeral to @alice: SandboxBot: I cannot give ['SandboxBot']: above my role.",
            "Posted Roles with ['Live', 'Member']. (edited)",
            "ephemeral to @carol: SandboxBot: Added ['Live']; removed ['Member'] (message True)",
            # After the restart each menu still answers on its own message.
            "ephemeral to @carol: SandboxBot: Added []; removed ['Live'] (message True)",
            "ephemeral to @bob: SandboxBot: Added ['Staff']; removed [] (message True)",
            "select rolemenu:pick on msg(#general, 0) type=3 0..2 options=['&Live', '&Member'] "
            "defaults=None",
            "select rolemenu:roles on <id> type=6 1..3 options=[] defaults=[{'id': '&Member', "
            "'type': 'role'}]", "db menus (msg(#general, 1), #general, 'More', '&Staff')"):
        assert line in left, line
