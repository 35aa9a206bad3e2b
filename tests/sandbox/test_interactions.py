"""Slash commands, buttons and modals: INTERACTION_CREATE in, callbacks and follow-ups out."""

from __future__ import annotations

import asyncio

import aiohttp
import discord
import hikari
import pytest
from discord import app_commands
from discord.ext import commands

from tidecord.sandbox import Sandbox

from .sandbox_peers import discord_py, hikari_bot

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]


class _Form(discord.ui.Modal, title="Your idea"):
    idea: discord.ui.TextInput[discord.ui.Modal] = discord.ui.TextInput(
        label="Idea", custom_id="idea_text")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"Saved: {self.idea.value}")


class _Vote(discord.ui.View):
    @discord.ui.button(label="Upvote", custom_id="upvote")
    async def upvote(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:  # type: ignore[type-arg]
        await interaction.response.edit_message(content="Upvoted!", view=None)


def _commands(client: commands.Bot) -> None:
    @client.tree.command(name="ping", description="Answers pong")
    @app_commands.describe(word="what to echo")
    async def ping(interaction: discord.Interaction, word: str = "pong",
                   times: int = 1) -> None:
        await interaction.response.send_message(f"{word} x{times}")

    @client.tree.command(name="slow", description="Defers, then follows up")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("follow-up")
        await interaction.edit_original_response(content="done thinking")

    @client.tree.command(name="vote", description="Sends a button")
    async def vote(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Vote here", view=_Vote())

    @client.tree.command(name="idea", description="Opens a form")
    async def idea(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(_Form())

    @client.tree.command(name="secret", description="Ephemeral answer")
    async def secret(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("only you", ephemeral=True)


async def test_discord_py_slash_commands(sandbox: Sandbox) -> None:
    async with discord_py(sandbox, _commands) as client:
        synced = await client.tree.sync()
        assert {c.name for c in synced} == {"ping", "slow", "vote", "idea", "secret"}

        record = await sandbox.invoke_command("alice", "general", "ping",
                                              {"word": "hey", "times": 3})
        await record.wait_response(5)
        assert record.response_type == 4
        assert record.original is not None and record.original.content == "hey x3"
        shown = sandbox.messages("general")[-1]
        assert shown.content == "hey x3" and shown.type == 20
        assert shown.interaction_metadata.user.id == sandbox.user("alice").id

        record = await sandbox.invoke_command("bob", "general", "slow")
        await record.wait_response(5)
        assert record.response_type == 5
        followup = await sandbox.wait_for_message(
            channel="general", author=sandbox.bot_user, check=lambda m: m.content == "follow-up")
        assert followup.content == "follow-up"
        for _ in range(100):
            if record.original is not None and record.original.content == "done thinking":
                break
            await asyncio.sleep(0.05)
        original = sandbox.state.message(record.channel_id, record.original.id)
        assert original.content == "done thinking" and not original.flags.loading

        record = await sandbox.invoke_command("alice", "general", "vote")
        await record.wait_response(5)
        vote_message = record.original
        assert vote_message is not None and vote_message.components
        click = await sandbox.click_button("bob", vote_message, "upvote")
        await click.wait_response(5)
        assert click.response_type == 7
        assert sandbox.state.message(vote_message.channel_id, vote_message.id).content == \
            "Upvoted!"

        record = await sandbox.invoke_command("alice", "general", "idea")
        await record.wait_response(5)
        assert record.response_type == 9 and record.modal is not None
        submitted = await sandbox.submit_modal("alice", record, {"idea_text": "plant bot"})
        await submitted.wait_response(5)
        assert submitted.original is not None
        assert submitted.original.content == "Saved: plant bot"

        before = len(sandbox.messages("general"))
        record = await sandbox.invoke_command("alice", "general", "secret")
        await record.wait_response(5)
        assert record.original is not None and record.original.flags.ephemeral
        assert len(sandbox.messages("general")) == before  # ephemeral: not in the channel


async def test_hikari_answers_a_slash_command(sandbox: Sandbox) -> None:
    def setup(bot: hikari.GatewayBot) -> None:
        @bot.listen(hikari.InteractionCreateEvent)
        async def on_interaction(event: hikari.InteractionCreateEvent) -> None:
            interaction = event.interaction
            if isinstance(interaction, hikari.CommandInteraction):
                await interaction.create_initial_response(
                    hikari.ResponseType.MESSAGE_CREATE, f"hello {interaction.user.username}")

    async with hikari_bot(sandbox, setup) as bot:
        app = await bot.rest.fetch_application()
        await bot.rest.set_application_commands(
            app.id, [bot.rest.slash_command_builder("hello", "Says hello")],
            guild=sandbox.guild.id)
        record = await sandbox.invoke_command("bob", "ideas", "hello")
        await record.wait_response(5)
    assert record.response_type == 4
    assert sandbox.messages("ideas")[-1].content == "hello bob"


async def test_callback_rules(sandbox: Sandbox) -> None:
    app_id = sandbox.state.application.id
    headers = {"Authorization": f"Bot {sandbox.token}"}
    async with aiohttp.ClientSession() as session:
        async with session.put(f"{sandbox.api_url}/applications/{app_id}/commands",
                               json=[{"name": "ping", "description": "p"}],
                               headers=headers) as resp:
            assert resp.status == 200
        record = await sandbox.invoke_command("alice", "general", "ping")
        url = f"{sandbox.api_url}/interactions/{record.id}/{record.token}/callback"
        answer = {"type": 4, "data": {"content": "pong"}}
        async with session.post(url, json=answer) as first:
            assert first.status == 204
        async with session.post(url, json=answer) as second:
            assert second.status == 400 and (await second.json())["code"] == 40060
        async with session.post(f"{sandbox.api_url}/interactions/{record.id}/wrong/callback",
                                json=answer) as wrong:
            assert wrong.status == 404 and (await wrong.json())["code"] == 10062

        late = await sandbox.invoke_command("alice", "general", "ping")
        sandbox.clock.advance(3.5)  # past the 3 s window
        url = f"{sandbox.api_url}/interactions/{late.id}/{late.token}/callback"
        async with session.post(url, json=answer) as resp:
            assert resp.status == 404 and (await resp.json())["code"] == 10062

        # follow-ups work for 15 minutes, then the token is refused
        hook = f"{sandbox.api_url}/webhooks/{app_id}/{record.token}"
        async with session.post(hook + "?wait=true", json={"content": "more"}) as resp:
            assert resp.status == 200 and (await resp.json())["content"] == "more"
        async with session.get(hook + "/messages/@original") as resp:
            assert (await resp.json())["content"] == "pong"
        # never answered: Discord made no webhook for it
        async with session.post(f"{sandbox.api_url}/webhooks/{app_id}/{late.token}",
                                json={"content": "unanswered"}) as resp:
            assert resp.status == 404 and (await resp.json())["code"] == 10015
        sandbox.clock.advance(15 * 60)
        async with session.post(hook, json={"content": "too late"}) as resp:
            assert resp.status == 401 and (await resp.json())["code"] == 50027


async def test_unknown_command_cannot_be_invoked(sandbox: Sandbox) -> None:
    from tidecord.sandbox import StateError

    with pytest.raises(StateError) as info:
        await sandbox.invoke_command("alice", "general", "nothing")
    assert info.value.code == 10063


async def test_discord_py_autocomplete(sandbox: Sandbox) -> None:
    def setup(client: commands.Bot) -> None:
        async def fruits(interaction: discord.Interaction, current: str
                         ) -> list[app_commands.Choice[str]]:
            names = ["apple", "apricot", "banana"]
            return [app_commands.Choice(name=n, value=n) for n in names if n.startswith(current)]

        @client.tree.command(name="fruit", description="Pick a fruit")
        @app_commands.autocomplete(name=fruits)
        async def fruit(interaction: discord.Interaction, name: str) -> None:
            await interaction.response.send_message(name)

    async with discord_py(sandbox, setup) as client:
        await client.tree.sync()
        record = await sandbox.autocomplete("alice", "general", "fruit", {"name": "ap"}, "name")
        await record.wait_response(5)
    assert record.response_type == 8
    assert [c["name"] for c in record.choices or []] == ["apple", "apricot"]


@pytest.mark.parametrize("modal", [
    {},
    {"title": "Idea", "custom_id": "form", "components": 5},
    {"title": "", "custom_id": "form", "components": [{"type": 1, "components": []}]},
    {"title": "Idea", "components": [{"type": 1, "components": []}]},
])
async def test_a_malformed_modal_is_refused_and_can_be_sent_again(
        sandbox: Sandbox, modal: dict[str, object]) -> None:
    from tidecord.models import ApplicationCommand

    command = ApplicationCommand(id=sandbox.state.new_id(), name="form", description="f")
    sandbox.state.commands[command.id] = command
    record = await sandbox.invoke_command("alice", "general", "form")
    url = f"{sandbox.api_url}/interactions/{record.id}/{record.token}/callback"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json={"type": 9, "data": modal}) as resp:
            assert resp.status == 400 and (await resp.json())["code"] == 50035
        assert record.response_type is None
        good = {"title": "Idea", "custom_id": "form", "components": [{"type": 1, "components": [
            {"type": 4, "custom_id": "idea_text", "label": "Idea", "style": 1}]}]}
        async with session.post(url, json={"type": 9, "data": good}) as resp:
            assert resp.status == 204
    assert record.modal is not None and record.modal["custom_id"] == "form"
