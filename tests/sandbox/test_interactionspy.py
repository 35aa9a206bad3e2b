"""interactions.py bots on the sandbox: what they did and said, with nothing logged.

interactions.py (``discord-py-interactions``) is a third client library, written
apart from discord.py and hikari, pointed at the sandbox by URL alone
(``interactionspy_peer``). Its models are attrs classes built from each payload, so a
field Discord always sends and the sandbox leaves out stops a start, a command or an
event; each test fails on anything interactions.py logs at WARNING or above.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from typing import Any

import interactions as ipy
import pytest

from tidecord.sandbox import Sandbox

from .interactionspy_peer import interactions_bot, quiet, until  # noqa: F401 - quiet: the fixture

pytestmark = [pytest.mark.timeout(30), pytest.mark.tidecord_strict(False)]


@pytest.fixture
async def garden(sandbox: Sandbox) -> AsyncIterator[ipy.Client]:
    """A garden bot of slash commands, components, a modal and context menus."""
    scopes: list[ipy.Snowflake_Type] = [sandbox.guild.id]

    def setup(bot: ipy.Client) -> None:
        @ipy.slash_command(name="echo", description="Say it again", scopes=scopes)
        @ipy.slash_option(name="text", description="What", opt_type=ipy.OptionType.STRING,
                          required=True)
        @ipy.slash_option(name="times", description="How often", required=False,
                          opt_type=ipy.OptionType.INTEGER, min_value=1, max_value=3)
        @ipy.slash_option(name="who", description="To whom", opt_type=ipy.OptionType.USER)
        @ipy.slash_option(name="where", description="Where", opt_type=ipy.OptionType.CHANNEL)
        @ipy.slash_option(name="role", description="Which role", opt_type=ipy.OptionType.ROLE)
        async def echo(ctx: ipy.SlashContext, text: str, times: int = 1, who: Any = None,
                       where: Any = None, role: Any = None) -> None:
            await ctx.send(f"{text * times} to {who.username} in #{where.name} as {role.name}")

        @ipy.slash_command(name="garden", description="Garden", scopes=scopes,
                           sub_cmd_name="plant", sub_cmd_description="Plant a seed")
        @ipy.slash_option(name="seed", description="Which", opt_type=ipy.OptionType.STRING,
                          required=True, autocomplete=True)
        async def plant(ctx: ipy.SlashContext, seed: str) -> None:
            await ctx.defer(ephemeral=True)
            await ctx.send(f"Planted {seed}", ephemeral=True)
            await ctx.send(embeds=[ipy.Embed(title="Seeds", color=0x2E8B57)
                                   .add_field("planted", seed)])

        @plant.autocomplete("seed")
        async def seeds(ctx: ipy.AutocompleteContext) -> None:
            await ctx.send([s for s in ("apple", "apricot", "banana")
                            if s.startswith(ctx.input_text)])

        @ipy.slash_command(name="garden", description="Garden", scopes=scopes,
                           sub_cmd_name="tend", sub_cmd_description="Tend the beds")
        async def tend(ctx: ipy.SlashContext) -> None:
            await ctx.send("Water?", components=[ipy.Button(
                style=ipy.ButtonStyle.PRIMARY, label="Water", custom_id="water")])
            await ctx.send("Which bed?", components=[ipy.StringSelectMenu(
                "roses", "tulips", custom_id="bed", placeholder="A bed")])
            await ctx.send("Who helps?", components=[ipy.UserSelectMenu(custom_id="helper")])

        @ipy.component_callback("water")
        async def water(ctx: ipy.ComponentContext) -> None:
            await ctx.send_modal(ipy.Modal(
                ipy.ShortText(label="How much", custom_id="amount"),
                ipy.ParagraphText(label="Notes", custom_id="notes", required=False),
                title="Watering", custom_id="watering"))

        @ipy.modal_callback("watering")
        async def watered(ctx: ipy.ModalContext, amount: str, notes: str) -> None:
            await ctx.send(f"Watered {amount} by {ctx.author.username}: {notes}")

        @ipy.component_callback("bed")
        async def bed(ctx: ipy.ComponentContext) -> None:
            await ctx.edit_origin(content=f"Tending {', '.join(ctx.values)}", components=[])

        @ipy.component_callback("helper")
        async def helper(ctx: ipy.ComponentContext) -> None:
            picked: Any = ctx.values[0]  # resolved: a User (typed as the option's str)
            await ctx.send(f"Thanks {picked.username}", ephemeral=True)

        @ipy.context_menu(name="Profile", context_type=ipy.CommandType.USER, scopes=scopes)
        async def profile(ctx: ipy.ContextMenuContext) -> None:
            target: Any = ctx.target  # a User (a Message for a message command)
            await ctx.send(f"{target.username} joined", ephemeral=True)

        @ipy.context_menu(name="Quote", context_type=ipy.CommandType.MESSAGE, scopes=scopes)
        async def quote(ctx: ipy.ContextMenuContext) -> None:
            target: Any = ctx.target
            await ctx.send(f"> {target.content}",
                           file=ipy.File(io.BytesIO(target.content.encode()), "quote.txt"))

        @ipy.slash_command(name="notes", description="Keep notes", scopes=scopes)
        async def notes(ctx: ipy.SlashContext) -> None:
            first = await ctx.send("Roses: dry")
            await ctx.edit(first, content="Roses: watered")  # the answer, by its id
            follow_up = await ctx.send("Tulips: dry")
            await ctx.edit(follow_up, content="Tulips: watered")
            await ctx.delete(await ctx.send("scratch"))

        @ipy.slash_command(name="where", description="Where am I used")  # global: DMs too
        async def where(ctx: ipy.SlashContext) -> None:
            owners = {int(k): int(v) for k, v in ctx.authorizing_integration_owners.items()}
            await ctx.send(f"{type(ctx.channel).__name__}, installed {owners}")

        for command in (echo, plant, tend, profile, quote, notes, where):
            bot.add_interaction(command)
        for callback in (water, bed, helper):
            bot.add_component_callback(callback)
        bot.add_modal_callback(watered)

    async with interactions_bot(sandbox, setup) as bot:
        yield bot


async def test_it_logs_in_and_syncs_its_commands(sandbox: Sandbox, garden: ipy.Client) -> None:
    # Login read the application (GET /oauth2/applications/@me): the sandbox left out
    # its deprecated "summary", and interactions.py's Application could not be made.
    # The gateway took its default intents (bit 17 among them), where it closed 4013.
    assert garden.app.id == sandbox.bot_user.id
    assert garden.user.id == sandbox.bot_user.id
    assert [g.name for g in garden.guilds] == ["Sandbox"]
    assert sorted(c.name for c in sandbox.state.commands.values()) == [
        "Profile", "Quote", "echo", "garden", "notes", "where"]


async def test_a_slash_command_reads_its_options(sandbox: Sandbox, garden: ipy.Client) -> None:
    record = await sandbox.invoke_command("alice", "general", "echo", {
        "text": "hi", "times": 2, "who": "bob", "where": "ideas", "role": "Moderator"})
    await record.wait_response()
    assert record.original is not None
    assert record.original.content == "hihi to bob in #ideas as Moderator"


async def test_autocomplete_then_a_deferred_ephemeral_answer_and_a_followup(
        sandbox: Sandbox, garden: ipy.Client) -> None:
    typed = await sandbox.autocomplete("alice", "general", "garden", {"plant": {"seed": "ap"}},
                                       focused="seed")
    await typed.wait_response()
    assert typed.choices == [{"name": "apple", "value": "apple"},
                             {"name": "apricot", "value": "apricot"}]
    record = await sandbox.invoke_command("alice", "general", "garden",
                                          {"plant": {"seed": "apple"}})
    await record.wait_response()
    assert record.response_type == 5  # deferred, "thinking"
    await until(lambda: record.followups)
    assert record.original is not None
    assert (record.original.content, record.original.flags.ephemeral) == ("Planted apple", True)
    (embed,) = record.followups[-1].embeds
    assert (embed.title, embed.color) == ("Seeds", 0x2E8B57)
    assert [(f.name, f.value) for f in embed.fields or ()] == [("planted", "apple")]


async def test_buttons_selects_and_a_modal(sandbox: Sandbox, garden: ipy.Client) -> None:
    record = await sandbox.invoke_command("alice", "general", "garden", {"tend": {}})
    await record.wait_response()
    await until(lambda: len(record.followups) == 2)
    assert record.original is not None
    click = await sandbox.click_button("bob", record.original, "water")
    await click.wait_response()
    assert click.response_type == 9 and click.modal is not None
    assert click.modal["title"] == "Watering"
    submitted = await sandbox.submit_modal("bob", click, {"amount": "a lot", "notes": "dry"})
    await submitted.wait_response()
    assert submitted.original is not None
    assert submitted.original.content == "Watered a lot by bob: dry"

    beds, helpers = record.followups
    picked = await sandbox.click_button("bob", beds, "bed", values=["tulips"])
    await picked.wait_response()
    assert picked.response_type == 7  # the message itself updated
    edited = sandbox.state.messages[beds.channel_id][beds.id]
    assert (edited.content, edited.components) == ("Tending tulips", [])
    helped = await sandbox.click_button("bob", helpers, "helper", values=["alice"])
    await helped.wait_response()
    assert helped.original is not None
    assert (helped.original.content, helped.original.flags.ephemeral) == ("Thanks alice", True)


async def test_context_menus_and_a_file(sandbox: Sandbox, garden: ipy.Client) -> None:
    profile = await sandbox.invoke_command("alice", "general", "Profile", target="bob")
    await profile.wait_response()
    assert profile.original is not None and profile.original.content == "bob joined"
    said = await sandbox.send_message("bob", "general", "roses are red")
    quote = await sandbox.invoke_command("alice", "general", "Quote", target=said.id)
    await quote.wait_response()
    assert quote.original is not None
    assert quote.original.content == "> roses are red"
    (attachment,) = quote.original.attachments
    assert attachment.filename == "quote.txt"
    stored = sandbox.files.get(attachment.id)
    assert stored is not None and stored[2] == b"roses are red"


async def test_answers_edited_and_deleted_by_id(sandbox: Sandbox, garden: ipy.Client) -> None:
    # interactions.py edits its first answer by the message id it got back, which
    # Discord's webhook message routes take (the sandbox said 10008 Unknown Message).
    # It asks no ?wait=true of a follow-up, as Discord always answers with the message:
    # the sandbox's 204 made it fetch @original instead, so editing or deleting the
    # follow-up edited or deleted the first answer.
    record = await sandbox.invoke_command("alice", "general", "notes")
    await record.wait_response()
    await until(lambda: len(record.followups) == 1 and sandbox.messages("general")[-1].content
                == "Tulips: watered")
    assert [m.content for m in sandbox.messages("general")[-2:]] == [
        "Roses: watered", "Tulips: watered"]
    assert record.original is not None and record.original.content == "Roses: watered"


async def test_in_the_bots_dm_it_is_used_as_installed_to_guilds(
        sandbox: Sandbox, garden: ipy.Client) -> None:
    # The application is installed to guilds only. In its bot's DM, Discord names that
    # install with "0" for a guild; the sandbox said the person had installed it
    # ({"1": user}), so discord.py's is_user_integration() was True there.
    dm = await sandbox.send_dm("alice", "hello")
    record = await sandbox.invoke_command("alice", dm.channel_id, "where")
    await record.wait_response()
    assert record.original is not None and record.original.content == "DM, installed {0: 0}"
    record = await sandbox.invoke_command("alice", "general", "where")
    await record.wait_response()
    assert record.original is not None
    assert record.original.content == f"GuildText, installed {{0: {sandbox.guild.id}}}"
