"""A role menu as servers set one up: an admin runs ``/rolemenu create`` (its colour
read by an ``app_commands.Transformer``), picks the roles in an ephemeral
``ui.RoleSelect`` that starts on the Member role (``default_values``), and the bot
posts an embed with a ``ui.Select`` of those roles. Picking in it adds and removes the
person's roles. Each menu is a persistent view bound to its message
(``bot.add_view(view, message_id=...)``), loaded again from aiosqlite in
``setup_hook``, so menus keep working after a restart. Written once against
``(discord, commands)``."""

import importlib

import aiosqlite

NAMED = {"blue": 0x3498DB, "green": 0x2ECC71, "purple": 0x9B59B6}


def role_menu_bot(discord, commands, db_path):
    app_commands = importlib.import_module(discord.__name__ + ".app_commands")
    ui = discord.ui
    intents = discord.Intents.default()
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    async def query(sql, *args):
        async with aiosqlite.connect(db_path) as db:
            await db.execute("CREATE TABLE IF NOT EXISTS menus (message_id INTEGER PRIMARY "
                             "KEY, channel_id INTEGER, title TEXT, role_ids TEXT)")
            async with db.execute(sql, args) as cursor:
                rows = await cursor.fetchall()
            await db.commit()
        return rows

    async def answer(interaction, text, view=None, ephemeral=True):
        # "No view" is MISSING here: discord.py's send_message cannot take None.
        await interaction.response.send_message(
            text, view=view if view is not None else discord.utils.MISSING,
            ephemeral=ephemeral)

    class Colour(app_commands.Transformer):
        async def transform(self, interaction, value):
            if value.lower() in NAMED:
                return discord.Colour(NAMED[value.lower()])
            try:
                return discord.Colour.from_str(value)
            except ValueError:
                raise app_commands.TransformerError(value, self.type, self) from None

    class MenuSelect(ui.Select):
        def __init__(self, roles):
            super().__init__(custom_id="rolemenu:pick", placeholder="Pick your roles",
                             min_values=0, max_values=len(roles), options=[
                                 discord.SelectOption(label=name, value=str(role_id),
                                                      description=f"Get the {name} role")
                                 for role_id, name in roles])
            self.role_ids = [role_id for role_id, _ in roles]

        async def callback(self, interaction):
            member = interaction.user
            chosen = {int(v) for v in self.values}
            guild = interaction.guild
            add = [guild.get_role(r) for r in self.role_ids
                   if r in chosen and not member.get_role(r)]
            drop = [guild.get_role(r) for r in self.role_ids
                    if r not in chosen and member.get_role(r)]
            if add:
                await member.add_roles(*add, reason="role menu")
            if drop:
                await member.remove_roles(*drop, reason="role menu")
            await interaction.response.send_message(
                f"Added {[r.name for r in add]}; removed {[r.name for r in drop]} "
                f"(message {interaction.message.id == self.view.message_id})", ephemeral=True)

    class Menu(ui.View):
        def __init__(self, roles, message_id=None):
            super().__init__(timeout=None)
            self.message_id = message_id
            self.add_item(MenuSelect(roles))

    class Setup(ui.View):
        def __init__(self, title, colour, member_role):
            super().__init__(timeout=120)
            self.title, self.colour = title, colour
            self.pick.default_values = [member_role]

        @ui.select(cls=ui.RoleSelect, custom_id="rolemenu:roles", max_values=3,
                   placeholder="Roles for the menu")
        async def pick(self, interaction, select):
            mine = interaction.guild.me.top_role
            above = [r.name for r in select.values if r >= mine]
            if above:
                return await answer(interaction, f"I cannot give {above}: above my role.")
            roles = [(r.id, r.name) for r in sorted(select.values, key=lambda r: r.name)]
            embed = discord.Embed(title=self.title, colour=self.colour,
                                  description="\n".join(f"<@&{i}>" for i, _ in roles))
            menu = await interaction.channel.send(embed=embed, view=Menu(roles))
            await query("INSERT INTO menus VALUES (?, ?, ?, ?)", menu.id, menu.channel.id,
                        self.title, ",".join(str(i) for i, _ in roles))
            bot.add_view(Menu(roles, menu.id), message_id=menu.id)
            await interaction.response.edit_message(
                content=f"Posted {self.title} with {[n for _, n in roles]}.", view=None)
            self.stop()

    class Notify(ui.View):
        """Anyone picks roles in a RoleSelect; only the Live role may be self-given."""

        def __init__(self):
            super().__init__(timeout=None)

        @ui.select(cls=ui.RoleSelect, custom_id="rolemenu:notify", min_values=0, max_values=2,
                   placeholder="Roles to be pinged with")
        async def notify(self, interaction, select):
            member = interaction.user
            chosen = [r for r in select.values if r.name == "Live"]
            refused = sorted(r.name for r in select.values if r.name != "Live")
            if chosen:
                await member.add_roles(*chosen, reason="notification roles")
            await answer(interaction, f"Added {[r.name for r in chosen]}; refused {refused} "
                                      f"(resolved {type(select.values[0]).__name__})")

    group = app_commands.Group(name="rolemenu", description="Role menus",
                               guild_only=True)

    @group.command(name="create", description="Post a role menu here")
    @app_commands.describe(title="The menu's title", colour="A name or #hex")
    @app_commands.checks.has_permissions(manage_roles=True)
    async def create(interaction, title: str,
                     colour: app_commands.Transform[discord.Colour, Colour] = None):
        member_role = discord.utils.get(interaction.guild.roles, name="Member")
        colour = colour or discord.Colour.blurple()
        await answer(interaction, f"Which roles go in {title!r} ({colour})?",
                     view=Setup(title, colour, member_role))

    @group.command(name="list", description="The menus of this server")
    async def list_menus(interaction):
        rows = await query("SELECT title, role_ids FROM menus ORDER BY message_id")
        names = [f"{t}: {[interaction.guild.get_role(int(i)).name for i in ids.split(',')]}"
                 for t, ids in rows]
        await answer(interaction, "\n".join(names) or "no menus", ephemeral=False)

    @group.command(name="notify", description="Post the notification roles picker")
    @app_commands.checks.has_permissions(manage_roles=True)
    async def notify(interaction):
        await answer(interaction, "Pick the roles you want pings for.", view=Notify(),
                     ephemeral=False)

    bot.tree.add_command(group)

    @bot.tree.error
    async def on_app_command_error(interaction, error):
        if isinstance(error, app_commands.TransformerError):
            text = f"Could not read {error.value!r} as a colour."
        else:
            text = f"{type(error).__name__}: {error}"
        await answer(interaction, text)

    async def setup_hook():
        for message_id, _, _, ids in await query("SELECT * FROM menus"):
            guildless = [(int(i), "?") for i in ids.split(",")]
            bot.add_view(Menu(guildless, message_id), message_id=message_id)
        bot.add_view(Notify())
        await bot.tree.sync()

    bot.setup_hook = setup_hook
    return bot
