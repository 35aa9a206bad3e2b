"""A message's components read as discord.py's read models: a bot sends buttons
(styles, emoji, a link) and selects (a string select with options, user, role and
channel selects with default values), reads them back from ``fetch_message``, from
the message ``send`` returned and from the message cache (``isinstance`` against
``discord.ActionRow``/``Button``/``SelectMenu``, types and styles as enums,
attributes, reprs, ``to_dict()``), disables them all through
``View.from_message`` and ``message.edit(view=view)``, and reads a components-v2
layout back. The same bot on tidecord and on discord.py 2.7.1 must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

THUMBS = "\N{THUMBS UP SIGN}"
LINK = "\N{LINK SYMBOL}"
APPLE = "\N{RED APPLE}"


def components_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    ui = discord.ui
    sent: dict[str, Any] = {}

    def button_line(b: Any) -> str:
        emoji = b.emoji
        shown = None if emoji is None else (str(emoji) if emoji.id is None else
                                            f"{emoji.name} custom={emoji.id is not None}")
        return (f"Button {b.style!r} {b.style} label={b.label!r} custom_id={b.custom_id!r} "
                f"url={b.url!r} disabled={b.disabled} emoji={shown} sku_id={b.sku_id} "
                f"id={b.id}")

    def select_line(s: Any) -> str:
        options = [(o.label, o.value, o.description, str(o.emoji) if o.emoji else None,
                    o.default, str(o)) for o in s.options]
        defaults = [(int(d.id) > 0, d.type, repr(d.type)) for d in s.default_values]
        return (f"SelectMenu {s.type!r} {s.type} custom_id={s.custom_id!r} "
                f"placeholder={s.placeholder!r} values={s.min_values}-{s.max_values} "
                f"disabled={s.disabled} options={options} "
                f"channel_types={s.channel_types!r} defaults={defaults}")

    def describe(message: Any) -> list[str]:
        lines = []
        for row in message.components:
            lines.append(f"row {type(row).__name__} {isinstance(row, discord.ActionRow)} "
                         f"{isinstance(row, discord.Component)} {row.type!r} {row.type} "
                         f"id={row.id} children={len(row.children)}")
            for child in row.children:
                kinds = [isinstance(child, k) for k in (discord.Button, discord.SelectMenu,
                                                         discord.Component)]
                line = button_line(child) if kinds[0] else select_line(child)
                lines.append(f"  {kinds} {line}")
        return lines

    @bot.command()
    async def panel(ctx):
        party = discord.utils.get(ctx.guild.emojis, name="party")
        bob = discord.utils.get(ctx.guild.members, name="bob")
        helper = discord.utils.get(ctx.guild.roles, name="Helper")
        view = ui.View()
        view.add_item(ui.Button(label="Yes", custom_id="yes", style=discord.ButtonStyle.primary))
        view.add_item(ui.Button(label="Like", custom_id="like", emoji=THUMBS,
                                style=discord.ButtonStyle.success))
        view.add_item(ui.Button(label="Party", custom_id="party", emoji=party))
        view.add_item(ui.Button(label="Off", custom_id="off", disabled=True,
                                style=discord.ButtonStyle.danger))
        view.add_item(ui.Button(label="Docs", url="https://example.com/docs", emoji=LINK))
        view.add_item(ui.Select(custom_id="fruit", placeholder="Pick fruit", max_values=2,
                                options=[
                                    discord.SelectOption(label="Apple", value="apple",
                                                         description="Red", emoji=APPLE),
                                    discord.SelectOption(label="Pear", default=True)]))
        view.add_item(ui.UserSelect(custom_id="who", default_values=[bob]))
        view.add_item(ui.RoleSelect(custom_id="role", default_values=[helper], min_values=0))
        view.add_item(ui.ChannelSelect(custom_id="where", channel_types=[
            discord.ChannelType.text], default_values=[ctx.channel]))
        sent["panel"] = message = await ctx.send("panel", view=view)
        sent["returned"] = describe(message)

    @bot.command()
    async def inspect(ctx):
        message = await ctx.channel.fetch_message(sent["panel"].id)
        cached = discord.utils.get(bot.cached_messages, id=message.id)
        lines = describe(message)
        await ctx.send(f"fetched == cached: {lines == describe(cached)}, == returned: "
                       f"{lines == sent['returned']}, own message: {ctx.message.components}")
        await ctx.send("\n".join(lines[:7]))
        await ctx.send("\n".join(lines[7:]))
        first, like = message.components[0].children[:2]
        await ctx.send(f"{first!r}\n{first.to_dict()}\n{like.to_dict()}"
                       f"\n{message.components[1].children[0]!r}")
        found = [c.label for row in message.components for c in row.children
                 if isinstance(c, discord.Button) and c.custom_id in ("yes", "off")]
        await ctx.send(f"found {found}")

    @bot.command()
    async def disable(ctx):
        message = await ctx.channel.fetch_message(sent["panel"].id)
        view = ui.View.from_message(message)
        kinds = [(type(item).__name__, item.disabled) for item in view.children]
        for item in view.children:
            item.disabled = True
        await message.edit(view=view)
        back = await ctx.channel.fetch_message(message.id)
        flags = [(c.custom_id or c.url, c.disabled) for row in back.components
                 for c in row.children]
        await ctx.send(f"{type(view).__name__} {kinds}\nafter {flags}")

    @bot.command()
    async def layout(ctx):
        view = ui.LayoutView()
        view.add_item(ui.Container(
            ui.TextDisplay("# Settings"),
            ui.Section(ui.TextDisplay("An avatar"),
                       accessory=ui.Thumbnail("https://example.com/a.png",
                                              description="avatar")),
            ui.Separator(visible=False, spacing=discord.SeparatorSpacing.large),
            ui.MediaGallery(discord.MediaGalleryItem("https://example.com/b.png",
                                                     description="b", spoiler=True)),
            ui.ActionRow(ui.Button(label="Reset", custom_id="reset")),
            accent_colour=discord.Colour(0x5865F2)))
        message = await ctx.send(view=view)
        back = await ctx.channel.fetch_message(message.id)
        box = back.components[0]
        text, section, separator, gallery, row = box.children
        item = gallery.items[0]
        try:
            ui.View.from_message(back)
        except ValueError as exc:
            refused = f"View refuses it: {exc}"
        await ctx.send(
            f"{[type(c).__name__ for c in back.components]} {box.type!r} "
            f"{isinstance(box, discord.Container)} {box.accent_colour} {box.accent_color} "
            f"{box.spoiler}\n{[type(c).__name__ for c in box.children]}\n"
            f"{text!r} {text.to_dict()}\n"
            f"{[c.content for c in section.children]} {type(section.accessory).__name__} "
            f"{section.accessory.media.url} {section.accessory.description} "
            f"{section.accessory.spoiler}\n"
            f"{separator!r} {separator.visible} {separator.spacing}\n"
            f"{item.media.url} {item.description} {item.spoiler}\n"
            f"{isinstance(row, discord.ActionRow)} {button_line(row.children[0])}\n"
            f"{type(ui.LayoutView.from_message(back)).__name__} {refused}")

    return bot


LINES = [
    ("alice", "general", "!panel"),
    ("alice", "general", "!inspect", 5),
    ("alice", "general", "!disable"),
    ("alice", "general", "!layout", 2),
]


async def test_message_components_read_as_in_discord_py(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, components_bot, LINES)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for line in ("fetched == cached: True, == returned: True, own message: []",
                 "found ['Yes', 'Off']",
                 "row ActionRow True True <ComponentType.action_row: 1> "
                 "ComponentType.action_row",
                 "[True, False, True] Button <ButtonStyle.primary: 1> ButtonStyle.primary "
                 "label='Yes' custom_id='yes' url=None disabled=False emoji=None",
                 f"emoji={THUMBS}", "emoji=party custom=True",
                 "url='https://example.com/docs' disabled=False emoji=" + LINK,
                 "{'type': 2, 'style': 1, 'disabled': False",
                 "<ComponentType.user_select: 5>", "[<ChannelType.text: 0>]",
                 "after [('yes', True), ('like', True), ('party', True), ('off', True), "
                 "('https://example.com/docs', True), ('fruit', True), ('who', True), "
                 "('role', True), ('where', True)]",
                 "<TextDisplay content='# Settings'",
                 "<SeparatorComponent spacing=<SeparatorSpacing.large: 2> visible=False",
                 "https://example.com/b.png b True",
                 "LayoutView View refuses it: Container cannot be added to View"):
        assert line in text, line
