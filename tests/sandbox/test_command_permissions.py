"""Application command permissions as Discord serves them: admins set a command's
overwrites in a guild (a bot's token is refused on the PUT with 20001), the bot reads
them back over REST (10066 while a command has none), and each change reaches the
bot's gateway as APPLICATION_COMMAND_PERMISSIONS_UPDATE, which needs no intent."""

from __future__ import annotations

from typing import Any

import pytest

from tidecord.sandbox import Sandbox, StateError, World

from .conftest import Api
from .sandbox_raw import frames_during

pytestmark = [pytest.mark.timeout(30), pytest.mark.sandbox(world=World.from_dict({
    "users": ["alice", "bob"],
    "guilds": [{"name": "Yard", "owner": "alice", "members": ["alice", "bob"],
                "roles": [{"name": "Mods"}], "channels": [{"name": "general"}]}],
}))]


async def _command(api: Api, sb: Sandbox) -> tuple[str, dict[str, Any]]:
    """The guild's commands path, and the one command the bot registered there."""
    base = f"/applications/{sb.state.application.id}/guilds/{sb.guild.id}/commands"
    status, made, _ = await api.call("POST", base, {"name": "post", "description": "Post"})
    assert status == 201, made
    return base, made


def _mods(sb: Sandbox) -> int:
    return next(int(r.id) for r in sb.state.guild_roles(sb.guild.id) if r.name == "Mods")


async def test_a_command_at_its_defaults_has_no_permissions(api: Api, sandbox: Sandbox) -> None:
    base, command = await _command(api, sandbox)
    status, error, _ = await api.call("GET", f"{base}/{command['id']}/permissions")
    assert (status, error) == (404, {"message": "Unknown application command permissions",
                                     "code": 10066})
    status, listed, _ = await api.call("GET", f"{base}/permissions")
    assert (status, listed) == (200, [])


async def test_a_bot_token_cannot_set_permissions(api: Api, sandbox: Sandbox) -> None:
    base, command = await _command(api, sandbox)
    status, error, _ = await api.call("PUT", f"{base}/{command['id']}/permissions", {
        "permissions": [{"id": str(_mods(sandbox)), "type": 1, "permission": True}]})
    assert (status, error) == (403, {"message": "Bots cannot use this endpoint",
                                     "code": 20001})
    status, _, _ = await api.call("GET", f"{base}/{command['id']}/permissions")
    assert status == 404


async def test_an_admin_sets_them_and_the_bot_reads_and_hears(api: Api,
                                                              sandbox: Sandbox) -> None:
    base, command = await _command(api, sandbox)
    mods, guild_id = _mods(sandbox), int(sandbox.guild.id)
    wanted = [{"id": str(mods), "type": 1, "permission": True},
              {"id": str(guild_id - 1), "type": 3, "permission": False}]

    async def act() -> None:
        sandbox.state.set_command_permissions(guild_id, int(command["id"]), wanted,
                                              by="alice")

    frames = await frames_during(sandbox, 1 << 0, act)
    [update] = [f["d"] for f in frames if f["t"] == "APPLICATION_COMMAND_PERMISSIONS_UPDATE"]
    expected = {"id": command["id"], "application_id": str(sandbox.state.application.id),
                "guild_id": str(guild_id), "permissions": wanted}
    assert update == expected
    status, read, _ = await api.call("GET", f"{base}/{command['id']}/permissions")
    assert (status, read) == (200, expected)
    status, listed, _ = await api.call("GET", f"{base}/permissions")
    assert (status, listed) == (200, [expected])

    # Emptied, the command follows its defaults again.
    sandbox.state.set_command_permissions(guild_id, int(command["id"]), [], by="alice")
    status, _, _ = await api.call("GET", f"{base}/{command['id']}/permissions")
    assert status == 404


async def test_who_may_set_them_and_on_what(api: Api, sandbox: Sandbox) -> None:
    _, command = await _command(api, sandbox)
    state, guild_id = sandbox.state, int(sandbox.guild.id)
    refusals = []
    for command_id, by, permissions in (
            (int(command["id"]), "bob", []),  # no Manage Server / Manage Roles
            (12345, "alice", []),  # not a command of the application
            (int(command["id"]), "alice", [{"id": 1, "type": 4, "permission": True}])):
        with pytest.raises(StateError) as caught:
            state.set_command_permissions(guild_id, command_id, permissions, by=by)
        refusals.append((caught.value.status, caught.value.code))
    assert refusals == [(403, 50013), (404, 10063), (400, 50035)]
    # The application's own id stands for every command without overwrites of its own.
    record = state.set_command_permissions(
        guild_id, int(state.application.id), [{"id": guild_id, "type": 1,
                                                "permission": False}], by="alice")
    assert int(record.id) == int(state.application.id)
