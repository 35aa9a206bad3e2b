"""The check predicates, on real messages: where, roles, permissions, NSFW, owners."""

from __future__ import annotations

import types

import pytest

from tidecord.commands import checks
from tidecord.commands.checks import Reason

from .conftest import Live

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_guild_only_and_dm_only(live: Live) -> None:
    in_guild = await live.said("bob", "general", "checks: where")
    in_dm = await live.dm("bob", "checks: where dm")

    assert checks.guild_only(in_guild) is None
    assert checks.guild_only(in_dm) == checks.Denial(Reason.GUILD_ONLY)
    assert checks.dm_only(in_dm) is None
    assert checks.dm_only(in_guild).reason is Reason.DM_ONLY


async def test_nsfw_channels_only_with_dms_allowed(live: Live) -> None:
    safe = await live.said("bob", "general", "checks: nsfw general")
    spicy = await live.said("bob", "after-dark", "checks: nsfw after dark")
    private = await live.dm("bob", "checks: nsfw dm")

    assert checks.is_nsfw(spicy) is None and checks.is_nsfw(private) is None
    denied = checks.is_nsfw(safe)
    assert denied.reason is Reason.NSFW_REQUIRED and denied.channel.name == "general"


async def test_roles_by_name_and_by_id(live: Live) -> None:
    from_bob = await live.said("bob", "general", "checks: roles")
    helper = next(r for r in from_bob.guild.roles.values() if r.name == "Helper")

    assert checks.has_role(from_bob, "Helper") is None
    assert checks.has_role(from_bob, helper.id) is None
    assert checks.has_role(from_bob, "Moderator") == checks.Denial(Reason.MISSING_ROLE,
                                                                     ("Moderator",))
    assert checks.has_any_role(from_bob, ["Moderator", helper.id]) is None
    assert checks.has_any_role(from_bob, ["Moderator", 1234]) == checks.Denial(
        Reason.MISSING_ANY_ROLE, ("Moderator", 1234))
    # The bot's own managed role.
    assert checks.has_role(from_bob, "SandboxBot", bot=True) is None
    assert checks.has_any_role(from_bob, ["Helper"], bot=True).reason is \
        Reason.BOT_MISSING_ANY_ROLE
    assert checks.has_role(from_bob, "Helper", bot=True).reason is Reason.BOT_MISSING_ROLE


async def test_roles_need_a_guild(live: Live) -> None:
    in_dm = await live.dm("bob", "checks: roles dm")
    assert checks.has_role(in_dm, "Helper").reason is Reason.GUILD_ONLY
    assert checks.has_any_role(in_dm, ["Helper"]).reason is Reason.GUILD_ONLY
    assert checks.has_guild_permissions(in_dm, {"kick_members": True}).reason is \
        Reason.GUILD_ONLY


async def test_permissions_name_what_is_missing(live: Live) -> None:
    from_bob = await live.said("bob", "general", "checks: perms bob")
    from_alice = await live.said("alice", "general", "checks: perms alice")
    wanted = {"manage_messages": True, "send_messages": True, "kick_members": True}

    assert checks.has_permissions(from_alice, wanted) is None
    assert checks.has_permissions(from_bob, wanted) == checks.Denial(
        Reason.MISSING_PERMISSIONS, ("manage_messages", "kick_members"))
    # A permission that must be off.
    assert checks.has_permissions(from_bob, {"kick_members": False}) is None
    assert checks.has_guild_permissions(from_bob, {"kick_members": True}).missing == \
        ("kick_members",)
    assert checks.has_guild_permissions(from_alice, {"ban_members": True}) is None


async def test_the_bots_own_permissions(live: Live) -> None:
    msg = await live.said("bob", "general", "checks: bot perms")

    assert checks.has_permissions(msg, {"kick_members": True}, bot=True) is None
    assert checks.has_permissions(msg, {"ban_members": True, "embed_links": True},
                                  bot=True) == checks.Denial(
        Reason.BOT_MISSING_PERMISSIONS, ("ban_members",))
    assert checks.has_guild_permissions(msg, {"manage_guild": True}, bot=True).reason is \
        Reason.BOT_MISSING_PERMISSIONS


async def test_unknown_permission_names_are_refused_up_front(live: Live) -> None:
    checks.validate_permissions({"kick_members": True, "read_messages": True})
    with pytest.raises(TypeError, match="Invalid permission"):
        checks.validate_permissions({"kick_memberz": True})


async def test_the_application_owner_owns_the_bot(live: Live) -> None:
    from_alice = await live.said("alice", "general", "checks: owner alice")
    from_bob = await live.said("bob", "general", "checks: owner bob")

    assert await checks.is_owner(from_alice) is None
    assert await checks.is_owner(from_bob) == checks.Denial(Reason.NOT_OWNER)
    assert await checks.owner_ids(live.client) == {live.sb.user("alice").id}


async def test_owner_ids_set_on_the_client_win(live: Live) -> None:
    bob_id = live.sb.user("bob").id
    assert await checks.owner_ids(types.SimpleNamespace(owner_id=bob_id)) == {bob_id}
    assert await checks.owner_ids(types.SimpleNamespace(owner_id=None, owner_ids=[1, 2])) == {1, 2}
    # A team's admins and developers: tests/ext/test_parity_app_info.py, on the sandbox.


async def test_an_application_the_client_could_not_read_is_fetched(live: Live) -> None:
    from_alice = await live.said("alice", "general", "checks: owner fetched")
    saved = live.client.application
    live.client._application = None
    try:
        assert await checks.is_owner(from_alice) is None
    finally:
        live.client._application = saved
