"""The fourth round of whole bots, the end: a role menu of select menus set up by a slash
command, and an AutoMod configurator with its logger. Each is written once against
``(discord, commands)``, driven as people would on tidecord and on discord.py 2.7.1
and restarted in the middle: what each said, and what it left in the sandbox (roles,
menus, AutoMod rules) and its database, must be the same."""

# No "from __future__ import annotations": the bots' annotations name their locals.
from pathlib import Path
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from ..proof.programs.round4_automod import automod_bot
from ..proof.programs.round4_role_menu import role_menu_bot
from .parity import Line
from .whole_bots_3 import compare, run_restarted
from .whole_bots_4 import beyond_messages, moderated, picks, role_ids, slash

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
        slash("alice", "rolemenu", {"notify": {}}, 1),
    ]
    second: list[Line] = [
        picks("carol", "rolemenu:pick", [], nth=0),
        picks("bob", "rolemenu:pick", role_ids("Live", "Member"), nth=0),
        picks("bob", "rolemenu:pick", role_ids("Staff")),
        slash("bob", "rolemenu", {"list": {}}, 1),
        picks("carol", "rolemenu:notify", role_ids("Live", "Staff")),
        slash("alice", "rolemenu", {"create": {"title": "Later"}}),  # left open
    ]
    runs = await run_restarted(sandbox_factory, role_menu_bot, [first, second], tmp_path,
                               extra=beyond_messages)
    said, left = compare(runs)
    assert "#general: Roles: ['Live', 'Member']\nMore: ['Staff']" in said
    for line in (
            "member @bob nick=Bobby roles=['Live', 'Member', 'Staff']",
            "member @carol nick=None roles=['Live', 'Staff']",
            # A persistent RoleSelect answers after the restart with the roles resolved.
            "ephemeral to @carol: SandboxBot: Added ['Live']; refused ['Staff'] (resolved Role)",
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


async def test_automod_configurator_and_its_logger(sandbox_factory: Any, tmp_path: Path) -> None:
    def pings(sb: Sandbox) -> str:
        return "hey " + " ".join(sb.user(n).mention for n in ("alice", "bob", "carol"))

    first: list[Line] = [
        slash("alice", "automod", {"words": {"name": "Swears", "words": "darn, heck*",
                                             "allow": "heckle"}}, 1),
        slash("alice", "automod", {"regex": {"name": "Invites", "pattern": r"discord\.gg/\w+",
                                             "action": "alert"}}, 1),
        slash("alice", "automod", {"words": {"name": "Spam", "words": "buy now",
                                             "action": "timeout"}}, 1),
        slash("alice", "automod", {"mentions": {"name": "Pings", "limit": 2}}, 1),
        slash("alice", "automod", {"regex": {"name": "Broken", "pattern": "(["}}),
        moderated("carol", "general", "well darn it", 1),
        moderated("carol", "general", "what a heckler", 1),
        moderated("carol", "general", "don't heckle me", 0, blocked=False),
        moderated("carol", "general", "join discord.gg/abc", 1, blocked=False),
    ]
    second: list[Line] = [
        slash("alice", "automod", {"list": {}}),
        moderated("bob", "general", pings, 1),
        moderated("carol", "general", "BUY NOW cheap", 2),
        moderated("bob", "general", "darn", 1),
        slash("alice", "automod", {"toggle": {"name": "Swears"}}, 1),
        moderated("bob", "general", "darn again", 0, blocked=False),
        slash("alice", "automod", {"toggle": {"name": "Nothing"}}),
        slash("alice", "automod", {"delete": {"name": "Pings"}}, 1),
        moderated("bob", "general", pings, 0, blocked=False),
    ]
    runs = await run_restarted(sandbox_factory, automod_bot, [first, second], tmp_path,
                               extra=beyond_messages)
    said, left = compare(runs)
    for line in (
            "#mod-log: Rule made: Pings (mention_spam)",
            "#mod-log: AutoMod block_message by Swears on carol in <##general>: 'what a "
            "heckler' matched 'heck*' ('heckler'), message False saying 'Mind your words "
            "here.'",
            "#mod-log: AutoMod send_alert_message by Invites on carol in <##general>: 'join "
            "discord.gg/abc' matched 'discord\\\\.gg/\\\\w+' ('discord.gg/abc'), message True "
            "alert True",
            "#mod-log: AutoMod block_message by Pings on Bobby in <##general>: 'hey <@@alice> "
            "<@@bob> <@@carol>' matched None (None), message False",
            "#mod-log: AutoMod timeout by Spam on carol in <##general>: 'BUY NOW cheap' matched "
            "'buy now' ('BUY NOW'), message False for 0:01:00; timed out True",
            "#mod-log: Rule changed: Swears enabled=False", "#mod-log: Rule deleted: Pings"):
        assert line in said, line
    for line in (
            "  carol: don't heckle me\n  carol: join discord.gg/abc\n  bob: darn again\n"
            "  bob: hey <@@alice> <@@bob> <@@carol> (pings ['@alice', '@bob', '@carol'])",
            "  carol: (type MessageType.auto_moderation_action) {description=join "
            "discord.gg/abc; field rule_name=Invites; field channel_id=#general;",
            "Made Swears: keyword keywords=['darn', 'heck*'] regex=[] allow=['heckle'] "
            "mentions=0 actions=['block_message'] enabled=True exempt=['Staff'] by SandboxBot",
            "HTTPException: 50035 400 Bad Request (error code: 50035): Invalid Form Body\n"
            "In trigger_metadata.regex_patterns.0: Invalid regex pattern.",
            "No rule 'Nothing'.",
            "automod 'Spam' by @SandboxBot event=1 trigger=1 {'keyword_filter': ['buy now'], "
            "'regex_patterns': [], 'allow_list': []} actions=[{'type': 1, 'metadata': "
            "{'custom_message': 'Take a minute.'}}, {'type': 3, 'metadata': "
            "{'duration_seconds': 60}}] enabled=True exempt=['&Staff']/[]"):
        assert line in left, line
    assert "automod 'Pings'" not in left
