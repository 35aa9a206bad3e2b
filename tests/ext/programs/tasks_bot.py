# A discord.py-style bot with three background loops: one every half second, one at a
# time of day (in a UTC+05:30 zone), one that runs three times; only its imports differ
# from the discord.py version.
import datetime
import os

import tidecord as discord
from tidecord.ext import commands, tasks

INDIA = datetime.timezone(datetime.timedelta(hours=5, minutes=30), "IST")
# Set for real once the bot is ready (before_daily): a time picked at import could be
# gone by then on a busy machine, and the loop would wait for tomorrow.
AT = (datetime.datetime.now(INDIA) + datetime.timedelta(hours=1)).replace(microsecond=0)

intents = discord.Intents.default()
intents.message_content = True
bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)


def channel(name):
    return discord.utils.get(bot.get_all_channels(), name=name)


@tasks.loop(seconds=0.5)
async def ticker():
    await channel("ticks").send(f"tick {ticker.current_loop}")
    if ticker.current_loop == 3:
        ticker.stop()


@ticker.before_loop
async def before_ticker():
    await bot.wait_until_ready()


@ticker.after_loop
async def after_ticker():
    print("ticker stopped", flush=True)
    if not ticker.is_being_cancelled():
        await channel("ticks").send("ticker stopped")
    print("ticker after_loop done", flush=True)


@tasks.loop(time=AT.timetz())
async def daily():
    now = discord.utils.utcnow()
    on_time = now >= AT
    await channel("daily").send(f"daily loop fired in {AT.tzname()}, on time: {on_time}")
    daily.cancel()


@daily.before_loop
async def before_daily():
    global AT
    await bot.wait_until_ready()
    AT = (datetime.datetime.now(INDIA) + datetime.timedelta(seconds=2)).replace(microsecond=0)
    daily.change_interval(time=AT.timetz())
    print(f"daily loop at {AT.isoformat()}", flush=True)


@daily.after_loop
async def after_daily():
    print("daily loop ended", flush=True)


@tasks.loop(seconds=0.2, count=3)
async def counter():
    await channel("counts").send(f"count {counter.current_loop + 1} of {counter.count}")


@counter.before_loop
async def before_counter():
    await bot.wait_until_ready()


@counter.after_loop
async def after_counter():
    await channel("counts").send(f"counter done, running: {counter.is_running()}")


@bot.event
async def setup_hook():
    ticker.start()
    daily.start()
    counter.start()


@bot.event
async def on_ready():
    print("ready", flush=True)


@bot.command()
async def status(ctx):
    def state(loop):
        return f"running={loop.is_running()} failed={loop.failed()}"
    await ctx.send(f"ticker {state(ticker)}; daily {state(daily)}; counter {state(counter)}; "
                   f"daily zone {daily.time[0].tzname()}")


@bot.command()
@commands.is_owner()
async def shutdown(ctx):
    await ctx.send("Bye.")
    await bot.close()


bot.run(os.environ["BOT_TOKEN"])
