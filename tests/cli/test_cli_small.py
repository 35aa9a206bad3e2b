"""The small things a newcomer types first: --version, a bad port, a world file that is not one."""

from __future__ import annotations

import json
from importlib.metadata import version
from typing import TYPE_CHECKING

import pytest

import tidecord
from tidecord.sandbox import World, world

if TYPE_CHECKING:
    from conftest import CLI


async def test_version_is_the_installed_one(cli: CLI) -> None:
    code, out, err = await cli.run("--version", seconds=10)

    assert code == 0, err
    assert out.strip() == f"tidecord {version('tidecord')}"
    assert tidecord.__version__ == version("tidecord")


@pytest.mark.parametrize("command", ["sandbox", "run"])
@pytest.mark.parametrize("port", ["99999", "-1"])
async def test_a_port_out_of_range_is_one_line(cli: CLI, command: str, port: str) -> None:
    args = [command, "--port", port] if command == "sandbox" else [command, "x.py", "--port", port]
    code, out, err = await cli.run(*args, seconds=10)

    assert code == 2
    assert cli.said(err) == [f"tidecord: error: --port {port} is not a port number (0-65535)"]
    assert "Traceback" not in err + out


WORLDS = [
    ({"foo": 1},
     "unknown key `foo` (a world file has: seed, application, bot, users, guilds, skus)"),
    ({"guilds": [{"name": "g", "members": ["carol"]}]},
     "no user named 'carol' (known: none) - at $.guilds[0] ('g').members[0]"),
    ({"guilds": [{"name": "g", "channels": [{"name": "x", "topic": 5}]}]},
     "Expected `str | null`, got `int` - at `$.guilds[0].channels[0].topic`"),
    ({"application": {"privileged_intents": ["members"]}},
     "no privileged intent named 'members' (known: GUILD_MEMBERS, GUILD_PRESENCES, "
     "MESSAGE_CONTENT) - at $.application.privileged_intents"),
    ({"users": ["alice"], "application": {"team": {"name": "T", "owner": "bob"}}},
     "no user named 'bob' (known: alice) - at $.application.team.owner"),
]


@pytest.mark.parametrize(("world", "said"), WORLDS,
                         ids=["unknown key", "nobody", "wrong type", "intent", "team owner"])
async def test_a_world_file_that_is_not_a_world_is_refused_naming_the_problem(
    cli: CLI, world: dict[str, object], said: str
) -> None:
    (cli.cwd / "world.json").write_text(json.dumps(world))
    code, out, err = await cli.run("sandbox", "--world", "world.json", seconds=10)

    assert code == 2
    assert cli.said(err) == [f"tidecord: error: cannot load world file world.json: {said}"]
    assert "chat page" not in out


def test_the_world_format_documented_in_the_sandbox_loads() -> None:
    doc = world.__doc__ or ""
    example = doc[doc.index("::\n") + 3:doc.index("\n\nPermissions are")]
    built = World.from_dict(json.loads(example))
    assert [g.name for g in built.guilds] == ["Sandbox"]
