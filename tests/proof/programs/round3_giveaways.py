"""A giveaway bot as tutorials build one: ``!gstart 1h 2 prize`` posts an embed people
react 🎉 to, a ``tasks.loop`` in a cog ends what is due (``fetch_message``, the 🎉
reaction's ``users()``, winners picked, the embed edited, a reply), ``!gend`` ends one
early, ``!greroll`` draws again. Giveaways live in aiosqlite: the loop ends them after
a restart. A custom converter reads durations. Written once against
``(discord, commands)``."""

import datetime
import importlib
import random

import aiosqlite

PARTY = "\N{PARTY POPPER}"


def giveaway_bot(discord, commands, db_path):
    tasks = importlib.import_module(discord.__name__ + ".ext.tasks")
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    async def query(sql, *args):
        async with aiosqlite.connect(db_path) as db:
            await db.execute("CREATE TABLE IF NOT EXISTS giveaways (message_id INTEGER PRIMARY "
                             "KEY, channel_id INTEGER, host_id INTEGER, prize TEXT, winners "
                             "INTEGER, ends_at REAL, ended INTEGER DEFAULT 0, drawn TEXT)")
            async with db.execute(sql, args) as cursor:
                rows = await cursor.fetchall()
            await db.commit()
        return rows

    class Duration(commands.Converter):
        units = {"s": 1, "m": 60, "h": 3600, "d": 86400}

        async def convert(self, ctx, argument):
            number, unit = argument[:-1], argument[-1:]
            if not number.isdigit() or unit not in self.units:
                raise commands.BadArgument(f"{argument!r} is not a duration like 10m or 2h.")
            return datetime.timedelta(seconds=int(number) * self.units[unit])

    def draw(entrants, count, seed):
        people = sorted(entrants, key=lambda u: u.name)
        return random.Random(seed).sample(people, min(count, len(people)))

    async def entrants_of(message, host_id):
        reaction = discord.utils.get(message.reactions, emoji=PARTY)
        if reaction is None:
            return [], "no reaction"
        users = [u async for u in reaction.users() if not u.bot and u.id != host_id]
        kinds = sorted({type(u).__name__ for u in users})
        return users, f"{reaction.count} reactions, me {reaction.me}, kinds {kinds}"

    class Giveaways(commands.Cog):
        def __init__(self, bot):
            self.bot = bot

        async def cog_load(self):
            self.ender.start()

        async def cog_unload(self):
            self.ender.cancel()

        @tasks.loop(seconds=0.2)
        async def ender(self):
            now = discord.utils.utcnow().timestamp()
            for message_id, channel_id, host_id, prize, count in await query(
                    "SELECT message_id, channel_id, host_id, prize, winners FROM giveaways "
                    "WHERE ended = 0 AND ends_at <= ? ORDER BY message_id", now):
                channel = self.bot.get_channel(channel_id)
                message = await channel.fetch_message(message_id)
                entrants, about = await entrants_of(message, host_id)
                winners = draw(entrants, count, prize)
                embed = message.embeds[0]
                embed.colour = discord.Colour.dark_grey()
                embed.description = "Ended."
                embed.add_field(name="Winners", value=", ".join(w.mention for w in winners)
                                or "nobody")
                embed.add_field(name="Entries", value=str(len(entrants)))
                embed.set_footer(text=f"{embed.footer.text} | ended")
                await message.edit(embed=embed)
                await query("UPDATE giveaways SET ended = 1, drawn = ? WHERE message_id = ?",
                            ",".join(w.name for w in winners), message_id)
                if winners:
                    await message.reply(f"Congratulations {', '.join(w.mention for w in winners)}!"
                                        f" You won **{prize}**. ({about})")
                else:
                    await message.reply(f"Nobody entered for **{prize}**. ({about})")

        @ender.before_loop
        async def before_ender(self):
            await self.bot.wait_until_ready()

        @commands.command()
        @commands.has_permissions(manage_guild=True)
        async def gstart(self, ctx, duration: Duration, winners: int, *, prize: str):
            ends = discord.utils.utcnow() + duration
            embed = discord.Embed(title=prize, colour=discord.Colour.gold(), timestamp=ends,
                                  description=f"React with {PARTY} to enter!\nEnds "
                                              f"{discord.utils.format_dt(ends, 'R')}")
            embed.set_footer(text=f"{winners} winner(s) | hosted by {ctx.author.display_name}")
            message = await ctx.send(embed=embed)
            await query("INSERT INTO giveaways (message_id, channel_id, host_id, prize, winners,"
                        " ends_at) VALUES (?, ?, ?, ?, ?, ?)", message.id, ctx.channel.id,
                        ctx.author.id, prize, winners, ends.timestamp())
            await message.add_reaction(PARTY)

        @commands.command()
        @commands.has_permissions(manage_guild=True)
        async def gend(self, ctx, message_id: int):
            found = await query("SELECT prize FROM giveaways WHERE message_id = ? AND ended = 0",
                                message_id)
            if not found:
                return await ctx.send("No running giveaway with that id.")
            await ctx.send(f"Ending **{found[0][0]}** now.")
            await query("UPDATE giveaways SET ends_at = 0 WHERE message_id = ?", message_id)

        @commands.command()
        @commands.has_permissions(manage_guild=True)
        async def greroll(self, ctx, message: discord.Message):
            found = await query("SELECT host_id, prize, ended FROM giveaways WHERE "
                                "message_id = ?", message.id)
            if not found or not found[0][2]:
                return await ctx.send("That giveaway has not ended.")
            host_id, prize, _ = found[0]
            entrants, about = await entrants_of(message, host_id)
            again = draw(entrants, 1, prize + " again")
            await ctx.send(f"New winner of {prize}: {again[0].display_name if again else 'nobody'}"
                           f" ({about}; edited {message.edited_at is not None})")

        @commands.command()
        async def glist(self, ctx):
            rows = await query("SELECT prize, winners, ended FROM giveaways ORDER BY message_id")
            await ctx.send("\n".join(f"{p}: {w} winner(s){' (ended)' if e else ''}"
                                     for p, w, e in rows) or "none")

        async def cog_command_error(self, ctx, error):
            if isinstance(error, commands.BadArgument | commands.MissingPermissions |
                          commands.MissingRequiredArgument):
                await ctx.send(f"{type(error).__name__}: {error}")

    async def setup_hook():
        await bot.add_cog(Giveaways(bot))

    bot.setup_hook = setup_hook
    return bot
