"""A ticket system as support servers run one: a persistent "Open ticket" button
(``timeout=None``, fixed custom ids, ``bot.add_view`` in ``setup_hook``) that opens a
private thread for whoever clicks it, a close button inside that sends a transcript
file to #mod-log and locks the thread, and ``!private`` for a private channel made with
overwrites. Tickets live in aiosqlite so the buttons keep working after a restart.
Written once against ``(discord, commands)``."""

import io

import aiosqlite


def tickets_bot(discord, commands, db_path):
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    ui = discord.ui

    async def query(sql, *args):
        async with aiosqlite.connect(db_path) as db:
            await db.execute("CREATE TABLE IF NOT EXISTS tickets (thread_id INTEGER PRIMARY "
                             "KEY, owner_id INTEGER, number INTEGER, state TEXT)")
            async with db.execute(sql, args) as cursor:
                rows = await cursor.fetchall()
            await db.commit()
        return rows

    def staff(guild):
        return discord.utils.get(guild.roles, name="Staff")

    class Panel(ui.View):
        def __init__(self):
            super().__init__(timeout=None)

        @ui.button(label="Open ticket", emoji="\N{ENVELOPE}", style=discord.ButtonStyle.green,
                   custom_id="tickets:open")
        async def open_ticket(self, interaction, button):
            user = interaction.user
            mine = await query("SELECT thread_id FROM tickets WHERE owner_id = ? AND "
                               "state = 'open'", user.id)
            if mine:
                return await interaction.response.send_message(
                    f"You already have <#{mine[0][0]}>.", ephemeral=True)
            await interaction.response.defer(ephemeral=True, thinking=True)
            number = (await query("SELECT COUNT(*) FROM tickets"))[0][0] + 1
            thread = await interaction.channel.create_thread(
                name=f"ticket-{number:04}", type=discord.ChannelType.private_thread,
                invitable=False, auto_archive_duration=1440)
            await thread.add_user(user)
            await query("INSERT INTO tickets VALUES (?, ?, ?, 'open')", thread.id, user.id,
                        number)
            await interaction.followup.send(f"Opened {thread.mention} (private "
                                            f"{thread.is_private()}, type {thread.type})")
            await thread.send(f"{user.mention} tell us what's wrong; {staff(thread.guild).mention}"
                              " will be with you.", view=Closer(),
                              allowed_mentions=discord.AllowedMentions(users=True, roles=False))

    class Closer(ui.View):
        def __init__(self):
            super().__init__(timeout=None)

        @ui.button(label="Close", emoji="\N{LOCK}", style=discord.ButtonStyle.red,
                   custom_id="tickets:close")
        async def close(self, interaction, button):
            found = await query("SELECT owner_id, number FROM tickets WHERE thread_id = ?",
                                interaction.channel_id)
            member = interaction.user
            if not found or (found[0][0] != member.id and staff(member.guild) not in member.roles):
                return await interaction.response.send_message(
                    "Only the ticket's owner or staff can close it.", ephemeral=True)
            await interaction.response.send_message(f"Closed by {member.display_name}.")
            thread = interaction.channel
            lines = [f"[{m.author.name}] {m.content}" + "".join(
                         f" <{a.filename}>" for a in m.attachments)
                     async for m in thread.history(limit=None, oldest_first=True)]
            transcript = discord.File(io.BytesIO("\n".join(lines).encode()),
                                      filename=f"{thread.name}.txt")
            await query("UPDATE tickets SET state = 'closed' WHERE thread_id = ?", thread.id)
            await thread.edit(archived=True, locked=True)
            log = discord.utils.get(thread.guild.text_channels, name="mod-log")
            await log.send(f"{thread.name} by <@{found[0][0]}>: {len(lines)} messages",
                           file=transcript, allowed_mentions=discord.AllowedMentions.none())

    @bot.command()
    @commands.has_permissions(manage_guild=True)
    async def panel(ctx):
        embed = discord.Embed(title="Support", description="Press the button to talk to staff.")
        await ctx.send(embed=embed, view=Panel())

    @bot.command()
    @commands.has_role("Staff")
    async def private(ctx, member: discord.Member):
        guild = ctx.guild
        overwrites = {
            guild.default_role: discord.PermissionOverwrite(view_channel=False),
            member: discord.PermissionOverwrite(view_channel=True, send_messages=True,
                                                attach_files=True),
            staff(guild): discord.PermissionOverwrite(view_channel=True),
            guild.me: discord.PermissionOverwrite(view_channel=True, manage_channels=True),
        }
        channel = await guild.create_text_channel(f"private-{member.name}",
                                                  overwrites=overwrites,
                                                  topic=f"Private talk with {member}")
        seen = sorted(m.name for m in channel.members)
        await channel.send(f"{member.mention}, only staff can read this. Here: {seen}")
        await ctx.send(f"Made {channel.mention}; {member.name} can send "
                       f"{channel.permissions_for(member).send_messages}, everyone can view "
                       f"{channel.permissions_for(guild.default_role).view_channel}")

    @bot.command()
    async def tickets(ctx):
        rows = await query("SELECT number, owner_id, state FROM tickets ORDER BY number")
        await ctx.send("\n".join(f"#{n} {ctx.guild.get_member(o).name} {s}" for n, o, s in rows)
                       or "no tickets")

    @bot.event
    async def on_command_error(ctx, error):
        await ctx.send(f"{type(error).__name__}: {error}")

    async def setup_hook():
        bot.add_view(Panel())
        bot.add_view(Closer())

    bot.setup_hook = setup_hook
    return bot
