"""A reminders and AFK bot as tutorials build one: ``!remind 10s take a break`` parsed
into a due time and sent by a ``tasks.loop`` polling the list, ``!timer`` sleeping with
``discord.utils.sleep_until``, ``!afk reason`` putting ``[AFK]`` before the nickname until
the member speaks again, and an answer when someone mentions an AFK member (without
pinging them). Written once against ``(discord, commands)``."""

import datetime
import importlib
import re

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
DURATION = re.compile(r"(\d+)([smhd])")


def parse_duration(text):
    parts = DURATION.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return None
    return datetime.timedelta(seconds=sum(int(n) * UNITS[u] for n, u in parts))


def reminders_bot(discord, commands, db_path):
    tasks = importlib.import_module(discord.__name__ + ".ext.tasks")
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None,
                       allowed_mentions=discord.AllowedMentions(everyone=False, roles=False))
    pending = []  # (due, channel id, user id, text)
    afk = {}  # user id -> (reason, since, nickname before)

    @tasks.loop(seconds=0.1)
    async def deliver():
        now = discord.utils.utcnow()
        for item in [p for p in pending if p[0] <= now]:
            pending.remove(item)
            _due, channel_id, user_id, text = item
            channel = bot.get_channel(channel_id)
            await channel.send(f"\N{ALARM CLOCK} <@{user_id}>, you asked me to remind you: "
                               f"{text}",
                               allowed_mentions=discord.AllowedMentions(users=True))

    @bot.event
    async def setup_hook():
        deliver.start()

    @bot.command()
    async def remind(ctx, when: str, *, text: str = "something"):
        delta = parse_duration(when)
        if delta is None:
            return await ctx.send(f"I can't read {when!r}: try 10s, 5m or 1h30m.")
        due = discord.utils.utcnow() + delta
        pending.append((due, ctx.channel.id, ctx.author.id, text))
        await ctx.send(f"OK {ctx.author.display_name}, in {int(delta.total_seconds())} s "
                       f"({discord.utils.format_dt(due, 'R')}).")

    @bot.command()
    async def reminders(ctx):
        mine = sorted(p for p in pending if p[2] == ctx.author.id)
        await ctx.send(f"{len(mine)} pending: " + ", ".join(p[3] for p in mine))

    @bot.command()
    async def timer(ctx, seconds: float):
        when = discord.utils.utcnow() + datetime.timedelta(seconds=seconds)
        await ctx.send(f"Timer set for {seconds:g} s.")
        await discord.utils.sleep_until(when)
        late = discord.utils.utcnow() >= when
        await ctx.reply(f"Time's up, {ctx.author.display_name}! (on time: {late})")

    @bot.command(name="afk")
    @commands.guild_only()
    async def go_afk(ctx, *, reason: str = "AFK"):
        member = ctx.author
        afk[member.id] = (reason, discord.utils.utcnow(), member.nick)
        note = ""
        try:
            await member.edit(nick=f"[AFK] {member.display_name}"[:32])
        except discord.Forbidden as error:
            note = f" (I can't change your nickname: {error.code})"
        await ctx.send(f"{member.display_name} is now AFK: {reason}{note}")

    @bot.event
    async def on_message(message):
        if message.author.bot or message.guild is None:
            return
        if message.author.id in afk and not message.content.startswith("!afk"):
            reason, since, nick = afk.pop(message.author.id)
            try:
                await message.author.edit(nick=nick)
            except discord.Forbidden:
                pass
            await message.channel.send(f"Welcome back {message.author.mention}, "
                                       f"you were away: {reason}.",
                                       allowed_mentions=discord.AllowedMentions.none())
        for member in message.mentions:
            if member.id in afk and member.id != message.author.id:
                reason, since, nick = afk[member.id]
                await message.reply(f"{member.display_name} is AFK: {reason} "
                                    f"(since {discord.utils.format_dt(since, 'R')})",
                                    mention_author=False)
        await bot.process_commands(message)

    @bot.event
    async def on_member_update(before, after):
        if before.nick != after.nick:
            log = discord.utils.get(after.guild.text_channels, name="mod-log")
            await log.send(f"{after.name}: nick {before.nick!r} -> {after.nick!r}")

    return bot
