"""A discord.py-style bot that closes itself from a handler while another handler
still has cleanup to do; after asyncio.run it says what the close left running."""

import asyncio
import os
import sys
import threading

import tidecord as discord

intents = discord.Intents.default()
intents.message_content = True
client = discord.Client(intents=intents)


@client.event
async def on_ready():
    print("ready", flush=True)


@client.event
async def on_message(message):
    if message.content == "!linger":
        print("lingering", flush=True)
        try:
            await asyncio.sleep(60)
        finally:
            await asyncio.sleep(0.3)  # cleanup that takes a moment once cancelled
    elif message.content == "!bye":
        await client.close()  # in the handler's first step: nothing awaited before
        print("the handler went on after close()", flush=True)


async def main():
    if os.environ.get("START") == "bare":  # no `async with`: start() alone
        await client.start(os.environ["BOT_TOKEN"])
        return
    async with client:
        await client.start(os.environ["BOT_TOKEN"])


if __name__ == "__main__":
    asyncio.run(main())
    left = sorted(t.name for t in threading.enumerate() if t is not threading.main_thread())
    print(f"closed={client.is_closed()} threads={left}", flush=True)
    sys.exit(0)
