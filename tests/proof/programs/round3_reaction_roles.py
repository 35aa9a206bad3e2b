"""A reaction-roles bot that must work after a restart: the pairs of emoji and role
live in aiosqlite, the raw reaction events carry what is needed on messages no longer
cached (``payload.member`` on an add, only the user's id on a removal), unicode and
custom emoji alike; a "pick one" menu takes back a person's other reaction. Written
once against ``(discord, commands)``, in a cog loaded by ``setup_hook``."""

import aiosqlite


def reaction_roles_bot(discord, commands, db_path):
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    class ReactionRoles(commands.Cog):
        def __init__(self, bot):
            self.bot = bot

        async def cog_load(self):
            async with aiosqlite.connect(db_path) as db:
                await db.execute("CREATE TABLE IF NOT EXISTS pairs (message_id INTEGER, "
                                 "emoji TEXT, role_id INTEGER, exclusive INTEGER, "
                                 "PRIMARY KEY (message_id, emoji))")
                await db.commit()

        async def pairs_of(self, message_id):
            async with aiosqlite.connect(db_path) as db, db.execute(
                    "SELECT emoji, role_id, exclusive FROM pairs WHERE message_id = ?",
                    (message_id,)) as cursor:
                return await cursor.fetchall()

        def log(self, guild):
            return discord.utils.get(guild.text_channels, name="mod-log")

        def cached(self, message_id):
            return discord.utils.get(self.bot.cached_messages, id=message_id) is not None

        @commands.group(invoke_without_command=True)
        @commands.has_permissions(manage_roles=True)
        async def rr(self, ctx):
            await ctx.send("Use !rr add, !rr menu or !rr list.")

        @rr.command(name="add")
        async def rr_add(self, ctx, message: discord.Message, emoji: discord.PartialEmoji | str,
                         *, role: discord.Role):
            if role >= ctx.guild.me.top_role:
                return await ctx.send(f"{role.name} is above my highest role.")
            await message.add_reaction(emoji)
            async with aiosqlite.connect(db_path) as db:
                await db.execute("INSERT OR REPLACE INTO pairs VALUES (?, ?, ?, 0)",
                                 (message.id, str(emoji), role.id))
                await db.commit()
            await ctx.send(f"{emoji} on {message.jump_url} gives {role.mention}.",
                           allowed_mentions=discord.AllowedMentions.none())

        @rr.command(name="menu")
        async def rr_menu(self, ctx, *roles: discord.Role):
            numbers = ["1\N{COMBINING ENCLOSING KEYCAP}", "2\N{COMBINING ENCLOSING KEYCAP}",
                       "3\N{COMBINING ENCLOSING KEYCAP}"]
            embed = discord.Embed(title="Pick one", colour=discord.Colour.blurple())
            for number, role in zip(numbers, roles, strict=False):
                embed.add_field(name=number, value=role.mention)
            menu = await ctx.send(embed=embed)
            async with aiosqlite.connect(db_path) as db:
                for number, role in zip(numbers, roles, strict=False):
                    await menu.add_reaction(number)
                    await db.execute("INSERT INTO pairs VALUES (?, ?, ?, 1)",
                                     (menu.id, number, role.id))
                await db.commit()
            await ctx.send(f"Menu ready with {len(roles)} roles.")

        @rr.command(name="list")
        async def rr_list(self, ctx):
            async with aiosqlite.connect(db_path) as db, db.execute(
                    "SELECT message_id, emoji, role_id FROM pairs ORDER BY rowid") as cursor:
                rows = await cursor.fetchall()
            await ctx.send("\n".join(f"{m}: {e} -> {ctx.guild.get_role(r)}" for m, e, r in rows)
                           or "nothing set")

        @rr_add.error
        async def rr_add_error(self, ctx, error):
            if isinstance(error, commands.MessageNotFound | commands.RoleNotFound |
                          commands.BadUnionArgument):
                await ctx.send(f"{type(error).__name__}: {error}")
            elif isinstance(error, commands.CommandInvokeError):
                await ctx.send(f"failed: {type(error.original).__name__} "
                               f"{getattr(error.original, 'code', None)}")

        @commands.Cog.listener()
        async def on_raw_reaction_add(self, payload):
            if payload.guild_id is None or payload.user_id == self.bot.user.id:
                return
            found = {e: (r, x) for e, r, x in await self.pairs_of(payload.message_id)}
            if str(payload.emoji) not in found:
                return
            role_id, exclusive = found[str(payload.emoji)]
            guild = self.bot.get_guild(payload.guild_id)
            member = payload.member
            role = guild.get_role(role_id)
            await member.add_roles(role, reason="reaction role")
            swapped = []
            if exclusive:
                # One pick only: the menu's other roles go first, then their reactions
                # (whose removal then finds no role left to take).
                swapped = [guild.get_role(r) for e, (r, _) in found.items()
                           if e != str(payload.emoji) and member.get_role(r)]
                if swapped:
                    await member.remove_roles(*swapped, reason="one pick only")
                channel = self.bot.get_channel(payload.channel_id)
                message = await channel.fetch_message(payload.message_id)
                for reaction in message.reactions:
                    if str(reaction.emoji) != str(payload.emoji) and str(reaction.emoji) in found:
                        users = [u.id async for u in reaction.users()]
                        if member.id in users:
                            await message.remove_reaction(reaction.emoji, member)
            # The log line last: it tells the reaction was handled through.
            await self.log(guild).send(
                f"+{role.name} for {member.display_name} ({type(member).__name__}) via "
                f"{payload.emoji} custom={payload.emoji.is_custom_emoji()} "
                f"name={payload.emoji.name} type={payload.event_type} "
                f"cached={self.cached(payload.message_id)} swapped={[r.name for r in swapped]}")

        @commands.Cog.listener()
        async def on_raw_reaction_remove(self, payload):
            found = {e: r for e, r, _ in await self.pairs_of(payload.message_id)}
            if str(payload.emoji) not in found:
                return
            guild = self.bot.get_guild(payload.guild_id)
            member = guild.get_member(payload.user_id)
            role = guild.get_role(found[str(payload.emoji)])
            if member is None or role not in member.roles:
                return
            await member.remove_roles(role, reason="reaction role taken back")
            await self.log(guild).send(
                f"-{role.name} for {member.display_name}; payload.member={payload.member} "
                f"type={payload.event_type} cached={self.cached(payload.message_id)}")

        @commands.command()
        async def myroles(self, ctx):
            await ctx.send(", ".join(r.name for r in ctx.author.roles[1:]) or "none")

    async def setup_hook():
        await bot.add_cog(ReactionRoles(bot))

    bot.setup_hook = setup_hook
    return bot
