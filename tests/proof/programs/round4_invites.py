"""An invite tracker as community servers run one, in a cog: every invite's uses are
kept in memory from ready (``guild.invites()``) and from ``on_invite_create`` /
``on_invite_delete``; when someone joins, the invite whose uses went up (or the
limited one that vanished with its last use) names who brought them, and that is
written to aiosqlite, so ``!inviter`` and ``!leaderboard`` answer after a restart and a
leaver is counted out; a join through the vanity URL shows in its uses. ``!invite``
makes a limited invite for the asker. Written once against ``(discord, commands)``."""

import asyncio

import aiosqlite


def invites_bot(discord, commands, db_path):
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    intents.invites = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    class Tracker(commands.Cog):
        def __init__(self, bot):
            self.bot = bot
            self.uses = {}  # guild id -> {code: (uses, inviter id, max uses)}
            self.filled = asyncio.Event()  # the uses were read at ready
            self.vanity = {}  # guild id -> its vanity URL's uses

        async def query(self, sql, *args):
            async with aiosqlite.connect(db_path) as db:
                await db.execute("CREATE TABLE IF NOT EXISTS joins (member_id INTEGER PRIMARY "
                                 "KEY, inviter_id INTEGER, left INTEGER DEFAULT 0)")
                # Invites the bot made for someone: theirs, though the bot is the inviter.
                await db.execute("CREATE TABLE IF NOT EXISTS asked (code TEXT PRIMARY KEY, "
                                 "member_id INTEGER)")
                async with db.execute(sql, args) as cursor:
                    rows = await cursor.fetchall()
                await db.commit()
            return rows

        def log(self, guild):
            return discord.utils.get(guild.text_channels, name="mod-log")

        @staticmethod
        def entry(invite):
            return (invite.uses, invite.inviter.id if invite.inviter else None,
                    invite.max_uses)

        async def remember(self, guild):
            self.uses[guild.id] = {i.code: self.entry(i) for i in await guild.invites()}
            if "VANITY_URL" in guild.features:
                self.vanity[guild.id] = (await guild.vanity_invite()).uses

        @commands.Cog.listener()
        async def on_ready(self):
            for guild in self.bot.guilds:
                await self.remember(guild)
            self.filled.set()

        @commands.command()
        async def tracked(self, ctx):
            await self.filled.wait()
            counts = sorted(u for u, _, _ in self.uses.get(ctx.guild.id, {}).values())
            await ctx.send(f"Tracking {len(counts)} invites, uses {counts}")

        @commands.Cog.listener()
        async def on_invite_create(self, invite):
            self.uses.setdefault(invite.guild.id, {})[invite.code] = self.entry(invite)
            await self.log(invite.guild).send(
                f"{invite.inviter.name} made an invite to {invite.channel.mention} "
                f"(max uses {invite.max_uses}, max age {invite.max_age}, temporary "
                f"{invite.temporary}, uses {invite.uses})")

        @commands.Cog.listener()
        async def on_invite_delete(self, invite):
            known = self.uses.get(invite.guild.id, {}).get(invite.code)
            # The event names only the code and channel: the rest is what we kept.
            await self.log(invite.guild).send(
                f"An invite to {invite.channel.mention} is gone (inviter then "
                f"{invite.inviter}, we knew it: {known is not None})")

        @commands.Cog.listener()
        async def on_member_join(self, member):
            guild = member.guild
            await self.filled.wait()
            before = self.uses.get(guild.id, {})
            now = {i.code: self.entry(i) for i in await guild.invites()}
            used = [c for c, (uses, _, _) in now.items() if uses > before.get(c, (0,))[0]]
            if not used:  # a limited invite disappears with its last use
                used = [c for c, (uses, _, most) in before.items()
                        if c not in now and most and uses + 1 >= most]
            self.uses[guild.id] = now
            if not used and guild.id in self.vanity:
                vanity = await guild.vanity_invite()
                if vanity.uses > self.vanity[guild.id]:
                    self.vanity[guild.id] = vanity.uses
                    return await self.log(guild).send(
                        f"{member.mention} joined through the vanity URL {vanity.code} "
                        f"(used {vanity.uses} times)")
            if len(used) != 1:
                return await self.log(guild).send(f"{member.mention} joined; no telling how")
            inviter_id = (now.get(used[0]) or before[used[0]])[1]
            asked = await self.query("SELECT member_id FROM asked WHERE code = ?", used[0])
            if asked:
                inviter_id = asked[0][0]
                if used[0] not in now:  # used up: nothing more to remember
                    await self.query("DELETE FROM asked WHERE code = ?", used[0])
            await self.query("INSERT OR REPLACE INTO joins VALUES (?, ?, 0)", member.id,
                             inviter_id)
            await self.log(guild).send(f"{member.mention} joined through <@{inviter_id}>'s "
                                       f"invite", allowed_mentions=discord.AllowedMentions.none())

        @commands.Cog.listener()
        async def on_member_remove(self, member):
            rows = await self.query("SELECT inviter_id FROM joins WHERE member_id = ?", member.id)
            if rows:
                await self.query("UPDATE joins SET left = 1 WHERE member_id = ?", member.id)
                await self.log(member.guild).send(
                    f"{member} left; <@{rows[0][0]}> brought them",
                    allowed_mentions=discord.AllowedMentions.none())

        @commands.command()
        async def invite(self, ctx, uses: int = 1):
            made = await ctx.channel.create_invite(max_uses=uses, max_age=3600, unique=True,
                                                   reason=f"asked by {ctx.author}")
            await self.query("INSERT INTO asked VALUES (?, ?)", made.code, ctx.author.id)
            await ctx.author.send(f"Your invite is ready (made by {made.inviter.name}, "
                                  f"url on discord.gg {made.url.startswith('https://discord.gg/')})")
            await ctx.send(f"Sent you an invite for {made.max_uses} people, good for "
                           f"{made.max_age // 60} minutes.")

        @commands.command()
        async def inviter(self, ctx, member: discord.Member):
            rows = await self.query("SELECT inviter_id FROM joins WHERE member_id = ?",
                                    member.id)
            who = ctx.guild.get_member(rows[0][0]) if rows else None
            await ctx.send(f"{member.display_name} came with {who.display_name}" if who
                           else f"No idea who brought {member.display_name}.")

        @commands.command()
        async def leaderboard(self, ctx):
            rows = await self.query("SELECT inviter_id, COUNT(*), SUM(left) FROM joins GROUP "
                                    "BY inviter_id ORDER BY COUNT(*) DESC, inviter_id")
            await ctx.send("\n".join(f"{ctx.guild.get_member(i).name}: {n} ({gone} left)"
                                     for i, n, gone in rows) or "nobody yet")

        @commands.command()
        @commands.has_permissions(manage_guild=True)
        async def revoke(self, ctx, member: discord.Member):
            theirs = [i for i in await ctx.guild.invites() if i.inviter == member]
            for invite in theirs:
                await invite.delete(reason=f"revoked by {ctx.author}")
            await ctx.send(f"Revoked {len(theirs)} of {member.display_name}'s invites.")

    @bot.event
    async def on_command_error(ctx, error):
        await ctx.send(f"{type(error).__name__}: {error}")

    async def setup_hook():
        await bot.add_cog(Tracker(bot))

    bot.setup_hook = setup_hook
    return bot
