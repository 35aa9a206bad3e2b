"""A leveling bot as tutorials build one: XP for each message outside commands, once a
minute per member through a ``commands.CooldownMapping`` used by hand (timed by the
message's own time), level-ups announced with role rewards (made when missing, the lower
ones taken back), ``!rank`` and a leaderboard embed with page buttons only its caller
may turn. XP lives in aiosqlite; the cooldowns, in memory, start afresh after a
restart. Written once against ``(discord, commands)``, in a cog."""

import asyncio
import math

import aiosqlite

XP_PER_MESSAGE = 25
XP_PER_LEVEL = 50
PAGE = 2


def levels_bot(discord, commands, db_path):
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    ui = discord.ui

    async def query(sql, *args):
        async with aiosqlite.connect(db_path) as db:
            await db.execute("CREATE TABLE IF NOT EXISTS xp (user_id INTEGER PRIMARY KEY, "
                             "points INTEGER)")
            await db.execute("CREATE TABLE IF NOT EXISTS rewards (level INTEGER PRIMARY KEY, "
                             "role_id INTEGER)")
            async with db.execute(sql, args) as cursor:
                rows = await cursor.fetchall()
            await db.commit()
        return rows

    async def ranking():
        return await query("SELECT user_id, points FROM xp ORDER BY points DESC, user_id")

    class Board(ui.View):
        def __init__(self, owner, rows):
            super().__init__(timeout=60)
            self.owner, self.rows, self.page = owner, rows, 0
            self.pages = max(1, -(-len(rows) // PAGE))
            self.sync()

        def sync(self):
            self.previous.disabled = self.page == 0
            self.next.disabled = self.page >= self.pages - 1

        def embed(self, guild):
            embed = discord.Embed(title="Leaderboard", colour=discord.Colour.purple())
            start = self.page * PAGE
            for place, (user_id, points) in enumerate(self.rows[start:start + PAGE], start + 1):
                member = guild.get_member(user_id)
                embed.add_field(name=f"#{place} {member.display_name}",
                                value=f"level {points // XP_PER_LEVEL} ({points} XP)",
                                inline=False)
            embed.set_footer(text=f"Page {self.page + 1}/{self.pages}")
            return embed

        async def interaction_check(self, interaction):
            if interaction.user.id != self.owner.id:
                await interaction.response.send_message(
                    f"Only {self.owner.display_name} can turn these pages.", ephemeral=True)
                return False
            return True

        async def turn(self, interaction, step):
            self.page += step
            self.sync()
            await interaction.response.edit_message(embed=self.embed(interaction.guild),
                                                    view=self)

        @ui.button(label="Previous", custom_id="lb:prev")
        async def previous(self, interaction, button):
            await self.turn(interaction, -1)

        @ui.button(label="Next", custom_id="lb:next")
        async def next(self, interaction, button):
            await self.turn(interaction, 1)

    class Levels(commands.Cog):
        def __init__(self, bot):
            self.bot = bot
            self.cooldown = commands.CooldownMapping.from_cooldown(
                1, 60, commands.BucketType.member)
            # One message at a time: its XP is read, then written back.
            self.lock = asyncio.Lock()

        @commands.Cog.listener()
        async def on_message(self, message):
            if message.author.bot or message.guild is None:
                return
            async with self.lock:
                await self.earn(message)

        async def earn(self, message):
            ctx = await self.bot.get_context(message)
            if ctx.valid:
                return  # commands earn nothing
            now = message.created_at.timestamp()
            bucket = self.cooldown.get_bucket(message, now)
            if bucket.update_rate_limit(now):
                return
            before = await query("SELECT points FROM xp WHERE user_id = ?", message.author.id)
            old = before[0][0] if before else 0
            new = old + XP_PER_MESSAGE
            await query("INSERT OR REPLACE INTO xp VALUES (?, ?)", message.author.id, new)
            if new // XP_PER_LEVEL > old // XP_PER_LEVEL:
                await self.level_up(message, new // XP_PER_LEVEL)

        async def level_up(self, message, level):
            member = message.author
            rewards = await query("SELECT level, role_id FROM rewards ORDER BY level")
            earned = [message.guild.get_role(r) for lv, r in rewards if lv == level]
            lower = [message.guild.get_role(r) for lv, r in rewards if lv < level]
            if earned:
                await member.add_roles(*earned, reason=f"reached level {level}")
                stale = [r for r in lower if r in member.roles]
                if stale:
                    await member.remove_roles(*stale, reason="a higher reward replaces it")
            await message.channel.send(
                f"{member.mention} reached level {level}!"
                + (f" You are now {', '.join(r.name for r in earned)}." if earned else ""))

        @commands.command()
        @commands.has_permissions(manage_roles=True)
        async def reward(self, ctx, level: int, *, name: str):
            role = discord.utils.get(ctx.guild.roles, name=name)
            made = role is None
            if made:
                role = await ctx.guild.create_role(name=name, colour=discord.Colour.gold(),
                                                   hoist=True, reason="level reward")
            await query("INSERT OR REPLACE INTO rewards VALUES (?, ?)", level, role.id)
            await ctx.send(f"Level {level} gives {role.name} (made {made}, position "
                           f"{role.position}, hoist {role.hoist}).")

        @commands.command()
        @commands.has_permissions(administrator=True)
        async def setxp(self, ctx, member: discord.Member, points: int):
            await query("INSERT OR REPLACE INTO xp VALUES (?, ?)", member.id, points)
            await ctx.send(f"{member.display_name} has {points} XP now.")

        @commands.command()
        async def rank(self, ctx, member: discord.Member = commands.Author):
            rows = await ranking()
            place = next((n for n, (u, _) in enumerate(rows, 1) if u == member.id), None)
            points = dict(rows).get(member.id, 0)
            have = points % XP_PER_LEVEL * 10 // XP_PER_LEVEL
            embed = discord.Embed(title=member.display_name, colour=member.colour)
            embed.add_field(name="Level", value=str(points // XP_PER_LEVEL))
            embed.add_field(name="XP", value=f"{points} ({'#' * have}{'-' * (10 - have)})")
            embed.add_field(name="Rank", value=f"#{place}" if place else "unranked")
            embed.set_thumbnail(url=member.display_avatar.url)
            await ctx.send(embed=embed)

        @commands.command()
        async def leaderboard(self, ctx):
            view = Board(ctx.author, await ranking())
            await ctx.send(embed=view.embed(ctx.guild), view=view)

        @commands.command()
        async def cooldown(self, ctx):
            now = ctx.message.created_at.timestamp()
            bucket = self.cooldown.get_bucket(ctx.message, now)
            left = bucket.get_retry_after(now)
            # To the ten seconds above: the clock moves on while the bot answers.
            await ctx.send(f"Next XP in {math.ceil(left / 10) * 10} s; tokens "
                           f"{bucket.get_tokens(now)}; {bucket.rate}/{bucket.per:.0f}s; "
                           f"{self.cooldown.type}")

        async def cog_command_error(self, ctx, error):
            await ctx.send(f"{type(error).__name__}: {error}")

    async def setup_hook():
        await bot.add_cog(Levels(bot))

    bot.setup_hook = setup_hook
    return bot
