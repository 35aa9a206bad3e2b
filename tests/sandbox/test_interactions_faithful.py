"""What discord.py 2.7.1 found unfaithful in the sandbox's interactions, channels and components.

Each scenario is a real discord.py bot against the sandbox, acting as alice and bob.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import discord
import pytest
from discord import ui
from discord.ext import commands

from tidecord.models.message import MESSAGE_COMPONENTS
from tidecord.sandbox import Sandbox, StateError, World

from .sandbox_peers import discord_py

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]


def _admin_world() -> World:
    return World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{"name": "Ops", "owner": "alice", "bot_permissions": ["administrator"],
                    "roles": [{"name": "@everyone", "permissions": ["view_channel",
                                                                    "send_messages"]},
                              {"name": "Crew"}],
                    "channels": [{"name": "Rooms", "type": 4},
                                 {"name": "general", "parent": "Rooms"}],
                    "members": ["alice", {"user": "bob", "roles": ["Crew"]}]}],
    })


ADMIN = pytest.mark.sandbox(world=_admin_world())


@ADMIN
async def test_a_channel_is_created_with_overwrites_nsfw_and_a_category(sandbox: Sandbox) -> None:
    async with discord_py(sandbox) as client:
        guild = client.get_guild(sandbox.guild.id)
        assert guild is not None
        category = discord.utils.get(guild.categories, name="Rooms")
        crew = discord.utils.get(guild.roles, name="Crew")
        assert category is not None and crew is not None
        channel = await guild.create_text_channel(
            "backstage", category=category, nsfw=True,
            overwrites={guild.default_role: discord.PermissionOverwrite(view_channel=False),
                        crew: discord.PermissionOverwrite(view_channel=True)})
    stored = sandbox.state.channel(channel.id)
    assert stored.nsfw is True and stored.parent_id == category.id
    rules = {int(o.id): (int(o.allow), int(o.deny)) for o in stored.permission_overwrites}
    view = discord.Permissions(view_channel=True).value
    assert rules == {guild.id: (0, view), crew.id: (view, 0)}
    # The overwrites apply: bob (Crew) sees the channel, a member without Crew does not.
    assert sandbox.state.can(channel.id, sandbox.user("bob").id, view)


@ADMIN
async def test_a_channel_parent_must_be_a_category_of_the_guild(sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    general = sandbox.channel("general").id
    category = sandbox.channel("Rooms").id
    headers = {"Authorization": f"Bot {sandbox.token}"}
    url = f"{sandbox.api_url}/guilds/{gid}/channels"
    async with aiohttp.ClientSession() as http:
        for parent in (general, "not-a-number", 12345):
            async with http.post(url, json={"name": "x", "parent_id": parent},
                                 headers=headers) as resp:
                assert resp.status == 400 and (await resp.json())["code"] == 50035
        for parent in (category, str(category)):  # a snowflake as a number or a string
            async with http.post(url, json={"name": "y", "parent_id": parent},
                                 headers=headers) as resp:
                assert resp.status == 201 and (await resp.json())["parent_id"] == str(category)


class _Panel(ui.LayoutView):
    """A components-v2 layout with every kind of piece, and two selects that report back."""

    def __init__(self, picked: asyncio.Queue[Any], default_user: int) -> None:
        super().__init__(timeout=30)
        self.picked = picked
        people: ui.UserSelect[_Panel] = ui.UserSelect(
            custom_id="people", max_values=2,
            default_values=[discord.Object(default_user, type=discord.User)])
        rooms: ui.ChannelSelect[_Panel] = ui.ChannelSelect(
            custom_id="rooms", channel_types=[discord.ChannelType.text])
        people.callback = self._people  # type: ignore[method-assign]
        rooms.callback = self._rooms  # type: ignore[method-assign]
        self.people, self.rooms = people, rooms
        self.add_item(ui.Container(
            ui.TextDisplay("# Settings"),
            ui.Section(ui.TextDisplay("Pick who helps"),
                       accessory=ui.Thumbnail("https://example.com/a.png", description="avatar")),
            ui.Section("Or press", accessory=ui.Button(label="Reset", custom_id="reset")),
            ui.Separator(visible=False, spacing=discord.SeparatorSpacing.large),
            ui.MediaGallery(discord.MediaGalleryItem("https://example.com/b.png",
                                                     description="view", spoiler=True)),
            ui.ActionRow(people), ui.ActionRow(rooms),
            accent_colour=0x5865F2, spoiler=False,
        ))

    async def _people(self, interaction: discord.Interaction) -> None:
        await self.picked.put([(type(v).__name__, v.id) for v in self.people.values])
        await interaction.response.defer()

    async def _rooms(self, interaction: discord.Interaction) -> None:
        await self.picked.put([(type(v).__name__, v.id) for v in self.rooms.values])
        await interaction.response.defer()


def _walk(components: list[Any]) -> list[Any]:
    """Every component, nested ones included (tidecord's models or discord.py's)."""
    out = []
    for c in components:
        out.append(c)
        nested = getattr(c, "components", None)
        if not isinstance(nested, list):  # discord.py names them children
            nested = getattr(c, "children", None)
        out.extend(_walk(nested if isinstance(nested, list) else []))
        accessory = getattr(c, "accessory", None)
        if accessory:
            out.extend(_walk([accessory]))
    return out


async def test_components_v2_keep_their_fields_and_selects_resolve(sandbox: Sandbox) -> None:
    picked: asyncio.Queue[Any] = asyncio.Queue()
    edits: list[discord.Message] = []
    edited = asyncio.Event()
    errors: list[str] = []

    def setup(client: commands.Bot) -> None:
        async def on_message_edit(before: discord.Message, after: discord.Message) -> None:
            edits.append(after)
            edited.set()

        async def on_error(event: str, *args: Any, **kwargs: Any) -> None:
            errors.append(event)
        client.add_listener(on_message_edit, "on_message_edit")
        client.on_error = on_error  # type: ignore[method-assign]

    alice, bob = sandbox.user("alice").id, sandbox.user("bob").id
    async with discord_py(sandbox, setup) as client:
        channel = client.get_channel(sandbox.channel("general").id)
        assert isinstance(channel, discord.TextChannel)
        panel = _Panel(picked, default_user=bob)
        sent = await channel.send(view=panel)

        stored = sandbox.state.message(channel.id, sent.id)
        assert stored.flags.components_v2
        flat: dict[int, Any] = {}
        for component in _walk(MESSAGE_COMPONENTS.__get__(stored)):  # as the wire has them
            flat.setdefault(component.type, component)
        assert flat[17].accent_color == 0x5865F2
        assert flat[10].content == "# Settings"
        assert flat[11].media.url == "https://example.com/a.png"
        assert flat[11].description == "avatar"
        assert flat[14].spacing == 2 and flat[14].divider is False
        assert flat[12].items[0].spoiler is True
        assert flat[8].channel_types == [0]
        assert [(d.id, d.type) for d in flat[5].default_values] == [(bob, "user")]
        assert flat[2].custom_id == "reset"

        # discord.py reads its own message back intact (it crashed on MESSAGE_UPDATE).
        await sent.edit(view=panel)
        await asyncio.wait_for(edited.wait(), 5)
        assert not errors
        texts = [c for c in _walk(edits[-1].components) if c.type.value == 10]
        assert texts and texts[0].content == "# Settings"

        click = await sandbox.click_button("alice", sent.id, "people", values=[str(alice),
                                                                              str(bob)])
        await click.wait_response(5)
        assert await asyncio.wait_for(picked.get(), 5) == [("Member", alice), ("Member", bob)]
        general = sandbox.channel("general").id
        click = await sandbox.click_button("bob", sent.id, "rooms", values=[str(general)])
        await click.wait_response(5)
        assert await asyncio.wait_for(picked.get(), 5) == [("AppCommandChannel", general)]


class _Signup(ui.Modal, title="Sign up"):
    """A modal with labels around a text input, selects and a file upload."""

    intro = ui.TextDisplay("Tell us about you")
    name: ui.Label[_Signup] = ui.Label(text="Name", component=ui.TextInput(custom_id="name"))
    colour: ui.Label[_Signup] = ui.Label(
        text="Colour", description="Pick one",
        component=ui.Select(custom_id="colour", options=[
            discord.SelectOption(label="Red", value="red"),
            discord.SelectOption(label="Blue", value="blue")]))
    buddy: ui.Label[_Signup] = ui.Label(text="Buddy",
                                        component=ui.UserSelect(custom_id="buddy"))
    photo: ui.Label[_Signup] = ui.Label(text="Photo",
                                        component=ui.FileUpload(custom_id="photo"))

    async def on_submit(self, interaction: discord.Interaction) -> None:
        assert isinstance(self.name.component, ui.TextInput)
        assert isinstance(self.colour.component, ui.Select)
        assert isinstance(self.buddy.component, ui.UserSelect)
        assert isinstance(self.photo.component, ui.FileUpload)
        buddy = self.buddy.component.values[0]
        files = [a.filename for a in self.photo.component.values]
        await interaction.response.send_message(
            f"{self.name.component.value}|{self.colour.component.values}|"
            f"{type(buddy).__name__}:{buddy.name}|{files}")


def _signup_command(client: commands.Bot) -> None:
    @client.tree.command(name="signup", description="Opens the form")
    async def signup(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(_Signup())


async def test_a_modal_with_labels_selects_and_a_file_upload(sandbox: Sandbox) -> None:
    async with discord_py(sandbox, _signup_command) as client:
        await client.tree.sync()
        opened = await (await sandbox.invoke_command("alice", "general", "signup")
                        ).wait_response(5)
        kinds = [c["type"] for c in opened.modal["components"]]
        assert kinds == [10, 18, 18, 18, 18]

        # What the modal forbids is refused: a required input left out, a foreign value.
        for values in ({"colour": ["red"], "buddy": ["bob"]},
                       {"name": "Al", "colour": ["green"], "buddy": ["bob"]}):
            with pytest.raises(StateError) as refused:
                await sandbox.submit_modal("alice", opened, values,
                                           files={"photo": [("me.png", b"x")]})
            assert refused.value.code == 50035

        submitted = await sandbox.submit_modal(
            "alice", opened, {"name": "Al", "colour": ["blue"], "buddy": ["bob"]},
            files={"photo": [("me.png", b"\x89PNG\r\n\x1a\n")]})
        await submitted.wait_response(5)
        assert submitted.original is not None
        assert submitted.original.content == "Al|['blue']|Member:bob|['me.png']"
        data = submitted.interaction.data
        label = data.components[1]
        assert label.type == 18 and label.component.custom_id == "name"
        assert data.components[0].type == 10 and data.components[-1].component.type == 19
        # A modal closes when submitted: a second submission is refused.
        with pytest.raises(StateError):
            await sandbox.submit_modal("alice", opened, {"name": "again", "colour": ["red"],
                                                         "buddy": ["bob"]})


class _Counter(ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=30)
        self.count = 0

    @ui.button(label="0", custom_id="count")
    async def count_up(self, interaction: discord.Interaction, button: ui.Button[_Counter]
                       ) -> None:
        self.count += 1
        button.label = str(self.count)
        await interaction.response.edit_message(content=f"Count: {self.count}", view=self)


async def test_the_buttons_of_an_ephemeral_answer_can_be_pressed(sandbox: Sandbox) -> None:
    def setup(client: commands.Bot) -> None:
        @client.tree.command(name="counter", description="A private counter")
        async def counter(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("Count: 0", view=_Counter(), ephemeral=True)

    async with discord_py(sandbox, setup) as client:
        await client.tree.sync()
        record = await (await sandbox.invoke_command("alice", "general", "counter")
                        ).wait_response(5)
        message = record.original
        assert message is not None and message.flags.ephemeral
        with pytest.raises(StateError) as hidden:  # bob never saw it
            await sandbox.click_button("bob", message.id, "count")
        assert hidden.value.code == 10008
        for expected in ("Count: 1", "Count: 2"):
            click = await (await sandbox.click_button("alice", message.id, "count")
                           ).wait_response(5)
            assert click.response_type == 7
            assert click.original is not None and click.original.content == expected
        shown = sandbox.interactions.ephemeral_message(message.id, sandbox.user("alice").id)
        assert shown.content == "Count: 2"
        assert shown.components[0].components[0].label == "2"
        assert all(m.id != message.id for m in sandbox.messages("general"))


async def test_context_menus_are_invoked_on_a_member_and_a_message(sandbox: Sandbox) -> None:
    def setup(client: commands.Bot) -> None:
        @client.tree.context_menu(name="Wave at")
        async def wave(interaction: discord.Interaction, member: discord.Member) -> None:
            await interaction.response.send_message(
                f"{interaction.user.name} waves at {type(member).__name__} {member.name}")

        @client.tree.context_menu(name="Quote")
        async def quote(interaction: discord.Interaction, message: discord.Message) -> None:
            await interaction.response.send_message(
                f"{message.author.name} said {message.content!r}")

    async with discord_py(sandbox, setup) as client:
        await client.tree.sync()
        said = await sandbox.send_message("bob", "general", "plants need water")
        waved = await (await sandbox.invoke_command("alice", "general", "Wave at",
                                                    target="bob")).wait_response(5)
        assert waved.original is not None
        assert waved.original.content == "alice waves at Member bob"
        quoted = await (await sandbox.invoke_command("alice", "general", "Quote",
                                                     target=said.id)).wait_response(5)
        assert quoted.original is not None
        assert quoted.original.content == "bob said 'plants need water'"
        assert quoted.original.type == 23  # a context-menu command's answer

        with pytest.raises(StateError):  # a context menu needs its target
            await sandbox.invoke_command("alice", "general", "Quote")


async def test_default_member_permissions_as_a_number_or_a_string(sandbox: Sandbox) -> None:
    url = f"{sandbox.api_url}/applications/{sandbox.state.application.id}/commands"
    headers = {"Authorization": f"Bot {sandbox.token}"}
    async with aiohttp.ClientSession() as http:
        for given, stored in ((8, "8"), ("8", "8"), (None, None)):
            body = [{"name": "mod", "description": "m", "default_member_permissions": given}]
            async with http.put(url, json=body, headers=headers) as resp:
                assert resp.status == 200, await resp.text()
                assert (await resp.json())[0]["default_member_permissions"] == stored
        async with http.put(url, json=[{"name": "mod", "description": "m",
                                        "default_member_permissions": "lots"}],
                            headers=headers) as resp:
            assert resp.status == 400 and (await resp.json())["code"] == 50035


async def test_more_than_25_autocomplete_choices_are_refused(
        sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    def setup(client: commands.Bot) -> None:
        @client.tree.command(description="Pick a number")
        async def pick(interaction: discord.Interaction, number: str) -> None:
            await interaction.response.send_message(number)

        @pick.autocomplete("number")
        async def numbers(interaction: discord.Interaction, current: str) -> list[Any]:
            count = 30 if current == "many" else 25
            return [discord.app_commands.Choice(name=str(i), value=str(i))
                    for i in range(count)]

    async with discord_py(sandbox, setup) as client:
        await client.tree.sync()
        typed = await sandbox.autocomplete("alice", "general", "pick", {"number": "few"},
                                           "number")
        assert len((await typed.wait_response(5)).choices or []) == 25
        typed = await sandbox.autocomplete("alice", "general", "pick", {"number": "many"},
                                           "number")
        with pytest.raises(TimeoutError):  # Discord answers 400: the user sees no choices
            await typed.wait_response(1)
    # discord.py logs what its autocomplete answer met.
    [failure] = [r for r in caplog.records if "autocomplete" in r.getMessage()]
    error = failure.exc_info[1] if failure.exc_info else None
    assert isinstance(error, discord.HTTPException) and error.code == 50035
    assert "25 or fewer" in str(error)
