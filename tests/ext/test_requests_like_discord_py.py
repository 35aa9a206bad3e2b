"""What goes on the wire: the same calls made through tidecord and through discord.py
2.7.1 send Discord the same requests (method, route, query, JSON body with null apart
from left out, multipart parts, the audit-log reason's encoding), as the sandbox's
request record shows them. Where the two differ only in ways Discord reads alike (an
id as a number or a string, a default sent or left out), ``wire_run`` says which and
why; everything else must match."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import discord as dpy
import pytest

import tidecord
from tidecord.sandbox import Sandbox

from .parity import LIBRARIES, quick_limits, running
from .wire_cases import CLIENT_MENTIONS, generate, wire_world
from .wire_run import run_cases

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]

Act = Callable[[Any, Any, Sandbox], Awaitable[Any]]


def plain_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.members = True
    return commands.Bot(command_prefix="!", intents=intents, help_command=None)


async def on_both(sandbox_factory: Callable[..., Awaitable[Sandbox]], act: Act
                  ) -> dict[str, Any]:
    """``act(discord, bot, sandbox)`` on each library, each on a fresh recording sandbox."""
    results = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=wire_world(), rate_limits=quick_limits())
        sb.record_requests()
        async with running(library, sb, plain_bot) as bot:
            results[library] = await act(tidecord if library == "tidecord" else dpy, bot, sb)
    return results


async def test_a_role_made_without_permissions_starts_with_everyones(
        sandbox_factory: Callable[..., Awaitable[Sandbox]]) -> None:
    # Discord's documented default; the sandbox gave such a role no permissions.
    sb = await sandbox_factory(world=wire_world())
    guild = sb.guild
    everyone = sb.state.roles[guild.id][guild.id].permissions
    assert int(everyone) != 0
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{sb.api_url}/guilds/{guild.id}/roles",
                                json={"name": "plain"},
                                headers={"Authorization": f"Bot {sb.token}"}) as resp:
            made = await resp.json()
    assert int(made["permissions"]) == int(everyone)


async def test_files_added_by_an_edit_without_an_attachments_list_join_the_others(
        sandbox_factory: Callable[..., Awaitable[Sandbox]]) -> None:
    # Discord appends them; only an attachments list says which to keep. The sandbox
    # dropped the message's own files.
    sb = await sandbox_factory(world=wire_world())
    general = sb.channel("general")
    headers = {"Authorization": f"Bot {sb.token}"}
    url = f"{sb.api_url}/channels/{general.id}/messages"

    def form(payload: str, name: str) -> aiohttp.FormData:
        data = aiohttp.FormData()
        data.add_field("payload_json", payload, content_type="application/json")
        data.add_field("files[0]", b"bytes", filename=name, content_type="text/plain")
        return data

    async with aiohttp.ClientSession() as session:
        async with session.post(url, data=form('{"content": "one"}', "a.txt"),
                                headers=headers) as resp:
            made = await resp.json()
        async with session.patch(f"{url}/{made['id']}", data=form("{}", "b.txt"),
                                 headers=headers) as resp:
            added = await resp.json()
        kept = [{"id": added["attachments"][1]["id"]}]
        async with session.patch(f"{url}/{made['id']}", json={"attachments": kept},
                                 headers=headers) as resp:
            chosen = await resp.json()
    assert [a["filename"] for a in added["attachments"]] == ["a.txt", "b.txt"]
    assert [a["filename"] for a in chosen["attachments"]] == ["b.txt"]


async def test_a_reply_to_a_message_of_another_channel_is_refused(
        sandbox_factory: Callable[..., Awaitable[Sandbox]]) -> None:
    # Discord answers 50035 (message_reference: Cannot reply to a message in a
    # different channel); the sandbox made the reply.
    async def act(discord: Any, bot: Any, sb: Sandbox) -> Any:
        general = bot.get_channel(sb.channel("general").id)
        elsewhere = await bot.get_channel(sb.channel("other").id).send("over there")
        answers = []
        for fail in (True, False):
            try:
                await general.send("a reply", reference=elsewhere.to_reference(
                    fail_if_not_exists=fail))
            except discord.HTTPException as exc:
                answers.append((exc.status, exc.code, "different channel" in exc.text))
        return answers, [m.content for m in sb.messages("general")]

    got = await on_both(sandbox_factory, act)
    assert got["tidecord"] == got["discord.py"] == ([(400, 50035, True)] * 2, [])


async def test_a_file_description_past_1024_characters_is_refused(
        sandbox_factory: Callable[..., Awaitable[Sandbox]]) -> None:
    # Discord's limit for an attachment's description; the sandbox took any length.
    async def act(discord: Any, bot: Any, sb: Sandbox) -> Any:
        general = bot.get_channel(sb.channel("general").id)
        answers = []
        for length in (1024, 1025):
            try:
                await general.send(file=discord.File(io.BytesIO(b"x"), "a.txt",
                                                     description="d" * length))
                answers.append("sent")
            except discord.HTTPException as exc:
                answers.append(f"{exc.status} {exc.code}")
        return answers, len(sb.messages("general"))

    got = await on_both(sandbox_factory, act)
    assert got["tidecord"] == got["discord.py"] == (["sent", "400 50035"], 1)


async def test_create_role_without_permissions_makes_a_role_with_none(
        sandbox_factory: Callable[..., Awaitable[Sandbox]]) -> None:
    # discord.py sends "0" for permissions left out; left out, Discord would give the
    # role @everyone's.
    async def act(discord: Any, bot: Any, sb: Sandbox) -> Any:
        role = await bot.get_guild(sb.guild.id).create_role(name="Quiet")
        stored = sb.state.roles[sb.guild.id][role.id].permissions
        return role.permissions.value, int(stored)

    got = await on_both(sandbox_factory, act)
    assert got["tidecord"] == got["discord.py"] == (0, 0)


async def test_an_edit_with_delete_after_deletes_the_message_after_it(
        sandbox_factory: Callable[..., Awaitable[Sandbox]]) -> None:
    # tidecord's Message.edit refused delete_after with a TypeError.
    async def act(discord: Any, bot: Any, sb: Sandbox) -> Any:
        channel = bot.get_channel(sb.channel("general").id)
        sent = await channel.send("for a moment")
        edited = await sent.edit(content="going", suppress=True, delete_after=0.05)
        kept = [m.content for m in sb.messages("general")]
        for _ in range(100):
            if not sb.messages("general"):
                break
            await asyncio.sleep(0.01)
        return edited.content, kept, [m.content for m in sb.messages("general")]

    got = await on_both(sandbox_factory, act)
    assert got["tidecord"] == got["discord.py"] == ("going", ["going"], [])


async def test_a_webhook_message_with_components_asks_discord_to_keep_them(
        sandbox_factory: Callable[..., Awaitable[Sandbox]]) -> None:
    # Discord drops a webhook's components unless the query asks for them
    # (with_components) when no application owns the webhook: one a person made, used
    # from its URL. tidecord never asked.
    async def act(discord: Any, bot: Any, sb: Sandbox) -> Any:
        channel = bot.get_channel(sb.channel("general").id)
        hook = await channel.create_webhook(name="links")
        view = discord.ui.View()
        view.add_item(discord.ui.Button(label="Docs", url="https://example.com/docs"))
        sent = await hook.send("see", view=view, wait=True)
        await hook.edit_message(sent.id, content="see again", view=view)
        await hook.send("no view", wait=True)
        asked = []
        for record in sb.requests.find(route="/webhooks/{webhook_id}/{token}") + \
                sb.requests.find(route="/webhooks/{webhook_id}/{token}/messages/{message_id}"):
            asked.append((record.method, dict(record.query).get("with_components")))
        return [(m, value in ("1", "true")) for m, value in asked]

    got = await on_both(sandbox_factory, act)
    assert got["tidecord"] == got["discord.py"] == [
        ("POST", True), ("POST", False), ("PATCH", True)]


async def test_an_edit_with_nothing_to_change_sends_nothing(
        sandbox_factory: Callable[..., Awaitable[Sandbox]]) -> None:
    async def act(discord: Any, bot: Any, sb: Sandbox) -> Any:
        guild = bot.get_guild(sb.guild.id)
        channel = guild.get_channel(sb.channel("general").id)
        member = guild.get_member(sb.user("bob").id)
        returned = [await channel.edit(reason="nothing really"),
                    await member.edit(reason="nothing either")]
        patched = len(sb.requests.find("PATCH"))
        # A thread's edit is sent all the same, and answers the thread.
        thread = await channel.create_thread(name="quiet", type=discord.ChannelType.public_thread)
        edited = await thread.edit(reason="nothing")
        return returned, patched, edited.name, len(sb.requests.find("PATCH"))

    got = await on_both(sandbox_factory, act)
    assert got["tidecord"] == got["discord.py"] == ([None, None], 0, "quiet", 1)


async def test_overwrites_given_outright_win_over_syncing_with_the_category(
        sandbox_factory: Callable[..., Awaitable[Sandbox]]) -> None:
    # tidecord let sync_permissions replace them with the category's (none here).
    async def act(discord: Any, bot: Any, sb: Sandbox) -> Any:
        guild = bot.get_guild(sb.guild.id)
        channel = guild.get_channel(sb.channel("other").id)
        role = discord.utils.get(guild.roles, name="Gardeners")
        await channel.edit(sync_permissions=True, overwrites={
            role: discord.PermissionOverwrite(send_messages=False)})
        stored = sb.channel("other").permission_overwrites
        return [(o.id == role.id, int(o.allow), int(o.deny)) for o in stored]

    got = await on_both(sandbox_factory, act)
    assert got["tidecord"] == got["discord.py"] == [(True, 0, 1 << 11)]


async def test_add_roles_at_once_names_each_role_once(
        sandbox_factory: Callable[..., Awaitable[Sandbox]]) -> None:
    # tidecord named a role the member already held a second time in the list it sent.
    async def act(discord: Any, bot: Any, sb: Sandbox) -> Any:
        guild = bot.get_guild(sb.guild.id)
        alice = guild.get_member(sb.user("alice").id)
        held = discord.utils.get(guild.roles, name="Gardeners")
        new = discord.utils.get(guild.roles, name="Helpers")
        await alice.add_roles(held, new, atomic=False)
        [sent] = sb.requests.find("PATCH", "/guilds/{guild_id}/members/{user_id}")
        return sorted(map(str, sent.json["roles"])) == sorted({str(held.id), str(new.id)})

    got = await on_both(sandbox_factory, act)
    assert got["tidecord"] == got["discord.py"] is True


async def test_an_empty_title_or_description_is_left_out_as_discord_py_leaves_it(
        sandbox_factory: Callable[..., Awaitable[Sandbox]]) -> None:
    # tidecord sent them as "" (its Embed.to_dict, like discord.py's, leaves them out).
    async def act(discord: Any, bot: Any, sb: Sandbox) -> Any:
        channel = bot.get_channel(sb.channel("general").id)
        message = await channel.send(embed=discord.Embed(title="t", description=""))
        await message.edit(embeds=[discord.Embed(title="", description="d"),
                                   discord.Embed(title="", description="", colour=5)])
        sent = sb.requests.find(route="/channels/{channel_id}/messages") + sb.requests.find(
            route="/channels/{channel_id}/messages/{message_id}")
        # discord.py also sends its default "flags": 0, which Discord reads as absent.
        return [[{k: v for k, v in embed.items() if k != "flags"} for embed in r.json["embeds"]]
                for r in sent]

    got = await on_both(sandbox_factory, act)
    assert got["tidecord"] == got["discord.py"]
    assert [[set(e) - {"type"} for e in embeds] for embeds in got["tidecord"]] == [
        [{"title"}], [{"description"}, {"color"}]]


@pytest.mark.parametrize("seed", range(len(CLIENT_MENTIONS)))
async def test_seeded_calls_send_what_discord_py_sends(
        sandbox_factory: Callable[..., Awaitable[Sandbox]], tmp_path: Path, seed: int) -> None:
    """Messages, replies, edits, webhook and interaction messages with every mix of
    content, embeds, files, mentions, references, views, polls and flags, under each
    kind of client-wide allowed_mentions; then roles, channels, members, bans, kicks,
    threads, invites and webhooks with reasons."""
    cases = generate(seed, messages=40, interactions=9, admin=27,
                     client=CLIENT_MENTIONS[seed])
    runs = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=wire_world(), rate_limits=quick_limits())
        folder = tmp_path / library
        folder.mkdir()
        runs[library] = await run_cases(library, sb, cases, folder)
    differ = [(case, ours, theirs) for (case, ours), (_, theirs)
              in zip(runs["tidecord"], runs["discord.py"], strict=True) if ours != theirs]
    assert not differ, "\n\n".join(f"{case}\n tidecord:   {ours}\n discord.py: {theirs}"
                                   for case, ours, theirs in differ[:3])
    # Each kind of call was made and sent something.
    sent = {case["call"] for case, requests in runs["tidecord"] if requests}
    assert len(sent) >= 15, sorted(sent)
