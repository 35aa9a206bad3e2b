"""A moderation bot as servers run one: warnings kept in aiosqlite (the third times the
member out), ``!timeout``/``!untimeout``/``!kick``/``!nick``, every moderation action
logged as it lands in the audit log (``on_audit_log_entry_create``), timeouts followed
through ``on_member_update``, their natural end (Discord sends nothing then) noticed by
a ``tasks.loop``, and ``!audit`` reading ``guild.audit_logs(action=...)`` back. Written
once against ``(discord, commands)``, in a cog."""

import datetime
import importlib

import aiosqlite

WARNINGS_TO_TIMEOUT = 3


def moderation_bot(discord, commands, db_path):
    tasks = importlib.import_module(discord.__name__ + ".ext.tasks")
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    async def query(sql, *args):
        async with aiosqlite.connect(db_path) as db:
            await db.execute("CREATE TABLE IF NOT EXISTS warnings (id INTEGER PRIMARY KEY "
                             "AUTOINCREMENT, user_id INTEGER, mod_id INTEGER, reason TEXT)")
            await db.execute("CREATE TABLE IF NOT EXISTS timeouts (user_id INTEGER PRIMARY "
                             "KEY, until REAL)")
            async with db.execute(sql, args) as cursor:
                rows = await cursor.fetchall()
            await db.commit()
        return rows

    def channel(guild, name):
        return discord.utils.get(guild.text_channels, name=name)

    def named(thing):
        if isinstance(thing, discord.Object):
            return f"Object({thing.type.__name__ if thing.type else None})"
        return getattr(thing, "name", None) or str(thing)

    class Moderation(commands.Cog):
        def __init__(self, bot):
            self.bot = bot

        async def cog_load(self):
            self.lapsed.start()

        async def cog_unload(self):
            self.lapsed.cancel()

        async def cog_check(self, ctx):
            if not ctx.author.guild_permissions.moderate_members:
                raise commands.MissingPermissions(["moderate_members"])
            return True

        async def cog_command_error(self, ctx, error):
            error = getattr(error, "original", error)
            await ctx.send(f"{type(error).__name__}: {error}")

        async def time_out(self, member, seconds, reason):
            until = discord.utils.utcnow() + datetime.timedelta(seconds=seconds)
            await member.timeout(until, reason=reason)
            await query("INSERT OR REPLACE INTO timeouts VALUES (?, ?)", member.id,
                        until.timestamp())

        @commands.command()
        async def warn(self, ctx, member: discord.Member, *, reason="no reason"):
            await query("INSERT INTO warnings (user_id, mod_id, reason) VALUES (?, ?, ?)",
                        member.id, ctx.author.id, reason)
            count = (await query("SELECT COUNT(*) FROM warnings WHERE user_id = ?",
                                 member.id))[0][0]
            if count >= WARNINGS_TO_TIMEOUT:
                await self.time_out(member, 1, f"{count} warnings")
            await ctx.send(f"Warned {member.display_name} ({count}/{WARNINGS_TO_TIMEOUT}): "
                           f"{reason}")

        @commands.command()
        async def warnings(self, ctx, member: discord.Member):
            rows = await query("SELECT id, mod_id, reason FROM warnings WHERE user_id = ? "
                               "ORDER BY id", member.id)
            embed = discord.Embed(title=f"Warnings of {member}", colour=discord.Colour.orange())
            for number, mod_id, reason in rows:
                embed.add_field(name=f"#{number} by {ctx.guild.get_member(mod_id).name}",
                                value=reason, inline=False)
            embed.set_footer(text=f"{len(rows)} in all")
            await ctx.send(embed=embed)

        @commands.command()
        async def timeout(self, ctx, member: discord.Member, seconds: int, *, reason=None):
            await self.time_out(member, seconds, reason)
            await ctx.send(f"{member.display_name} is timed out for {seconds} s "
                           f"(is_timed_out {member.is_timed_out()} on the old copy)")

        @commands.command()
        async def untimeout(self, ctx, member: discord.Member):
            if not member.is_timed_out():
                return await ctx.send(f"{member.display_name} is not timed out.")
            await member.edit(timed_out_until=None, reason="pardoned")
            await query("DELETE FROM timeouts WHERE user_id = ?", member.id)
            await ctx.send(f"{member.display_name} may speak again.")

        @commands.command()
        async def nick(self, ctx, member: discord.Member, *, name=None):
            await member.edit(nick=name, reason="nickname policy")
            await ctx.send(f"Nickname of {member.name} is now {name}.")

        @commands.command()
        async def kick(self, ctx, member: discord.Member, *, reason=None):
            await member.kick(reason=reason)
            await ctx.send(f"Kicked {member.name}.")

        @commands.command()
        async def audit(self, ctx, action: str, limit: int = 5):
            kind = getattr(discord.AuditLogAction, action)
            lines = [f"{e.action.name} by {named(e.user)} on {named(e.target)}: {e.reason}"
                     async for e in ctx.guild.audit_logs(limit=limit, action=kind)]
            await ctx.send("\n".join(lines) or "nothing")

        @tasks.loop(seconds=0.2)
        async def lapsed(self):
            now = discord.utils.utcnow().timestamp()
            for user_id, _ in await query("SELECT * FROM timeouts WHERE until <= ?", now):
                await query("DELETE FROM timeouts WHERE user_id = ?", user_id)
                for guild in self.bot.guilds:
                    member = guild.get_member(user_id)
                    if member is not None:
                        await channel(guild, "lobby").send(
                            f"timeout of {member.name} is over: is_timed_out "
                            f"{member.is_timed_out()}, until still set "
                            f"{member.timed_out_until is not None}")

        @lapsed.before_loop
        async def before_lapsed(self):
            await self.bot.wait_until_ready()

        @commands.Cog.listener()
        async def on_audit_log_entry_create(self, entry):
            changes = sorted(f"{k}: {getattr(entry.before, k, None) is not None} -> "
                             f"{getattr(entry.after, k, None) is not None}"
                             for k in {*vars(entry.before), *vars(entry.after)})
            await channel(entry.guild, "mod-log").send(
                f"audit {entry.action.name} ({entry.category.name}) by {named(entry.user)} on "
                f"{named(entry.target)}: {entry.reason}; {changes}")

        @commands.Cog.listener()
        async def on_member_update(self, before, after):
            if before.timed_out_until == after.timed_out_until:
                return
            if after.timed_out_until is None:
                note = "timeout lifted"
            else:
                note = f"timed out until {discord.utils.format_dt(after.timed_out_until)}"
            await channel(after.guild, "lobby").send(
                f"{after.name}: {note}; is_timed_out {after.is_timed_out()}")

        @commands.Cog.listener()
        async def on_member_remove(self, member):
            await channel(member.guild, "lobby").send(f"{member.name} left")

    async def setup_hook():
        await bot.add_cog(Moderation(bot))

    bot.setup_hook = setup_hook
    return bot
