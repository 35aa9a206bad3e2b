"""Onboarding on the client, beyond what the parity test compares: a fetched prompt
knows its guild (discord.py 2.7.1's do not), an edit of what was fetched keeps the
prompts' and options' ids, and Discord's refusals arrive as typed errors."""

from __future__ import annotations

import pytest

import tidecord
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect

pytestmark = pytest.mark.timeout(30)

GUILD = pytest.mark.sandbox(world=World.from_dict({
    "users": ["alice"],
    "guilds": [{"name": "Club", "owner": "alice", "members": ["alice"], "emojis": ["party"],
                "roles": [{"name": "Artist"}],
                "bot_permissions": ["view_channel", "manage_guild"],
                "channels": [{"name": "general"}, {"name": "art"}]}],
}))


@GUILD
async def test_onboarding_round_trips_on_the_client(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    guild = client.guilds[0]
    blank = await guild.onboarding()
    assert (blank.enabled, blank.mode, blank.prompts, blank.default_channels) == (
        False, tidecord.OnboardingMode.default, [], [])
    artist = tidecord.utils.get(guild.roles, name="Artist")
    art = guild.text_channels[1]
    option = tidecord.OnboardingPromptOption(title="Art", emoji=guild.emojis[0],
                                             roles=[artist], channels=[art])
    made = tidecord.OnboardingPrompt(type=tidecord.OnboardingPromptType.multiple_choice,
                                     title="Why here?", options=[option])
    with pytest.raises(tidecord.Forbidden) as refused:  # Manage Roles is missing
        await guild.edit_onboarding(prompts=[made])
    assert refused.value.code == 50013
    sandbox.state.update_role(guild.id, guild.me.top_role.id,  # type: ignore[union-attr]
                              permissions=int(tidecord.Permissions(
                                  view_channel=True, manage_guild=True, manage_roles=True)))
    first = await guild.edit_onboarding(prompts=[made], default_channels=[art])
    [prompt] = first.prompts
    assert prompt.guild is guild and prompt.id > 0
    [got] = prompt.options
    assert got.emoji == guild.emojis[0] and got.emoji is guild.emojis[0]  # the cached one
    assert (got.roles, got.channels, first.default_channels) == ([artist], [art], [art])
    prompt.title = "Why are you here?"
    again = await guild.edit_onboarding(prompts=first.prompts)
    assert [(p.id, p.title, [o.id for o in p.options]) for p in again.prompts] == [
        (prompt.id, "Why are you here?", [got.id])]
    with pytest.raises(tidecord.HTTPException) as low:
        await guild.edit_onboarding(enabled=True)
    assert (low.value.status, low.value.code) == (400, 350000)
